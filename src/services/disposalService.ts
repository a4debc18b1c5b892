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
import type { Actor } from '../domain/introduction';
import type { PostedCard } from '../domain/outbox';
import { isDueForReview } from '../domain/retention';
import { ukToday } from '../domain/routing';
import type { Logger } from '../logger';
import type { DestructionLog } from '../storage/destructionLog';
import type { IntroductionRepository } from '../storage/introductionRepository';

export type DisposalOutcome = 'disposed' | 'held' | 'not-due' | 'gone';

export const REMOVED_WORDS =
  "This introduction's record has been removed under the council's retention schedule.";

export class DisposalService {
  constructor(
    private readonly deps: {
      introductions: Pick<IntroductionRepository, 'get' | 'update' | 'delete' | 'listDueForReview'>;
      destructionLog: DestructionLog;
      /** Replaces a card the bot posted (src/bot/records.ts). */
      replacePosted: (card: PostedCard, words: string) => Promise<boolean>;
      audit: (id: string, actor: Actor, action: 'disposed' | 'held') => Promise<void>;
      logger: Logger;
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return (this.deps.clock ?? (() => new Date()))();
  }

  /** Records past their date today, held ones included (they show as held). */
  due() {
    return this.deps.introductions.listDueForReview(ukToday(this.now()));
  }

  /** Disposes of one record a records lead approved, if it is still due and not held. */
  async dispose(id: string, actor: Actor): Promise<DisposalOutcome> {
    const introduction = await this.deps.introductions.get(id);
    if (!introduction) return 'gone';
    if (introduction.legalHold) return 'held';
    if (!isDueForReview(introduction, ukToday(this.now()))) return 'not-due';
    let replaced = 0;
    for (const card of introduction.postedCards ?? []) {
      const ok = await this.deps.replacePosted(card, REMOVED_WORDS).catch(() => false);
      if (ok) replaced++;
    }
    await this.deps.destructionLog.record({
      reference: introduction.reference,
      recordClass: introduction.recordClass ?? 'never-became-support',
      triggerDate: introduction.retainUntil ?? '',
      approvedBy: { aadObjectId: actor.aadObjectId, name: actor.name },
      at: this.now().toISOString(),
      reason: 'retention-schedule',
    });
    await this.deps.introductions.delete(id);
    await this.deps.audit(id, actor, 'disposed');
    this.deps.logger.info(
      { introductionId: id, postedCards: introduction.postedCards?.length ?? 0, replaced },
      'record disposed of',
    );
    return 'disposed';
  }

  /** A legal hold, with its reason: the record is never disposed of while it stands. */
  async hold(id: string, actor: Actor, reason: string): Promise<boolean> {
    const at = this.now().toISOString();
    const by = { aadObjectId: actor.aadObjectId, name: actor.name };
    const held = await this.deps.introductions.update(id, (current) =>
      current.legalHold ? undefined : { ...current, legalHold: { reason, by, at } },
    );
    if (!held) return false;
    await this.deps.audit(id, actor, 'held');
    return true;
  }
}
