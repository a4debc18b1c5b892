/**
 * The coordinator's journey in Teams: an introduction offered in chat, accepted there, passed on,
 * sent back to triage, assigned by a manager, a question asked of the introducer; then "my people",
 * "team queue", and time away.
 *
 * - Every change is made with the document's ETag, with the messages it causes written into the
 *   same document (the outbox), then sent. Two people pressing Accept at once get one winner, and
 *   the other sees who accepted it and when; a stale card can never move an introduction backwards.
 * - Permission always comes from the activity (who is pressing, what Teams says their email is),
 *   never from card data: the coordinators of its patch and the triage managers may act.
 * - Each action answers with the actor's own view of the offer card (details and what they may do
 *   next); every posted copy is brought up to date through the outbox.
 */

import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { isRealDate } from '../../domain/dates';
import { formatDate, ukToday } from '../../domain/directory/routing';
import {
  type Actor,
  canSeeDetails,
  firstNameAndInitial,
  handledAlready,
  type Introduction,
  markHandled,
  mayActOn,
  OUTCOMES,
  type Outcome,
  patchOf,
  STATUS_WORDS,
  THEMES,
  type Theme,
  withEvent,
} from '../../domain/introductions/introduction';
import { changeStatus } from '../../domain/introductions/lifecycle';
import type { Purpose } from '../../domain/outbox/messages';
import { enqueue, postedAs } from '../../domain/outbox/outbox';
import { handoverNotification, offerNotification } from '../../domain/outbox/recipients';
import type { Logger } from '../../logger';
import type { DirectoryService } from '../../services/directory/directoryService';
import type { RoutingService } from '../../services/directory/routingService';
import type { IntroductionService } from '../../services/introductions/introductionService';
import type { IntroductionRepository } from '../../storage/introductions/introductionRepository';
import type { Telemetry } from '../../telemetry';
import type { CardAudience } from '../cardAudience';
import type { AdaptiveCardJson } from '../cards/adaptiveCards';
import { coordinatorFor } from '../coordinators';
import { actorOf, teamsEmail } from '../identity';
import { type IntroducerUpdates, toldAccepted, toldPassed } from '../introductions/introducerUpdates';
import { actionId, DONE_ALREADY, pressOf } from '../presses';
import { type OfferCards, timeAndDay } from './offerCards';

const commaList = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);

export const ShowRequest = z.object({ id: z.string().uuid() });
export const AcceptRequest = z.object({ id: z.string().uuid(), actionId });
export const PassRequest = z.object({
  id: z.string().uuid(),
  actionId,
  toPatch: z.string().regex(/^[a-z0-9-]{1,80}$/),
  reason: z.string().trim().min(1).max(500),
});
export const AssignRequest = z.object({
  id: z.string().uuid(),
  actionId,
  assignTo: z.string().email(),
  assignReason: z.string().trim().max(500).optional(),
});
export const ProgressRequest = z.object({
  id: z.string().uuid(),
  actionId,
  progress: z.enum(['in-touch', 'walking-alongside', 'stepped-back', 'did-not-want-support']),
  outcomes: z
    .string()
    .optional()
    .transform(commaList)
    .pipe(z.array(z.enum(Object.keys(OUTCOMES) as [Outcome, ...Outcome[]])))
    // The same outcome twice in one press is one outcome (monitoring counts them).
    .transform((list) => [...new Set(list)]),
  /** What the person is working on: the same themes as the introduction, as the card sends them. */
  workingOn: z
    .string()
    .optional()
    .transform(commaList)
    .pipe(z.array(z.enum(Object.keys(THEMES) as [Theme, ...Theme[]]))),
  progressNote: z.string().trim().max(1000).optional(),
  /** The first conversation's date, when it was not today. */
  firstConversationOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .or(z.literal('').transform(() => undefined)),
});
export const AskRequest = z.object({
  id: z.string().uuid(),
  actionId,
  question: z.string().trim().min(1).max(1000),
});
export const TriageRequest = z.object({
  id: z.string().uuid(),
  actionId,
  triageReason: z.string().trim().min(1).max(500),
});

