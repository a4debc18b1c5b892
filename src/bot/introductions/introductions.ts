/**
 * The introducer's journey in Teams: the introduction card (and the GP practice variant), sending
 * it, the confirmation, "my introductions" and each introduction's timeline.
 *
 * Identity always comes from the activity (`from.aadObjectId`, the tenant); card data only carries
 * what the person typed, an idempotency key and a page or id, all parsed with zod.
 */
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Directory } from '../../domain/directory/directory';
import { formatDate, ukToday } from '../../domain/directory/routing';
import {
  type ContactExpectation,
  daysPastUsual,
  expectationWords,
} from '../../domain/introductions/expectedContact';
import {
  type Actor,
  CORRECTABLE,
  canSeeDetails,
  firstNameAndInitial,
  type Introduction,
  type IntroductionEvent,
  mayActOn,
  STATUS_WORDS,
  THEMES,
} from '../../domain/introductions/introduction';
import type { FormVariant } from '../../domain/introductions/introductionForm';
import {
  AVOIDED_KINDS,
  ETHNIC_GROUPS,
  ETHNICITIES,
  PREFER_NOT_TO_SAY,
} from '../../domain/introductions/monitoringData';
import type { Logger } from '../../logger';
import type { IntroductionService, SubmitResult } from '../../services/introductions/introductionService';
import type { IntroductionSummary } from '../../storage/introductions/introductionRepository';
import type { AdaptiveCardJson } from '../cards/adaptiveCards';
import { actorOf, isPartner, teamsEmail } from '../identity';
import { noteListed } from '../listedCards';
import {
  type IntroductionTimelineData,
  introductionFormCard,
  introductionSentCard,
  introductionTimelineCard,
  myIntroductionsCard,
} from './cards';

export const PAGE_SIZE = 10;

/** Events only the patch's coordinators and the triage managers see in the timeline. */
const TEAM_ONLY_EVENTS: ReadonlySet<IntroductionEvent['type']> = new Set([
  'note',
  'working-on',
  'delivered',
  'reminder-sent',
  'raised-with-triage',
  'triage-not-reachable',
  'introducer-not-reachable',
  'delivery-failed',
  // Monitoring is recorded with the person, for the team: not the introducer's to see.
  'equalities-recorded',
  'wellbeing-recorded',
  'avoided-proposed',
  'avoided-decided',
  'restricted',
  'restriction-lifted',
  'detail-corrected',
  'detail-disputed',
  // Who coordinates is the team's business: a leaver's people are handed over within it.
  'coordinator-left',
  'coordinator-email-changed',
  'handed-over',
  // Who the team could not reach, and told another way: the team's business.
  'told-another-way',
]);

export const SubmitEnvelope = z.object({
  idempotencyKey: z.string().uuid(),
  variant: z.enum(['introduction', 'frequent-attender']),
});
export const PageRequest = z.object({ page: z.coerce.number().int().min(1).max(1000).default(1) });
export const OpenRequest = z.object({ id: z.string().uuid() });
export const WithdrawRequest = z.object({
  id: z.string().uuid(),
  withdrawNote: z.string().max(1000).optional(),
});

export interface IntroductionsDependencies {
  introductions: IntroductionService;
  logger: Logger;
  safeguarding: () => string;
  triageName: () => string;
  /** The patch directory in force (for the coordinators a manager may assign to). */
  directory: () => Directory;
  /** The council's own tenant; any other allowed tenant is a partner's. */
  homeTenantId?: string;
  /** When the person can expect a first conversation, for the confirmation (src/services/introductions/expectedContactService.ts). */
  expectedContact?: (patchId: string | undefined) => Promise<ContactExpectation>;
  clock?: () => Date;
}

/** Text of a Teams message (HTML) for a form field. */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Replaces each Action.Execute with its Action.Submit fallback, for dialogs. */
export function forDialog(card: AdaptiveCardJson): AdaptiveCardJson {
  const swap = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(swap);
    if (node && typeof node === 'object') {
      const element = node as Record<string, unknown>;
      if (element.type === 'Action.Execute' && element.fallback && typeof element.fallback === 'object')
        return element.fallback;
      return Object.fromEntries(Object.entries(element).map(([key, value]) => [key, swap(value)]));
    }
    return node;
  };
  return swap(card) as AdaptiveCardJson;
}

