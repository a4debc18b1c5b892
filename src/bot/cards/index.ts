/**
 * Adaptive Cards: JSON templates (open them in the Adaptive Cards Designer) expanded with typed
 * data. Every card the bot can send is built here, so tests can validate each one with the
 * `adaptivecards` parser.
 */

import { Template } from 'adaptivecards-templating';
import { type Attachment, CardFactory } from 'botbuilder';
import { CONSENT_WORDING } from '../../domain/introductions/introduction';
import {
  type FieldErrors,
  FORM_FIELDS,
  type FormValues,
  type FormVariant,
} from '../../domain/introductions/introductionForm';
import directoryTemplate from '../directory/directory.json';
import whoCoversTemplate from '../directory/whoCovers.json';
import frequentAttenderTemplate from '../introductions/frequentAttenderForm.json';
import introductionFormTemplate from '../introductions/introductionForm.json';
import introductionSentTemplate from '../introductions/introductionSent.json';
import introductionTimelineTemplate from '../introductions/introductionTimeline.json';
import myIntroductionsTemplate from '../introductions/myIntroductions.json';
import questionForIntroducerTemplate from '../introductions/questionForIntroducer.json';
import replyToQuestionTemplate from '../introductions/replyToQuestion.json';
import caseListTemplate from '../offers/caseList.json';
import offerTemplate from '../offers/offer.json';
import recordsDueTemplate from '../records/recordsDue.json';
import subjectAccessTemplate from '../records/subjectAccess.json';
import monthlyReportTemplate from '../reports/monthlyReport.json';
import type { MonthlyReportCardData } from '../reports/reportCard';
import helpTemplate from './help.json';
import welcomeTemplate from './welcome.json';

/** An expanded Adaptive Card, ready to send. */
export type AdaptiveCardJson = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

function expand<T extends object>(template: object, data: T): AdaptiveCardJson {
  return new Template(template).expand({ $root: data }) as AdaptiveCardJson;
}

export function asAttachment(card: AdaptiveCardJson): Attachment {
  return CardFactory.adaptiveCard(card);
}

export interface WelcomeCardData {
  /** The council's area, from the patch directory, when known. */
  area?: string;
  /** Where to go when someone is at immediate risk. */
  safeguarding: string;
}

export function welcomeCard(data: WelcomeCardData): AdaptiveCardJson {
  const headline = data.area
    ? `Introduce someone to Local Area Coordination in ${data.area}.`
    : 'Introduce someone to Local Area Coordination.';
  return expand(welcomeTemplate, { headline, safeguarding: data.safeguarding });
}

export interface HelpCardData {
  inChannel: boolean;
  commands: { example: string; description: string }[];
}

export function helpCard(data: HelpCardData): AdaptiveCardJson {
  return expand(helpTemplate, data);
}

export interface WhoCoversCardData {
  /** What the person typed, kept in the box. */
  asked?: string;
  answer?: { headline: string; lines: string[]; style: 'good' | 'attention' | 'emphasis' };
  /** Shown under the box when what was typed is not a postcode. */
  error?: string;
}

export function whoCoversCard(data: WhoCoversCardData): AdaptiveCardJson {
  return expand(whoCoversTemplate, {
    asked: data.asked ?? '',
    answer: data.answer ?? null,
    error: data.error ?? '',
  });
}

export interface IntroductionFormData {
  variant: FormVariant;
  /** Carried by the card and sent back: the same key means the same introduction. */
  idempotencyKey: string;
  values?: FormValues;
  errors?: FieldErrors;
  /** A message above the form: why it was not sent, or that it was not stored. */
  banner?: { style: 'attention' | 'warning' | 'emphasis'; text: string };
  safeguarding: string;
  introducer: { name: string; email?: string };
}

/** Which optional sections hold a field: a section with a problem or an answer opens. */
const SECTION_FIELDS: Record<string, readonly string[]> = {
  morePerson: [
    'preferredName',
    'addressLine1',
    'dateOfBirth',
    'contactPreference',
    'contactTimes',
    'language',
    'interpreter',
    'accessNeeds',
    'visitSafety',
  ],
  matters: ['goodLife', 'goingWell', 'anythingElse'],
  context: ['otherAgencies', 'tenure', 'landlord', 'leavingCare'],
  aboutYou: ['teamRole', 'introducerPhone', 'introducerKind'],
};

export function introductionFormCard(data: IntroductionFormData): AdaptiveCardJson {
  const v: Record<string, string> = {};
  const e: Record<string, string> = {};
  for (const field of FORM_FIELDS) {
    v[field] = data.values?.[field] ?? '';
    e[field] = data.errors?.[field] ?? '';
  }
  const open: Record<string, boolean> = {};
  for (const [section, fields] of Object.entries(SECTION_FIELDS)) {
    open[section] = fields.some((f) => e[f] !== '' || (v[f] !== '' && v[f] !== 'false'));
  }
  const template = data.variant === 'frequent-attender' ? frequentAttenderTemplate : introductionFormTemplate;
  return expand(template, {
    variant: data.variant,
    idempotencyKey: data.idempotencyKey,
    v,
    e,
    open,
    banner: data.banner ?? { style: 'default', text: '' },
    safeguarding: data.safeguarding,
    consentText: CONSENT_WORDING.text,
    introducer: { name: data.introducer.name, email: data.introducer.email ?? '' },
  });
}

