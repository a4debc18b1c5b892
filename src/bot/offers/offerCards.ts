/**
 * The offer card for an introduction: the base card that is posted (and updated after every
 * change), and each person's own view of it, which Teams fetches with Universal Actions `refresh`.
 *
 * - Posted to a coordinator's chat or the triage channel, the card stays in a permanent, searchable
 *   record (the council's retention and eDiscovery): the reference, first name and initial, the
 *   neighbourhood, where it stands and who has it (who to ask). Nothing a person typed, no themes
 *   (they can say "domestic abuse"), no reasons, no caseloads. No actions but "Show details and
 *   actions".
 * - Refreshed for someone who may act on it (the coordinators of its patch, the coordinator it is
 *   offered to, the triage managers): themes, who introduced, why here, the person's details and
 *   the actions they may take. For its introducer: where it is, nothing more. For anyone else: the
 *   posted card. Who is who comes from the activity, never the card.
 */
import { randomUUID } from 'node:crypto';
import type { Directory } from '../../domain/directory/directory';
import { formatDate, reasonWithoutPostcode } from '../../domain/directory/routing';
import {
  CONSENT_WORDS,
  CONTACT_PREFERENCES,
  firstNameAndInitial,
  INTRODUCER_KINDS,
  type Introduction,
  mayActOn,
  patchOf,
  STATUS_WORDS,
  TENURES,
  THEMES,
  type Viewer,
} from '../../domain/introductions/introduction';
import { introducedByWords } from '../../domain/introductions/webIntroduction';
import type { Purpose } from '../../domain/outbox/messages';
import type { AdaptiveCardJson } from '../cards/adaptiveCards';
import { type OfferCardData, offerCard } from './cards';

const TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
});
const DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short' });

/** "10:42 on 23 Nov", in London time. */
export function timeAndDay(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return `${TIME.format(date)} on ${DAY.format(date)}`;
}

/** Who is looking at a card, as the offer card needs to know. */
export interface CardViewer {
  aadObjectId: string;
  viewer: Viewer;
}

export class OfferCards {
  constructor(private readonly directory: () => Directory) {}

  /** The card as posted, for everyone in the conversation. */
  posted(introduction: Introduction, purpose: Purpose, userIds: string[]): AdaptiveCardJson {
    return offerCard({
      ...this.base(introduction, purpose, userIds),
      showDetailsButton: true,
      hint: 'Details are shown only to the coordinators of its patch and the triage managers: press "Show details and actions".',
    });
  }

  /** One person's own view: details and actions if they may act, status only for the introducer. */
  viewFor(
    introduction: Introduction,
    who: CardViewer,
    purpose: Purpose,
    userIds: string[],
    outcome?: string,
  ): AdaptiveCardJson {
    const base = this.base(introduction, purpose, userIds);
    const mayAct = mayActOn(introduction, who.viewer);
    const waiting = introduction.status === 'offered' || introduction.status === 'with-triage';
    if (mayAct) {
      const canAct = mayAct && introduction.status === 'offered';
      return offerCard({
        ...base,
        ...this.forTheTeam(introduction, purpose),
        actionId: randomUUID(),
        outcome: outcome ?? '',
        details: detailsOf(introduction),
        duplicateLinks: introduction.possibleDuplicates.slice(0, 3).map((id, i) => ({
          id,
          label: `Open the earlier introduction${introduction.possibleDuplicates.length > 1 ? ` (${i + 1} of ${introduction.possibleDuplicates.length})` : ''}`,
        })),
        canAct,
        canAssign: who.viewer.isTriageManager && waiting,
        // Teams shows five actions at most: while it can be accepted, that comes first.
        canOpen: !canAct,
        hint: 'This view is yours alone: the card in the chat shows no details.',
      });
    }
    if (introduction.introducerId === who.aadObjectId) {
      return offerCard({
        ...base,
        outcome: outcome ?? '',
        hint: 'You made this introduction: you will hear in our chat what happens.',
      });
    }
    return offerCard({ ...base, outcome: outcome ?? '', hint: 'This introduction is for the LAC team.' });
  }

