/**
 * An introduction: a professional introduces a resident, with their agreement, to Local Area
 * Coordination. Its states live here, in one place; every change of state is an event with who,
 * when and why, kept with the introduction.
 *
 * No I/O here: ids, time and routing decisions are passed in.
 */
import { createHash } from 'node:crypto';
import type { RoutingDecision } from '../directory/routing';
import type { Notification, PostedCard, SentMessage } from '../outbox/messages';
import type { AvoidedEvent, Equalities, WellbeingMeasure } from './monitoringData';

/** What the person would like help with (also used for coordinators' records and monitoring). */
export const THEMES = {
  isolation: 'Feeling lonely or isolated',
  'being-heard': 'Being heard by services',
  money: 'Money or debt',
  housing: 'Housing or tenancy',
  'physical-health': 'Physical health',
  'mental-health': 'Mental health',
  'home-condition': 'Home condition or hoarding',
  neighbours: 'Neighbour problems',
  'work-learning-volunteering': 'Work, learning or volunteering',
  caring: 'Caring for someone',
  'family-change': 'A change in family life',
  'domestic-abuse': 'Domestic abuse',
  other: 'Something else',
} as const;
export type Theme = keyof typeof THEMES;

export const AGE_BANDS = [
  '16-17',
  '18-24',
  '25-34',
  '35-44',
  '45-54',
  '55-64',
  '65-74',
  '75-84',
  '85+',
] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const CONSENT_HOW = {
  'in-person': 'In person',
  phone: 'By phone',
  writing: 'In writing',
} as const;
export type ConsentHow = keyof typeof CONSENT_HOW;

/**
 * How the person's agreement came on the council's website: the person made the introduction
 * themselves, or whoever made it said the person agreed (a tick, under the web page's own words).
 */
export const WEB_CONSENT_HOW = {
  'web-self': "On the council's website, by the person themselves",
  'web-introducer': "On the council's website: whoever introduced them said they agreed",
} as const;
export type WebConsentHow = keyof typeof WEB_CONSENT_HOW;

/** Every way consent is recorded, in words (the Teams card offers CONSENT_HOW's only). */
export const CONSENT_WORDS: Record<ConsentHow | WebConsentHow, string> = {
  ...CONSENT_HOW,
  ...WEB_CONSENT_HOW,
};

/** The version of the words the web page shows before a resident sends (change it when they change). */
export const WEB_CONSENT_WORDING_VERSION = 'web-2026-12';

export const CONTACT_PREFERENCES = {
  phone: 'Phone call',
  text: 'Text message',
  email: 'Email',
  visit: 'A visit',
  introducer: 'Through me',
} as const;
export type ContactPreference = keyof typeof CONTACT_PREFERENCES;

export const TENURES = {
  'social-tenant': 'Social tenant',
  'private-renter': 'Private renter',
  owner: 'Owner',
  temporary: 'Temporary accommodation',
  'no-fixed-address': 'No fixed address',
  unknown: "Don't know",
} as const;
export type Tenure = keyof typeof TENURES;

export const INTRODUCER_KINDS = {
  council: 'Council department',
  'gp-practice': 'GP practice or primary care',
  hospital: 'Hospital or secondary care',
  housing: 'Housing provider',
  'police-fire': 'Police or fire',
  community: 'Voluntary or community group',
  other: 'Other',
} as const;
export type IntroducerKind = keyof typeof INTRODUCER_KINDS;

/**
 * The wording the introducer confirms. Its version is recorded with every consent so what the
 * person was told can be shown later; change the version whenever the words change.
 */
export const CONSENT_WORDING = {
  version: 'consent-2026-11',
  text: 'The person knows about this introduction and has agreed to be contacted by a Local Area Coordinator.',
} as const;

/**
 * The states of an introduction. Nobody is ever "closed": when things are going well the
 * coordinator steps back, and the person can come back.
 */
export const STATUSES = [
  'with-triage',
  'offered',
  'accepted',
  'in-touch',
  'walking-alongside',
  'stepped-back',
  'did-not-want-support',
  'consent-withdrawn',
] as const;
export type Status = (typeof STATUSES)[number];

