/**
 * Retention: how long an introduction's record is kept, and when it comes up for review.
 *
 * - Two record classes, each with a trigger date, "last contact": introductions that never became
 *   support (with triage, offered, did not want support, consent withdrawn before any support) are
 *   kept 2 years after it by default; support that happened (in touch, walking alongside, stepped
 *   back) 6 years (councils use 6 to 8: Blackpool 2 years for first contacts and 8 for case records;
 *   Derbyshire case + 6). The council's file can set both (`records.retention`).
 * - "Last contact" is the latest thing a person did about the introduction (any event but those the
 *   bot writes itself: deliveries, reminders): kept current on every change (the repository stamps
 *   `retainUntil` on every write).
 * - Nothing is destroyed automatically (the NHS Records Management Code of Practice 2023: records
 *   are appraised before disposal). A record past its date is listed for a records lead, who
 *   approves its disposal or holds it; a held record is never disposed of.
 *
 * No I/O.
 */
import type { Introduction, IntroductionEvent, RecordClass } from '../introductions/introduction';

export const RECORD_CLASS_WORDS: Record<RecordClass, string> = {
  'never-became-support': 'Never became support',
  support: 'Support happened',
};

export interface RetentionPolicy {
  neverBecameSupportYears: number;
  supportYears: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { neverBecameSupportYears: 2, supportYears: 6 };

/** Events the bot writes itself: they are not contact with or about the person. */
const NOT_CONTACT: ReadonlySet<IntroductionEvent['type']> = new Set([
  'offer-delivered',
  'delivered',
  'delivery-failed',
  'reminder-sent',
  'raised-with-triage',
  'coordinator-not-reachable',
  'introducer-not-reachable',
  'triage-not-reachable',
  // A coordinator leaving the directory is about the team, not contact with or about the person.
  'coordinator-left',
  'coordinator-email-changed',
  // A records lead using a right on the record (restricting it, lifting that) is not contact either:
  // counted as contact, restricting a record kept it up to six years longer.
  'restricted',
  'restriction-lifted',
]);

const SUPPORT: ReadonlySet<string> = new Set(['in-touch', 'walking-alongside', 'stepped-back']);

/** Support happened if it was ever in touch, walked alongside or stepped back from. */
export function recordClass(introduction: Pick<Introduction, 'events' | 'status'>): RecordClass {
  const supported =
    SUPPORT.has(introduction.status) ||
    introduction.events.some((e) => e.type === 'status-changed' && e.to !== undefined && SUPPORT.has(e.to));
  return supported ? 'support' : 'never-became-support';
}

/** The latest contact with or about the person: the last event a person made. */
export function lastContactAt(introduction: Pick<Introduction, 'events' | 'createdAt'>): string {
  let latest = introduction.createdAt;
  for (const event of introduction.events)
    if (!NOT_CONTACT.has(event.type) && event.at > latest) latest = event.at;
  return latest;
}

/** The day (YYYY-MM-DD, UTC date of last contact plus the class's years) the record comes up for review. */
export function retainUntil(
  introduction: Pick<Introduction, 'events' | 'createdAt' | 'status'>,
  policy: RetentionPolicy = DEFAULT_RETENTION,
): string {
  return retainUntilOf(recordClass(introduction), lastContactAt(introduction), policy);
}

/** The review date from a record's class and last contact, as stamped on it. */
export function retainUntilOf(
  recordClass: RecordClass,
  lastContact: string,
  policy: RetentionPolicy,
): string {
  const years = recordClass === 'support' ? policy.supportYears : policy.neverBecameSupportYears;
  const last = new Date(lastContact);
  const until = new Date(Date.UTC(last.getUTCFullYear() + years, last.getUTCMonth(), last.getUTCDate()));
  return until.toISOString().slice(0, 10);
}

/** The retention fields every write stamps on an introduction (indexed: `retainUntil`). */
export function withRetention<T extends Introduction>(
  introduction: T,
  policy: RetentionPolicy = DEFAULT_RETENTION,
): T {
  return {
    ...introduction,
    recordClass: recordClass(introduction),
    lastContactAt: lastContactAt(introduction),
    retainUntil: retainUntil(introduction, policy),
  };
}

/** Due for review on `today`: past its date, and not held. */
export function isDueForReview(
  introduction: Pick<Introduction, 'retainUntil' | 'legalHold'>,
  today: string,
): boolean {
  return (
    introduction.retainUntil !== undefined && introduction.retainUntil <= today && !introduction.legalHold
  );
}
