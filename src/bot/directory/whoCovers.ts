/**
 * "Who covers <postcode>?": any user in an allowed tenant may ask; the answer names the patch and
 * its coordinators (staff), never anything about residents.
 */
import { z } from 'zod';
import { invalidPostcodeMessage } from '../../domain/directory/postcodes';
import type { WhoCoversAnswer } from '../../domain/directory/routing';
import { type WhoCoversCardData, whoCoversCard } from './cards';

/** What the "Look up" button sends back. Never trusted beyond being a short piece of text. */
export const WhoCoversSubmission = z
  .object({ postcode: z.string().max(40).optional().default('') })
  .passthrough();

function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export function whoCoversCardFor(
  asked: string,
  answer: WhoCoversAnswer,
  triageName: string,
): WhoCoversCardData {
  switch (answer.kind) {
    case 'invalid':
      return { asked, error: invalidPostcodeMessage(asked, true) };
    case 'no-fixed-abode':
      return {
        asked,
        answer: {
          headline: 'ZZ99 3VZ means no fixed address',
          lines: [
            `Introductions for people with no fixed address are welcome: ${triageName} decides who can help.`,
          ],
          style: 'emphasis',
        },
      };
    case 'uncovered':
      return {
        asked,
        answer: {
          headline: `No Local Area Coordinator covers ${answer.area} yet`,
          lines: [`Introductions are still welcome, and ${triageName} will decide who can help.`],
          style: 'attention',
        },
      };
    case 'covered': {
      const lines: string[] = [];
      if (answer.coordinators.length === 0) {
        lines.push(
          `${answer.patch.name} has no coordinator at the moment. Introductions are still welcome, and ${triageName} will decide who can help.`,
        );
      } else {
        const names = answer.coordinators.map((c) => c.name);
        lines.push(`Local Area Coordinator${names.length > 1 ? 's' : ''}: ${listNames(names)}`);
        for (const c of answer.coordinators) {
          if (c.awayUntil) {
            lines.push(
              c.coveredBy
                ? `${c.name} is away until ${c.awayUntil}; ${c.coveredBy} covers.`
                : `${c.name} is away until ${c.awayUntil}.`,
            );
          }
        }
      }
      lines.push(`Matched ${answer.how}.`);
      return {
        asked,
        answer: { headline: `${answer.area} is in ${answer.patch.name}`, lines, style: 'good' },
      };
    }
  }
}

export { whoCoversCard };
