/**
 * Disposal under the retention schedule, approved by a records lead, and legal holds.
 *
 * Disposal is complete: every chat or channel card the bot posted about the introduction is
 * replaced by "This introduction's record has been removed under the council's retention schedule"
 * (the bot's own messages: Teams' compliance copies follow the council's Purview retention policy),
 * then the introduction is deleted, and with it everything that held its personal data (its outbox,
 * its duplicate-detection keys and its caseload entries are inside the document; reports and report
 * links hold counts only). The destruction log records it without personal data, and the audit
 * trail (ids only) records who disposed of it.
 */

import { ukToday } from '../../domain/directory/routing';
import {
  type Actor,
  type Introduction,
  type LegalHold,
  withEvent,
} from '../../domain/introductions/introduction';
import type { PostedCard } from '../../domain/outbox/messages';
import { CARD_UPDATES } from '../../domain/outbox/messages';
import { enqueue } from '../../domain/outbox/outbox';
import {
  type ApprovalStep,
  approvalStep,
  type DisposalDecision,
  type DisposalReason,
  decideDisposal,
  disposalUnderWay,
} from '../../domain/records/disposal';
import { isRequestHold } from '../../domain/records/subjectAccessRequest';
import type { Logger } from '../../logger';
import type { IntroductionRepository } from '../../storage/introductions/introductionRepository';
import type { DestructionLog } from '../../storage/records/destructionLog';

/**
 * What an approval came to. `disposed-not-logged`: the record is deleted, but its destruction log
 * entry or audit entry could not be written (operators have the details in an error log line).
 */
export type DisposalOutcome =
  | 'disposed'
  | 'disposed-not-logged'
  | 'held'
  | 'not-due'
  | 'gone'
  /** The council asks for two approvals: this one is kept, and waits for another lead's. */
  | 'awaiting-second-approval'
  /** The council asks for two approvals, and this lead gave the first already. */
  | 'approved-already';

export const REMOVED_WORDS =
  "This introduction's record has been removed under the council's retention schedule.";
export const ERASED_WORDS = "This introduction's record has been erased at the person's request.";
/** A list card that showed a record disposed of: the whole list goes (it is a snapshot anyway). */
export const LIST_REPLACED_WORDS =
  'This list is out of date: a record in it has been removed. Ask for the list again to see it as it is now.';

