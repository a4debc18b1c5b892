import fc from 'fast-check';
import {
  addWorkingDays,
  isBankHoliday,
  isWorkingDay,
  londonDayAndTime,
  londonInstant,
  workingDaysBetween,
} from '../../src/domain/workingDays';

describe('bank holidays in England and Wales', () => {
  it.each([
    ['2026-12-25', 'Christmas Day'],
    ['2026-12-28', 'Boxing Day, substitute: 26 December 2026 is a Saturday'],
    ['2027-03-26', 'Good Friday'],
    ['2027-03-29', 'Easter Monday'],
    ['2026-05-04', 'Early May'],
    ['2026-08-31', 'Summer'],
    ['2023-05-08', 'the Coronation, a one-off'],
  ])('%s is a bank holiday (%s)', (day) => {
    expect(isBankHoliday(day)).toBe(true);
    expect(isWorkingDay(day)).toBe(false);
  });

  it('knows an ordinary weekday, and weekends', () => {
    expect(isWorkingDay('2026-11-23')).toBe(true); // Monday
    expect(isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29')).toBe(false); // Sunday
  });
});

describe('adding working days (Europe/London)', () => {
  const at = (iso: string) => addWorkingDays(new Date(iso), 2).toISOString();

  it('skips the weekend: Thursday 16:00 + 2 is Monday 16:00', () => {
    expect(at('2026-11-19T16:00:00Z')).toBe('2026-11-23T16:00:00.000Z');
  });

  it('Friday morning + 2 is Tuesday morning', () => {
    expect(at('2026-11-20T09:15:00Z')).toBe('2026-11-24T09:15:00.000Z');
  });

  it('from a weekend, counts whole working days from Monday: Saturday + 2 is Wednesday 00:00', () => {
    expect(at('2026-11-21T10:00:00Z')).toBe('2026-11-25T00:00:00.000Z');
  });

  it('skips Christmas, Boxing Day (substitute) and the weekend', () => {
    // Thursday 24 Dec 2026: Fri 25 (Christmas), Sat, Sun, Mon 28 (Boxing Day substitute), Tue 29, Wed 30.
    expect(at('2026-12-24T11:00:00Z')).toBe('2026-12-30T11:00:00.000Z');
  });

  it('skips Easter, and keeps the London time of day across the change to summer time', () => {
    // Thursday 25 Mar 2027 at 10:00 GMT; Good Friday 26th, clocks go forward on the 28th, Easter Monday 29th.
    const due = addWorkingDays(new Date('2027-03-25T10:00:00Z'), 2);
    expect(due.toISOString()).toBe('2027-03-31T09:00:00.000Z'); // Wednesday 10:00 BST
    expect(londonDayAndTime(due)).toEqual({ day: '2027-03-31', msIntoDay: 10 * 3_600_000 });
  });

  it('reads and writes London times in winter and in summer', () => {
    expect(londonInstant('2026-07-01', 9 * 3_600_000).toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(londonInstant('2026-12-01', 9 * 3_600_000).toISOString()).toBe('2026-12-01T09:00:00.000Z');
  });

  it('always lands on a working day, later than it started, at least n calendar days on', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * 365 * 24 * 60 }),
        fc.integer({ min: 1, max: 10 }),
        (minutes, n) => {
          const from = new Date(start + minutes * 60_000);
          const due = addWorkingDays(from, n);
          const { day } = londonDayAndTime(due);
          expect(isWorkingDay(day)).toBe(true);
          expect(due.getTime()).toBeGreaterThan(from.getTime());
          expect(due.getTime() - from.getTime()).toBeGreaterThanOrEqual(n * 86_400_000 - 3_600_000);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('working days between two days (time to a first conversation)', () => {
  it.each([
    ['2026-11-16', '2026-11-18', 2, 'Monday to Wednesday'],
    ['2026-11-16', '2026-11-16', 0, 'the same day'],
    ['2026-11-20', '2026-11-23', 1, 'Friday to Monday: the weekend does not count'],
    [
      '2026-12-24',
      '2026-12-29',
      1,
      'Christmas Eve to the 29th: Christmas and the Boxing Day substitute do not count',
    ],
    ['2026-11-18', '2026-11-16', 0, 'backwards'],
    ['2026-11-21', '2026-11-23', 1, 'Saturday to Monday'],
  ])('%s to %s: %i (%s)', (from, to, expected) => {
    expect(workingDaysBetween(from, to)).toBe(expected);
  });

  it('agrees with addWorkingDays: n working days after a working day is n working days away', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 40 }), (offset, n) => {
        const start = new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        fc.pre(isWorkingDay(start));
        const end = londonDayAndTime(addWorkingDays(londonInstant(start, 43_200_000), n)).day;
        expect(workingDaysBetween(start, end)).toBe(n);
      }),
    );
  });
});
