/**
 * What a monthly report has to read, so that its cost follows the months it shows, not the whole
 * history (issue 24, docs/decisions.md "A report reads only what was active in its window").
 *
 * Every introduction is stamped on every write (src/storage/introductions/introductionRepository.ts,
 * as `retainUntil` is) with `activeUntil`: the last moment anything a report counts happened to it
 * (its creation, a change of status, an outcome, a first conversation, a wellbeing measure, an
 * avoided event decided, or any other event). A report counts from records only the months it does
 * not take from the frozen months (src/domain/reports/monthParts.ts), and of those it reads:
 *
 * - the introductions made before the month's end and active on or after the first such month's
 *   start: every measure that counts something happening in a month finds it among them;
 * - of the rest, which nothing happened to since before that start, only **counts** of those still
 *   with the team (QuietCounts): someone walked alongside since years ago is counted in this month's
 *   "walked alongside", and someone waiting for a first conversation in "waiting", with no document
 *   read. Their status now is their status at every moment since, so a count by status says it.
 *
 * A test holds the report over this read to the report over every introduction, on random
 * histories (tests/domain/reportActivity.test.ts), and the Cosmos DB counts to `quietCountsOf`
 * (tests/storage/monitoringRepository.test.ts).
 *
 * No I/O.
 */

import type { Status } from '../introductions/introduction';
import { workingDaysBetween } from '../workingDays';
import { addMonths, londonDay, londonMidnight, type Month, monthEnd } from './reportPeriod';

/** Statuses in which someone is with the team but nobody has talked with them yet. */
export const NOT_YET_TALKED: ReadonlySet<Status> = new Set(['with-triage', 'offered', 'accepted']);

/** What of an introduction says when it was last active: the stored document's own fields. */
export interface Activity {
  status: Status;
  createdAt: string;
  events?: readonly { at: string }[];
  outcomes?: readonly { at: string }[];
  firstConversation?: { on: string };
  wellbeing?: readonly { on: string; at?: string }[];
  avoided?: readonly { at?: string; decidedAt?: string }[];
}

/**
 * A London date as the latest instant it can name (its end in UTC, later than its end in London
 * in summer time): a date is never read as earlier than it is.
 */
const endOfDay = (day: string) => `${day.slice(0, 10)}T23:59:59.999Z`;

/** The record's `activeUntil`: the last moment anything a report counts happened to it. */
export function activeUntil(record: Activity): string {
  let latest = record.createdAt;
  const consider = (at: string | undefined) => {
    if (at !== undefined && at > latest) latest = at;
  };
  for (const event of record.events ?? []) consider(event.at);
  for (const outcome of record.outcomes ?? []) consider(outcome.at);
  for (const measure of record.wellbeing ?? []) {
    consider(endOfDay(measure.on));
    consider(measure.at);
  }
  for (const avoided of record.avoided ?? []) {
    consider(avoided.at);
    consider(avoided.decidedAt);
  }
  if (record.firstConversation) consider(endOfDay(record.firstConversation.on));
  return latest;
}

/**
 * The record with its `activeUntil` stamped, and `wellbeingLatestOn` (its latest wellbeing
 * measure's date: the year to date's wellbeing reads by it) when it has one. The repository does
 * this on every write.
 */
export function withActivity<T extends Activity>(
  record: T,
): T & { activeUntil: string; wellbeingLatestOn?: string } {
  const latest = record.wellbeing?.at(-1)?.on;
  const { wellbeingLatestOn: _previous, ...rest } = record as T & { wellbeingLatestOn?: string };
  return {
    ...(rest as T),
    activeUntil: activeUntil(record),
    ...(latest !== undefined ? { wellbeingLatestOn: latest } : {}),
  };
}

/** The first month a report of `month` counts from records when none is frozen: its trend's first. */
export function reportWindowFirstMonth(month: Month): Month {
  // The financial year to date starts at most eleven months before the month: within the trend.
  return addMonths(month, -11);
}