export interface IntroductionSentData {
  heading: string;
  reference: string;
  /** First name and initial only: chat is a permanent record. */
  who: string;
  where: string;
  coordinator: string;
  next: string;
}

export function introductionSentCard(data: IntroductionSentData): AdaptiveCardJson {
  return expand(introductionSentTemplate, data);
}

export interface MyIntroductionsData {
  summary: string;
  items: { id: string; reference: string; who: string; date: string; where: string; status: string }[];
  previousPage: number;
  nextPage: number;
}

export function myIntroductionsCard(data: MyIntroductionsData): AdaptiveCardJson {
  return expand(myIntroductionsTemplate, { ...data, hasPaging: data.previousPage > 0 || data.nextPage > 0 });
}

export interface IntroductionTimelineData {
  /** The introduction's id, for actions on it. */
  id: string;
  /** This rendering's own id, sent back with every action: the same press twice is handled once. */
  actionId?: string;
  /** Consent is still in force: the viewer may record that it was withdrawn. */
  canWithdraw: boolean;
  /** The viewer is a triage manager and it is waiting: they may assign it to any coordinator. */
  canAssign: boolean;
  /** The viewer coordinates its patch (or manages) and it has been accepted: record progress. */
  canRecord: boolean;
  /** The current status's id, preselected in "Record progress". */
  status_id: string;
  /** What the person is working on now, comma-separated theme ids, preselected. */
  workingOn: string;
  /** The first conversation is recorded already (its date is not asked again). */
  hasFirstConversation: boolean;
  /** Every theme, for "What they are working on". */
  themes: { title: string; value: string }[];
  /** For "Assign to": every coordinator, "Name (Patch)". */
  coordinators: { name: string; email: string }[];
  who: string;
  reference: string;
  status: string;
  date: string;
  where: string;
  coordinator: string;
  events: { when: string; what: string }[];
  /** The patch's coordinators (and managers), once in touch: "Monitoring with the person". */
  canMonitor: boolean;
  /** What is recorded already, in words (no answers). */
  monitoringSummary: string;
  /** The current answers, preselected ('' when not asked). */
  ethnicity_id: string;
  disability_id: string;
  carer_id: string;
  /** The ONS 2021 categories, "Group: category", and "Prefer not to say". */
  ethnicities: { title: string; value: string }[];
  /** What can be recorded as avoided: the standard kinds and the council's unit-cost table's. */
  avoidedKinds: { title: string; value: string }[];
  /** For triage managers: what waits to be confirmed as avoided. */
  proposedAvoided: { eventId: string; what: string }[];
  /** Those who may act on it: "Correct a detail" (rectification). */
  canCorrect: boolean;
  /** The details that can be corrected. */
  correctable: { title: string; value: string }[];
}

export function introductionTimelineCard(data: IntroductionTimelineData): AdaptiveCardJson {
  return expand(introductionTimelineTemplate, { actionId: '', ...data });
}

export interface QuestionForIntroducerData {
  introductionId: string;
  questionId: string;
  who: string;
  reference: string;
  askedBy: string;
  question: string;
  /** What was typed, kept when it could not be sent. */
  draft?: string;
  error?: string;
  /** Set once replied: the reply box is replaced by this. */
  answered?: string;
}

/** The question, with a reply box: the introducer's own view, never posted. */
export function questionForIntroducerCard(data: QuestionForIntroducerData): AdaptiveCardJson {
  return expand(questionForIntroducerTemplate, {
    draft: '',
    error: '',
    answered: '',
    posted: false,
    userIds: [],
    ...data,
  });
}

/**
 * The question as posted in the introducer's chat, which keeps it for years: who asks about whom
 * (reference, first name and initial), not what they ask. The introducer's client fetches their
 * own view (`refresh`), or they press "Read and reply".
 */
export function questionPostedCard(
  data: Pick<QuestionForIntroducerData, 'introductionId' | 'questionId' | 'who' | 'reference' | 'askedBy'> & {
    userIds: string[];
  },
): AdaptiveCardJson {
  return expand(questionForIntroducerTemplate, {
    ...data,
    question: '',
    draft: '',
    error: '',
    answered: '',
    posted: true,
  });
}

export interface ReplyToQuestionData {
  introductionId: string;
  questionId: string;
  who: string;
  reference: string;
  repliedBy: string;
  /** Empty when posted: the question and the reply are shown only in the asker's own view. */
  question: string;
  reply: string;
  posted: boolean;
  userIds: string[];
}

/** "A reply is waiting" as posted; the question and the reply in the asker's own view. */
export function replyToQuestionCard(data: ReplyToQuestionData): AdaptiveCardJson {
  return expand(replyToQuestionTemplate, data);
}