const NOT_FOUND = 'Not found. It may have been mistyped, or it is not one you can act on.';

/** What an offer action answers: a card for the actor alone, and the same in words. */
export interface OfferAnswer {
  card: AdaptiveCardJson;
  says: string;
}

export interface OffersDependencies {
  introductions: IntroductionRepository;
  service: IntroductionService;
  updates: IntroducerUpdates;
  directories: DirectoryService;
  routing: RoutingService;
  cards: OfferCards;
  audience: CardAudience;
  /** Sends what a change queued (the outbox dispatcher's kick). */
  notify: (introductionId: string) => void;
  logger: Logger;
  /** Working days an offer waits before a reminder (shown in the team queue). */
  reminderWorkingDays: number;
  clock?: () => Date;
  telemetry?: Telemetry;
}

export class Offers {
  constructor(private readonly deps: OffersDependencies) {}

  private now(): Date {
    return (this.deps.clock ?? (() => new Date()))();
  }

  /** After a change: send what it queued, count it, and write it to the audit trail. */
  private async changed(introduction: Introduction, actor: Actor): Promise<void> {
    this.deps.notify(introduction.id);
    this.deps.telemetry?.event('IntroductionStateChanged', {
      introductionId: introduction.id,
      to: introduction.status,
      patchId: patchOf(introduction),
    });
    await this.audited(introduction.id, actor);
  }