/**
 * What a report of `month` reads from records when nothing is frozen: introductions made before
 * `before` (the month's end) and active on or after `from` (its window's first month's start).
 */
export function reportWindow(month: Month): { from: string; before: string } {
  return {
    from: monthStart(reportWindowFirstMonth(month)).toISOString(),
    before: monthEnd(month).toISOString(),
  };
}

/** The first instant (UTC) of a month in London. */
export function monthStart(month: Month): Date {
  return monthEnd(addMonths(month, -1));
}

/** The moment a report of `month` made at `now` counts statuses at: the month's end, or now. */
export function reportMoment(month: Month, now: Date): Date {
  return new Date(Math.min(monthEnd(month).getTime() - 1, now.getTime()));
}

/**
 * Whether `n` working days have passed and more, from one London day to another. Ten working days
 * never span more than three calendar weeks (Christmas and Easter included), so a longer gap is not
 * counted day by day.
 */
export function moreThanWorkingDays(from: string, to: string, n: number): boolean {
  const calendarDays = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (calendarDays > 3 * n) return true;
  return workingDaysBetween(from, to) > n;
}

/** How long someone waits for a first conversation before a report counts them as waiting. */
export const WAITING_WORKING_DAYS = 10;

/** Which introductions that were not read a report counts, and by what (the queries' parameters). */
export interface QuietCriteria {
  /** Last active before this instant: nothing happened to them in the months read. */
  from: string;
  /** "Waiting": made before this instant (more than 10 working days before the moment)... */
  waitingMadeBefore: string;
  /** ...with no first conversation on or before this London day (the moment's). */
  momentDay: string;
}

/** What the introductions not read count in a report's scope. */
export interface QuietCounts {
  /** Walked alongside now. */
  alongside: number;
  /** Of those, by the email of the coordinator who holds them. */
  alongsideBy: Record<string, number>;
  /** Waiting for a first conversation, made more than 10 working days before the moment. */
  waiting: number;
}

export function quietCriteria(month: Month, now: Date, from: string): QuietCriteria {
  const momentDay = londonDay(reportMoment(month, now).toISOString());
  // The latest day someone may have been introduced on and be waiting more than 10 working days.
  let day = momentDay;
  while (!moreThanWorkingDays(day, momentDay, WAITING_WORKING_DAYS))
    day = new Date(Date.parse(day) - 86_400_000).toISOString().slice(0, 10);
  const next = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
  return { from, waitingMadeBefore: londonMidnight(next).toISOString(), momentDay };
}

/** An introduction as the quiet counts see it: the stored document's own fields. */
export interface QuietRecord {
  status: Status;
  createdAt: string;
  activeUntil?: string;
  coordinatorEmail?: string;
  firstConversation?: { on: string };
  restricted: boolean;
}

/**
 * The quiet counts of some introductions, in code: what the repository's Cosmos DB counts count
 * (src/storage/reports/monitoringRepository.ts; a test holds them to this).
 */
export function quietCountsOf(records: readonly QuietRecord[], criteria: QuietCriteria): QuietCounts {
  const counts: QuietCounts = { alongside: 0, alongsideBy: {}, waiting: 0 };
  for (const r of records) {
    if (r.restricted || r.activeUntil === undefined || r.activeUntil >= criteria.from) continue;
    if (r.status === 'walking-alongside') {
      counts.alongside++;
      if (r.coordinatorEmail)
        counts.alongsideBy[r.coordinatorEmail] = (counts.alongsideBy[r.coordinatorEmail] ?? 0) + 1;
    }
    if (
      NOT_YET_TALKED.has(r.status) &&
      r.createdAt < criteria.waitingMadeBefore &&
      !(r.firstConversation && r.firstConversation.on <= criteria.momentDay)
    )
      counts.waiting++;
  }
  return counts;
}