const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

function when(iso: string): string {
  return DATE_TIME.format(new Date(iso));
}

function whereOf(introduction: Pick<Introduction, 'routing'>, triageName: string): string {
  return introduction.routing.patch?.name ?? `${triageName} (no patch yet)`;
}

export class IntroductionsBot {
  constructor(private readonly deps: IntroductionsDependencies) {}

  async formCard(context: TurnContext, variant: FormVariant): Promise<AdaptiveCardJson> {
    return introductionFormCard({
      variant,
      idempotencyKey: randomUUID(),
      safeguarding: this.deps.safeguarding(),
      introducer: { name: context.activity.from?.name ?? '', email: await teamsEmail(context) },
    });
  }

  async submit(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    return (await this.submitWithOutcome(context, data)).answer;
  }

  /** Sends the introduction; says whether it was sent, for callers that answer differently. */
  async submitWithOutcome(
    context: TurnContext,
    data: unknown,
  ): Promise<{ sent: boolean; answer: AdaptiveCardJson | string; reference?: string }> {
    const actor = actorOf(context);
    if (!actor) {
      return {
        sent: false,
        answer:
          "Sorry, I can't tell who you are from Teams, so I can't send this. Please try again from Teams itself.",
      };
    }
    const envelope = SubmitEnvelope.safeParse(data);
    if (!envelope.success) {
      // A card from an older version, or tampered with: a fresh form.
      return { sent: false, answer: await this.formCard(context, 'introduction') };
    }
    const { variant, idempotencyKey } = envelope.data;
    const email = await teamsEmail(context);
    const result = await this.deps.introductions.submit({
      actor,
      actorEmail: email,
      partner: isPartner(actor, this.deps.homeTenantId),
      variant,
      idempotencyKey,
      data,
    });
    const answer = await this.cardFor(result, {
      variant,
      idempotencyKey,
      introducer: { name: actor.name, email },
    });
    const sent = result.outcome === 'created' || result.outcome === 'already-sent';
    return sent ? { sent, answer, reference: result.introduction.reference } : { sent, answer };
  }

  /**
   * The message action ("Introduce to Local Area Coordination" on any message, or from the compose
   * box): the same form in a dialog, with the message's text in "anything else". Dialogs do not run
   * Universal Actions, so its button is the Action.Submit fallback.
   */
  async dialogForm(context: TurnContext, messageHtml: string | undefined): Promise<AdaptiveCardJson> {
    const card = introductionFormCard({
      variant: 'introduction',
      idempotencyKey: randomUUID(),
      values: messageHtml ? { anythingElse: plainText(messageHtml).slice(0, 2000) } : {},
      safeguarding: this.deps.safeguarding(),
      introducer: { name: context.activity.from?.name ?? '', email: await teamsEmail(context) },
    });
    return forDialog(card);
  }

  private async cardFor(
    result: SubmitResult,
    form: { variant: FormVariant; idempotencyKey: string; introducer: { name: string; email?: string } },
  ): Promise<AdaptiveCardJson | string> {
    const safeguarding = this.deps.safeguarding();
    switch (result.outcome) {
      case 'invalid': {
        const count = Object.keys(result.errors).length;
        return introductionFormCard({
          ...form,
          values: result.values,
          errors: result.errors,
          safeguarding,
          banner: {
            style: 'attention',
            text:
              result.errors.consent || result.errors.safeguardingRaised
                ? 'Not sent yet. Please see the note below: everything you typed is still here.'
                : `Not sent yet: please check the ${count === 1 ? 'field' : `${count} fields`} marked below. Everything you typed is still here.`,
          },
        });
      }
      case 'store-unavailable':
        return introductionFormCard({
          ...form,
          values: result.values,
          safeguarding,
          banner: {
            style: 'attention',
            text: 'Your introduction was NOT sent: we could not save it just now. Everything you typed is still here. Please press "Send" again in a minute.',
          },
        });
      case 'not-yours':
        return 'This form has already been used by someone else. Type **introduce** to start a new one.';
      case 'created':
      case 'already-sent':
        return this.sentCard(
          result.introduction,
          result.outcome === 'already-sent',
          (await this.deps.expectedContact?.(result.introduction.routing.patch?.id)) ?? { kind: 'none' },
        );
    }
  }

