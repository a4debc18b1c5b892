/**
 * Working days in England and Wales: Monday to Friday, except bank holidays. Offers that wait too
 * long are counted in working days, so a coordinator is not reminded over a weekend or Christmas.
 *
 * Bank holidays come from `date-holidays` (region GB-ENG; Wales has the same bank holidays), which
 * includes substitute days and one-off holidays such as the 2022 Jubilee and the 2023 Coronation.
 * Everything is in Europe/London time: a council's working day is a London day, whatever the
 * server's time zone. No I/O: the library computes the dates.
 */
import Holidays from 'date-holidays';

const ENGLAND_AND_WALES = new Holidays('GB', 'ENG');
const bankHolidaysByYear = new Map<number, ReadonlySet<string>>();

function bankHolidays(year: number): ReadonlySet<string> {
  let days = bankHolidaysByYear.get(year);
  if (!days) {
    days = new Set(
      ENGLAND_AND_WALES.getHolidays(year)
        .filter((holiday) => holiday.type === 'public' || holiday.type === 'bank')
        .map((holiday) => holiday.date.slice(0, 10)),
    );
    bankHolidaysByYear.set(year, days);
  }
  return days;
}

/** A bank holiday in England and Wales ("YYYY-MM-DD"). */
export function isBankHoliday(day: string): boolean {
  return bankHolidays(Number(day.slice(0, 4))).has(day);
}

/** Monday to Friday and not a bank holiday ("YYYY-MM-DD"). */
export function isWorkingDay(day: string): boolean {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isBankHoliday(day);
}

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The London calendar day and the milliseconds since London midnight of an instant. */
export function londonDayAndTime(instant: Date): { day: string; msIntoDay: number } {
  const parts = Object.fromEntries(LONDON.formatToParts(instant).map((p) => [p.type, p.value]));
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  const msIntoDay =
    ((Number(parts.hour) * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1000 +
    instant.getUTCMilliseconds();
  return { day, msIntoDay };
}

/** The instant that is `msIntoDay` after midnight on a London calendar day (BST or GMT). */
export function londonInstant(day: string, msIntoDay: number): Date {
  const asIfUtc = Date.parse(`${day}T00:00:00Z`) + msIntoDay;
  // London is UTC or UTC+1: try both offsets and keep the one that reads back as asked.
  for (const offsetHours of [0, 1]) {
    const candidate = new Date(asIfUtc - offsetHours * 3_600_000);
    const back = londonDayAndTime(candidate);
    if (back.day === day && back.msIntoDay === msIntoDay) return candidate;
  }
  // The hour that does not exist when the clocks go forward: an hour later is what a clock shows.
  return new Date(asIfUtc);
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * The moment `count` working days after `from`, at the same London time of day. Started on a
 * weekend or bank holiday, the count starts at midnight at the beginning of the next working day:
 * offered on Thursday at 16:00, two working days later is Monday at 16:00; offered on Saturday,
 * it is Wednesday at 00:00 (the whole of Monday and Tuesday).
 */
export function addWorkingDays(from: Date, count: number): Date {
  let { day, msIntoDay } = londonDayAndTime(from);
  if (!isWorkingDay(day)) {
    do day = nextDay(day);
    while (!isWorkingDay(day));
    msIntoDay = 0;
  }
  for (let left = count; left > 0; ) {
    day = nextDay(day);
    if (isWorkingDay(day)) left -= 1;
  }
  return londonInstant(day, msIntoDay);
}

/**
 * Working days from one London day to a later one: those after `from`, up to and including `to`.
 * Introduced on Monday and first talked with on Wednesday: 2. The same day, or a weekend between
 * Friday and Monday: 0 and 1. A `to` before `from` counts as 0.
 */
export function workingDaysBetween(from: string, to: string): number {
  let count = 0;
  for (let day = nextDay(from); day <= to; day = nextDay(day)) if (isWorkingDay(day)) count += 1;
  return count;
}
