/**
 * The case lists: "my people" (a coordinator's offered and active introductions, against their
 * capacity) and "team queue" (everything waiting for someone to act, for triage managers). Posted,
 * a list carries the least that works; its reader's own view (its `refresh`, or "Show my view")
 * adds what each person is working on, or why each is waiting. Every listing is audited.
 */
import type { TurnContext } from 'botbuilder';
import { CASELOAD_STATUSES } from '../../domain/directory/caseload';
import type { Directory } from '../../domain/directory/directory';
import { formatDate, ukToday } from '../../domain/directory/routing';
import { type ContactExpectation, daysPastUsual } from '../../domain/introductions/expectedContact';
import {
  firstNameAndInitial,
  type Introduction,
  mayActOn,
  referenceBecause,
  STATUS_WORDS,
  THEMES,
  withEvent,
} from '../../domain/introductions/introduction';
import { offeredAt } from '../../domain/outbox/nudges';
import { stillUnreached } from '../../domain/outbox/outbox';
import type { IntroductionService } from '../../services/introductions/introductionService';
import type { IntroductionRepository } from '../../storage/introductions/introductionRepository';
import type { AdaptiveCardJson } from '../cards/adaptiveCards';
import { coordinatorOf } from '../coordinators';
import { actorOf, teamsEmail } from '../identity';
import { noteListed } from '../listedCards';
import { caseListCard } from './cards';

export class CaseLists {
  constructor(
    private readonly deps: {
      introductions: Pick<
        IntroductionRepository,
        'listByCoordinator' | 'listForTeamQueue' | 'findByReference' | 'update'
      >;
      service: Pick<IntroductionService, 'viewerFor' | 'recordListed' | 'recordChange'>;
      directory: () => Directory;
      /** Working days an offer waits before a reminder (shown in the team queue). */
      reminderWorkingDays: number;
      /** When people can expect a first conversation, by patch (src/services/introductions/expectedContactService.ts). */
      expectedContact?: (patchId: string | undefined) => Promise<ContactExpectation>;
      clock?: () => Date;
    },
  ) {}

  /**
   * "told LAC-7K4M-QX because I phoned Dev": a triage manager told whoever the team queue shows as
   * not reached another way (by phone, in person); an event says who, when and how, and the flag
   * goes. Without it, someone who is never sent another message would be flagged for good.
   */
  async toldAnotherWay(context: TurnContext, typed: string): Promise<string> {
    const actor = actorOf(context);
    if (!actor) return "Sorry, I can't tell who you are from Teams.";
    const viewer = await this.deps.service.viewerFor(actor, await teamsEmail(context));
    if (!viewer.isTriageManager) return 'This is for the triage managers named in the patch directory.';
    const typedIn = referenceBecause(typed);
    if (!typedIn)
      return 'Give the reference and how you told them, for example: told LAC-7K4M-QX because I phoned Dev.';
    const { reference, because: how } = typedIn;
    const found = await this.deps.introductions.findByReference(reference);
    if (!found || !mayActOn(found, viewer)) return `There is no introduction ${reference} you may act on.`;
    const at = (this.deps.clock ?? (() => new Date()))().toISOString();
    let told: string[] = [];
    await this.deps.introductions.update(found.id, (latest) => {
      told = stillUnreached(latest).map((to) => (to.kind === 'person' ? to.name : 'the triage team'));
      if (told.length === 0) return undefined;
      return withEvent(latest, {
        at,
        by: { aadObjectId: actor.aadObjectId, name: actor.name },
        type: 'told-another-way',
        note: `${told.join(' and ')} told another way: ${how}`,
      });
    });
    if (told.length === 0) return `Nobody is shown as not reached on ${reference}: nothing changed.`;
    await this.deps.service.recordChange(found.id, actor);
    return `${reference}: ${told.join(' and ')} no longer shown as not reached, with how you told them.`;
  }

  /**
   * "my people": a coordinator's offered and active introductions. Posted (typed), the list carries
   * the least that works; the coordinator's own view (`view`: its refresh, or "Show my view") adds
   * what each person is working on and the caseload against capacity.
   */
  async myPeople(context: TurnContext, view = false): Promise<AdaptiveCardJson | string> {
    const found = await coordinatorOf(context, this.deps);
    if (typeof found === 'string') return found;
    const { coordinator } = found;
    // A restricted record is in no list.
    const mine = (
      await this.deps.introductions.listByCoordinator(coordinator.email, CASELOAD_STATUSES)
    ).filter((i) => !i.restriction);
    await this.deps.service.recordListed(
      mine.map((i) => i.id),
      found.actor,
      'my people',
    );
    noteListed(
      context,
      mine.map((i) => i.id),
    );
    const offered = mine.filter((i) => i.status === 'offered').length;
    return caseListCard({
      title: 'My people',
      summary: view
        ? `${mine.length} of ${coordinator.capacity} (your capacity): ${offered} offered and waiting for you, ${mine.length - offered} accepted or walking alongside.${mine.length >= coordinator.capacity ? ' You are at capacity: your manager can see this.' : ''}`
        : 'The people offered to you and those you walk alongside. What each is working on and your caseload are in your own view: "Show my view".',
      items: mine.map((i) => ({
        id: i.id,
        who: firstNameAndInitial(i.person),
        reference: i.reference,
        detail: [
          formatDate(i.createdAt.slice(0, 10)),
          i.routing.patch?.name ?? '',
          ...(view && i.workingOn?.length
            ? [`working on ${i.workingOn.map((t) => THEMES[t].toLowerCase()).join(', ')}`]
            : []),
        ]
          .filter(Boolean)
          .join(' · '),
        status: STATUS_WORDS[i.status],
      })),
      ...this.ownView(context, view, 'myPeople'),
    });
  }

