/**
 * What a subject access export says besides the record: its codes in words, free text marked for
 * review, and the information Article 15(1) UK GDPR gives the person beside a copy of their data
 * (purposes, lawful basis, recipients, retention, source, rights, the right to complain, automated
 * decisions). No I/O.
 *
 * The purposes and bases are the product's own (docs/data-protection/lawful-basis.md, which the
 * council's DPO and legal services confirm); the retention periods are the council's file's; the
 * privacy notice and the data protection officer's contact are the council's file's too
 * (`records.privacyNotice`, `records.dataProtectionOfficer`), said to be missing where it has none.
 */
import type { Directory } from '../directory/directory';
import {
  CONSENT_WORDS,
  CONTACT_PREFERENCES,
  INTRODUCER_KINDS,
  type IntroductionEvent,
  OUTCOMES,
  STATUS_WORDS,
  TENURES,
  THEMES,
} from '../introductions/introduction';
import { AVOIDED_KINDS, ETHNICITIES } from '../introductions/monitoringData';

/** Each kind of event, as the person reads it. */
export const EVENT_WORDS: Record<IntroductionEvent['type'], string> = {
  introduced: 'Introduced',
  routed: 'Routed to a coordinator or to the LAC team',
  'status-changed': 'Where it stands changed',
  'consent-withdrawn': 'Consent to be contacted withdrawn',
  'question-asked': 'A coordinator asked the introducer a question',
  'question-answered': 'The introducer answered',
  'introducer-not-reachable': 'The introducer could not be reached in Teams',
  'offer-delivered': 'Offered to the coordinator in Teams',
  'coordinator-not-reachable': 'The coordinator could not be reached in Teams',
  'triage-not-reachable': 'The LAC team could not be reached in Teams',
  delivered: 'A message was delivered',
  'delivery-failed': 'A message could not be delivered',
  'reminder-sent': 'The coordinator was reminded',
  'raised-with-triage': 'Raised with the LAC team',
  'working-on': 'What they are working on was recorded',
  note: 'A note',
  'equalities-recorded': 'Equalities monitoring recorded',
  'wellbeing-recorded': 'Wellbeing measured',
  'avoided-proposed': 'Something avoided was put forward',
  'avoided-decided': 'Something avoided was confirmed or not',
  restricted: 'Use restricted to storage',
  'restriction-lifted': 'Restriction lifted',
  'coordinator-left': 'The coordinator left',
  'coordinator-email-changed': "The coordinator's email changed",
  'told-another-way': 'The introducer was told another way',
  'handed-over': 'Handed over to another coordinator',
  'detail-corrected': 'A detail was corrected',
  'detail-disputed': 'The person disagreed with a detail',
};

const ethnicityWords = Object.fromEntries(
  Object.entries(ETHNICITIES).map(([code, { label }]) => [code, label]),
) as Record<string, string>;

/** Keys whose value is a code with words, and the words. */
const CODE_WORDS: Record<string, Record<string, string>> = {
  status: STATUS_WORDS,
  from: STATUS_WORDS,
  to: STATUS_WORDS,
  how: CONSENT_WORDS,
  contactPreference: CONTACT_PREFERENCES,
  tenure: TENURES,
  kind: { ...INTRODUCER_KINDS, ...AVOIDED_KINDS },
  outcome: OUTCOMES,
  themes: THEMES,
  workingOn: THEMES,
  ethnicity: ethnicityWords,
  'prefer-not-to-say': { 'prefer-not-to-say': 'Prefer not to say' },
};

/** A code in words, where it has words (the event's own `type` among them); else as it is. */
export function inWords(key: string, value: unknown, inEvent: boolean): unknown {
  if (typeof value !== 'string') return value;
  if (key === 'type' && inEvent) return EVENT_WORDS[value as IntroductionEvent['type']] ?? value;
  if (value === 'prefer-not-to-say') return 'Prefer not to say';
  return CODE_WORDS[key]?.[value] ?? value;
}

