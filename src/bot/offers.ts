/**
 * Offering an introduction to its coordinator in Teams chat, and accepting it there.
 *
 * The offer card carries the least personal data that works (first name and initial, the
 * neighbourhood, the themes, who introduced, why this coordinator); details are opened from it by
 * those allowed to see them. Two people pressing Accept at the same moment get one winner: the
 * change is made with the document's ETag and the loser sees who accepted it and when.
 */
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { parseAway } from '../domain/away';
import { CASELOAD_STATUSES } from '../domain/caseload';
import {
  type Actor,
  firstNameAndInitial,
  type Introduction,
  mayActOn,
  OUTCOMES,
  type Outcome,
  patchOf,
  STATUS_WORDS,
  THEMES,
  withEvent,
} from '../domain/introduction';
import { changeStatus } from '../domain/lifecycle';
import { formatDate, reasonWithoutPostcode, ukToday } from '../domain/routing';
import type { Logger } from '../logger';
import type { DirectoryService } from '../services/directoryService';
import type { IntroductionService } from '../services/introductionService';
import type { RoutingService } from '../services/routingService';
import type { IntroductionRepository } from '../storage/introductionRepository';
import type { PeopleRepository } from '../storage/peopleRepository';
import type { Telemetry } from '../telemetry';
import { type AdaptiveCardJson, asAttachment, caseListCard, offerCard } from './cards';
import { actorOf, teamsEmail } from './identity';
import type { IntroducerUpdates } from './introducerUpdates';
import type { Messenger } from './messenger';

export const AcceptRequest = z.object({ id: z.string().uuid() });
export const PassRequest = z.object({
  id: z.string().uuid(),
  toPatch: z.string().regex(/^[a-z0-9-]{1,80}$/),
  reason: z.string().trim().min(1).max(500),
});
export const AssignRequest = z.object({
  id: z.string().uuid(),
  assignTo: z.string().email(),
  assignReason: z.string().trim().max(500).optional(),
});
export const ProgressRequest = z.object({
  id: z.string().uuid(),
  progress: z.enum(['in-touch', 'walking-alongside', 'stepped-back', 'did-not-want-support']),
  outcomes: z
    .string()
    .optional()
    .transform((text) =>
      (text ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(Object.keys(OUTCOMES) as [Outcome, ...Outcome[]]))),
  progressNote: z.string().trim().max(1000).optional(),
});
export const AskRequest = z.object({ id: z.string().uuid(), question: z.string().trim().min(1).max(1000) });
export const TriageRequest = z.object({
  id: z.string().uuid(),
  triageReason: z.string().trim().min(1).max(500),
});

const TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
});
const DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short' });

export interface OffersDependencies {
  introductions: IntroductionRepository;
  service: IntroductionService;
  people: PeopleRepository;
  messenger: Messenger;
  updates: IntroducerUpdates;
  directories: DirectoryService;
  routing: RoutingService;
  logger: Logger;
  clock?: () => Date;
  telemetry?: Telemetry;
}