  /** What only those who may act on it see: themes, who introduced, why here, reasons, flags. */
  private forTheTeam(introduction: Introduction, purpose: Purpose): Partial<OfferCardData> {
    const themes = introduction.whatMatters.themes.map((t) => THEMES[t]).join(', ');
    return {
      heading: headingFor(introduction, purpose, true),
      notice: noticeFor(introduction, purpose),
      ...statusOf(introduction, this.directory().triage.name, true),
      themes: themes || 'Not said yet',
      introducer: introducedByWords(introduction.introducer),
      why: reasonWithoutPostcode(introduction.routing),
      safety: introduction.person.visitSafety
        ? 'There is a note about visiting safely: read it before any visit.'
        : '',
      duplicates:
        introduction.possibleDuplicates.length > 0
          ? `Possibly introduced before in the last 60 days (${introduction.possibleDuplicates.length}): check before contacting.`
          : '',
    };
  }

  /** The card as anyone in the conversation may see it, now and for years: the least that works. */
  private base(introduction: Introduction, purpose: Purpose, userIds: string[]): OfferCardData {
    const directory = this.directory();
    const { status, statusStyle } = statusOf(introduction, directory.triage.name, false);
    return {
      id: introduction.id,
      heading: headingFor(introduction, purpose),
      who: firstNameAndInitial(introduction.person),
      reference: introduction.reference,
      notice: postedNoticeFor(introduction, purpose),
      status,
      statusStyle,
      where: introduction.routing.patch?.name ?? 'No patch yet',
      themes: '',
      introducer: '',
      why: '',
      safety: '',
      duplicates: '',
      userIds,
      canAct: false,
      canAssign: false,
      canOpen: false,
      showDetailsButton: false,
      patches: directory.patches
        .filter((p) => p.id !== patchOf(introduction))
        .map((p) => ({ id: p.id, name: p.name })),
      coordinators: directory.patches.flatMap((p) =>
        p.coordinators.map((c) => ({ name: `${c.name} (${p.name})`, email: c.email })),
      ),
    };
  }
}

/** The heading; that it came from a GP practice (a health source) is for the team's own view only. */
function headingFor(introduction: Introduction, purpose: Purpose, forTheTeam = false): string {
  const gp = forTheTeam && introduction.source === 'gp-practice';
  switch (purpose) {
    case 'reminder':
      return 'Reminder: an introduction is waiting for you';
    case 'triage':
    case 'coordinator-unreachable':
    case 'not-accepted':
      return gp
        ? 'For the LAC team: an introduction from a GP practice'
        : 'For the LAC team: a new introduction';
    default:
      return gp ? 'New introduction from a GP practice' : 'New introduction for you';
  }
}

/**
 * Why a card went to the triage team, as posted: what kind of reason, never what anyone typed or
 * anything about the person. The reason itself is in the view of those who may act on it.
 */
function postedNoticeFor(introduction: Introduction, purpose: Purpose): string {
  if (introduction.status !== 'offered' && introduction.status !== 'with-triage') return '';
  switch (purpose) {
    case 'coordinator-unreachable':
      return 'The coordinator could not be reached in Teams. Please assign it, or accept it for the team.';
    case 'not-accepted':
      return 'Not accepted in time. Please assign it, or accept it for the team.';
    case 'triage': {
      const back = [...introduction.events]
        .reverse()
        .find((e) => e.type === 'status-changed' && e.to === 'with-triage');
      if (back) return `Sent back to the team by ${back.by.name}. Please decide who can help.`;
      return 'Please decide who can help, and assign it.';
    }
    case 'reminder':
      return noticeFor(introduction, purpose);
    default:
      return '';
  }
}

/** Why a card went to the triage team, from the event that sent it there; gone once someone has it. */
function noticeFor(introduction: Introduction, purpose: Purpose): string {
  if (introduction.status !== 'offered' && introduction.status !== 'with-triage') return '';
  const last = (type: string) => [...introduction.events].reverse().find((e) => e.type === type);
  switch (purpose) {
    case 'coordinator-unreachable':
      return `${last('coordinator-not-reachable')?.note ?? 'The coordinator could not be reached in Teams.'} Please assign it, or accept it for the team.`;
    case 'not-accepted':
      return `${last('raised-with-triage')?.note ?? 'Not accepted in time.'} Please assign it, or accept it for the team.`;
    case 'triage': {
      const back = [...introduction.events]
        .reverse()
        .find((e) => e.type === 'status-changed' && e.to === 'with-triage');
      if (back) return `Sent back to the team by ${back.by.name}: ${back.note ?? 'no reason given'}.`;
      return `${reasonWithoutPostcode(introduction.routing)}. Please decide who can help, and assign it.`;
    }
    case 'reminder': {
      const since = [...introduction.events]
        .reverse()
        .find((e) => (e.type === 'routed' || e.type === 'status-changed') && e.to === 'offered');
      return since ? `Offered to you on ${formatDate(since.at.slice(0, 10))} and not accepted yet.` : '';
    }
    default:
      return '';
  }
}

