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
  CORRECTABLE_IN,
  type CorrectableField,
  type Correction,
  duplicateKeys,
  firstNameAndInitial,
  type Introduction,
  type PersonDetails,
  THEMES,
  type Theme,
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
  if (field === 'themes' && themesOf(value) === undefined)
    return `Themes are chosen from the list: ${Object.values(THEMES).join('; ')}.`;
  if (field === 'appointmentsLast12Months' && !/^\d{1,3}$/.test(value))
    return 'The number of appointments is a whole number.';
  if (value.length > 2000) return 'Keep it under 2,000 characters.';
  return undefined;
}

/** What the person disagrees with, in words: "their phone", "a note in their history". */
function disputedWords(field: CorrectableField): string {
  if (field === 'notes') return 'a note in their history';
  if (CORRECTABLE_IN[field] === 'person') return `their ${CORRECTABLE[field].toLowerCase()}`;
  return `what the record says under "${CORRECTABLE[field]}"`;
}

/** Themes typed as their ids or their words, separated by commas; undefined if any is not one. */
function themesOf(value: string): Theme[] | undefined {
  const words = new Map(Object.entries(THEMES).map(([id, label]) => [label.toLowerCase(), id as Theme]));
  const typed = value
    .split(/[,;]/)
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  const themes = typed.map((t) => (Object.hasOwn(THEMES, t) ? (t as Theme) : words.get(t)));
  return themes.length > 0 && themes.every((t) => t !== undefined) ? (themes as Theme[]) : undefined;
}

/** The record with one correctable detail set to `value` ('' clears an optional one). */
function corrected(introduction: Introduction, field: CorrectableField, value: string): Introduction {
  const where = CORRECTABLE_IN[field];
  if (where === 'person') {
    const person: PersonDetails = { ...introduction.person, [field]: value };
    if (value === '') delete (person as unknown as Record<string, unknown>)[field];
    return { ...introduction, person, duplicateKeys: duplicateKeys(person) };
  }
  if (where === 'whatMatters') {
    if (field === 'themes')
      return { ...introduction, whatMatters: { ...introduction.whatMatters, themes: themesOf(value) ?? [] } };
    const whatMatters = { ...introduction.whatMatters, [field]: value };
    if (value === '') delete (whatMatters as Record<string, unknown>)[field];
    return { ...introduction, whatMatters };
  }
  if (where === 'context') {
    const context = { ...introduction.context, [field]: value };
    if (value === '') delete (context as Record<string, unknown>)[field];
    return { ...introduction, context };
  }
  if (where === 'frequentAttender' && introduction.frequentAttender) {
    const attender: Record<string, unknown> = {
      ...introduction.frequentAttender,
      [field]: field === 'appointmentsLast12Months' ? Number(value) : value,
    };
    if (value === '') delete attender[field];
    return { ...introduction, frequentAttender: attender as unknown as Introduction['frequentAttender'] };
  }
  return introduction;
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
            note: `The person disagrees with ${disputedWords(field)}: ${reason}`,
          },
        ),
        actor,
        at,
        'disputed',
        restricted,
      ),
    };
  }
  // The history is never rewritten: what the person disagrees with in a note is recorded beside it.
  if (CORRECTABLE_IN[field] === 'history')
    return {
      ok: false,
      reason:
        'A note in the history is not rewritten: record that the person disagrees with it, with what they say.',
    };
  if (field === 'practiceContact' || field === 'appointmentsLast12Months')
    if (!introduction.frequentAttender)
      return { ok: false, reason: 'This introduction has no GP practice details to correct.' };
  const trimmed = value.trim();
  if (trimmed === '' && (field === 'fullName' || field === 'themes' || field === 'appointmentsLast12Months'))
    return { ok: false, reason: `${CORRECTABLE[field]} cannot be left empty.` };
  if (trimmed !== '') {
    const problem = problemWith(field, trimmed, at.slice(0, 10));
    if (problem) return { ok: false, reason: problem };
  }
  const normalised = field === 'postcode' && trimmed ? (parsePostcode(trimmed)?.value ?? trimmed) : trimmed;
  return {
    ok: true,
    introduction: toldOfIt(
      withEvent(
        { ...corrected(introduction, field, normalised), corrections },
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
