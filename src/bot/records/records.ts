/**
 * "records due": records management in Teams, for the council's records leads (its information
 * governance team, named in its file, by object id, council tenant only). The review queue shows
 * each record past its retention date by reference, class, trigger date and patch, never a name;
 * the lead approves disposal of one or many, or holds them with a reason. Nothing is destroyed
 * without that approval (src/domain/records/retention.ts says why).
 */
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { formatDate } from '../../domain/directory/routing';
import { type Actor, referenceBecause } from '../../domain/introductions/introduction';
import type { PostedCard } from '../../domain/outbox/messages';
import { RECORD_CLASS_WORDS } from '../../domain/records/retention';
import type { IntroductionService } from '../../services/introductions/introductionService';
import type { DisposalService } from '../../services/records/disposalService';
import type { AdaptiveCardJson } from '../cards/adaptiveCards';
import { actorOf, teamsEmail } from '../identity';
import type { Messenger } from '../messenger';
import { recordsDueCard } from './cards';

export const RECORDS_REFUSED = "This is for the council's records leads, named in its file.";

/** How many holds one message lists (a message stays well under Teams' size limit). */
const HOLDS_SHOWN = 50;

const selection = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(',')).map((id) => id.trim()).filter(Boolean),
  )
  .pipe(z.array(z.string().uuid()).min(1));

export const DisposalRequest = z.object({
  selected: selection,
  /** What the records lead checked before approving (optional): kept in the destruction log. */
  approvalNote: z.string().trim().max(500).optional(),
  actionId: z.string().uuid().optional(),
});
export const HoldRequest = z.object({
  selected: selection,
  holdReason: z.string().trim().min(1).max(500),
  actionId: z.string().uuid().optional(),
});

/** Replaces a card the bot posted with a few words (a disposed record's cards). */
export function postedCardReplacer(messenger: Pick<Messenger, 'update'>) {
  return async (posted: Pick<PostedCard, 'address' | 'activityId'>, words: string): Promise<boolean> =>
    (await messenger.update(posted.address, posted.activityId, { type: 'message', text: words })).ok;
}

/** The actor of this turn if they are a records lead (by object id, council tenant only). */
export async function recordsLead(
  context: TurnContext,
  service: Pick<IntroductionService, 'viewerFor'>,
): Promise<Actor | undefined> {
  const actor = actorOf(context);
  if (!actor) return undefined;
  const viewer = await service.viewerFor(actor, await teamsEmail(context));
  return viewer.isRecordsLead ? actor : undefined;
}

export class Records {
  constructor(
    private readonly deps: {
      disposal: DisposalService;
      service: Pick<IntroductionService, 'viewerFor' | 'recordListed'>;
    },
  ) {}

  private lead(context: TurnContext) {
    return recordsLead(context, this.deps.service);
  }

  /** The review queue. */
  async due(context: TurnContext, notice = ''): Promise<AdaptiveCardJson | string> {
    const actor = await this.lead(context);
    if (!actor) return RECORDS_REFUSED;
    const due = await this.deps.disposal.due();
    // Each record's own trail says who saw it in the queue (references, classes, dates: no names).
    await this.deps.service.recordListed(
      due.map((i) => i.id),
      actor,
      'records due',
    );
    const open = due.filter((i) => !i.legalHold);
    return recordsDueCard({
      summary:
        due.length === 0
          ? 'Nothing is past its retention date.'
          : `${due.length} past their retention date, oldest first; ${due.length - open.length} held. Nothing is disposed of until you approve it.`,
      notice,
      actionId: randomUUID(),
      records: due.map((i) => ({
        reference: i.reference,
        recordClass: RECORD_CLASS_WORDS[i.recordClass ?? 'never-became-support'],
        triggerDate: formatDate(i.retainUntil ?? ''),
        patch: i.patchName ?? 'no patch',
        held: i.legalHold
          ? `Held since ${formatDate(i.legalHold.at.slice(0, 10))} by ${i.legalHold.by.name}: ${i.legalHold.reason}`
          : i.disposalApproval
            ? `Approved on ${formatDate(i.disposalApproval.at.slice(0, 10))} by ${i.disposalApproval.by.name}: waiting for a second records lead's approval`
            : '',
      })),
      choices: open.map((i) => ({
        title: `${i.reference} (${RECORD_CLASS_WORDS[i.recordClass ?? 'never-became-support'].toLowerCase()}, due since ${formatDate(i.retainUntil ?? '')})`,
        value: i.id,
      })),
    });
  }

