/**
 * What a monthly report has to read, so that its cost follows the months it shows, not the whole
 * history (issue 24, docs/decisions.md "A report reads only what was active in its window").
 *
 * Every introduction is stamped on every write (src/storage/introductions/introductionRepository.ts,
 * as `retainUntil` is) with `activeUntil`: the last moment anything a report counts happened to it
 * (its creation, a change of status, an outcome, a first conversation, a wellbeing measure, an
 * avoided event decided, or any other event), or STILL_COUNTED while it is in a status a report
 * counts at a moment (someone waiting for a first conversation, someone walked alongside). A report
 * of a month then reads only the introductions made before the month's end whose `activeUntil` is
 * on or after the start of the earliest month it counts from records: nothing it leaves out can
 * change any of its measures, because every measure counts either something that happened in one
 * of its months or a status at a moment within them (src/domain/reports/monthlyReport.ts; a test
 * holds the report over the narrowed read to the report over everything, on random histories).
 *
 * Someone walked alongside for years is still read: while they are walked alongside their
 * `activeUntil` is STILL_COUNTED, whenever their last change was.
 *
 * No I/O.
 */
import type { Status } from '../introductions/introduction';
import { addMonths, type Month, monthEnd } from './reportPeriod';

/** Statuses in which someone is with the team but nobody has talked with them yet. */
export const NOT_YET_TALKED: ReadonlySet<Status> = new Set(['with-triage', 'offered', 'accepted']);

/**
 * The statuses a report counts at a moment (the month's end, or now): "waiting more than 10
 * working days for a first conversation" (NOT_YET_TALKED) and "walked alongside at the month's end".
 * A record in one of them can be counted in a month in which nothing happened to it.
 */
export const COUNTED_AT_A_MOMENT: ReadonlySet<Status> = new Set([...NOT_YET_TALKED, 'walking-alongside']);

/** `activeUntil` of a record a report may count at any later moment: after every instant. */
export const STILL_COUNTED = '9999-12-31T23:59:59.999Z';

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

/** The record's `activeUntil` (an ISO instant, or STILL_COUNTED). */
export function activeUntil(record: Activity): string {
  if (COUNTED_AT_A_MOMENT.has(record.status)) return STILL_COUNTED;
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

/** The first month a report of `month` counts from records: its twelve-month trend's first. */
export function reportWindowFirstMonth(month: Month): Month {
  // The financial year to date starts at most eleven months before the month: within the trend.
  return addMonths(month, -11);
}

/**
 * What a report of `month` reads from records: introductions made before `before` (the month's
 * end) and active on or after `from` (its window's first month's start), as ISO instants.
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