export class Offers {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly deps: OffersDependencies) {}

  private now(): Date {
    return (this.deps.clock ?? (() => new Date()))();
  }

  card(introduction: Introduction, outcome?: string): AdaptiveCardJson {
    const themes = introduction.whatMatters.themes.map((t) => THEMES[t]).join(', ');
    return offerCard({
      id: introduction.id,
      heading:
        introduction.source === 'gp-practice'
          ? 'New introduction from a GP practice'
          : 'New introduction for you',
      who: firstNameAndInitial(introduction.person),
      reference: introduction.reference,
      where: introduction.routing.patch?.name ?? 'No patch',
      themes: themes || 'Not said yet',
      introducer: `${introduction.introducer.name}, ${introduction.introducer.organisation}`,
      why: reasonWithoutPostcode(introduction.routing),
      safety: introduction.person.visitSafety
        ? 'There is a note about visiting safely: read it before any visit.'
        : '',
      duplicates:
        introduction.possibleDuplicates.length > 0
          ? `Possibly introduced before in the last 60 days (${introduction.possibleDuplicates.length}): check before contacting.`
          : '',
      outcome: outcome ?? '',
      canAccept: outcome === undefined && introduction.status === 'offered',
      patches: this.deps.directories.directory.patches
        .filter((p) => p.id !== patchOf(introduction))
        .map((p) => ({ id: p.id, name: p.name })),
    });
  }

  /** Sends the offer to the chosen coordinator; records whether it could be delivered. */
  async offer(introduction: Introduction): Promise<'sent' | 'unreachable' | 'not-offered'> {
    const coordinator = introduction.routing.coordinator;
    if (introduction.status !== 'offered' || !coordinator) return 'not-offered';
    const aadObjectId =
      coordinator.aadObjectId ?? (await this.deps.people.findByEmail(coordinator.email))?.aadObjectId;
    const delivery = aadObjectId
      ? await this.deps.messenger.sendToUser(aadObjectId, {
          type: 'message',
          attachments: [asAttachment(this.card(introduction))],
        })
      : 'unreachable';
    const at = this.now().toISOString();
    await this.deps.introductions.update(introduction.id, (current) =>
      withEvent(current, {
        at,
        by: { aadObjectId: 'lac-front-door', name: 'LAC Front Door' },
        type: delivery === 'sent' ? 'offer-delivered' : 'coordinator-not-reachable',
        note:
          delivery === 'sent'
            ? `Offered to ${coordinator.name} in Teams.`
            : `${coordinator.name} could not be reached in Teams (the app may not be installed for them).`,
      }),
    );
    if (delivery !== 'sent')
      this.deps.logger.warn({ introductionId: introduction.id }, 'coordinator not reachable');
    return delivery;
  }

  /** Offers in the background, so the introducer's confirmation is not held up by Teams. */
  offerInBackground(introduction: Introduction): void {
    const work = this.offer(introduction)
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error, introductionId: introduction.id }, 'offer failed'),
      )
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** Resolves when every background offer has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** The directory's coordinator entry for this Teams user, by Entra object id or email. */
  private coordinatorFor(actor: Actor, email: string | undefined) {
    const people = this.deps.directories.directory.patches.flatMap((p) => p.coordinators);
    return people.find(
      (c) => c.aadObjectId === actor.aadObjectId || (email !== undefined && c.email === email.toLowerCase()),
    );
  }

  /** The coordinator behind this activity, or what to tell someone who is not one. */
  private async coordinatorOf(context: TurnContext) {
    const actor = actorOf(context);
    if (!actor) return "Sorry, I can't tell who you are from Teams.";
    const email = await teamsEmail(context);
    const coordinator = this.coordinatorFor(actor, email);
    if (!coordinator)
      return 'This is for Local Area Coordinators: you are not listed as one in the patch directory.';
    return { actor, coordinator };
  }

  /** "my people": a coordinator's offered and active introductions, with caseload against capacity. */
  async myPeople(context: TurnContext): Promise<AdaptiveCardJson | string> {
    const found = await this.coordinatorOf(context);
    if (typeof found === 'string') return found;
    const { coordinator } = found;
    const mine = await this.deps.introductions.listByCoordinator(coordinator.email, CASELOAD_STATUSES);
    const offered = mine.filter((i) => i.status === 'offered').length;
    return caseListCard({
      title: 'My people',
      summary: `${mine.length} of ${coordinator.capacity} (your capacity): ${offered} offered and waiting for you, ${mine.length - offered} accepted or walking alongside.${mine.length >= coordinator.capacity ? ' You are at capacity: your manager can see this.' : ''}`,
      items: mine.map((i) => ({
        id: i.id,
        who: firstNameAndInitial(i.person),
        reference: i.reference,
        detail: `${formatDate(i.createdAt.slice(0, 10))} · ${i.routing.patch?.name ?? ''}`,
        status: STATUS_WORDS[i.status],
      })),
    });
  }

  /** "away from … to … cover …" and "back": a coordinator's own time away, used by routing at once. */
  async setAway(context: TurnContext, argument: string, back: boolean): Promise<string> {
    const found = await this.coordinatorOf(context);
    if (typeof found === 'string') return found;
    const { actor, coordinator } = found;
    const at = this.now().toISOString();
    const setBy = { aadObjectId: actor.aadObjectId, name: actor.name };
    if (back) {
      await this.deps.directories.setAway({ email: coordinator.email, away: null, setBy, at });
      return 'Welcome back. New introductions for your patch come to you again.';
    }
    const parsed = parseAway(argument, ukToday(this.now()));
    if (!parsed.ok) return parsed.message;
    let cover: string | undefined;
    if (parsed.cover) {
      const wanted = parsed.cover.toLowerCase();
      const people = this.deps.directories.directory.patches.flatMap((p) => p.coordinators);
      const match = people.find((c) => c.email === wanted || c.name.toLowerCase() === wanted);
      if (!match)
        return `I can't find a coordinator called "${parsed.cover}" in the patch directory. Use their full name or email.`;
      if (match.email === coordinator.email)
        return 'You cannot cover for yourself: name someone else, or leave cover out.';
      cover = match.email;
    }
    const away = cover ? { from: parsed.from, to: parsed.to, cover } : { from: parsed.from, to: parsed.to };
    await this.deps.directories.setAway({ email: coordinator.email, away, setBy, at });
    this.deps.logger.info({ coordinatorSetAway: true }, 'time away set');
    const coverName = cover
      ? this.deps.directories.directory.patches.flatMap((p) => p.coordinators).find((c) => c.email === cover)
          ?.name
      : undefined;
    return `Noted: away from ${formatDate(parsed.from)} to ${formatDate(parsed.to)}. ${
      coverName
        ? `New introductions for your patch go to ${coverName} meanwhile.`
        : 'New introductions go to the others in your patch meanwhile, or to triage.'
    } Type **back** if you return early.`;
  }

  /** "team queue": for triage managers, everything waiting for a person to act, oldest first. */
  async teamQueue(context: TurnContext): Promise<AdaptiveCardJson | string> {
    const actor = actorOf(context);
    if (!actor) return "Sorry, I can't tell who you are from Teams.";
    const email = await teamsEmail(context);
    if (!this.deps.service.viewerFor(actor, email).isTriageManager) {
      return 'This is for the triage managers named in the patch directory.';
    }
    const waiting = await this.deps.introductions.listByStatus(['with-triage', 'offered']);
    const flags = (i: Introduction) => {
      const found: string[] = [];
      if (i.status === 'with-triage')
        found.push(`in triage: ${i.routing.triageReason?.replace(/-/g, ' ') ?? 'to decide'}`);
      if (i.routing.overCapacity) found.push('over capacity');
      if (i.events.some((e) => e.type === 'coordinator-not-reachable')) found.push('offer not delivered');
      if (i.routing.needsConfirmation) found.push('patch to confirm');
      return found;
    };
    return caseListCard({
      title: 'Team queue',
      summary:
        waiting.length === 0
          ? 'Nothing is waiting: every introduction has been accepted.'
          : `${waiting.length} waiting for someone to act, oldest first.`,
      items: waiting.map((i) => ({
        id: i.id,
        who: firstNameAndInitial(i.person),
        reference: i.reference,
        detail: [formatDate(i.createdAt.slice(0, 10)), i.routing.patch?.name ?? 'no patch', ...flags(i)].join(
          ' · ',
        ),
        status: STATUS_WORDS[i.status],
      })),
    });
  }

  /** May this person act on introductions in this patch? (From the activity, never card data.) */
  private async mayAct(context: TurnContext, actor: Actor, introduction: Introduction): Promise<boolean> {
    return mayActOn(introduction, this.deps.service.viewerFor(actor, await teamsEmail(context)));
  }

  /** "Pass to another patch": routed there with the reason, offered to its coordinator, the introducer told. */
  async pass(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const actor = actorOf(context);
    const request = PassRequest.safeParse(data);
    if (!actor || !request.success) return 'Please choose a patch and say why.';
    const { id, toPatch, reason } = request.data;
    const current = await this.deps.introductions.get(id);
    if (!current || !(await this.mayAct(context, actor, current)))
      return 'Not found. It may have been mistyped, or it is not one you can act on.';
    if (patchOf(current) === toPatch) return this.card(current, 'It is already in that patch.');
    const decision = await this.deps.routing.passTo(toPatch, actor.name, reason);
    if (!decision) return 'That patch is not in the directory any more.';
    const at = this.now().toISOString();
    let moved = false;
    const updated = await this.deps.introductions.update(id, (latest) => {
      if (latest.status !== 'offered' && latest.status !== 'with-triage') return undefined;
      const changed = changeStatus(
        latest,
        decision.outcome === 'patch' ? 'offered' : 'with-triage',
        actor,
        at,
        decision.explanation,
      );
      if (!changed.ok) return undefined;
      moved = true;
      const { coordinatorEmail: _previous, ...rest } = changed.introduction;
      return {
        ...rest,
        routing: decision,
        ...(decision.coordinator ? { coordinatorEmail: decision.coordinator.email } : {}),
      };
    });
    if (!updated || !moved) {
      return updated
        ? this.card(updated, `It has moved on meanwhile: ${STATUS_WORDS[updated.status]}.`)
        : 'Not found.';
    }
    this.offerInBackground(updated);
    await this.deps.updates
      .passed(updated, decision.patch?.name ?? 'another patch', reason)
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error, introductionId: id }, 'introducer not told'),
      );
    this.deps.telemetry?.event('IntroductionStateChanged', {
      introductionId: id,
      to: updated.status,
      patchId: patchOf(updated),
    });
    return this.card(
      updated,
      decision.coordinator
        ? `Passed to ${decision.patch?.name}: offered to ${decision.coordinator.name}.`
        : `Passed to ${decision.patch?.name}, where nobody can take it now: the triage team will decide.`,
    );
  }

  /** "Assign to" (triage managers, from the introduction's card): offered to the named coordinator. */
  async assign(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const actor = actorOf(context);
    const request = AssignRequest.safeParse(data);
    if (!actor || !request.success) return 'Please choose a coordinator.';
    const email = await teamsEmail(context);
    if (!this.deps.service.viewerFor(actor, email).isTriageManager) {
      return 'Not found. It may have been mistyped, or it is not one you can act on.';
    }
    const { id, assignTo, assignReason } = request.data;
    const decision = await this.deps.routing.assign(
      assignTo.toLowerCase(),
      actor.name,
      assignReason || undefined,
    );
    if (!decision?.coordinator) return 'That coordinator is not in the patch directory.';
    const at = this.now().toISOString();
    let moved = false;
    const updated = await this.deps.introductions.update(id, (latest) => {
      if (latest.status !== 'offered' && latest.status !== 'with-triage') return undefined;
      const changed = changeStatus(latest, 'offered', actor, at, decision.explanation);
      if (!changed.ok) return undefined;
      moved = true;
      return {
        ...changed.introduction,
        routing: decision,
        coordinatorEmail: decision.coordinator?.email,
      } as Introduction;
    });
    if (!updated) return 'Not found.';
    if (!moved) return `It has moved on meanwhile: ${STATUS_WORDS[updated.status]}.`;
    this.offerInBackground(updated);
    this.deps.telemetry?.event('IntroductionStateChanged', {
      introductionId: id,
      to: 'offered',
      patchId: patchOf(updated),
    });
    return `Assigned to ${decision.coordinator.name} (${decision.patch?.name}); it has been offered to them.`;
  }

  /**
   * "Record progress" (the patch's coordinators and managers): first conversation (level 1), walking
   * alongside (level 2), stepping back (never closed), or did not want support; outcomes as they happen.
   */
  async recordProgress(context: TurnContext, data: unknown): Promise<string> {
    const actor = actorOf(context);
    const request = ProgressRequest.safeParse(data);
    if (!actor || !request.success) return 'Please choose where things are.';
    const { id, progress, outcomes, progressNote } = request.data;
    const current = await this.deps.introductions.get(id);
    if (!current || !(await this.mayAct(context, actor, current)))
      return 'Not found. It may have been mistyped, or it is not one you can act on.';
    const at = this.now().toISOString();
    let refusal: string | undefined;
    const updated = await this.deps.introductions.update(id, (latest) => {
      let next = latest;
      if (latest.status !== progress) {
        const changed = changeStatus(latest, progress, actor, at, progressNote || undefined);
        if (!changed.ok) {
          refusal = changed.reason;
          return undefined;
        }
        next = changed.introduction;
      } else if (progressNote) {
        next = withEvent(next, {
          at,
          by: { aadObjectId: actor.aadObjectId, name: actor.name },
          type: 'note',
          note: progressNote,
        });
      }
      const by = { aadObjectId: actor.aadObjectId, name: actor.name };
      const level: 1 | 2 | undefined =
        progress === 'in-touch' ? 1 : progress === 'walking-alongside' ? 2 : next.level;
      return {
        ...next,
        ...(level ? { level } : {}),
        outcomes: [...(next.outcomes ?? []), ...outcomes.map((outcome) => ({ outcome, at, by }))],
        updatedAt: at,
      };
    });
    if (refusal) return refusal;
    if (!updated) return 'Not found.';
    this.deps.telemetry?.event('IntroductionStateChanged', {
      introductionId: id,
      to: updated.status,
      patchId: patchOf(updated),
    });
    const recorded = outcomes.length > 0 ? ` Outcomes: ${outcomes.map((o) => OUTCOMES[o]).join(', ')}.` : '';
    const stepBack = progress === 'stepped-back' ? ' They stay known, and can come back at any time.' : '';
    return `Recorded for ${firstNameAndInitial(updated.person)} (${updated.reference}): ${STATUS_WORDS[updated.status]}.${recorded}${stepBack}`;
  }

  /** "Ask the introducer": a question card in their chat; their reply comes back here. */
  async ask(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const actor = actorOf(context);
    const request = AskRequest.safeParse(data);
    if (!actor || !request.success) return 'Please type your question.';
    const current = await this.deps.introductions.get(request.data.id);
    if (!current || !(await this.mayAct(context, actor, current)))
      return 'Not found. It may have been mistyped, or it is not one you can act on.';
    const { delivery, introduction: updated } = await this.deps.updates.ask(
      current,
      actor,
      request.data.question,
    );
    return this.card(
      updated,
      delivery === 'sent'
        ? `Asked ${current.introducer.name}. Their reply will come to you here.`
        : `${current.introducer.name} could not be reached in Teams; the question is saved with the introduction. Their phone: ${current.introducer.phone ?? 'not given'}.`,
    );
  }

  /** "Back to triage": the team decides; it leaves this coordinator's caseload. */
  async backToTriage(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const actor = actorOf(context);
    const request = TriageRequest.safeParse(data);
    if (!actor || !request.success) return 'Please say why the team should decide.';
    const { id, triageReason } = request.data;
    const current = await this.deps.introductions.get(id);
    if (!current || !(await this.mayAct(context, actor, current)))
      return 'Not found. It may have been mistyped, or it is not one you can act on.';
    const at = this.now().toISOString();
    let moved = false;
    const updated = await this.deps.introductions.update(id, (latest) => {
      const changed = changeStatus(latest, 'with-triage', actor, at, triageReason);
      if (!changed.ok) return undefined;
      moved = true;
      const { coordinatorEmail: _previous, ...rest } = changed.introduction;
      return rest;
    });
    if (!updated) return 'Not found.';
    if (!moved) return this.card(updated, `It has moved on meanwhile: ${STATUS_WORDS[updated.status]}.`);
    this.deps.telemetry?.event('IntroductionStateChanged', {
      introductionId: id,
      to: 'with-triage',
      patchId: patchOf(updated),
    });
    return this.card(updated, `Back with ${this.deps.directories.directory.triage.name}: ${triageReason}`);
  }

  /** "Accept" on the offer card. Permission from the activity: the patch's coordinators and triage managers. */
  async accept(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const actor = actorOf(context);
    const request = AcceptRequest.safeParse(data);
    const notFound = 'Not found. It may have been mistyped, or it is not one you can act on.';
    if (!actor || !request.success) return notFound;
    const email = await teamsEmail(context);
    const viewer = this.deps.service.viewerFor(actor, email);
    const at = this.now();
    let result: 'accepted' | 'already' | 'refused' = 'refused';
    const updated = await this.deps.introductions.update(request.data.id, (current) => {
      if (!mayActOn(current, viewer)) {
        result = 'refused';
        return undefined;
      }
      if (current.status !== 'offered') {
        result = 'already';
        return undefined;
      }
      const changed = changeStatus(current, 'accepted', actor, at.toISOString());
      if (!changed.ok) {
        result = 'already';
        return undefined;
      }
      result = 'accepted';
      return {
        ...changed.introduction,
        acceptedBy: { aadObjectId: actor.aadObjectId, name: actor.name, at: at.toISOString() },
      };
    });
    if (!updated || result === 'refused') return notFound;
    if (result === 'already') {
      const by = updated.acceptedBy;
      return this.card(
        updated,
        by
          ? `Already accepted by ${by.aadObjectId === actor.aadObjectId ? 'you' : by.name} at ${TIME.format(new Date(by.at))} on ${DAY.format(new Date(by.at))}.`
          : `No longer waiting to be accepted: it is ${updated.status.replace(/-/g, ' ')}.`,
      );
    }
    this.deps.logger.info({ introductionId: updated.id, status: 'accepted' }, 'introduction accepted');
    this.deps.telemetry?.event('IntroductionStateChanged', {
      introductionId: updated.id,
      to: 'accepted',
      patchId: patchOf(updated),
    });
    await this.deps.updates
      .accepted(updated, actor.name)
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error, introductionId: updated.id }, 'introducer not told'),
      );
    return this.card(
      updated,
      `Accepted by you at ${TIME.format(at)}. ${firstNameAndInitial(updated.person)} is yours to contact.`,
    );
  }
}
