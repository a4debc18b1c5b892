/**
 * When to expect contact (src/domain/introductions/expectedContact.ts), from the last six months'
 * first conversations, read once an hour per instance and kept: a confirmation never scans the
 * introductions itself.
 */
import type { Directory } from '../../domain/directory/directory';
import {
  type ContactExpectation,
  EXPECTATION_MONTHS,
  expectedContact,
  type FirstConversationSample,
} from '../../domain/introductions/expectedContact';
import type { Logger } from '../../logger';

export const EXPECTATION_CACHE_MS = 60 * 60_000;

export class ExpectedContactService {
  private cached?: { at: number; samples: FirstConversationSample[] };
  /** Each patch's expectation worked out from the cached samples (gone with them). */
  private byPatch = new Map<string, ContactExpectation>();

  constructor(
    private readonly deps: {
      firstConversationsSince: (since: string) => Promise<FirstConversationSample[]>;
      directory: () => Directory;
      logger: Logger;
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return (this.deps.clock ?? (() => new Date()))();
  }

  /** The expectation for a patch (or none), in the council's words where it is not measured. */
  async forPatch(patchId: string | undefined, welsh = false): Promise<ContactExpectation> {
    const residents = this.deps.directory().residents;
    const sentence = welsh
      ? (residents.expectContactWelsh ?? residents.expectContact)
      : residents.expectContact;
    try {
      const samples = await this.samples();
      const key = `${patchId ?? ''}|${sentence ?? ''}`;
      const known = this.byPatch.get(key);
      if (known) return known;
      const worked = expectedContact(samples, patchId, sentence);
      this.byPatch.set(key, worked);
      return worked;
    } catch (error) {
      // Never a reason a confirmation fails: the council's sentence, or nothing, instead.
      this.deps.logger.warn({ err: error }, 'expected contact not measured');
      return sentence ? { kind: 'council', sentence } : { kind: 'none' };
    }
  }

  private async samples(): Promise<FirstConversationSample[]> {
    const now = this.now();
    if (this.cached && now.getTime() - this.cached.at < EXPECTATION_CACHE_MS) return this.cached.samples;
    const since = new Date(now);
    since.setUTCMonth(since.getUTCMonth() - EXPECTATION_MONTHS);
    const samples = await this.deps.firstConversationsSince(since.toISOString());
    this.cached = { at: now.getTime(), samples };
    this.byPatch.clear();
    return samples;
  }
}