/**
 * The offer card. Posted (to a coordinator's chat or the triage channel) it is the base card: the
 * chat is a permanent, searchable record, so it carries the least that works (reference, first name
 * and initial, neighbourhood, themes) and no actions but "Show details and actions". Refreshed for
 * each person in `userIds` (Universal Actions `refresh`), it becomes their own view: full details
 * and the actions they may take for people who may act on it, the status only for its introducer.
 */
export interface OfferCardData {
  id: string;
  /** This rendering's own id, sent back with every action: the same press twice is handled once. */
  actionId?: string;
  heading: string;
  /** First name and initial only. */
  who: string;
  reference: string;
  /** Why this card is here, when it is not the plain offer (for the triage team). */
  notice?: string;
  /** Where it is now, in words. */
  status: string;
  statusStyle: 'default' | 'good' | 'accent' | 'attention' | 'emphasis';
  where: string;
  themes: string;
  introducer: string;
  why: string;
  safety?: string;
  duplicates?: string;
  /** In the view of someone who may act: the likely earlier introductions, to open (access checked then). */
  duplicateLinks?: { id: string; label: string }[];
  /** What the action just taken did ("Accepted by you at 10:42"). */
  outcome?: string;
  /** The person's details: only in the view of someone who may see them. */
  details?: { title: string; value: string }[];
  hint?: string;
  /** Teams user ids whose clients fetch their own view (at most 60). */
  userIds: string[];
  canAct: boolean;
  canAssign: boolean;
  canOpen: boolean;
  showDetailsButton: boolean;
  /** The other patches it can be passed to. */
  patches: { id: string; name: string }[];
  /** Every coordinator, "Name (Patch)", for Assign to. */
  coordinators: { name: string; email: string }[];
}

export function offerCard(data: OfferCardData): AdaptiveCardJson {
  return expand(offerTemplate, {
    actionId: '',
    notice: '',
    safety: '',
    duplicates: '',
    outcome: '',
    hint: '',
    details: [],
    duplicateLinks: [],
    ...data,
    userIds: data.userIds.slice(0, 60),
  });
}

export interface CaseListData {
  title: string;
  summary: string;
  items: { id: string; who: string; reference: string; detail: string; status: string }[];
  /**
   * Set when the list is posted (it stays in the chat): the verb that fetches the reader's own
   * view, and who that is. The posted list carries no themes, reasons or caseloads.
   */
  viewVerb?: string;
  userIds?: string[];
}

/** A coordinator's or manager's list of introductions ("my people", "team queue"). */
export function caseListCard(data: CaseListData): AdaptiveCardJson {
  return expand(caseListTemplate, { viewVerb: '', userIds: [], ...data });
}

/** A monthly report, with Teams' charts (each with a fallback table): src/bot/reports/reportCard.ts. */
export function monthlyReportCard(data: MonthlyReportCardData): AdaptiveCardJson {
  return expand(monthlyReportTemplate, data);
}

export interface RecordsDueData {
  summary: string;
  /** What the last action did, in words ('' when none). */
  notice: string;
  /** This rendering's own id: each press handled once. */
  actionId: string;
  /** No names: reference, class, trigger date, patch; held ones with their hold. */
  records: { reference: string; recordClass: string; triggerDate: string; patch: string; held: string }[];
  /** Those that may be disposed of or held (not held already). */
  choices: { title: string; value: string }[];
}

/** "records due": the review queue for records leads. */
export function recordsDueCard(data: RecordsDueData): AdaptiveCardJson {
  return expand(recordsDueTemplate, data);
}

export interface SubjectAccessData {
  /** How many records were found, and how (never the name typed). */
  summary: string;
  /**
   * Reference, date introduced and status (no names in the chat), each with its own downloads: a
   * name can match someone else, so the lead exports only the records that are the requester's.
   */
  records: { reference: string; introduced: string; status: string; html: string; json: string }[];
  downloadNote: string;
}

/** "subject access …": the records found, with the export's download buttons, for a records lead. */
export function subjectAccessCard(data: SubjectAccessData): AdaptiveCardJson {
  return expand(subjectAccessTemplate, data);
}

export interface DirectoryCardData {
  title: string;
  summary: string;
  /** The version in force: which, where from, who and why, and why it is in force. */
  facts: { title: string; value: string }[];
  /** Changes in people's words, problems (line, column, what to do), or history entries. */
  lines: string[];
  note: string;
  /** The file to edit or paste over, with "Check it". */
  showFile: boolean;
  fileLabel: string;
  file: string;
  /** A checked proposal: Confirm (with a reason) or Cancel. '' when none. */
  proposalId: string;
  /** This rendering's own id: each press handled once. */
  actionId: string;
  /** Earlier versions to restore (`directory history`). */
  restores: { title: string; version: string }[];
  showHistory: boolean;
}

/** `directory`, a checked new version, and `directory history`, for administrators. */
export function directoryCard(data: DirectoryCardData): AdaptiveCardJson {
  return expand(directoryTemplate, data);
}
