/**
 * When someone introduced can expect a first conversation: the median working days (England and
 * Wales) from introduction to first conversation, over the last six months, in the person's patch
 * where at least ten first conversations were recorded there; else across the service where at
 * least ten were; else the sentence the council's file sets; else no time at all. Worded as an
 * expectation, never a promise. No I/O: the samples are passed in (src/services/introductions/
 * expectedContactService.ts reads and caches them).
 */
import { workingDaysBetween } from '../workingDays';

export const EXPECTATION_MONTHS = 6;
export const MIN_FIRST_CONVERSATIONS = 10;

/** One introduction of the last six months that had its first conversation. */
export interface FirstConversationSample {
  patchId?: string;
  /** The London day it was made. */
  madeOn: string;
  /** The day of its first conversation. */
  firstOn: string;
}

export type ContactExpectation =
  | {
      kind: 'measured';
      /** The median: what people are told to expect. */
      workingDays: number;
      /** Four in five had theirs within this: past it, an introduction is flagged as late. */
      mostWithin: number;
      basis: 'patch' | 'service';
      count: number;
    }
  | { kind: 'council'; sentence: string }
  | { kind: 'none' };

/** The value a share of the values are at or below (nearest rank), or undefined for none. */
export function percentile(values: readonly number[], share: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)];
}

/** The median of whole numbers (the lower middle of an even count: an expectation, not a promise). */
export const median = (values: readonly number[]): number | undefined => percentile(values, 0.5);

/** At least one working day: an expectation of "0" reads as a promise of today. */
const measured = (values: readonly number[], basis: 'patch' | 'service'): ContactExpectation => ({
  kind: 'measured',
  workingDays: Math.max(1, median(values) ?? 0),
  mostWithin: Math.max(1, percentile(values, 0.8) ?? 0),
  basis,
  count: values.length,
});

export function expectedContact(
  samples: readonly FirstConversationSample[],
  patchId: string | undefined,
  councilSentence?: string,
): ContactExpectation {
  const days = (list: readonly FirstConversationSample[]) =>
    list.filter((s) => s.firstOn >= s.madeOn).map((s) => workingDaysBetween(s.madeOn, s.firstOn));
  const here = patchId ? days(samples.filter((s) => s.patchId === patchId)) : [];
  if (here.length >= MIN_FIRST_CONVERSATIONS) return measured(here, 'patch');
  const everywhere = days(samples);
  if (everywhere.length >= MIN_FIRST_CONVERSATIONS) return measured(everywhere, 'service');
  return councilSentence ? { kind: 'council', sentence: councilSentence } : { kind: 'none' };
}

/** In English, for Teams: an expectation, with what it is based on. */
export function expectationWords(expectation: ContactExpectation): string {
  if (expectation.kind === 'council') return expectation.sentence;
  if (expectation.kind === 'none') return '';
  const where = expectation.basis === 'patch' ? 'in this neighbourhood' : 'across the service';
  const days = expectation.workingDays;
  return `People introduced ${where} over the last six months usually had a first conversation within ${days} working day${days === 1 ? '' : 's'} (the median): expect contact around then, though it can take longer.`;
}

/**
 * An introduction that has waited longer than four in five did for their first conversation (not
 * merely longer than the median, which half of all introductions are): only where that is
 * measured, and only before a first conversation (offered or accepted).
 */
export function daysPastUsual(
  introduction: { status: string; createdDay: string; hadFirstConversation: boolean },
  expectation: ContactExpectation,
  today: string,
): { waited: number; usual: number } | undefined {
  if (expectation.kind !== 'measured') return undefined;
  if (introduction.hadFirstConversation) return undefined;
  if (introduction.status !== 'offered' && introduction.status !== 'accepted') return undefined;
  const waited = workingDaysBetween(introduction.createdDay, today);
  return waited > expectation.mostWithin ? { waited, usual: expectation.mostWithin } : undefined;
}