  private sentCard(
    introduction: Introduction,
    already: boolean,
    expectation: ContactExpectation,
  ): AdaptiveCardJson {
    const when = expectationWords(expectation);
    const who = firstNameAndInitial(introduction.person);
    const coordinator = introduction.routing.coordinator;
    const triageName = this.deps.triageName();
    return introductionSentCard({
      heading: already ? 'Already sent: this is the same introduction' : 'Introduction sent',
      reference: introduction.reference,
      who,
      where: whereOf(introduction, triageName),
      coordinator: coordinator?.name ?? 'The LAC team will decide who can help',
      next: coordinator
        ? `${coordinator.name} has been offered the introduction and will get in touch with ${who.split(' ')[0]} to talk about what matters to them.${when ? ` ${when}` : ''}`
        : `${triageName} will decide who can help and you will hear here. ${introduction.routing.triageReason === 'no-rule' ? 'No patch covers this address yet; introductions are still welcome.' : ''}`.trim(),
    });
  }

  async myIntroductions(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const actor = actorOf(context);
    if (!actor) return "Sorry, I can't tell who you are from Teams.";
    const { page } = PageRequest.parse(PageRequest.safeParse(data).success ? data : {});
    const all = await this.deps.introductions.listMine(actor);
    const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
    const current = Math.min(page, pages);
    const shown = all.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
    await this.deps.introductions.recordListed(
      shown.map((s) => s.id),
      actor,
      'my introductions',
    );
    noteListed(
      context,
      shown.map((i) => i.id),
    );
    const triageName = this.deps.triageName();
    // Past the usual time with no first conversation yet: said, so the introducer can ask.
    const today = ukToday((this.deps.clock ?? (() => new Date()))());
    const late = new Map<string, string>();
    for (const summary of shown) {
      const expectation = await this.deps.expectedContact?.(summary.patchId);
      const past = expectation
        ? daysPastUsual(
            {
              status: summary.status,
              createdDay: ukToday(new Date(summary.createdAt)),
              hadFirstConversation: false,
            },
            expectation,
            today,
          )
        : undefined;
      if (past)
        late.set(
          summary.id,
          ` · no first conversation yet after ${past.waited} working days (most here within ${past.usual})`,
        );
    }
    return myIntroductionsCard({
      summary:
        all.length === 0
          ? 'You have not made any introductions yet. Type **introduce** to make one.'
          : `${all.length} introduction${all.length === 1 ? '' : 's'}, newest first${pages > 1 ? ` (page ${current} of ${pages})` : ''}.`,
      items: shown.map((summary: IntroductionSummary) => ({
        id: summary.id,
        reference: summary.reference,
        who: firstNameAndInitial(summary),
        date: formatDate(summary.createdAt.slice(0, 10)),
        where: summary.patchName ?? triageName,
        status: `${STATUS_WORDS[summary.status]}${late.get(summary.id) ?? ''}`,
      })),
      previousPage: current > 1 ? current - 1 : 0,
      nextPage: current < pages ? current + 1 : 0,
    });
  }

  /**
   * `open LAC-7K4M-QX`: the timeline of an introduction by its reference, for whoever may see it
   * (the same rule as its button: a restricted record opens for records leads only).
   */
  async openByReference(context: TurnContext, typed: string): Promise<AdaptiveCardJson | string> {
    const actor = actorOf(context);
    const notFound = 'Not found. It may have been mistyped, or it is not one you can see.';
    const reference = typed.trim().toUpperCase();
    if (!actor || !/^LAC-[A-Z0-9]{4}-[A-Z0-9]{2}$/.test(reference))
      return 'Give the reference, for example: open LAC-7K4M-QX';
    const email = await teamsEmail(context);
    const introduction = await this.deps.introductions.getForViewerByReference(reference, actor, email);
    return introduction ? this.timeline(introduction, actor, email) : notFound;
  }

