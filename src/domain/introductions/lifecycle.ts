/**
 * How an introduction's state may change: the one place that says so. Every change is an event
 * with who, when and why. Nobody is ever closed: a coordinator steps back, and the person can come
 * back. Withdrawn consent ends all contact and cannot be undone here: if the person later agrees
 * again, that is a new introduction with its own consent.
 */

import { CARD_UPDATES } from '../outbox/messages';
import { enqueue } from '../outbox/outbox';
import type { Actor, Introduction, Move, Status } from './introduction';

export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  'with-triage': ['offered', 'did-not-want-support', 'consent-withdrawn'],
  // Offered again: passed to another patch, or assigned to someone else.
  offered: ['offered', 'accepted', 'with-triage', 'did-not-want-support', 'consent-withdrawn'],
  accepted: ['in-touch', 'walking-alongside', 'did-not-want-support', 'stepped-back', 'consent-withdrawn'],
  'in-touch': ['walking-alongside', 'stepped-back', 'did-not-want-support', 'consent-withdrawn'],
  'walking-alongside': ['stepped-back', 'consent-withdrawn'],
  // The person comes back: known already, no new introduction needed.
  'stepped-back': ['in-touch', 'walking-alongside', 'consent-withdrawn'],
  'did-not-want-support': ['in-touch', 'consent-withdrawn'],
  'consent-withdrawn': [],
};

export function canChange(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}

export type ChangeResult = { ok: true; introduction: Introduction } | { ok: false; reason: string };

/**
 * A status change with its event; refused (with the reason, in words) when not allowed. Every copy
 * of the offer card already posted is brought up to date afterwards (through the outbox).
 */
export function changeStatus(
  introduction: Introduction,
  to: Status,
  by: Actor,
  at: string,
  note?: string,
  move?: Move,
): ChangeResult {
  const from = introduction.status;
  if (!canChange(from, to)) {
    return {
      ok: false,
      reason:
        from === 'consent-withdrawn'
          ? 'The person has withdrawn their consent: nobody may contact them about this introduction.'
          : `It cannot go from "${from}" to "${to}".`,
    };
  }
  const event = {
    at,
    by: { aadObjectId: by.aadObjectId, name: by.name },
    type: 'status-changed' as const,
    from,
    to,
    ...(move ? { move } : {}),
  };
  const changed: Introduction = {
    ...introduction,
    status: to,
    events: [...introduction.events, note ? { ...event, note } : event],
    updatedAt: at,
  };
  return { ok: true, introduction: enqueue(changed, at, CARD_UPDATES) };
}

/**
 * The person withdraws consent: all contact stops, and the record is restricted at once (no offer,
 * reminder, question or action, in no list, its details for records leads only: src/domain/
 * introduction.ts canSeeDetails). Who recorded it, when and why are kept. Its record class follows
 * what happened (src/domain/records/retention.ts): "never became support" unless support already had.
 */
export const CONSENT_WITHDRAWN_RESTRICTION = 'The person withdrew their consent.';

export function withdrawConsent(
  introduction: Introduction,
  by: Actor,
  at: string,
  note?: string,
): ChangeResult {
  const changed = changeStatus(introduction, 'consent-withdrawn', by, at, note);
  if (!changed.ok) return changed;
  const who = { aadObjectId: by.aadObjectId, name: by.name };
  const withdrawn: Introduction = {
    ...changed.introduction,
    consent: { ...changed.introduction.consent, withdrawn: note ? { at, by: who, note } : { at, by: who } },
  };
  if (withdrawn.restriction) return { ok: true, introduction: withdrawn };
  return {
    ok: true,
    introduction: {
      ...withdrawn,
      restriction: { reason: CONSENT_WITHDRAWN_RESTRICTION, by: who, at },
      events: [
        ...withdrawn.events,
        { at, by: who, type: 'restricted', note: 'Restricted: the person withdrew their consent' },
      ],
    },
  };
}
