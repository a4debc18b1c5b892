/**
 * UK postcodes: parsing and normalising with the `postcode` library (no hand-written regex), and
 * the area forms a patch rule or a "who covers" question may use.
 *
 * - full postcode: "RM3 7AB" (any case, any spacing: "rm37ab", " RM3  7AB ")
 * - sector: "RM3 7" (outcode + the first digit of the incode)
 * - district: "RM3" (the outcode)
 *
 * `ZZ99 3VZ` is the NHS pseudo-postcode for no fixed abode: it is valid, and means "no address".
 */
import { isValid, validOutcode } from 'postcode';

export const NO_FIXED_ABODE_POSTCODE = 'ZZ99 3VZ';
export const EXAMPLE_POSTCODE = 'RM3 7AB';

export type AreaKind = 'postcode' | 'sector' | 'district';

export interface ParsedPostcode {
  kind: 'postcode';
  /** Normalised: upper case, one space: "RM3 7AB". */
  value: string;
  sector: string;
  district: string;
}

export type ParsedArea =
  | ParsedPostcode
  | { kind: 'sector'; value: string; district: string }
  | { kind: 'district'; value: string };

/** Upper case with all white space removed: the form the library parses. */
function compact(input: string): string {
  // Most input has at most one space: a character scan avoids a regex on every lookup.
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i);
    if (code <= 32 || code === 160) return input.replace(/\s+/g, '').toUpperCase();
  }
  return input.toUpperCase();
}

/**
 * A full postcode, or undefined if `input` is not one. Validity is the library's; once valid, the
 * incode is always the last three characters (a digit and two letters), so the parts follow by
 * position. (The library's own `parse` computes every part with several regexes and is 40 times
 * slower; routing runs this on every lookup.)
 */
export function parsePostcode(input: string): ParsedPostcode | undefined {
  const text = compact(input);
  if (text.length < 5 || text.length > 7 || !isValid(text)) return undefined;
  const outcode = text.slice(0, -3);
  const incode = text.slice(-3);
  return {
    kind: 'postcode',
    value: `${outcode} ${incode}`,
    sector: `${outcode} ${incode[0]}`,
    district: outcode,
  };
}

/** A full postcode, a sector ("RM3 7") or a district ("RM3"); undefined if none of those. */
export function parseArea(input: string): ParsedArea | undefined {
  const full = parsePostcode(input);
  if (full) return full;
  // Spacing tells a sector ("RM3 7") from a district that looks alike ("RM37").
  const parts = input.trim().toUpperCase().split(/\s+/);
  const [outcode, incode] = parts;
  if (parts.length === 1 && outcode && validOutcode(outcode)) return { kind: 'district', value: outcode };
  if (parts.length === 2 && outcode && incode && /^\d$/.test(incode) && validOutcode(outcode)) {
    return { kind: 'sector', value: `${outcode} ${incode}`, district: outcode };
  }
  return undefined;
}

export function isNoFixedAbode(postcode: string): boolean {
  return compact(postcode) === compact(NO_FIXED_ABODE_POSTCODE);
}

/** For messages to people: what they typed, and what a valid one looks like. */
export function invalidPostcodeMessage(typed: string, allowAreas = false): string {
  const shown = typed.trim() === '' ? 'nothing' : `"${typed.trim()}"`;
  return allowAreas
    ? `${shown} is not a UK postcode, sector or district. Try a full postcode such as ${EXAMPLE_POSTCODE}, a sector such as RM3 7, or a district such as RM3.`
    : `${shown} is not a UK postcode. Try one like ${EXAMPLE_POSTCODE}.`;
}