/**
 * Fields typed in free words (by professionals, the person or their coordinator): each can name
 * someone else, so each is marked for the lead's review before release.
 */
export const FREE_TEXT_KEYS: ReadonlySet<string> = new Set([
  'note',
  'goodLife',
  'goingWell',
  'anythingElse',
  'otherAgencies',
  'landlord',
  'accessNeeds',
  'visitSafety',
  'contactTimes',
  'reason',
  'because',
  'question',
  'answer',
  'reply',
  'detail',
  'text',
]);

export const MAY_NAME_OTHERS = 'May name other people: review before release';

/** The information Article 15(1) gives the person beside their data. */
export interface AboutTheProcessing {
  controller: string;
  dataProtectionOfficer: string;
  privacyNotice: string;
  purposes: { purpose: string; lawfulBasis: string }[];
  recipients: string[];
  retention: string;
  source: string;
  automatedDecisions: string;
  rights: string[];
  complaint: string;
}

export function aboutTheProcessing(directory: Directory): AboutTheProcessing {
  const { neverBecameSupportYears, supportYears } = directory.records.retention;
  const council = `${directory.area} council`;
  return {
    controller: `${council}, which runs Local Area Coordination in ${directory.area}.`,
    dataProtectionOfficer:
      directory.records.dataProtectionOfficer ??
      "The council's data protection officer (the council's file does not give their contact: see the council's website).",
    privacyNotice:
      directory.records.privacyNotice ??
      "The council's privacy notice for Local Area Coordination (the council's file does not give its address).",
    purposes: [
      {
        purpose:
          'Receiving an introduction, passing it to the Local Area Coordinator for the area, contacting the person and walking alongside them, and recording what happens',
        lawfulBasis:
          'Public task (UK GDPR Article 6(1)(e)); for health details, health or social care (Article 9(2)(h), Data Protection Act 2018 Schedule 1 Part 1 paragraph 2)',
      },
      {
        purpose: 'Telling whoever made the introduction what happened with it',
        lawfulBasis: 'Public task (Article 6(1)(e)); Article 9(2)(h) as above',
      },
      {
        purpose:
          'Monthly monitoring and evaluation of the service (only counts leave the record; equalities and wellbeing answers only if the person gave them)',
        lawfulBasis:
          'Public task (Article 6(1)(e)); for special category data, Article 9(2)(h) for the management of social care services, or as the council states in its privacy notice',
      },
      {
        purpose:
          'Keeping an audit of who saw and changed the record, reviewing it when it is due, and answering data protection requests',
        lawfulBasis: 'Legal obligation (Article 6(1)(c)) and public task (Article 6(1)(e))',
      },
    ],
    recipients: [
      "The council's Local Area Coordinators for the area, the LAC team's managers who decide who can help, and the council's records leads",
      'Whoever made the introduction (a council team, a GP practice, a housing provider or a community organisation) is told where it stands, never the notes',
      'Microsoft, which hosts the service for the council in the United Kingdom (Microsoft Teams and Azure), as the council’s processor',
    ],
    retention: `The record is kept ${neverBecameSupportYears} years after the last contact if support did not happen, and ${supportYears} years if it did; then a records lead reviews it, and it is deleted unless it must be kept for a legal reason. A record of who saw it is kept for 7 years from each entry.`,
    source:
      'The person, and whoever introduced them (named in the record as the introducer), with what the coordinator recorded while walking alongside them.',
    automatedDecisions:
      'None. The postcode decides which coordinator is offered the introduction first; no decision about the person is made by a machine.',
    rights: [
      'To have wrong details put right (Article 16)',
      'To have the record erased where the law allows (Article 17)',
      'To restrict its use, for example while its accuracy is checked (Article 18)',
      'To object to its use (Article 21)',
      'To withdraw agreement to be contacted at any time: nobody will contact them',
    ],
    complaint:
      "To complain to the council first, and to the Information Commissioner's Office: ico.org.uk/make-a-complaint, 0303 123 1113.",
  };
}
