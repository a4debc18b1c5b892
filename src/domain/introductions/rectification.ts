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
import {
  type Actor,
  CORRECTABLE,
  type CorrectableField,
  type Correction,
  duplicateKeys,
  type Introduction,
  type PersonDetails,
  withEvent,
} from './introduction';

export type RectificationResult = { ok: true; introduction: Introduction } | { ok: false; reason: string };

/** A corrected value checked as the form checks it; undefined: the value is fine as given. */
function problemWith(field: CorrectableField, value: string): string | undefined {
  if (field === 'fullName' && value.length < 2) return 'A full name is needed.';
  if (field === 'postcode' && !parsePostcode(value)) return `"${value}" is not a UK postcode.`;
  if (field === 'dateOfBirth' && !isRealDate(value))
    return 'A date of birth is a real date, written 1950-04-21.';
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
): RectificationResult {
  if (introduction.status === 'consent-withdrawn' || introduction.restriction)
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
      introduction: withEvent(
        { ...introduction, corrections },
        {
          at,
          by,
          type: 'detail-disputed',
          note: `The person disagrees with their ${CORRECTABLE[field].toLowerCase()}: ${reason}`,
        },
      ),
    };
  }
  const trimmed = value.trim();
  if (trimmed === '' && field === 'fullName') return { ok: false, reason: 'A full name is needed.' };
  if (trimmed !== '') {
    const problem = problemWith(field, trimmed);
    if (problem) return { ok: false, reason: problem };
  }
  const normalised = field === 'postcode' && trimmed ? (parsePostcode(trimmed)?.value ?? trimmed) : trimmed;
  const person: PersonDetails = { ...introduction.person, [field]: normalised };
  if (normalised === '') delete (person as Partial<PersonDetails>)[field];
  return {
    ok: true,
    introduction: withEvent(
      { ...introduction, person, duplicateKeys: duplicateKeys(person), corrections },
      { at, by, type: 'detail-corrected', note: `${CORRECTABLE[field]} corrected: ${reason}` },
    ),
  };
}
