/**
 * What a coordinator records with the person for monthly monitoring, always optional, never by the
 * introducer: equalities monitoring, ONS4 personal wellbeing, and what the support helped avoid
 * (confirmed by a triage manager before it counts towards costs avoided). Each is an event with
 * who and when; the answers themselves are shown only to those who may see the introduction's
 * details, and reports hold counts only.
 *
 * No I/O: time and ids are passed in.
 */
import type { Actor, Introduction, IntroductionEvent } from './introduction';
import { withEvent } from './introduction';

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

export const EVIDENCE_MAX = 300;

/** What the coordinator's monitoring form sends, parsed: each part optional. */
export interface MonitoringInput {
  equalities?: Pick<Equalities, 'ethnicity' | 'disability' | 'carer'>;
  wellbeing?: { on: string; scores: Record<Ons4Question, number> };
  avoided?: { kind: string; evidence: string };
}

export type MonitoringResult =
  | { ok: true; introduction: Introduction; recorded: string[] }
  | { ok: false; reason: string };

/** States in which the person is known to the coordinator, so monitoring can be recorded. */
const KNOWN: ReadonlySet<Introduction['status']> = new Set(['in-touch', 'walking-alongside', 'stepped-back']);

/**
 * Records what the coordinator and the person filled in together: each part that was given, each
 * with its own event (the answers themselves are not in the event, only that they were recorded).
 * `newId` names a new avoided event.
 */
export function recordMonitoring(
  introduction: Introduction,
  input: MonitoringInput,
  actor: Actor,
  at: string,
  newId: string,
): MonitoringResult {
  if (introduction.status === 'consent-withdrawn')
    return {
      ok: false,
      reason: 'The person has withdrawn their consent: nothing more is recorded about them.',
    };
  if (!KNOWN.has(introduction.status))
    return { ok: false, reason: 'Monitoring is recorded with the person, once you are in touch with them.' };
  const by = { aadObjectId: actor.aadObjectId, name: actor.name };
  let next = introduction;
  const recorded: string[] = [];
  const event = (type: IntroductionEvent['type'], note: string) => {
    next = withEvent(next, { at, by, type, note });
  };
  if (input.equalities && Object.values(input.equalities).some((v) => v !== undefined)) {
    next = {
      ...next,
      equalities: { ...next.equalities, ...definedOnly(input.equalities), recordedAt: at, by },
    };
    event('equalities-recorded', 'Equalities monitoring recorded.');
    recorded.push('equalities monitoring');
  }
  if (input.wellbeing) {
    next = { ...next, wellbeing: [...(next.wellbeing ?? []), { ...input.wellbeing, at, by }] };
    event('wellbeing-recorded', `Wellbeing (ONS4) recorded for ${input.wellbeing.on}.`);
    recorded.push('wellbeing');
  }
  if (input.avoided) {
    const avoided: AvoidedEvent = { id: newId, ...input.avoided, at, by, status: 'proposed' };
    next = { ...next, avoided: [...(next.avoided ?? []), avoided] };
    event('avoided-proposed', 'Something this helped avoid was recorded, for a triage manager to confirm.');
    recorded.push('what this helped avoid (for a triage manager to confirm)');
  }
  if (recorded.length === 0)
    return { ok: false, reason: 'Nothing was filled in: every part is optional, but one is needed.' };
  return { ok: true, introduction: { ...next, updatedAt: at }, recorded };
}

/** A triage manager confirms or rejects something recorded as avoided; only confirmed ones count. */
export function decideAvoided(
  introduction: Introduction,
  eventId: string,
  decision: 'confirmed' | 'rejected',
  actor: Actor,
  at: string,
): MonitoringResult {
  const target = introduction.avoided?.find((a) => a.id === eventId);
  if (!target) return { ok: false, reason: 'That is no longer there.' };
  if (target.status !== 'proposed')
    return {
      ok: false,
      reason: `That was ${target.status} already, by ${target.decidedBy?.name ?? 'a triage manager'}.`,
    };
  const by = { aadObjectId: actor.aadObjectId, name: actor.name };
  const decided: AvoidedEvent = { ...target, status: decision, decidedAt: at, decidedBy: by };
  const next = withEvent(
    { ...introduction, avoided: (introduction.avoided ?? []).map((a) => (a.id === eventId ? decided : a)) },
    {
      at,
      by,
      type: 'avoided-decided',
      note: decision === 'confirmed' ? 'Confirmed as avoided.' : 'Not confirmed as avoided.',
    },
  );
  return {
    ok: true,
    introduction: next,
    recorded: [decision === 'confirmed' ? 'confirmed' : 'not confirmed'],
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