  /**
   * "holds": every record under a legal hold, due or not, longest held first, by reference (never a
   * name), with who held it, when and why; each lifted with `lift hold`. Listing them is audited on
   * each record, as the review queue is.
   */
  async holds(context: TurnContext): Promise<string> {
    const actor = await this.lead(context);
    if (!actor) return RECORDS_REFUSED;
    const held = await this.deps.disposal.held();
    if (held.length === 0) return 'No record is held.';
    const shown = held.slice(0, HOLDS_SHOWN);
    // Each record shown: its own trail says who saw it listed.
    await this.deps.service.recordListed(
      shown.map((i) => i.id),
      actor,
      'holds',
    );
    const lines = shown.map((i) => {
      const hold = i.legalHold;
      const due = i.retainUntil ? `review date ${formatDate(i.retainUntil)}` : 'no review date';
      const also = (i.otherHolds ?? [])
        .map((h) => `; also held since ${formatDate(h.at.slice(0, 10))} by ${h.by.name}: ${h.reason}`)
        .join('');
      return `- **${i.reference}** (${RECORD_CLASS_WORDS[i.recordClass ?? 'never-became-support'].toLowerCase()}, ${due}): held since ${formatDate(hold?.at.slice(0, 10) ?? '')} by ${hold?.by.name ?? 'a records lead'}: ${hold?.reason ?? ''}${also}`;
    });
    return [
      `${held.length} record${held.length === 1 ? ' is' : 's are'} held, longest first${held.length > shown.length ? ` (the first ${shown.length} shown: lift those no longer needed to see the rest)` : ''}. A held record is never disposed of or erased. Lift one that is no longer needed: **lift hold LAC-… because …**.`,
      '',
      ...lines,
    ].join('\n');
  }

  /** "Approve disposal" for the chosen records; each is checked again as it is disposed of. */
  async approve(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const actor = await this.lead(context);
    if (!actor) return RECORDS_REFUSED;
    const request = DisposalRequest.safeParse(data);
    if (!request.success) return 'Choose at least one record.';
    // One at a time: each is checked again, marked, its cards replaced, logged and deleted in turn.
    const outcomes = await this.deps.disposal.disposeAll(
      request.data.selected,
      actor,
      request.data.approvalNote || undefined,
    );
    const count = (o: string) => outcomes.filter((x) => x === o).length;
    const words = [
      count('disposed') > 0 ? `Disposed of ${count('disposed')}: each is in the destruction log.` : '',
      count('gone') > 0 ? `${count('gone')} had been disposed of already.` : '',
      count('held') > 0 ? `${count('held')} held, so kept.` : '',
      count('not-due') > 0 ? `${count('not-due')} no longer due (there was contact since), so kept.` : '',
      count('disposed-not-logged') > 0
        ? `${count('disposed-not-logged')} disposed of, but the destruction log or the audit trail could not be written for them: your operators have the details to add it.`
        : '',
      count('failed') > 0
        ? `${count('failed')} could not be finished now and are kept: approve them again later (each is checked afresh).`
        : '',
      count('awaiting-second-approval') > 0
        ? `Approved ${count('awaiting-second-approval')}: the council asks for two records leads, so each waits for another lead's approval before anything is deleted.`
        : '',
      count('approved-already') > 0
        ? `${count('approved-already')} you had approved already: another records lead must approve them.`
        : '',
    ].filter(Boolean);
    return this.due(context, words.join(' '));
  }

  /** "Hold the chosen records", with a reason. */
  async hold(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const actor = await this.lead(context);
    if (!actor) return RECORDS_REFUSED;
    const request = HoldRequest.safeParse(data);
    if (!request.success) return 'Choose at least one record, and say why they are held.';
    const held = await Promise.all(
      request.data.selected.map((id) => this.deps.disposal.hold(id, actor, request.data.holdReason)),
    );
    return this.due(context, `Held ${held.filter(Boolean).length}: they will not be disposed of while held.`);
  }