/** Plain words for introducers, who see status only. */
export const STATUS_WORDS: Record<Status, string> = {
  'with-triage': 'sent: the LAC team is deciding who can help',
  offered: 'with coordinator',
  accepted: 'accepted',
  'in-touch': 'in touch',
  'walking-alongside': 'walking alongside',
  'stepped-back': 'stepped back',
  'did-not-want-support': 'the person did not want support',
  'consent-withdrawn': 'consent withdrawn: no contact',
};

export interface Actor {
  /** Entra object id: identity always comes from the Teams activity, never from card data. */
  aadObjectId: string;
  name: string;
  tenantId: string;
}

export interface IntroductionEvent {
  at: string;
  by: { aadObjectId: string; name: string };
  type:
    | 'introduced'
    | 'routed'
    | 'status-changed'
    | 'consent-withdrawn'
    | 'question-asked'
    | 'question-answered'
    | 'introducer-not-reachable'
    | 'offer-delivered'
    | 'coordinator-not-reachable'
    | 'triage-not-reachable'
    | 'delivered'
    | 'delivery-failed'
    | 'reminder-sent'
    | 'raised-with-triage'
    | 'working-on'
    | 'note'
    | 'equalities-recorded'
    | 'wellbeing-recorded'
    | 'avoided-proposed'
    | 'avoided-decided'
    | 'restricted'
    | 'restriction-lifted'
    | 'coordinator-left'
    | 'coordinator-email-changed'
    | 'told-another-way'
    | 'handed-over'
    | 'detail-corrected'
    | 'detail-disputed';
  /** Pairs a question with its answer. */
  questionId?: string;
  /** Why, in words (for example the routing explanation). */
  note?: string;
  from?: Status;
  to?: Status;
  /**
   * For a status change that a state alone does not explain: passed to another patch, assigned by
   * a triage manager, or sent back to the triage team by the coordinator (monthly monitoring counts
   * each).
   */
  move?: Move;
}

/** How an introduction moved between people, beside its status change. */
export type Move = 'passed' | 'assigned' | 'sent-back-to-triage';

export interface PersonDetails {
  fullName: string;
  preferredName?: string;
  postcode?: string;
  noFixedAddress: boolean;
  addressLine1?: string;
  phone?: string;
  email?: string;
  contactThroughIntroducer: boolean;
  contactPreference?: ContactPreference;
  contactTimes?: string;
  ageBand?: AgeBand;
  dateOfBirth?: string;
  language?: string;
  interpreterNeeded: boolean;
  accessNeeds?: string;
  visitSafety?: string;
}

export interface Consent {
  given: true;
  how: ConsentHow | WebConsentHow;
  /** Who obtained it: the introducer, from the activity. */
  obtainedBy: { aadObjectId: string; name: string };
  at: string;
  wordingVersion: string;
  withdrawn?: { at: string; by: { aadObjectId: string; name: string }; note?: string };
}

export interface Safety {
  immediateRisk: boolean;
  /** The introducer confirmed the risk was raised through safeguarding or emergency services. */
  safeguardingRaised: boolean;
}

export interface WhatMatters {
  themes: Theme[];
  goodLife?: string;
  goingWell?: string;
  anythingElse?: string;
}

export interface Context {
  otherAgencies?: string;
  tenure?: Tenure;
  landlord?: string;
  leavingCare: boolean;
}

export interface Introducer {
  aadObjectId: string;
  tenantId: string;
  /** A partner organisation's tenant (for example NHSmail), not the council's own. */
  partner: boolean;
  name: string;
  email?: string;
  organisation: string;
  teamRole?: string;
  phone?: string;
  kind?: IntroducerKind;
  /**
   * Made on the council's website (src/domain/introductions/webIntroduction.ts): by the person
   * themselves, someone who knows them, or a community group. Such an introducer has no Teams
   * identity (`aadObjectId` is empty): nothing is sent back to them by chat.
   */
  web?: 'self' | 'someone' | 'group';
}

export interface FrequentAttender {
  practiceName: string;
  odsCode: string;
  appointmentsLast12Months: number;
  practiceContact?: string;
}

/**
 * Which retention period applies (src/domain/records/retention.ts): the record of someone who never
 * became someone a coordinator supports is kept for less time than a record of support.
 */
export type RecordClass = 'never-became-support' | 'support';

/** A records lead's legal hold: the record is never disposed of while it stands. */
export interface LegalHold {
  reason: string;
  by: { aadObjectId: string; name: string };
  at: string;
}