export class DisposalService {
  constructor(
    private readonly deps: {
      introductions: Pick<
        IntroductionRepository,
        'get' | 'update' | 'delete' | 'listDueForReview' | 'listHeld' | 'findByReference'
      >;
      destructionLog: DestructionLog;
      /** Replaces a card the bot posted (src/bot/records/records.ts). */
      replacePosted: (posted: Pick<PostedCard, 'address' | 'activityId'>, words: string) => Promise<boolean>;
      /** An audit entry, with the records lead's words where they gave some (why it was erased). */
      audit: (
        id: string,
        actor: Actor,
        action: 'disposed' | 'held' | 'changed',
        detail?: string,
      ) => Promise<void>;
      /** Sends what a change queued (card updates that take details off posted cards). */
      notify?: (introductionId: string) => void;
      /**
       * After a restriction is lifted: what was held back while restricted catches up (an offer
       * waiting for a coordinator who has since left the directory is routed again).
       */
      restrictionLifted?: (introductionId: string, actor: Actor) => Promise<unknown>;
      /**
       * A hold keeps the record's audit too: its chain so far is copied where the audit's TTL cannot
       * reach (src/services/records/auditSealer.ts, copyHeldAudit).
       */
      preserveAudit?: (introductionId: string, heldAt: string) => Promise<unknown>;
      /** How many records leads must approve a disposal: the council's file's `records.approvals` (1 or 2). */
      approvalsNeeded?: () => number;
      logger: Logger;
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return (this.deps.clock ?? (() => new Date()))();
  }

  /** The held record's audit copied (a failure is the operators' to see; the hold stands). */
  private async preserveAudit(id: string, at: string): Promise<void> {
    try {
      await this.deps.preserveAudit?.(id, at);
    } catch (error) {
      this.deps.logger.error(
        { err: error, introductionId: id },
        'audit of a held record not copied: place the hold again, or copy it by hand',
      );
    }
  }

  /** Records past their date today, held ones included (they show as held). */
  due() {
    return this.deps.introductions.listDueForReview(ukToday(this.now()));
  }

  /** Every record under a legal hold, due or not, longest held first: to review holds. */
  held() {
    return this.deps.introductions.listHeld();
  }

  /**
   * Disposes of one record a records lead approved, if it is still due and not held: checked afresh
   * each time, so a disposal that stopped part-way (its mark left behind) never deletes a record
   * that was held or came back into use since (src/domain/records/disposal.ts).
   */
  async dispose(
    id: string,
    actor: Actor,
    reason: DisposalReason = 'retention-schedule',
    /** The records lead's words: why erasure applies, or what they checked before approving. */
    because?: string,
  ): Promise<DisposalOutcome> {
    // First, and atomically (the repository's update is conditional on the document's etag): the
    // record is marked as being disposed of, unless it is held or no longer due. While the mark is in
    // force a hold is refused, so a hold placed while the cards are replaced can never be lost.
    let decision: DisposalDecision | undefined;
    let step: ApprovalStep = { go: true };
    const by = { aadObjectId: actor.aadObjectId, name: actor.name };
    const needed = this.deps.approvalsNeeded?.() ?? 1;
    const introduction = await this.deps.introductions.update(id, (current) => {
      decision = decideDisposal(current, reason, ukToday(this.now()), this.now());
      if (!decision.go) {
        if (!decision.clearStaleMark) return undefined;
        const { disposing: _stopped, ...rest } = current;
        return rest;
      }
      // Two approvals asked for: a first is kept on the record, and only another lead's goes on.
      // A disposal that stopped part-way was approved in full already (its cards may say so): it is
      // resumed, checked afresh above, without asking again.
      step = decision.resumed
        ? { go: true }
        : approvalStep(current, actor.aadObjectId, reason, needed, this.now());
      if (!step.go) {
        if (step.wait === 'same-lead') return undefined;
        return {
          ...current,
          disposalApproval: { at: this.now().toISOString(), by, reason, ...(because ? { because } : {}) },
        };
      }
      const { disposalApproval: _first, ...rest } = current;
      return { ...rest, disposing: { at: this.now().toISOString(), by } };
    });
    if (!introduction) return 'gone';
    if (!decision) return 'gone';
    const approval = step as ApprovalStep;
    if (decision.go && !approval.go) {
      if (approval.wait === 'same-lead') return 'approved-already';
      await this.deps
        .audit(id, actor, 'changed', `first approval of its ${reason === 'erasure' ? 'erasure' : 'disposal'}`)
        .catch((error: unknown) =>
          this.deps.logger.error({ err: error, introductionId: id }, 'audit entry not written'),
        );
      return 'awaiting-second-approval';
    }
    const firstApproval = approval.go ? approval.first : undefined;
    if (!decision.go) {
      if (decision.clearStaleMark)
        this.deps.logger.info(
          { introductionId: id, outcome: decision.outcome },
          'stopped disposal not resumed',
        );
      return decision.outcome;
    }
    let replaced = 0;
    const notReplaced: { conversationId: string; activityId: string }[] = [];
    // Every card and message the bot posted about it: the cards it keeps up to date, and the
    // messages it sent (the introducer told, a question or reply, a hand-over).
    const lists = new Set((introduction.listedIn ?? []).map((l) => l.activityId));
    for (const posted of [
      ...(introduction.postedCards ?? []),
      ...(introduction.sentMessages ?? []),
      // The lists that showed it (its first name and initial among others'), each replaced whole.
      ...(introduction.listedIn ?? []),
    ]) {
      const words = lists.has(posted.activityId)
        ? LIST_REPLACED_WORDS
        : reason === 'erasure'
          ? ERASED_WORDS
          : REMOVED_WORDS;
      const ok = await this.deps.replacePosted(posted, words).catch(() => false);
      if (ok) replaced++;
      // Where it is (a chat and a message id: nobody's details), so it can be removed by hand.
      else notReplaced.push({ conversationId: posted.address.conversationId, activityId: posted.activityId });
    }
    // Just before deleting, the mark is renewed, and only if it is still this run's and the record
    // is still to go: a hold placed, or contact recorded, since this run began (it may have been
    // slower than its mark) wins. Renewed, the mark holds off holds again for the moment the
    // delete takes.
    const markedAt = introduction.disposing?.at;
    let kept: 'held' | 'not-due' | undefined;
    const renewed = await this.deps.introductions.update(id, (current) => {
      kept = undefined;
      if (current.disposing?.at !== markedAt) kept = current.legalHold ? 'held' : 'not-due';
      else {
        const again = decideDisposal(
          { ...current, disposing: undefined },
          reason,
          ukToday(this.now()),
          this.now(),
        );
        if (!again.go) kept = again.outcome;
      }
      if (kept) return undefined;
      return { ...current, disposing: { at: this.now().toISOString(), by } };
    });
    if (!renewed) return 'gone';
    if (kept) {
      this.deps.logger.info({ introductionId: id, outcome: kept }, 'disposal stopped before deleting');
      return kept;
    }
    await this.deps.introductions.delete(id);
    // Logged once the record is gone, so the log never says a record was destroyed that was not.
    const entry = {
      reference: introduction.reference,
      recordClass: introduction.recordClass ?? ('never-became-support' as const),
      triggerDate: introduction.retainUntil ?? '',
      approvedBy: { aadObjectId: actor.aadObjectId, name: actor.name },
      ...(firstApproval
        ? {
            firstApprovedBy: {
              aadObjectId: firstApproval.by.aadObjectId,
              name: firstApproval.by.name,
              at: firstApproval.at,
              ...(firstApproval.because ? { because: firstApproval.because } : {}),
            },
          }
        : {}),
      at: this.now().toISOString(),
      reason,
      ...(because ? { because } : {}),
      cardsReplaced: replaced,
      cardsNotReplaced: notReplaced,
      ...(decision.resumed ? { resumed: true as const } : {}),
    };
    const written = await this.afterDeleting(id, actor, because, entry);
    this.deps.logger.info(
      {
        introductionId: id,
        postedCards: introduction.postedCards?.length ?? 0,
        sentMessages: introduction.sentMessages?.length ?? 0,
        replaced,
        notReplaced: notReplaced.length,
        resumed: decision.resumed,
      },
      reason === 'erasure' ? 'record erased' : 'record disposed of',
    );
    return written ? 'disposed' : 'disposed-not-logged';
  }

  /**
   * The destruction log entry and the audit entry, once the record is gone. The Cosmos DB client
   * already retries throttling and passing faults; one still failing leaves the record gone (it
   * cannot come back), and operators get an error line with what they need to add the log entry by
   * hand: the reference, the class, the dates, who approved (by object id) and why in one word. Not
   * the lead's typed reason or name: free text stays out of logs (it is in the audit entry, if that
   * was written).
   */
  private async afterDeleting(
    id: string,
    actor: Actor,
    because: string | undefined,
    entry: Parameters<DestructionLog['record']>[0],
  ): Promise<boolean> {
    const tries = (what: () => Promise<void>) =>
      what().then(
        () => true,
        (error: unknown) => {
          this.deps.logger.error(
            {
              err: error,
              introductionId: id,
              destruction: {
                reference: entry.reference,
                recordClass: entry.recordClass,
                triggerDate: entry.triggerDate,
                approvedBy: entry.approvedBy.aadObjectId,
                at: entry.at,
                reason: entry.reason,
              },
            },
            'destruction not recorded',
          );
          return false;
        },
      );
    const logged = await tries(() => this.deps.destructionLog.record(entry));
    const audited = await tries(() => this.deps.audit(id, actor, 'disposed', because));
    return logged && audited;
  }

  /**
   * Records a records lead approved, one at a time (never side by side: each is checked and written
   * in turn, and one that fails stops nothing else). What each came to, in the order given.
   */
  async disposeAll(
    ids: readonly string[],
    actor: Actor,
    because?: string,
  ): Promise<(DisposalOutcome | 'failed')[]> {
    const outcomes: (DisposalOutcome | 'failed')[] = [];
    for (const id of ids) {
      outcomes.push(
        await this.dispose(id, actor, 'retention-schedule', because).catch((error: unknown) => {
          this.deps.logger.error({ err: error, introductionId: id }, 'disposal stopped');
          return 'failed' as const;
        }),
      );
    }
    return outcomes;
  }

  /**
   * A legal hold, with its reason: the record is never disposed of while it stands. A record held
   * already for another reason takes this one beside it (each is lifted on its own: the record
   * stays held until none is left); the same reason twice changes nothing.
   */
  async hold(id: string, actor: Actor, reason: string): Promise<boolean> {
    const at = this.now().toISOString();
    const by = { aadObjectId: actor.aadObjectId, name: actor.name };
    // The repository returns the record unchanged when the change is refused: say whether it held.
    let changed = false;
    await this.deps.introductions.update(id, (current) => {
      // Never on one being disposed of: its disposal was approved first. A disposal that stopped
      // (its mark no longer in force) holds nothing off: the hold wins, and the mark goes.
      const standing = [...(current.legalHold ? [current.legalHold] : []), ...(current.otherHolds ?? [])];
      changed = !standing.some((h) => h.reason === reason) && !disposalUnderWay(current, this.now());
      if (!changed) return undefined;
      // A first approval of its disposal does not outlive a hold: after it, the record is reviewed afresh.
      const { disposing: _stopped, disposalApproval: _approval, ...rest } = current;
      const hold = { reason, by, at };
      return current.legalHold
        ? { ...rest, otherHolds: [...(current.otherHolds ?? []), hold] }
        : { ...rest, legalHold: hold };
    });
    if (!changed) return false;
    await this.deps.audit(id, actor, 'held');
    await this.preserveAudit(id, at);
    return true;
  }

  /**
   * Lifts the holds `which` picks, with why; the others stand (the longest standing becomes the
   * record's hold). How many were lifted, and the reasons of those left.
   */
  async releaseHolds(
    id: string,
    actor: Actor,
    reason: string,
    which: (hold: LegalHold) => boolean,
  ): Promise<{ lifted: number; standing: string[] }> {
    const at = this.now().toISOString();
    const by = { aadObjectId: actor.aadObjectId, name: actor.name };
    let lifted = 0;
    let standing: string[] = [];
    await this.deps.introductions.update(id, (current) => {
      const all = [...(current.legalHold ? [current.legalHold] : []), ...(current.otherHolds ?? [])];
      const gone = all.filter(which);
      const left = all.filter((h) => !which(h));
      lifted = gone.length;
      standing = left.map((h) => h.reason);
      if (gone.length === 0) return undefined;
      const { legalHold: _hold, otherHolds: _others, ...rest } = current;
      const [first, ...others] = left;
      // Each hold's record stays: who held it and why, and who lifted it, when and why.
      return {
        ...rest,
        ...(first ? { legalHold: first } : {}),
        ...(others.length > 0 ? { otherHolds: others } : {}),
        pastHolds: [...(current.pastHolds ?? []), ...gone.map((h) => ({ ...h, lifted: { at, by, reason } }))],
      };
    });
    if (lifted > 0) {
      await this.deps.audit(id, actor, 'changed');
      this.deps.logger.info({ introductionId: id, lifted, standing: standing.length }, 'legal hold released');
    }
    return { lifted, standing };
  }

  /**
   * A legal hold by reference, on any record (an open subject access request, litigation, an
   * inquiry), or its release: held, a record is never disposed of or erased. Undefined when there
   * is no such reference; changed false when it was so already.
   */
  async holdByReference(
    reference: string,
    actor: Actor,
    reason: string,
    release: boolean,
  ): Promise<{ changed: boolean; reference: string; disposing?: true; stillHeldFor?: string[] } | undefined> {
    const found = await this.deps.introductions.findByReference(reference);
    if (!found) return undefined;
    if (!release) {
      const changed = await this.hold(found.id, actor, reason);
      const latest = changed ? undefined : await this.deps.introductions.get(found.id);
      const disposing = latest !== undefined && disposalUnderWay(latest, this.now());
      return { changed, reference: found.reference, ...(disposing ? { disposing: true as const } : {}) };
    }
    // A lead's "lift hold" lifts the holds leads placed; a subject access request's goes when the
    // request is closed (src/services/records/subjectAccessService.ts), never before.
    const { lifted, standing } = await this.releaseHolds(found.id, actor, reason, (h) => !isRequestHold(h));
    return {
      changed: lifted > 0,
      reference: found.reference,
      ...(standing.length > 0 ? { stillHeldFor: standing } : {}),
    };
  }

  /**
   * Restriction (the person restricts processing, or objects): nothing but storage from now on, with
   * who set it and why; or lifted again, except where consent was withdrawn. Every posted card is brought up to date (its details go).
   * Undefined when there is no such reference; false when it was so already.
   */
  async restrict(
    reference: string,
    actor: Actor,
    reason: string,
    lift: boolean,
  ): Promise<{ changed: boolean; reference: string; consentWithdrawn?: true } | undefined> {
    const found = await this.deps.introductions.findByReference(reference);
    if (!found) return undefined;
    // Withdrawn consent restricts for good: if the person agrees again, that is a new introduction.
    if (lift && found.status === 'consent-withdrawn')
      return { changed: false, reference: found.reference, consentWithdrawn: true };
    const at = this.now().toISOString();
    const by = { aadObjectId: actor.aadObjectId, name: actor.name };
    let changed = false;
    await this.deps.introductions.update(found.id, (current) => {
      changed = lift ? current.restriction !== undefined : current.restriction === undefined;
      if (!changed) return undefined;
      const { restriction: _was, ...rest } = current;
      const next: Introduction = lift ? rest : { ...current, restriction: { reason, by, at } };
      return enqueue(
        withEvent(next, {
          at,
          by,
          type: lift ? 'restriction-lifted' : 'restricted',
          note: lift ? `Restriction lifted: ${reason}` : `Restricted: ${reason}`,
        }),
        at,
        CARD_UPDATES,
      );
    });
    if (changed) {
      await this.deps.audit(found.id, actor, 'changed');
      this.deps.notify?.(found.id);
      this.deps.logger.info({ introductionId: found.id, restricted: !lift }, 'restriction changed');
      // Lifted whatever follows: a failure here is the operators' to see, not the records lead's.
      if (lift)
        await this.deps
          .restrictionLifted?.(found.id, actor)
          .catch((error: unknown) =>
            this.deps.logger.error(
              { err: error, introductionId: found.id },
              'lifted restriction not followed up',
            ),
          );
    }
    return { changed, reference: found.reference };
  }

  /**
   * Erasure, where a records lead decides the right applies: the same complete disposal, at once,
   * whatever the retention date (never while held), with its destruction log entry.
   */
  async eraseByReference(
    reference: string,
    actor: Actor,
    because: string,
  ): Promise<DisposalOutcome | 'unknown'> {
    const found = await this.deps.introductions.findByReference(reference);
    if (!found) return 'unknown';
    return this.dispose(found.id, actor, 'erasure', because);
  }
}