  async open(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const actor = actorOf(context);
    const request = OpenRequest.safeParse(data);
    const notFound = 'Not found. It may have been mistyped, or it is not one you can see.';
    if (!actor || !request.success) return notFound;
    const introduction = await this.deps.introductions.getForViewer(
      request.data.id,
      actor,
      await teamsEmail(context),
    );
    if (!introduction) return notFound;
    return this.timeline(introduction, actor, await teamsEmail(context));
  }

  /** "Consent withdrawn" from the timeline card. */
  async withdrawConsent(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const actor = actorOf(context);
    const request = WithdrawRequest.safeParse(data);
    const notFound = 'Not found. It may have been mistyped, or it is not one you can see.';
    if (!actor || !request.success) return notFound;
    const result = await this.deps.introductions.withdrawConsent(
      request.data.id,
      actor,
      await teamsEmail(context),
      request.data.withdrawNote,
    );
    if (!result) return notFound;
    const email = await teamsEmail(context);
    const viewer = await this.deps.introductions.viewerFor(actor, email);
    // Withdrawn consent restricts the record at once: only records leads see it from now on.
    if (!canSeeDetails(result.introduction, viewer))
      return `Recorded for ${result.introduction.reference}: the person withdrew their consent. Nobody will contact them, and the record is restricted: it is in no list, and only the council's records leads see its details from now on.`;
    return this.timeline(result.introduction, actor, email);
  }

  async timeline(introduction: Introduction, actor: Actor, email?: string): Promise<AdaptiveCardJson> {
    const who = firstNameAndInitial(introduction.person);
    const viewer = await this.deps.introductions.viewerFor(actor, email);
    const manager = viewer.isTriageManager;
    const ofPatch = mayActOn(introduction, viewer);
    const recordable = ['accepted', 'in-touch', 'walking-alongside', 'stepped-back', 'did-not-want-support'];
    const directory = this.deps.directory();
    return introductionTimelineCard({
      id: introduction.id,
      actionId: randomUUID(),
      canWithdraw: introduction.status !== 'consent-withdrawn',
      canAssign:
        manager &&
        (introduction.status === 'with-triage' ||
          introduction.status === 'offered' ||
          introduction.needsCoordinator !== undefined),
      canRecord: ofPatch && recordable.includes(introduction.status),
      status_id: introduction.status,
      workingOn: (introduction.workingOn ?? introduction.whatMatters.themes).join(','),
      hasFirstConversation: introduction.firstConversation !== undefined,
      themes: Object.entries(THEMES).map(([value, title]) => ({ value, title })),
      coordinators: directory.patches.flatMap((p) =>
        p.coordinators.map((c) => ({ name: `${c.name} (${p.name})`, email: c.email })),
      ),
      who,
      reference: introduction.reference,
      status: STATUS_WORDS[introduction.status],
      date: when(introduction.createdAt),
      where: whereOf(introduction, this.deps.triageName()),
      coordinator: introduction.routing.coordinator?.name ?? 'Not yet decided',
      ...monitoringView(introduction, directory, ofPatch, manager),
      // A restricted record (consent withdrawn restricts it) is corrected by records leads only: a
      // record is restricted while its accuracy is contested (Art. 18(1)(a)), so putting it right
      // must stay possible.
      canCorrect: introduction.restriction
        ? viewer.isRecordsLead
        : ofPatch && introduction.status !== 'consent-withdrawn',
      correctable: Object.entries(CORRECTABLE).map(([value, title]) => ({ value, title })),
      // The team's working record (notes, what the person works on, deliveries, reminders) is for
      // those who may act on it; the introducer sees what happened to their introduction.
      events: introduction.events
        .filter((event) => ofPatch || manager || !TEAM_ONLY_EVENTS.has(event.type))
        .map((event) => ({
          when: when(event.at),
          what: this.eventWords(event, introduction, actor, who),
        })),
    });
  }