/**
 * The details that can be corrected or disputed (src/domain/introductions/rectification.ts), in
 * words: the person's details, and what was written about them in free words (what matters, the
 * introducer's words, the safety note, other agencies, a GP practice's frequent-attender details).
 * The notes in the history are never rewritten: the person's disagreement with them is recorded
 * beside them (`notes`).
 */
export const CORRECTABLE = {
  fullName: 'Full name',
  preferredName: 'Preferred name',
  postcode: 'Postcode',
  addressLine1: 'Address',
  phone: 'Phone',
  email: 'Email',
  dateOfBirth: 'Date of birth',
  language: 'Language',
  accessNeeds: 'Access needs',
  visitSafety: 'Safety note for visits',
  themes: 'What they would like help with',
  goodLife: 'What a good life looks like',
  goingWell: 'What is going well',
  anythingElse: "Anything else (the introducer's words)",
  otherAgencies: 'Other agencies involved',
  practiceContact: 'GP practice contact',
  appointmentsLast12Months: 'GP appointments in the last 12 months',
  notes: 'A note in the history (the disagreement is recorded beside it)',
} as const;
export type CorrectableField = keyof typeof CORRECTABLE;

/** Where each correctable detail lives in the record. */
export const CORRECTABLE_IN: Record<
  CorrectableField,
  'person' | 'whatMatters' | 'context' | 'frequentAttender' | 'history'
> = {
  fullName: 'person',
  preferredName: 'person',
  postcode: 'person',
  addressLine1: 'person',
  phone: 'person',
  email: 'person',
  dateOfBirth: 'person',
  language: 'person',
  accessNeeds: 'person',
  visitSafety: 'person',
  themes: 'whatMatters',
  goodLife: 'whatMatters',
  goingWell: 'whatMatters',
  anythingElse: 'whatMatters',
  otherAgencies: 'context',
  practiceContact: 'frequentAttender',
  appointmentsLast12Months: 'frequentAttender',
  notes: 'history',
};

/** A detail corrected, or disputed by the person, with who, when and why (never the old value). */
export interface Correction {
  field: CorrectableField;
  reason: string;
  at: string;
  by: { aadObjectId: string; name: string };
  /** The person disagrees with the detail as it stands (recorded beside it, not changing it). */
  disagreement?: true;
}

