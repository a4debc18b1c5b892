/**
 * Rectification: those who may act on an introduction correct a detail about the person, with a
 * reason; or record, beside a detail, that the person disagrees with it. The history keeps which
 * detail was changed, by whom, when and why (an event, and the list of corrections); it does not
 * keep the inaccurate value, which is what the person asked to be put right.
 *
 * No I/O.
 */

import { isRealDate } from '../dates';
import { parsePostcode } from '../directory/postcodes';
import { CARD_UPDATES, type NotificationSpec } from '../outbox/messages';
import { enqueue } from '../outbox/outbox';
import { coordinatorRecipient, introducerRecipient } from '../outbox/recipients';
import {
  type Actor,
  CORRECTABLE,
  type CorrectableField,
  type Correction,
  duplicateKeys,
  firstNameAndInitial,
  type Introduction,
  type PersonDetails,
  withEvent,
} from './introduction';

export type RectificationResult = { ok: true; introduction: Introduction } | { ok: false; reason: string };

/** A corrected value checked as the form checks it; undefined: the value is fine as given. */
function problemWith(field: CorrectableField, value: string, today: string): string | undefined {
  if (field === 'fullName' && value.length < 2) return 'A full name is needed.';
  if (field === 'postcode' && !parsePostcode(value)) return `"${value}" is not a UK postcode.`;
  if (field === 'dateOfBirth' && !isRealDate(value))
    return 'A date of birth is a real date, written 1950-04-21.';
  if (field === 'dateOfBirth' && value > today) return 'A date of birth cannot be in the future.';
  // As the form: introductions are of people aged 16 and over.
  if (field === 'dateOfBirth' && `${Number(value.slice(0, 4)) + 16}${value.slice(4)}` > today)
    return 'Introductions are of people aged 16 and over: check the year.';
  if (field === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value))
    return `"${value}" is not an email address.`;
  return undefined;
}

/**
 * Corrects a detail (the value given replaces it; empty clears an optional one), or records that
 * the person disagrees with it (`disagreement`: the value is left as it is). Duplicate-detection
 * keys follow a corrected name, postcode or date of birth.
 */
export function rectify(
  introduction: Introduction,
  field: CorrectableField,
  value: string,
  reason: string,
  disagreement: boolean,
  actor: Actor,
  at: string,
  /**
   * The record is restricted, and a records lead is putting it right (Art. 18(1)(a): a record is
   * restricted while its accuracy is contested, so correcting it must stay possible). The caller has
   * checked the role; nobody is told (nothing but storage is done with a restricted record), and
   * the posted cards, which show nothing of it, need no update.
   */
  options: { restrictedByRecordsLead?: boolean } = {},
): RectificationResult {
  const restricted = introduction.status === 'consent-withdrawn' || introduction.restriction !== undefined;
  if (restricted && !options.restrictedByRecordsLead)
    return { ok: false, reason: 'Nothing is changed on this record now: a records lead deals with it.' };
  const by = { aadObjectId: actor.aadObjectId, name: actor.name };
  const correction: Correction = {
    field,
    reason,
    at,
    by,
    ...(disagreement ? { disagreement: true as const } : {}),
  };
  const corrections = [...(introduction.corrections ?? []), correction];
  if (disagreement) {
    return {
      ok: true,
      introduction: toldOfIt(
        withEvent(
          { ...introduction, corrections },
          {
            at,
            by,
            type: 'detail-disputed',
            note: `The person disagrees with their ${CORRECTABLE[field].toLowerCase()}: ${reason}`,
          },
        ),
        actor,
        at,
        'disputed',
        restricted,
      ),
    };
  }
  const trimmed = value.trim();
  if (trimmed === '' && field === 'fullName') return { ok: false, reason: 'A full name is needed.' };
  if (trimmed !== '') {
    const problem = problemWith(field, trimmed, at.slice(0, 10));
    if (problem) return { ok: false, reason: problem };
  }
  const normalised = field === 'postcode' && trimmed ? (parsePostcode(trimmed)?.value ?? trimmed) : trimmed;
  const person: PersonDetails = { ...introduction.person, [field]: normalised };
  if (normalised === '') delete (person as Partial<PersonDetails>)[field];
  return {
    ok: true,
    introduction: toldOfIt(
      withEvent(
        { ...introduction, person, duplicateKeys: duplicateKeys(person), corrections },
        { at, by, type: 'detail-corrected', note: `${CORRECTABLE[field]} corrected: ${reason}` },
      ),
      actor,
      at,
      'corrected',
      restricted,
    ),
  };
}

/**
 * Art. 19: whoever received the record is told that a detail of it was corrected or disputed (never
 * which detail's old value), and every card the bot posted about it is brought up to date (a
 * corrected name changes the first name and initial they show). The coordinator who holds it and
 * the introducer are told, unless they made the change themselves.
 */
function toldOfIt(
  introduction: Introduction,
  actor: Actor,
  at: string,
  what: 'corrected' | 'disputed',
  restricted: boolean,
): Introduction {
  // Restricted: nothing but storage, so nobody is told (the posted cards show nothing of it).
  if (restricted) return introduction;
  const words =
    what === 'corrected'
      ? `A detail of ${introduction.reference} (${firstNameAndInitial(introduction.person)}) was corrected by ${actor.name}. Open it for the record as it now stands.`
      : `${actor.name} recorded that ${firstNameAndInitial(introduction.person)} (${introduction.reference}) disagrees with a detail of their record: it is noted beside the detail.`;
  const told: NotificationSpec[] = [];
  const coordinator = coordinatorRecipient(introduction);
  if (
    coordinator?.kind === 'person' &&
    coordinator.email === introduction.coordinatorEmail &&
    // The coordinator who made it: by object id, or by name where the directory has no object id.
    (coordinator.aadObjectId !== undefined
      ? coordinator.aadObjectId !== actor.aadObjectId
      : coordinator.name !== actor.name)
  )
    told.push({ purpose: 'detail-corrected', to: coordinator, text: words });
  // A partner organisation's introducer has no chat with the app (the shared channel is their way
  // in), so a message would only fail: the team tells them another way if it matters.
  if (introduction.introducer.aadObjectId !== actor.aadObjectId && !introduction.introducer.partner)
    told.push({ purpose: 'detail-corrected', to: introducerRecipient(introduction), text: words });
  return enqueue(introduction, at, CARD_UPDATES, ...told);
}
