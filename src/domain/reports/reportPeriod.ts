/**
 * The months monthly monitoring reports on. A month is a calendar month in Europe/London
 * ("2026-10"): an introduction made at 00:30 on 1 November in BST belongs to November, whatever the
 * server's clock says. The year to date is the council's financial year, April to March, which is
 * how councils fund and report Local Area Coordination.
 *
 * No I/O: today is passed in.
 */
import { isWorkingDay } from '../workingDays';

/** "YYYY-MM". */
export type Month = string;

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/**
 * British Summer Time, by the rule in force since 1996: from 01:00 UTC on the last Sunday of March
 * to 01:00 UTC on the last Sunday of October. Reports convert every date they count, hundreds of
 * thousands at a time, so this is arithmetic rather than Intl (a test holds it to Intl's answer).
 */
const summerTimeByYear = new Map<number, readonly [number, number]>();

function lastSundayAt0100(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

function summerTime(year: number): readonly [number, number] {
  let range = summerTimeByYear.get(year);
  if (!range) {
    range = [lastSundayAt0100(year, 2), lastSundayAt0100(year, 9)];
    summerTimeByYear.set(year, range);
  }
  return range;
}

/** The London day ("YYYY-MM-DD") of an instant (an ISO timestamp). */
export function londonDay(iso: string): string {
  const ms = Date.parse(iso);
  const [start, end] = summerTime(new Date(ms).getUTCFullYear());
  return new Date(ms >= start && ms < end ? ms + 3_600_000 : ms).toISOString().slice(0, 10);
}

/** The London month of an instant. */
export function londonMonth(iso: string): Month {
  return londonDay(iso).slice(0, 7);
}

export function addMonths(month: Month, count: number): Month {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (m - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** "2026-10" → "October 2026". */
export function monthLabel(month: Month): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return `${MONTH_NAMES[m - 1]} ${year}`;
}

/** "2026-10" → "Oct 2026", for a chart's axis. */
export function shortMonthLabel(month: Month): string {
  return monthLabel(month).replace(/^(\w{3})\w*/, '$1');
}

/** The first and last London days of a month. */
export function monthDays(month: Month): { first: string; last: string } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { first: `${month}-01`, last: `${month}-${String(days).padStart(2, '0')}` };
}

/** The instant a London month ends: the first moment of the next month (00:00 London time). */
export function monthEnd(month: Month): Date {
  return londonMidnight(`${addMonths(month, 1)}-01`);
}

/** The first moment of a London day ("YYYY-MM-DD"). */
export function londonMidnight(day: string): Date {
  const utc = Date.parse(`${day}T00:00:00Z`);
  // London is UTC or an hour ahead (BST): midnight there is 00:00 or 23:00 UTC the day before.
  const summer = new Date(utc - 3_600_000);
  return londonDay(summer.toISOString()) === day ? summer : new Date(utc);
}

/** The first month of the financial year (April) that a month falls in. */
export function financialYearStart(month: Month): Month {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return `${m >= 4 ? year : year - 1}-04`;
}

/** "2026/27", the financial year a month falls in. */
export function financialYearLabel(month: Month): string {
  const start = Number(financialYearStart(month).slice(0, 4));
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

/** The months from `first` to `last`, both included. */
export function monthsBetween(first: Month, last: Month): Month[] {
  const months: Month[] = [];
  for (let month = first; month <= last; month = addMonths(month, 1)) months.push(month);
  return months;
}

export type MonthChoice = { ok: true; month: Month } | { ok: false; problem: string };

/**
 * The month someone asked for, in the words they would type: nothing or "last month" (the last
 * whole month, what monitoring reports), "this month" (so far), "October 2026", "Oct 2026",
 * "october" (the latest October that has begun), "2026-10" or "10/2026". A month that has not begun
 * is refused.
 */
export function chooseMonth(typed: string, today: string): MonthChoice {
  const current = today.slice(0, 7);
  const text = typed.trim().toLowerCase().replace(/\s+/g, ' ');
  let month: Month | undefined;
  if (text === '' || text === 'last month') month = addMonths(current, -1);
  else if (text === 'this month') month = current;
  else {
    const iso = /^(\d{4})-(\d{1,2})$/.exec(text);
    const slashed = /^(\d{1,2})\/(\d{4})$/.exec(text);
    const named = /^([a-z]+)(?: (\d{4}))?$/.exec(text);
    if (iso) month = validMonth(Number(iso[1]), Number(iso[2]));
    else if (slashed) month = validMonth(Number(slashed[2]), Number(slashed[1]));
    else if (named) {
      const index = MONTH_NAMES.findIndex(
        (name) => name.toLowerCase() === named[1] || name.toLowerCase().slice(0, 3) === named[1],
      );
      if (index >= 0) {
        if (named[2]) month = validMonth(Number(named[2]), index + 1);
        else {
          const thisYear = validMonth(Number(current.slice(0, 4)), index + 1) as Month;
          month = thisYear <= current ? thisYear : addMonths(thisYear, -12);
        }
      }
    }
  }
  if (!month)
    return {
      ok: false,
      problem: `"${typed.trim()}" is not a month I know: try "October 2026" or "last month".`,
    };
  if (month > current) return { ok: false, problem: `${monthLabel(month)} has not begun yet.` };
  return { ok: true, month };
}

function validMonth(year: number, month: number): Month | undefined {
  if (month < 1 || month > 12 || year < 2000 || year > 2999) return undefined;
  return `${year}-${String(month).padStart(2, '0')}`;
}

/** The first working day of a month (England and Wales): when last month is frozen and posted. */
export function firstWorkingDay(month: Month): string {
  let day = monthDays(month).first;
  while (!isWorkingDay(day)) day = `${month}-${String(Number(day.slice(8)) + 1).padStart(2, '0')}`;
  return day;
}

/** The month to freeze and post on `today` (a London day): last month, from this month's first working day. */
export function monthToFreeze(today: string): Month | undefined {
  const current = today.slice(0, 7);
  return today >= firstWorkingDay(current) ? addMonths(current, -1) : undefined;
}