export interface Introduction {
  id: string;
  type: 'introduction';
  /** Short, unambiguous, for the phone: "LAC-7K4M-Q2". */
  reference: string;
  /** Made in Teams (a professional's introduction, or a GP practice's flag), or on the council's website. */
  source: 'introduction' | 'gp-practice' | 'web';
  status: Status;
  person: PersonDetails;
  consent: Consent;
  safety: Safety;
  whatMatters: WhatMatters;
  context: Context;
  introducer: Introducer;
  /** Indexed copy of introducer.aadObjectId, for "my introductions". */
  introducerId: string;
  frequentAttender?: FrequentAttender;
  routing: RoutingDecision;
  coordinatorEmail?: string;
  /** Hashes of name + date of birth and name + postcode: no personal data in the index. */
  duplicateKeys: string[];
  possibleDuplicates: string[];
  /** 1: information and advice; 2: walking alongside. */
  level?: 1 | 2;
  /** When the coordinator first talked with the person (a London date), and who recorded it. */
  firstConversation?: { on: string; by: { aadObjectId: string; name: string } };
  outcomes?: { outcome: Outcome; at: string; by: { aadObjectId: string; name: string } }[];
  /** Who accepted it, and when: for "already accepted by Tammy Hughes at 10:42". */
  acceptedBy?: { aadObjectId: string; name: string; at: string };
  /** What the person is working on with their coordinator (the same themes as the introduction). */
  workingOn?: Theme[];
  /** Equalities monitoring, as the person chose to answer (src/domain/introductions/monitoringData.ts). */
  equalities?: Equalities;
  /** ONS4 personal wellbeing, each time it was asked, oldest first. */
  wellbeing?: WellbeingMeasure[];
  /** What the support helped avoid, proposed by the coordinator, confirmed by a triage manager. */
  avoided?: AvoidedEvent[];
  /** Retention (src/domain/records/retention.ts), stamped on every write. */
  recordClass?: RecordClass;
  lastContactAt?: string;
  /** Indexed: the day the record comes up for a records lead's review. */
  retainUntil?: string;
  /**
   * Indexed, stamped on every write: the last moment a monthly report can count anything of it
   * (src/domain/reports/reportActivity.ts), so that a report reads only its window's records.
   */
  activeUntil?: string;
  /** Indexed, stamped on every write: the latest wellbeing measure's date (the year to date reads by it). */
  wellbeingLatestOn?: string;
  /** A records lead's legal hold: never disposed of while it stands. */
  legalHold?: LegalHold;
  /** Holds lifted, each with who lifted it, when and why: the record of a hold outlives it. */
  /**
   * Holds placed while another stood (a subject access request's beside one for litigation): the
   * record stays held until every one is lifted; `legalHold` is always the longest standing.
   */
  otherHolds?: LegalHold[];
  pastHolds?: (LegalHold & {
    lifted: { at: string; by: { aadObjectId: string; name: string }; reason: string };
  })[];
  /**
   * A records lead approved its disposal (or erasure) and it is under way: no hold can be placed
   * from now on, so a hold can never be lost to a disposal already started.
   */
  disposing?: { at: string; by: { aadObjectId: string; name: string } };
  /**
   * Where the council's file asks for two records leads to approve a disposal (`records.approvals:
   * 2`): the first approval, waiting for a second lead's (src/domain/records/disposal.ts).
   */
  disposalApproval?: {
    at: string;
    by: { aadObjectId: string; name: string };
    reason: 'retention-schedule' | 'erasure';
    because?: string;
  };
  /**
   * Restriction (the person's right to restrict processing, or their objection), set by a records
   * lead with a reason: nothing but storage. No offer, reminder, question or action; not in any
   * list; its details shown only to records leads.
   */
  restriction?: { reason: string; by: { aadObjectId: string; name: string }; at: string };
  /** Rectification: each detail corrected or disputed, by whom, when and why (src/domain/introductions/rectification.ts). */
  corrections?: Correction[];
  events: IntroductionEvent[];
  /** Messages this introduction causes, stored with the change that caused them (src/domain/outbox/outbox.ts). */
  outbox?: Notification[];
  /** Indexed: when the earliest pending notification falls due; absent when nothing is waiting. */
  outboxDue?: string;
  /** Indexed: someone could not be reached and has not been since (shown in the team queue). */
  deliveryProblem?: true;
  /**
   * Indexed: its coordinator left the directory while they had accepted or walked alongside the
   * person; shown in the team queue until a triage manager assigns someone (src/services/
   * directoryAdministration.ts).
   */
  needsCoordinator?: { since: string; formerCoordinator: string };
  /** Every posted copy of the offer card, so each can be brought up to date after a change. */
  postedCards?: PostedCard[];
  /** Messages about it that are not cards kept up to date, so disposal can replace them. */
  sentMessages?: SentMessage[];
  /**
   * The list cards that showed it (`my introductions`, `my people`, `team queue`): where each was
   * posted, the latest LISTED_IN_KEPT, so disposal replaces them too (src/bot/listedCards.ts).
   */
  listedIn?: ListedIn[];
  /**
   * The card actions already handled (each rendering of a card carries its own `actionId`), newest
   * last: a press repeated by a double click or a Teams retry changes nothing the second time.
   */
  handledActions?: string[];
  createdAt: string;
  updatedAt: string;
}

/** Outcomes coordinators record as they happen (for monthly monitoring). */
export const OUTCOMES = {
  'tenancy-kept': 'Tenancy kept',
  'arrears-reduced': 'Arrears reduced',
  'connected-to-community': 'Connected to a community group',
  'crisis-avoided': 'Crisis avoided',
  volunteering: 'Volunteering',
  'work-or-learning': 'Work or learning',
  other: 'Something else',
} as const;
export type Outcome = keyof typeof OUTCOMES;

/** A list card that showed an introduction: where it is (a chat and a message id). */
export interface ListedIn {
  address: SentMessage['address'];
  activityId: string;
  at: string;
}

/** How many list cards an introduction remembers (the latest): lists are asked for often. */
export const LISTED_IN_KEPT = 30;

/** The introduction with one more list card remembered (the same message once), the latest kept. */
export function withListedIn(introduction: Introduction, listed: ListedIn): Introduction {
  const others = (introduction.listedIn ?? []).filter((l) => l.activityId !== listed.activityId);
  return { ...introduction, listedIn: [...others, listed].slice(-LISTED_IN_KEPT) };
}

