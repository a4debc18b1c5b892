/** The introducer's cards: the introduction form, sent, my introductions, the timeline, questions and replies. */
import { CONSENT_WORDING } from '../../domain/introductions/introduction';
import {
  type FieldErrors,
  FORM_FIELDS,
  type FormValues,
  type FormVariant,
} from '../../domain/introductions/introductionForm';
import { type AdaptiveCardJson, expand } from '../cards/adaptiveCards';
import frequentAttenderTemplate from './frequentAttenderForm.json';
import introductionFormTemplate from './introductionForm.json';
import introductionSentTemplate from './introductionSent.json';
import introductionTimelineTemplate from './introductionTimeline.json';
import myIntroductionsTemplate from './myIntroductions.json';
import questionForIntroducerTemplate from './questionForIntroducer.json';
import replyToQuestionTemplate from './replyToQuestion.json';

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