/** Where it stands and who has it; caseload ("over capacity") only in the team's own view. */
function statusOf(
  introduction: Introduction,
  triageName: string,
  forTheTeam: boolean,
): { status: string; statusStyle: OfferCardData['statusStyle'] } {
  const accepted = introduction.acceptedBy
    ? `Accepted by ${introduction.acceptedBy.name} at ${timeAndDay(introduction.acceptedBy.at)}`
    : undefined;
  switch (introduction.status) {
    case 'with-triage':
      return { status: `With ${triageName}, to decide who can help.`, statusStyle: 'accent' };
    case 'offered': {
      const coordinator = introduction.routing.coordinator;
      const capacity = forTheTeam && introduction.routing.overCapacity ? ' (over capacity)' : '';
      return {
        status: coordinator
          ? `Offered to ${coordinator.name}${capacity}: waiting to be accepted.`
          : 'Waiting to be accepted.',
        statusStyle: 'accent',
      };
    }
    case 'accepted':
      return { status: `${accepted ?? 'Accepted'}.`, statusStyle: 'good' };
    case 'consent-withdrawn':
      return { status: 'Consent withdrawn: nobody may contact them.', statusStyle: 'attention' };
    default:
      return {
        status: `${accepted ? `${accepted}; now ` : 'Now '}${STATUS_WORDS[introduction.status]}.`,
        statusStyle: 'good',
      };
  }
}

/** The person's details, for those who may see them: never posted, only in their own view. */
export function detailsOf(introduction: Introduction): { title: string; value: string }[] {
  const p = introduction.person;
  const details: [string, string | undefined][] = [
    ['Name', p.preferredName ? `${p.fullName} (likes to be called ${p.preferredName})` : p.fullName],
    [
      'Address',
      p.noFixedAddress
        ? 'No fixed address'
        : [p.addressLine1, p.postcode].filter(Boolean).join(', ') || undefined,
    ],
    ['Phone', p.phone],
    ['Email', p.email],
    ['Contact', p.contactThroughIntroducer ? `Through ${introduction.introducer.name}` : undefined],
    ['Best way', p.contactPreference ? CONTACT_PREFERENCES[p.contactPreference] : undefined],
    ['Best times', p.contactTimes],
    ['Age', p.dateOfBirth ? `Born ${formatDate(p.dateOfBirth)}` : p.ageBand],
    [
      'Language',
      p.language ? `${p.language}${p.interpreterNeeded ? ' (interpreter needed)' : ''}` : undefined,
    ],
    ['Access needs', p.accessNeeds],
    ['Visiting safely', p.visitSafety],
    ['A good life', introduction.whatMatters.goodLife],
    ['Going well', introduction.whatMatters.goingWell],
    ['Anything else', introduction.whatMatters.anythingElse],
    ['Other services', introduction.context.otherAgencies],
    [
      'Home',
      introduction.context.tenure
        ? `${TENURES[introduction.context.tenure]}${introduction.context.landlord ? `, ${introduction.context.landlord}` : ''}`
        : undefined,
    ],
    ['Leaving care', introduction.context.leavingCare ? 'Yes' : undefined],
    [
      'GP practice',
      introduction.frequentAttender
        ? `${introduction.frequentAttender.practiceName} (${introduction.frequentAttender.odsCode}): ${introduction.frequentAttender.appointmentsLast12Months} appointments in 12 months`
        : undefined,
    ],
    [
      'Introducer',
      [
        introduction.introducer.teamRole,
        introduction.introducer.kind ? INTRODUCER_KINDS[introduction.introducer.kind] : undefined,
        introduction.introducer.phone,
        introduction.introducer.email,
      ]
        .filter(Boolean)
        .join(' · ') || undefined,
    ],
    [
      'Consent',
      `${CONSENT_WORDS[introduction.consent.how]}, recorded by ${introduction.consent.obtainedBy.name} on ${formatDate(introduction.consent.at.slice(0, 10))}`,
    ],
  ];
  return details
    .filter((d): d is [string, string] => typeof d[1] === 'string' && d[1].trim() !== '')
    .map(([title, value]) => ({ title, value }));
}