/** Letters and digits no one confuses on the phone: no 0/O, 1/I/L, 5/S, 2/Z, 8/B. */
export const REFERENCE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';

/** A reference from random bytes (the caller supplies them: no I/O here). */
export function makeReference(randomBytes: Uint8Array): string {
  const chars = Array.from(
    randomBytes.slice(0, 6),
    (byte) => REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length],
  );
  return `LAC-${chars.slice(0, 4).join('')}-${chars.slice(4, 6).join('')}`;
}

/**
 * What people type after a command that acts on one record with a reason, "LAC-7K4M-QX because the
 * person asked": the reference in capitals and the reason (at most 500 characters), or undefined.
 */
export function referenceBecause(typed: string): { reference: string; because: string } | undefined {
  const match = /^(LAC-[A-Z0-9]{4}-[A-Z0-9]{2})\s+because\s+(.+)$/i.exec(typed.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return { reference: match[1].toUpperCase(), because: match[2].trim().slice(0, 500) };
}

/** "Margaret Jones" → "Margaret J.": what chat messages carry, never more. */
export function firstNameAndInitial(person: Pick<PersonDetails, 'fullName' | 'preferredName'>): string {
  const parts = person.fullName.trim().split(/\s+/);
  const first = person.preferredName?.trim() || parts[0] || '';
  const last = parts.length > 1 ? parts[parts.length - 1] : undefined;
  return last ? `${first} ${last.charAt(0).toUpperCase()}.` : first;
}

function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[^\p{L}]/gu, '')
    .toLowerCase();
}

/** Keys that two introductions of the same person share: hashed, so the index holds no names. */
export function duplicateKeys(
  person: Pick<PersonDetails, 'fullName' | 'dateOfBirth' | 'postcode'>,
): string[] {
  const name = normaliseName(person.fullName);
  const keys: string[] = [];
  const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);
  if (person.dateOfBirth) keys.push(hash(`name-dob|${name}|${person.dateOfBirth}`));
  if (person.postcode) keys.push(hash(`name-postcode|${name}|${person.postcode}`));
  return keys;
}

/** How long after an introduction another one of the same person is flagged as a likely duplicate. */
export const DUPLICATE_WINDOW_DAYS = 60;

/** The state an introduction starts in, from its routing decision. */
export function initialStatus(decision: RoutingDecision): Status {
  return decision.outcome === 'patch' ? 'offered' : 'with-triage';
}

/**
 * Who is looking, as the patch directory knows them. Built from the Entra object id on the Teams
 * activity (src/domain/directory/roles.ts), never from an email another tenant reports or from card data.
 */
export interface Viewer {
  aadObjectId: string;
  /** Triage managers of the council (from the patch directory). */
  isTriageManager: boolean;
  /** Sees monthly reports and nothing else (the directory's report viewers). */
  isReportViewer: boolean;
  /** Reviews records past their retention date, approves disposal, holds (the directory's records leads). */
  isRecordsLead: boolean;
  /** Changes the patch directory from Teams (the directory's administrators). */
  isAdministrator: boolean;
  /** Patches the viewer coordinates (from the patch directory). */
  coordinatesPatches: readonly string[];
  /** The directory entries (by their email, the directory's key) that are this viewer. */
  directoryEmails: readonly string[];
}

/** The patch an introduction is with now (from its latest routing decision). */
export function patchOf(introduction: Pick<Introduction, 'routing'>): string | undefined {
  return introduction.routing.patch?.id;
}

/**
 * Who may act on an introduction (accept, pass, record progress): its patch's coordinators, the
 * triage managers, and the coordinator it is offered to or held by now, who may be covering from
 * another patch.
 */
export function mayActOn(
  introduction: Pick<Introduction, 'routing' | 'coordinatorEmail' | 'restriction'>,
  viewer: Viewer,
): boolean {
  // Restricted: nothing but storage, so nobody acts on it.
  if (introduction.restriction) return false;
  const patch = patchOf(introduction);
  if (viewer.isTriageManager) return true;
  if (patch !== undefined && viewer.coordinatesPatches.includes(patch)) return true;
  // Who holds it now: set when it is offered, passed, assigned or accepted, cleared when it goes back
  // to triage (the routing decision keeps naming the coordinator it was once offered to).
  const holder = introduction.coordinatorEmail;
  return holder !== undefined && viewer.directoryEmails.includes(holder);
}