  /** Writes a change to the audit trail; a failure is logged, and the change stands. */
  private async audited(introductionId: string, actor: Actor): Promise<void> {
    await this.deps.service
      .recordChange(introductionId, actor)
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error, introductionId }, 'audit entry not written'),
      );
  }

  /** Which posted card an action came from (Teams sends its message id), to keep its heading. */
  private purposeOf(context: TurnContext, introduction: Introduction): Purpose {
    const card = introduction.postedCards?.find((c) => c.activityId === context.activity.replyToId);
    const posted = card && postedAs(introduction, card);
    if (posted) return posted;
    return context.activity.conversation?.conversationType === 'channel' ? 'triage' : 'offer';
  }

  /** The actor's own view of the offer card, with the refresh list of the conversation it is in. */
  private async view(
    context: TurnContext,
    actor: Actor,
    introduction: Introduction,
    outcome?: string,
  ): Promise<AdaptiveCardJson> {
    const viewer = await this.deps.service.viewerFor(actor, await teamsEmail(context));
    // Every answer that shows the introduction to someone allowed to see it is a view: audited.
    if (canSeeDetails(introduction, viewer)) {
      await this.deps.service
        .recordView(introduction.id, actor)
        .catch((error: unknown) =>
          this.deps.logger.error({ err: error, introductionId: introduction.id }, 'audit entry not written'),
        );
    }
    const inChannel = context.activity.conversation?.conversationType === 'channel';
    const userIds = inChannel
      ? await this.deps.audience.team(introduction)
      : context.activity.from?.id
        ? [context.activity.from.id]
        : [];
    return this.deps.cards.viewFor(
      introduction,
      { aadObjectId: actor.aadObjectId, viewer },
      this.purposeOf(context, introduction),
      userIds,
      outcome,
    );
  }

  private async answer(
    context: TurnContext,
    actor: Actor,
    introduction: Introduction,
    says: string,
  ): Promise<OfferAnswer> {
    return { card: await this.view(context, actor, introduction, says), says };
  }

  /**
   * Moves an introduction (pass, assign, back to triage) with its ETag. `change` returns undefined
   * when it may not move from where it is now; then nothing changes, and the actor is told where it
   * has got to meanwhile.
   */
  private async move(
    context: TurnContext,
    actor: Actor,
    id: string,
    change: (latest: Introduction) => Introduction | undefined,
    says: () => string,
    actionId?: string,
  ): Promise<OfferAnswer | string> {
    let moved = false;
    let repeated = false;
    const updated = await this.deps.introductions.update(id, (latest) => {
      repeated = handledAlready(latest, actionId);
      const next = repeated ? undefined : change(latest);
      moved = next !== undefined;
      return next && markHandled(next, actionId);
    });
    if (!updated) return NOT_FOUND;
    if (repeated) return this.answer(context, actor, updated, DONE_ALREADY);
    if (!moved)
      return this.answer(
        context,
        actor,
        updated,
        `It has moved on meanwhile: ${STATUS_WORDS[updated.status]}.`,
      );
    await this.changed(updated, actor);
    return this.answer(context, actor, updated, says());
  }

  /**
   * "Show details and actions", and the refresh Teams asks for when it shows the card to someone in
   * its `userIds`: their own view. Seeing the details is recorded in the audit trail.
   */
  async show(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const actor = actorOf(context);
    const request = ShowRequest.safeParse(data);
    if (!actor || !request.success) return NOT_FOUND;
    const introduction = await this.deps.introductions.get(request.data.id);
    if (!introduction) return NOT_FOUND;
    const viewer = await this.deps.service.viewerFor(actor, await teamsEmail(context));
    // Anyone else is told "Not found", exactly as if it did not exist, and the refusal is audited.
    if (!canSeeDetails(introduction, viewer)) {
      await this.deps.service.recordDenied(introduction.id, actor);
      return NOT_FOUND;
    }
    return this.view(context, actor, introduction);
  }

  /** May this person act on introductions in this patch? (From the activity, never card data.) */
  private async mayAct(context: TurnContext, actor: Actor, introduction: Introduction): Promise<boolean> {
    return mayActOn(introduction, await this.deps.service.viewerFor(actor, await teamsEmail(context)));
  }

  /** "Pass to another patch": routed there with the reason, offered to its coordinator, the introducer told. */
  async pass(context: TurnContext, data: unknown): Promise<OfferAnswer | string> {
    const actor = actorOf(context);
    const request = PassRequest.safeParse(data);
    if (!actor || !request.success) return 'Please choose a patch and say why.';
    const { id, toPatch, reason } = request.data;
    const current = await this.deps.introductions.get(id);
    if (!current || !(await this.mayAct(context, actor, current))) return NOT_FOUND;
    if (patchOf(current) === toPatch)
      return this.answer(context, actor, current, 'It is already in that patch.');
    const decision = await this.deps.routing.passTo(toPatch, actor.name, reason);
    if (!decision) return 'That patch is not in the directory any more.';
    const at = this.now().toISOString();
    return this.move(
      context,
      actor,
      id,
      (latest) => {
        if (latest.status !== 'offered' && latest.status !== 'with-triage') return undefined;
        const changed = changeStatus(
          latest,
          decision.outcome === 'patch' ? 'offered' : 'with-triage',
          actor,
          at,
          decision.explanation,
          'passed',
        );
        if (!changed.ok) return undefined;
        const { coordinatorEmail: _previous, ...rest } = changed.introduction;
        const routed: Introduction = {
          ...rest,
          routing: decision,
          ...(decision.coordinator ? { coordinatorEmail: decision.coordinator.email } : {}),
        };
        return enqueue(
          routed,
          at,
          offerNotification(routed),
          toldPassed(routed, decision.patch?.name ?? 'another patch'),
        );
      },
      () =>
        decision.coordinator
          ? `Passed to ${decision.patch?.name}: offered to ${decision.coordinator.name}.`
          : `Passed to ${decision.patch?.name}, where nobody can take it now: the triage team will decide.`,
      pressOf('passIntroduction', request.data),
    );
  }

  /** "Assign to" (triage managers): offered to the coordinator they choose. */
  async assign(context: TurnContext, data: unknown): Promise<OfferAnswer | string> {
    const actor = actorOf(context);
    const request = AssignRequest.safeParse(data);
    if (!actor || !request.success) return 'Please choose a coordinator.';
    const email = await teamsEmail(context);
    const viewer = await this.deps.service.viewerFor(actor, email);
    const { id, assignTo, assignReason } = request.data;
    // A triage manager may assign any introduction, but not one that is restricted (mayActOn).
    const current = await this.deps.introductions.get(id);
    if (!viewer.isTriageManager || !current || !mayActOn(current, viewer)) return NOT_FOUND;
    const decision = await this.deps.routing.assign(
      assignTo.toLowerCase(),
      actor.name,
      assignReason || undefined,
    );
    if (!decision?.coordinator) return 'That coordinator is not in the patch directory.';
    const at = this.now().toISOString();
    const coordinator = decision.coordinator;
    let handedOver = false;
    return this.move(
      context,
      actor,
      id,
      (latest) => {
        if (latest.restriction) return undefined;
        // A person whose coordinator left the directory: handed over, their support as it is.
        handedOver = latest.needsCoordinator !== undefined;
        if (latest.needsCoordinator) {
          const { needsCoordinator: _needed, ...rest } = latest;
          // The routing decision stays (where people decided the person belongs); who holds it changes.
          const handed = withEvent(
            { ...rest, coordinatorEmail: coordinator.email },
            {
              at,
              by: { aadObjectId: actor.aadObjectId, name: actor.name },
              type: 'handed-over',
              note: `Handed over to ${coordinator.name}${assignReason ? `: ${assignReason}` : ''}.`,
            },
          );
          return enqueue(handed, at, handoverNotification(handed, coordinator, actor.name));
        }
        if (latest.status !== 'offered' && latest.status !== 'with-triage') return undefined;
        const changed = changeStatus(latest, 'offered', actor, at, decision.explanation, 'assigned');
        if (!changed.ok) return undefined;
        const assigned: Introduction = {
          ...changed.introduction,
          routing: decision,
          coordinatorEmail: coordinator.email,
        };
        return enqueue(assigned, at, offerNotification(assigned));
      },
      () =>
        handedOver
          ? `Handed over to ${coordinator.name} (${decision.patch?.name}): the person is in their **my people** now.`
          : `Assigned to ${coordinator.name} (${decision.patch?.name}); it has been offered to them.`,
      pressOf('assignIntroduction', request.data),
    );
  }

  /**
   * "Record progress" (the patch's coordinators and managers): first conversation (level 1), walking
   * alongside (level 2), stepping back (never closed), or did not want support; what the person is
   * working on; outcomes as they happen.
   */
  async recordProgress(context: TurnContext, data: unknown): Promise<string> {
    const actor = actorOf(context);
    const request = ProgressRequest.safeParse(data);
    if (!actor || !request.success) return 'Please choose where things are.';
    const { id, progress, outcomes, workingOn, progressNote, firstConversationOn } = request.data;
    const current = await this.deps.introductions.get(id);
    if (!current || !(await this.mayAct(context, actor, current))) return NOT_FOUND;
    if (firstConversationOn && !isRealDate(firstConversationOn))
      return 'That day does not exist: please check the first conversation’s date.';
    const today = ukToday(this.now());
    const firstOn = firstConversationOn ?? today;
    if (firstOn > today) return 'The first conversation cannot be in the future: please check the date.';
    if (firstOn < current.createdAt.slice(0, 10))
      return 'The first conversation cannot be before the introduction was made: please check the date.';
    const at = this.now().toISOString();
    const by = { aadObjectId: actor.aadObjectId, name: actor.name };
    let refusal: string | undefined;
    let repeated = false;
    const press = pressOf('recordProgress', request.data);
    const updated = await this.deps.introductions.update(id, (latest) => {
      refusal = undefined;
      repeated = handledAlready(latest, press);
      if (repeated) return undefined;
      let next = latest;
      if (latest.status !== progress) {
        const changed = changeStatus(latest, progress, actor, at, progressNote || undefined);
        if (!changed.ok) {
          refusal = changed.reason;
          return undefined;
        }
        next = changed.introduction;
      } else if (progressNote) {
        next = withEvent(next, { at, by, type: 'note', note: progressNote });
      }
      const before = [...(latest.workingOn ?? [])].sort().join(',');
      if (workingOn.length > 0 && [...workingOn].sort().join(',') !== before) {
        next = {
          ...withEvent(next, {
            at,
            by,
            type: 'working-on',
            note: `Working on: ${workingOn.map((t) => THEMES[t]).join(', ')}.`,
          }),
          workingOn,
        };
      }
      const level: 1 | 2 | undefined =
        progress === 'in-touch' ? 1 : progress === 'walking-alongside' ? 2 : next.level;
      // The first conversation: recorded once, when the coordinator is first in touch.
      const talking = progress === 'in-touch' || progress === 'walking-alongside';
      if (talking && !next.firstConversation) {
        next = {
          ...withEvent(next, {
            at,
            by,
            type: 'note',
            note: `First conversation on ${formatDate(firstOn)}.`,
          }),
          firstConversation: { on: firstOn, by },
        };
      }
      return markHandled(
        {
          ...next,
          ...(level ? { level } : {}),
          outcomes: [...(next.outcomes ?? []), ...outcomes.map((outcome) => ({ outcome, at, by }))],
          updatedAt: at,
        },
        press,
      );
    });
    if (refusal) return refusal;
    if (!updated) return 'Not found.';
    if (repeated)
      return `${DONE_ALREADY} ${firstNameAndInitial(updated.person)} (${updated.reference}) is ${STATUS_WORDS[updated.status]}.`;
    await this.changed(updated, actor);
    // Counts, never the themes or outcomes themselves: an older client posts this answer in the chat.
    const recorded =
      outcomes.length > 0
        ? ` ${outcomes.length === 1 ? 'One outcome' : `${outcomes.length} outcomes`} recorded.`
        : '';
    const working = workingOn.length > 0 ? ' What they are working on is recorded.' : '';
    const stepBack = progress === 'stepped-back' ? ' They stay known, and can come back at any time.' : '';
    const first =
      updated.firstConversation && updated.firstConversation.on !== current.firstConversation?.on
        ? ` First conversation on ${formatDate(updated.firstConversation.on)}.`
        : '';
    return `Recorded for ${firstNameAndInitial(updated.person)} (${updated.reference}): ${STATUS_WORDS[updated.status]}.${first}${working}${recorded}${stepBack}`;
  }

  /** "Ask the introducer": a question card in their chat; their reply comes back here. */
  async ask(context: TurnContext, data: unknown): Promise<OfferAnswer | string> {
    const actor = actorOf(context);
    const request = AskRequest.safeParse(data);
    if (!actor || !request.success) return 'Please type your question.';
    const current = await this.deps.introductions.get(request.data.id);
    if (!current || !(await this.mayAct(context, actor, current))) return NOT_FOUND;
    // Made on the council's website: the introducer has no chat with the app to answer in.
    if (current.introducer.web) {
      // What is said here can be posted in a shared chat (older clients): no contact details in it;
      // they are in the coordinator's own view of the introduction.
      return this.answer(
        context,
        actor,
        current,
        current.introducer.web === 'self'
          ? `${firstNameAndInitial(current.person)} introduced themselves on the council's website: there is nobody else to ask. Contact them directly (their details are in your view).`
          : "This introduction was made on the council's website, by someone with no chat with the app: contact them directly (their details are in your view).",
      );
    }
    const asked = await this.deps.updates.ask(
      current,
      actor,
      request.data.question,
      pressOf('askIntroducer', request.data),
    );
    if (asked?.repeated) return this.answer(context, actor, asked.introduction, DONE_ALREADY);
    const updated = asked?.introduction;
    if (updated) await this.audited(updated.id, actor);
    return this.answer(
      context,
      actor,
      updated ?? current,
      `Asked ${current.introducer.name}: their reply will come to you in our chat. If they cannot be reached in Teams, I will tell you there.`,
    );
  }

  /** "Back to triage": the team decides, and it is posted for them; it leaves this coordinator's caseload. */
  async backToTriage(context: TurnContext, data: unknown): Promise<OfferAnswer | string> {
    const actor = actorOf(context);
    const request = TriageRequest.safeParse(data);
    if (!actor || !request.success) return 'Please say why the team should decide.';
    const { id, triageReason } = request.data;
    const current = await this.deps.introductions.get(id);
    if (!current || !(await this.mayAct(context, actor, current))) return NOT_FOUND;
    const at = this.now().toISOString();
    return this.move(
      context,
      actor,
      id,
      (latest) => {
        const changed = changeStatus(latest, 'with-triage', actor, at, triageReason, 'sent-back-to-triage');
        if (!changed.ok) return undefined;
        const { coordinatorEmail: _previous, ...rest } = changed.introduction;
        return enqueue(rest, at, { purpose: 'triage', to: { kind: 'triage' } });
      },
      // The reason goes to the team in their own view; the answer (which an older client posts in the
      // chat) does not repeat it.
      () => `Back with ${this.deps.directories.directory.triage.name}, with your reason.`,
      pressOf('backToTriage', request.data),
    );
  }

  /** "Accept" on the offer card. Permission from the activity: the patch's coordinators and triage managers. */
  async accept(context: TurnContext, data: unknown): Promise<OfferAnswer | string> {
    const actor = actorOf(context);
    const request = AcceptRequest.safeParse(data);
    if (!actor || !request.success) return NOT_FOUND;
    const email = await teamsEmail(context);
    const viewer = await this.deps.service.viewerFor(actor, email);
    // A coordinator of the patch who accepts an offer made to a colleague takes it into their own
    // caseload; a triage manager who is not a coordinator accepts it for the team, where it stays.
    const acceptor = coordinatorFor(this.deps.directories.directory, viewer);
    const at = this.now();
    let result: 'accepted' | 'already' | 'refused' = 'refused';
    const press = pressOf('acceptIntroduction', request.data);
    const updated = await this.deps.introductions.update(request.data.id, (current) => {
      if (!mayActOn(current, viewer)) {
        result = 'refused';
        return undefined;
      }
      if (handledAlready(current, press)) {
        result = 'already';
        return undefined;
      }
      const changed =
        current.status === 'offered' ? changeStatus(current, 'accepted', actor, at.toISOString()) : undefined;
      if (!changed?.ok) {
        result = 'already';
        return undefined;
      }
      result = 'accepted';
      const accepted: Introduction = {
        ...changed.introduction,
        acceptedBy: { aadObjectId: actor.aadObjectId, name: actor.name, at: at.toISOString() },
        ...(acceptor && viewer.coordinatesPatches.includes(patchOf(current) ?? '')
          ? { coordinatorEmail: acceptor.email }
          : {}),
      };
      return markHandled(enqueue(accepted, at.toISOString(), toldAccepted(accepted, actor.name)), press);
    });
    if (!updated || result === 'refused') return NOT_FOUND;
    if (result === 'already') {
      const by = updated.acceptedBy;
      return this.answer(
        context,
        actor,
        updated,
        by
          ? `Already accepted by ${by.aadObjectId === actor.aadObjectId ? 'you' : by.name} at ${timeAndDay(by.at)}.`
          : `No longer waiting to be accepted: it is ${STATUS_WORDS[updated.status]}.`,
      );
    }
    this.deps.logger.info({ introductionId: updated.id, status: 'accepted' }, 'introduction accepted');
    await this.changed(updated, actor);
    return this.answer(
      context,
      actor,
      updated,
      `Accepted by you at ${timeAndDay(at)}. ${firstNameAndInitial(updated.person)} is yours to contact.`,
    );
  }
}
