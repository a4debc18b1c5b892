/**
 * What a coordinator records with the person for monthly monitoring, always optional, never by the
 * introducer: equalities monitoring, ONS4 personal wellbeing, and what the support helped avoid
 * (confirmed by a triage manager before it counts towards costs avoided). Each is an event with
 * who and when; the answers themselves are shown only to those who may see the introduction's
 * details, and reports hold counts only.
 *
 * The vocabularies and the shapes kept in the introduction live here; recording them with the
 * person is in monitoringUpdates.ts.
 */

/** The ONS 2021 Census ethnic groups for England and Wales, grouped as the census groups them. */
export const ETHNIC_GROUPS = {
  asian: 'Asian, Asian British or Asian Welsh',
  black: 'Black, Black British, Black Welsh, Caribbean or African',
  mixed: 'Mixed or Multiple ethnic groups',
  white: 'White',
  other: 'Other ethnic group',
} as const;
export type EthnicGroup = keyof typeof ETHNIC_GROUPS;

/** The 19 categories of the ONS 2021 England and Wales classification, each in its group. */
export const ETHNICITIES = {
  'asian-bangladeshi': { group: 'asian', label: 'Bangladeshi' },
  'asian-chinese': { group: 'asian', label: 'Chinese' },
  'asian-indian': { group: 'asian', label: 'Indian' },
  'asian-pakistani': { group: 'asian', label: 'Pakistani' },
  'asian-other': { group: 'asian', label: 'Any other Asian background' },
  'black-african': { group: 'black', label: 'African' },
  'black-caribbean': { group: 'black', label: 'Caribbean' },
  'black-other': { group: 'black', label: 'Any other Black, Black British or Caribbean background' },
  'mixed-white-asian': { group: 'mixed', label: 'White and Asian' },
  'mixed-white-black-african': { group: 'mixed', label: 'White and Black African' },
  'mixed-white-black-caribbean': { group: 'mixed', label: 'White and Black Caribbean' },
  'mixed-other': { group: 'mixed', label: 'Any other Mixed or Multiple ethnic background' },
  'white-british': { group: 'white', label: 'English, Welsh, Scottish, Northern Irish or British' },
  'white-irish': { group: 'white', label: 'Irish' },
  'white-gypsy-traveller': { group: 'white', label: 'Gypsy or Irish Traveller' },
  'white-roma': { group: 'white', label: 'Roma' },
  'white-other': { group: 'white', label: 'Any other White background' },
  'other-arab': { group: 'other', label: 'Arab' },
  'other-any': { group: 'other', label: 'Any other ethnic group' },
} as const satisfies Record<string, { group: EthnicGroup; label: string }>;
export type Ethnicity = keyof typeof ETHNICITIES;

export const PREFER_NOT_TO_SAY = 'prefer-not-to-say';
export type YesNo = 'yes' | 'no' | typeof PREFER_NOT_TO_SAY;

/**
 * Equalities monitoring, as the person chose to answer. A question left out was not asked (or not
 * yet); "prefer not to say" is an answer, counted apart.
 */
export interface Equalities {
  ethnicity?: Ethnicity | typeof PREFER_NOT_TO_SAY;
  /** Disabled in the Equality Act 2010 sense, as the person sees it. */
  disability?: YesNo;
  /** An unpaid carer for someone. */
  carer?: YesNo;
  recordedAt: string;
  by: { aadObjectId: string; name: string };
}

/** The ONS's four personal wellbeing questions, each 0 (not at all) to 10 (completely). */
export const ONS4_QUESTIONS = {
  lifeSatisfaction: 'Overall, how satisfied are you with your life nowadays?',
  worthwhile: 'Overall, to what extent do you feel that the things you do in your life are worthwhile?',
  happy: 'Overall, how happy did you feel yesterday?',
  anxious:
    'On a scale where 0 is "not at all anxious" and 10 is "completely anxious", overall, how anxious did you feel yesterday?',
} as const;
export type Ons4Question = keyof typeof ONS4_QUESTIONS;

export interface WellbeingMeasure {
  /** The London date it was asked. */
  on: string;
  scores: Record<Ons4Question, number>;
  at: string;
  by: { aadObjectId: string; name: string };
}

/** What support can help avoid; the council's unit-cost table (its file) can add kinds. */
export const AVOIDED_KINDS = {
  eviction: 'An eviction',
  'ae-attendance': 'An A&E attendance',
  'emergency-admission': 'An emergency hospital admission',
  'asc-package': 'An adult social care package',
  'mental-health-crisis': 'A mental health crisis',
  'safeguarding-concern': 'A safeguarding concern',
  'residential-care': 'A residential care placement',
} as const;

export interface AvoidedEvent {
  id: string;
  /** A kind from AVOIDED_KINDS or the council's unit-cost table. */
  kind: string;
  /** A short note of the evidence, for the triage manager who confirms it. */
  evidence: string;
  at: string;
  by: { aadObjectId: string; name: string };
  status: 'proposed' | 'confirmed' | 'rejected';
  decidedAt?: string;
  decidedBy?: { aadObjectId: string; name: string };
}