/**
 * Who may see an introduction's personal details: its introducer and whoever may act on it; for a
 * restricted record, the records leads only. With `appraisalOn` (today, YYYY-MM-DD: a records lead
 * opening a record by its reference), a records lead also sees a record they must decide on: one
 * past its review date, or held. Appraisal before disposal needs the record's content.
 */
export function canSeeDetails(introduction: Introduction, viewer: Viewer, appraisalOn?: string): boolean {
  if (introduction.restriction) return viewer.isRecordsLead;
  if (
    appraisalOn !== undefined &&
    viewer.isRecordsLead &&
    (introduction.legalHold !== undefined ||
      (introduction.retainUntil !== undefined && introduction.retainUntil <= appraisalOn))
  )
    return true;
  return introduction.introducerId === viewer.aadObjectId || mayActOn(introduction, viewer);
}

/**
 * Cosmos DB refuses an item over 2 MB, and then every write fails, consent withdrawal included. An
 * introduction is kept under this: free text is capped where it is typed, the outbox keeps only
 * what is still to do (src/domain/outbox/outbox.ts), and past this size the notes the bot wrote itself on
 * its oldest delivery events are let go (`compactHistory`). Nothing a person typed is dropped.
 */
export const DOCUMENT_SOFT_LIMIT_BYTES = 1_000_000;

/** Events whose note the bot wrote itself (delivery and reminders): their type and time say it. */
const GENERATED_NOTE_EVENTS: ReadonlySet<IntroductionEvent['type']> = new Set([
  'offer-delivered',
  'delivered',
  'reminder-sent',
  'raised-with-triage',
  'coordinator-not-reachable',
  'introducer-not-reachable',
  'triage-not-reachable',
  'delivery-failed',
]);

const UTF8 = new TextEncoder();
/** The size of an introduction as stored (JSON, UTF-8). */
export function documentBytes(introduction: Introduction): number {
  return UTF8.encode(JSON.stringify(introduction)).length;
}

/** The introduction kept under DOCUMENT_SOFT_LIMIT_BYTES by dropping generated notes, oldest first. */
export function compactHistory(introduction: Introduction, limit = DOCUMENT_SOFT_LIMIT_BYTES): Introduction {
  let size = documentBytes(introduction);
  if (size <= limit) return introduction;
  const events = [...introduction.events];
  for (let i = 0; i < events.length && size > limit; i++) {
    const event = events[i] as IntroductionEvent;
    if (event.note === undefined || !GENERATED_NOTE_EVENTS.has(event.type)) continue;
    const { note, ...rest } = event;
    size -= UTF8.encode(JSON.stringify(note)).length + ',"note":'.length;
    events[i] = rest;
  }
  return { ...introduction, events };
}

/** How many handled card actions an introduction remembers: far more than can be pending at once. */
export const HANDLED_ACTIONS_KEPT = 50;

/** Was this card action (by its `actionId`) handled already? Without an id (older cards): no. */
export function handledAlready(
  introduction: Pick<Introduction, 'handledActions'>,
  actionId?: string,
): boolean {
  return actionId !== undefined && (introduction.handledActions ?? []).includes(actionId);
}

/** Remembers a handled card action, keeping the latest HANDLED_ACTIONS_KEPT. */
export function markHandled(introduction: Introduction, actionId?: string): Introduction {
  if (actionId === undefined) return introduction;
  const kept = (introduction.handledActions ?? []).filter((id) => id !== actionId);
  return { ...introduction, handledActions: [...kept, actionId].slice(-HANDLED_ACTIONS_KEPT) };
}

/** Appends an event (pure: returns a new introduction). */
export function withEvent(introduction: Introduction, event: IntroductionEvent): Introduction {
  return { ...introduction, events: [...introduction.events, event], updatedAt: event.at };
}

/** A question to the introducer that has not been answered yet, by its id. */
export function openQuestion(introduction: Introduction, questionId: string): IntroductionEvent | undefined {
  const asked = introduction.events.find((e) => e.type === 'question-asked' && e.questionId === questionId);
  const answered = introduction.events.some(
    (e) => e.type === 'question-answered' && e.questionId === questionId,
  );
  return asked && !answered ? asked : undefined;
}
