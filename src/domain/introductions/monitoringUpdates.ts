/**
 * Recording monitoring with the person (src/domain/introductions/monitoringData.ts has what can be
 * recorded): equalities, ONS4 wellbeing and what the support helped avoid, each part an event with
 * who and when, never the answers themselves; and a triage manager's decision on what was avoided.
 *
 * No I/O: time and ids are passed in.
 */
import { type Actor, type Introduction, type IntroductionEvent, withEvent } from './introduction';
import type { AvoidedEvent, Equalities, Ons4Question } from './monitoringData';

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

/**
 * A triage manager confirms or rejects something recorded as avoided; only confirmed ones count.
 * Never confirmed by the person who recorded it (a triage manager who is also a coordinator): every
 * cost avoided that a council reports is seen by two people. They may still reject their own.
 */
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
  if (decision === 'confirmed' && target.by.aadObjectId === actor.aadObjectId)
    return {
      ok: false,
      reason:
        'You recorded this, so another triage manager confirms it: every cost avoided is seen by two people.',
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