  /**
   * "restrict LAC-7K4M-Q2 because …" and "lift restriction LAC-7K4M-Q2 because …": the person's
   * right to restrict processing, or their objection, recorded by a records lead with a reason.
   */
  async restrict(context: TurnContext, typed: string, lift: boolean): Promise<string> {
    const actor = await this.lead(context);
    if (!actor) return RECORDS_REFUSED;
    const typedIn = referenceBecause(typed);
    if (!typedIn)
      return `Give the reference and why, for example: ${lift ? 'lift restriction' : 'restrict'} LAC-7K4M-QX because the person asked.`;
    const result = await this.deps.disposal.restrict(typedIn.reference, actor, typedIn.because, lift);
    if (!result) return `There is no record ${typedIn.reference}.`;
    if (result.consentWithdrawn)
      return `${result.reference}: the person withdrew their consent, so it stays restricted. If they agree again, that is a new introduction with their new consent.`;
    if (!result.changed)
      return `${result.reference} was ${lift ? 'not restricted' : 'restricted already'}: nothing changed.`;
    return lift
      ? `${result.reference}: restriction lifted, with your reason. It is processed as before.`
      : `${result.reference} is restricted, with your reason: no offer, reminder, question or action, in no list, its details for records leads only.`;
  }

  /**
   * "hold LAC-7K4M-Q2 because …" and "lift hold LAC-7K4M-Q2 because …": a legal hold on any record,
   * due or not (an open subject access request, litigation, an inquiry), and its release.
   */
  async holdTyped(context: TurnContext, typed: string, release: boolean): Promise<string> {
    const actor = await this.lead(context);
    if (!actor) return RECORDS_REFUSED;
    const typedIn = referenceBecause(typed);
    if (!typedIn)
      return `Give the reference and why, for example: ${release ? 'lift hold LAC-7K4M-QX because the inquiry has closed' : 'hold LAC-7K4M-QX because of an open subject access request'}.`;
    const result = await this.deps.disposal.holdByReference(
      typedIn.reference,
      actor,
      typedIn.because,
      release,
    );
    if (!result) return `There is no record ${typedIn.reference}.`;
    if (result.disposing)
      return `${result.reference} is being disposed of: its disposal was approved before your hold, so it cannot be held.`;
    const still = result.stillHeldFor?.length
      ? ` It stays held: ${result.stillHeldFor.join('; ')} (a subject access request's hold goes when the request is closed).`
      : '';
    if (!result.changed)
      return release
        ? `${result.reference} had no hold of a records lead's to lift: nothing changed.${still}`
        : `${result.reference} was held already for that reason: nothing changed.`;
    return release
      ? `${result.reference}: hold lifted.${still || ' It comes up for review again when its retention date is past.'}`
      : `${result.reference} is held, with your reason: it will not be disposed of or erased while held.`;
  }

  /**
   * "erase LAC-7K4M-Q2 because …": erasure, where the records lead has decided the right applies:
   * the complete disposal, at once, with a destruction log entry. Never while held.
   */
  async erase(context: TurnContext, typed: string): Promise<string> {
    const actor = await this.lead(context);
    if (!actor) return RECORDS_REFUSED;
    const typedIn = referenceBecause(typed);
    if (!typedIn)
      return 'Give the reference and why the right to erasure applies (why, never who: the reason is kept for good), for example: erase LAC-7K4M-QX because consent was withdrawn and nothing requires keeping it.';
    const { reference, because } = typedIn;
    const outcome = await this.deps.disposal.eraseByReference(reference, actor, because);
    if (outcome === 'unknown' || outcome === 'gone') return `There is no record ${reference}.`;
    if (outcome === 'held') return `${reference} is held: lift the hold first if erasure now applies.`;
    if (outcome === 'awaiting-second-approval')
      return `${reference}: your approval of its erasure is recorded. The council asks for two records leads: it is erased when another records lead types **erase ${reference} because …** too.`;
    if (outcome === 'approved-already')
      return `${reference}: you approved its erasure already. Another records lead must approve it too.`;
    if (outcome === 'disposed-not-logged')
      return `${reference} erased: the record and everything in it are deleted and its posted cards say so, but the destruction log or the audit trail could not be written: your operators have the details to add it.`;
    return `${reference} erased: the record and everything in it are deleted, its posted cards say so, and the destruction log has an entry with your reason.`;
  }
}
