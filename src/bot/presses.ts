/**
 * Every card action is idempotent: each rendering of a card carries its own action id, and a press
 * (the verb, that id, and what was chosen) is remembered on the introduction once handled
 * (src/domain/introductions/introduction.ts, handledActions), so a double click or a Teams retry changes nothing
 * the second time.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** Each rendering of a card carries its own action id: the same press twice is handled once. */
export const actionId = z
  .string()
  .uuid()
  .optional()
  .or(z.literal('').transform(() => undefined));

/**
 * One press: the same button (verb) on the same rendering of a card (its actionId) with the same
 * data. A double click or a Teams retry repeats it exactly; another button, or the same button with
 * other choices, on the same card is another press. Undefined for cards without an action id.
 */
export function pressOf(verb: string, request: { actionId?: string | undefined }): string | undefined {
  if (!request.actionId) return undefined;
  const fields = Object.entries(request).sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256')
    .update(`${verb}\n${JSON.stringify(fields)}`)
    .digest('hex')
    .slice(0, 32);
}

export const DONE_ALREADY = 'Done already: that press was handled once, and nothing changed the second time.';