  /** A posted list refreshes into its reader's own view; the view itself does not. */
  private ownView(
    context: TurnContext,
    view: boolean,
    verb: string,
  ): { viewVerb?: string; userIds?: string[] } {
    const reader = context.activity.from?.id;
    return view || !reader ? {} : { viewVerb: verb, userIds: [reader] };
  }

  /**
   * "team queue": for triage managers, everything waiting for a person, oldest first: in triage,
   * offered and not accepted, over capacity, and anyone who could not be reached. Posted, the list
   * carries the least that works; why each is waiting is in the manager's own view (`view`).
   */
  async teamQueue(context: TurnContext, view = false): Promise<AdaptiveCardJson | string> {
    const actor = actorOf(context);
    if (!actor) return "Sorry, I can't tell who you are from Teams.";
    const email = await teamsEmail(context);
    if (!(await this.deps.service.viewerFor(actor, email)).isTriageManager) {
      return 'This is for the triage managers named in the patch directory.';
    }
    const statuses = ['with-triage', 'offered'] as const;
    // Offered or accepted, and past the usual time for a first conversation: the team sees it too.
    const today = ukToday((this.deps.clock ?? (() => new Date()))());
    const expectations = new Map<string, ContactExpectation>();
    const pastUsual = async (i: Introduction) => {
      const patch = i.routing.patch?.id ?? '';
      if (!expectations.has(patch))
        expectations.set(patch, (await this.deps.expectedContact?.(patch || undefined)) ?? { kind: 'none' });
      return daysPastUsual(
        {
          status: i.status,
          createdDay: ukToday(new Date(i.createdAt)),
          hadFirstConversation: i.firstConversation !== undefined,
        },
        expectations.get(patch) ?? { kind: 'none' },
        today,
      );
    };
    const listed = await this.deps.introductions.listForTeamQueue([...statuses, 'accepted']);
    const late = new Map<string, { waited: number; usual: number }>();
    for (const i of listed) {
      const past = await pastUsual(i);
      if (past) late.set(i.id, past);
    }
    // A stored flag is brought up to date on the record's next write; until then, it is read again
    // here, so someone not reached who no longer matters does not keep a record in the queue.
    const waiting = listed.filter(
      (i) =>
        !i.restriction &&
        ((statuses as readonly string[]).includes(i.status) ||
          i.needsCoordinator !== undefined ||
          stillUnreached(i).length > 0 ||
          late.has(i.id)),
    );
    await this.deps.service.recordListed(
      waiting.map((i) => i.id),
      actor,
      'team queue',
    );
    noteListed(
      context,
      waiting.map((i) => i.id),
    );
    const days = this.deps.reminderWorkingDays;
    const flags = (i: Introduction) => {
      const found: string[] = [];
      // Reminders count from the latest offer: an offer made again starts afresh.
      const since = offeredAt(i) ?? '';
      const has = (type: string) => i.events.some((e) => e.type === type && e.at >= since);
      if (i.status === 'with-triage')
        found.push(`in triage: ${i.routing.triageReason?.replace(/-/g, ' ') ?? 'to decide'}`);
      if (i.status === 'offered' && i.routing.overCapacity) found.push('over capacity');
      if (i.status === 'offered' && has('raised-with-triage'))
        found.push(`not accepted in ${2 * days} working days`);
      else if (i.status === 'offered' && has('reminder-sent')) found.push('reminded');
      for (const to of stillUnreached(i)) {
        found.push(to.kind === 'person' ? `${to.role} not reached` : 'triage team not reached');
      }
      if (i.routing.needsConfirmation) found.push('patch to confirm');
      if (i.needsCoordinator) found.push(`${i.needsCoordinator.formerCoordinator} left: assign someone`);
      const past = late.get(i.id);
      if (past)
        found.push(
          `no first conversation after ${past.waited} working days (most here within ${past.usual})`,
        );
      return found;
    };
    return caseListCard({
      title: 'Team queue',
      summary:
        waiting.length === 0
          ? 'Nothing is waiting: every introduction has been accepted and everyone reached.'
          : `${waiting.length} waiting for someone to act, oldest first.`,
      items: waiting.map((i) => ({
        id: i.id,
        who: firstNameAndInitial(i.person),
        reference: i.reference,
        // Why each is waiting (reasons, capacity, who was not reached) is in the manager's own view.
        detail: [
          formatDate(i.createdAt.slice(0, 10)),
          i.routing.patch?.name ?? 'no patch',
          ...(view ? flags(i) : []),
        ].join(' · '),
        status: i.needsCoordinator ? 'needs a coordinator' : STATUS_WORDS[i.status],
      })),
      ...this.ownView(context, view, 'teamQueue'),
    });
  }
}
