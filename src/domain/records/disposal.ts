/**
 * Whether an approved disposal may go ahead, decided afresh every time it runs.
 *
 * A disposal marks the record `disposing` first (so a hold placed while its cards are replaced is
 * refused rather than lost), then replaces the cards, writes the destruction log and deletes the
 * record. Any of those can fail part-way (a 429 on the destruction log's write): the mark then
 * stays. It is in force for DISPOSAL_MARK_MS only. After that it is a disposal that stopped, and it
 * decides nothing: a hold is taken again, and a later approval checks everything as if new (held?
 * still due, or has contact since moved its review date on?), so a stopped disposal can never delete
 * a record that is held or no longer due.
 *
 * No I/O: the time is passed in.
 */

import { ukToday } from '../directory/routing';
import type { Introduction } from '../introductions/introduction';
import { isDueForReview } from './retention';

/** How long a disposal's mark holds off a hold: far longer than one disposal takes (seconds). */
export const DISPOSAL_MARK_MS = 15 * 60_000;

export type DisposalReason = 'retention-schedule' | 'erasure';

/** A disposal under way now: marked, and the mark still in force. */
export function disposalUnderWay(introduction: Pick<Introduction, 'disposing'>, now: Date): boolean {
  const at = introduction.disposing ? Date.parse(introduction.disposing.at) : Number.NaN;
  return Number.isFinite(at) && now.getTime() - at < DISPOSAL_MARK_MS;
}

export type DisposalDecision =
  /** Go ahead; `resumed` when it takes over a disposal that stopped. */
  { go: true; resumed: boolean } | { go: false; outcome: 'held' | 'not-due'; clearStaleMark: boolean };

/**
 * What an approval may do with the record as it is now, checked in full every time: held, or no
 * longer due (for the retention schedule), it is kept. A run checks again just before it deletes
 * (src/services/records/disposalService.ts), so a run slower than its mark loses to a hold.
 */
export function decideDisposal(
  introduction: Pick<Introduction, 'disposing' | 'legalHold' | 'retainUntil'>,
  reason: DisposalReason,
  today: string,
  now: Date,
): DisposalDecision {
  const stale = introduction.disposing !== undefined && !disposalUnderWay(introduction, now);
  if (introduction.legalHold) return { go: false, outcome: 'held', clearStaleMark: stale };
  // Still due, whether or not another run holds the mark (contact since moves the date on).
  if (reason === 'retention-schedule' && !isDueForReview(introduction, today))
    return { go: false, outcome: 'not-due', clearStaleMark: stale };
  return { go: true, resumed: stale };
}

/** How long a first approval waits for a second: a review is a matter of days, not months. */
export const FIRST_APPROVAL_DAYS = 30;

export type ApprovalStep =
  /** Enough approvals: dispose of it (with the first approval, where there were two). */
  | { go: true; first?: NonNullable<Introduction['disposalApproval']> }
  /** This is the first approval: keep it and wait for another lead's. */
  | { go: false; wait: 'first' }
  /** This lead approved it already: another lead must. */
  | { go: false; wait: 'same-lead' };

/**
 * Where the council asks for two approvals, whether this one is the second, from another records
 * lead, of the same kind (retention or erasure), within FIRST_APPROVAL_DAYS, and since the record
 * last fell due (contact since moves its date on, and an approval before that is of another review).
 */
export function approvalStep(
  introduction: Pick<Introduction, 'disposalApproval' | 'retainUntil'>,
  approver: string,
  reason: DisposalReason,
  needed: number,
  now: Date,
): ApprovalStep {
  if (needed < 2) return { go: true };
  const first = introduction.disposalApproval;
  const current =
    first !== undefined &&
    first.reason === reason &&
    now.getTime() - Date.parse(first.at) < FIRST_APPROVAL_DAYS * 86_400_000 &&
    (reason === 'erasure' ||
      introduction.retainUntil === undefined ||
      ukToday(new Date(first.at)) >= introduction.retainUntil);
  if (!current) return { go: false, wait: 'first' };
  if (first.by.aadObjectId === approver) return { go: false, wait: 'same-lead' };
  return { go: true, first };
}