  /** Events in words for the introducer: no caseloads, no internal notes. */
  private eventWords(
    event: IntroductionEvent,
    introduction: Introduction,
    actor: Actor,
    who: string,
  ): string {
    const by = event.by.aadObjectId === actor.aadObjectId ? 'You' : event.by.name;
    switch (event.type) {
      case 'introduced':
        return `${by} introduced ${who}${introduction.source === 'gp-practice' ? ' (GP practice: frequent attender)' : ''}.`;
      case 'routed': {
        const coordinator = introduction.routing.coordinator;
        const patch = introduction.routing.patch;
        return coordinator && patch
          ? `Offered to ${coordinator.name}, the Local Area Coordinator for ${patch.name}.`
          : `Sent to ${this.deps.triageName()}, who will decide who can help.`;
      }
      case 'status-changed': {
        // A pass says why (in this view only, never posted); its coordinator's caseload is left out.
        const passed = event.note?.startsWith('Passed to ')
          ? event.note.slice(0, event.note.lastIndexOf('; '))
          : '';
        if (passed) return `${passed}.`;
        return `Now: ${event.to ? STATUS_WORDS[event.to] : 'changed'}${event.by ? ` (${by})` : ''}.`;
      }
      case 'consent-withdrawn':
        return 'Consent withdrawn: nobody will contact them.';
      default:
        return event.note ?? '';
    }
  }
}

/** States in which the coordinator knows the person, so monitoring is recorded with them. */
const MONITORED: ReadonlySet<Introduction['status']> = new Set([
  'in-touch',
  'walking-alongside',
  'stepped-back',
]);

/**
 * "Monitoring with the person" on the timeline (src/bot/introductions/timelineRecords.ts records it): for those
 * who may act on it, once in touch; what waits to be confirmed as avoided, for triage managers. The
 * answers are preselected for those who may see them; the summary says what is recorded, not what.
 */
export function monitoringView(
  introduction: Introduction,
  directory: Directory,
  ofPatch: boolean,
  manager: boolean,
): Pick<
  IntroductionTimelineData,
  | 'canMonitor'
  | 'monitoringSummary'
  | 'ethnicity_id'
  | 'disability_id'
  | 'carer_id'
  | 'ethnicities'
  | 'avoidedKinds'
  | 'proposedAvoided'
> {
  const canMonitor = ofPatch && MONITORED.has(introduction.status);
  const equalities = introduction.equalities;
  const measures = introduction.wellbeing?.length ?? 0;
  const avoided = introduction.avoided ?? [];
  const waiting = avoided.filter((a) => a.status === 'proposed');
  const summary = [
    equalities ? 'Equalities monitoring recorded.' : 'Equalities monitoring not asked yet.',
    measures > 0
      ? `Wellbeing measured ${measures === 1 ? 'once' : `${measures} times`}.`
      : 'Wellbeing not measured yet.',
    avoided.length > 0
      ? `Avoided: ${avoided.filter((a) => a.status === 'confirmed').length} confirmed, ${waiting.length} waiting for a triage manager.`
      : '',
  ].filter(Boolean);
  const labels: Record<string, string> = { ...AVOIDED_KINDS };
  for (const row of directory.unitCosts?.rows ?? []) labels[row.kind] = row.label;
  return {
    canMonitor,
    monitoringSummary: summary.join(' '),
    ethnicity_id: canMonitor ? (equalities?.ethnicity ?? '') : '',
    disability_id: canMonitor ? (equalities?.disability ?? '') : '',
    carer_id: canMonitor ? (equalities?.carer ?? '') : '',
    ethnicities: [
      ...Object.entries(ETHNICITIES).map(([value, { group, label }]) => ({
        value,
        title: `${ETHNIC_GROUPS[group]}: ${label}`,
      })),
      { value: PREFER_NOT_TO_SAY, title: 'Prefer not to say' },
    ],
    avoidedKinds: Object.entries(labels).map(([value, title]) => ({ value, title })),
    proposedAvoided:
      manager && canMonitor
        ? waiting.map((a) => ({
            eventId: a.id,
            what: `${labels[a.kind] ?? a.kind}: ${a.evidence} (${a.by.name}, ${formatDate(a.at.slice(0, 10))})`,
          }))
        : [],
  };
}
