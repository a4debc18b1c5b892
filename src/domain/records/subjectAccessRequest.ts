/**
 * A subject access request, as a council must answer it: received on a day, due one calendar month
 * later as the ICO counts it, with the records lead who has it and the records it found, held until
 * it is closed. No I/O.
 *
 * The ICO's counting (Right of access, "How long do we have to comply?"): from the day the request
 * is received, to the corresponding calendar date in the next month; where the next month has no
 * such date, the last day of that month; where the date falls on a weekend or a bank holiday, the
 * next working day. (An extension of up to two further months for complex requests is recorded by
 * the lead in their own words; the product counts the month.)
 */
import { typedDate } from '../directory/away';
import { REFERENCE_ALPHABET } from '../introductions/introduction';
import { isWorkingDay } from '../workingDays';

export interface SubjectAccessRequest {
  /** SAR-XXXX-XX: what the lead types to close it. */
  reference: string;
  /** YYYY-MM-DD */
  receivedOn: string;
  /** YYYY-MM-DD: one calendar month after receivedOn, on a working day. */
  dueOn: string;
  /** How the records were found ("by name with date of birth"), never the name. */
  foundBy: string;
  lead: { aadObjectId: string; name: string };
  openedAt: string;
  /** The records found (ids and references). */
  records: { id: string; reference: string }[];
  /** The records this request put a legal hold on (those held already are not its to lift). */
  heldByIt: string[];
  /** The records whose export was downloaded (references). */
  exported: string[];
  closed?: { at: string; by: { aadObjectId: string; name: string }; because: string };
}

/** The reason a request's hold carries, so that closing it lifts its own holds only. */
export const holdReasonOf = (request: Pick<SubjectAccessRequest, 'reference'>): string =>
  `subject access request ${request.reference} is open`;

/** A hold an open subject access request placed (lifted only by closing the request). */
export const isRequestHold = (hold: { reason: string }): boolean =>
  /^subject access request SAR-[A-Z0-9]{4}-[A-Z0-9]{2} is open$/.test(hold.reason);

const iso = (date: Date) => date.toISOString().slice(0, 10);

/** The day a request received on `receivedOn` is due (see the header). */
export function subjectAccessDueOn(receivedOn: string): string {
  const [year, month, day] = receivedOn.split('-').map(Number) as [number, number, number];
  const lastOfNext = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const due = new Date(Date.UTC(year, month, Math.min(day, lastOfNext)));
  while (!isWorkingDay(iso(due))) due.setUTCDate(due.getUTCDate() + 1);
  return iso(due);
}

/** Calendar days from `today` to `dueOn` (negative: overdue). */
export function daysLeft(dueOn: string, today: string): number {
  return Math.round((Date.parse(`${dueOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

export function daysLeftWords(dueOn: string, today: string): string {
  const left = daysLeft(dueOn, today);
  if (left < 0) return `**overdue by ${-left} day${left === -1 ? '' : 's'}**`;
  if (left === 0) return '**due today**';
  return `${left} day${left === 1 ? '' : 's'} left`;
}

/** A request reference from random bytes (the caller supplies them). */
export function makeRequestReference(randomBytes: Uint8Array): string {
  const chars = Array.from(
    randomBytes.slice(0, 6),
    (byte) => REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length],
  );
  return `SAR-${chars.slice(0, 4).join('')}-${chars.slice(4, 6).join('')}`;
}

export const REQUEST_REFERENCE = /^SAR-[A-Z0-9]{4}-[A-Z0-9]{2}$/;

/**
 * "… received 2/12/2026" at the end of what follows `subject access`: the query without it, and the
 * day received (today when not said). Refused: a date that is not real, or in the future.
 */
export function receivedOnOf(
  typed: string,
  today: string,
): { ok: true; query: string; receivedOn: string } | { ok: false; problem: string } {
  const match = /^(.*?)[\s,;]+received\s+(\S+)\s*$/i.exec(typed.trim());
  if (!match) return { ok: true, query: typed.trim(), receivedOn: today };
  const receivedOn = typedDate(match[2] ?? '');
  if (!receivedOn)
    return { ok: false, problem: `"${match[2]}" is not a date I can read: say when it came, as 2/12/2026.` };
  if (receivedOn > today)
    return { ok: false, problem: 'That date is in the future: say the day the request came.' };
  return { ok: true, query: (match[1] ?? '').trim(), receivedOn };
}

/** Open requests due within `days` days of today (overdue ones too), soonest first. */
export function dueWithin(
  requests: readonly SubjectAccessRequest[],
  today: string,
  days: number,
): SubjectAccessRequest[] {
  return requests
    .filter((r) => !r.closed && daysLeft(r.dueOn, today) <= days)
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
}
