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
  | { kind: 'measured'; workingDays: number; basis: 'patch' | 'service'; count: number }
  | { kind: 'council'; sentence: string }
  | { kind: 'none' };

/** The median of whole numbers (the lower middle of an even count: an expectation, not a promise). */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

export function expectedContact(
  samples: readonly FirstConversationSample[],
  patchId: string | undefined,
  councilSentence?: string,
): ContactExpectation {
  const days = (list: readonly FirstConversationSample[]) =>
    list.filter((s) => s.firstOn >= s.madeOn).map((s) => workingDaysBetween(s.madeOn, s.firstOn));
  const here = patchId ? days(samples.filter((s) => s.patchId === patchId)) : [];
  if (here.length >= MIN_FIRST_CONVERSATIONS)
    return { kind: 'measured', workingDays: median(here) ?? 0, basis: 'patch', count: here.length };
  const everywhere = days(samples);
  if (everywhere.length >= MIN_FIRST_CONVERSATIONS)
    return {
      kind: 'measured',
      workingDays: median(everywhere) ?? 0,
      basis: 'service',
      count: everywhere.length,
    };
  return councilSentence ? { kind: 'council', sentence: councilSentence } : { kind: 'none' };
}

/** In English, for Teams: an expectation, with what it is based on. */
export function expectationWords(expectation: ContactExpectation): string {
  if (expectation.kind === 'council') return expectation.sentence;
  if (expectation.kind === 'none') return '';
  const where = expectation.basis === 'patch' ? 'in this neighbourhood' : 'across the service';
  const days = Math.max(1, expectation.workingDays);
  return `People introduced ${where} over the last six months usually had a first conversation within ${days} working day${days === 1 ? '' : 's'} (half of them sooner): expect contact around then, though it can take longer.`;
}

/**
 * Working days an introduction has waited for its first conversation past what is usual, or 0:
 * only where the usual is measured, and only before a first conversation (offered or accepted).
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
  return waited > expectation.workingDays ? { waited, usual: expectation.workingDays } : undefined;
}
