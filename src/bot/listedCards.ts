/**
 * The lists a person is shown (`my introductions`, `my people`, `team queue`) carry a first name and
 * initial for each record in them. Where each list card was posted is remembered on every record it
 * showed, so that disposing of a record later replaces those cards as it replaces its offer cards
 * (src/services/records/disposalService.ts). A list's builder notes the records it shows on the turn;
 * whoever sends the answer records where it went.
 */
import type { TurnContext } from 'botbuilder';

const LISTED = Symbol('lac-listed');

/** The records this turn's answer lists (called by the list's builder). */
export function noteListed(context: TurnContext, ids: readonly string[]): void {
  context.turnState.set(LISTED, [...ids]);
}

/** The records this turn's answer lists, if it is a list. */
export function listedThisTurn(context: TurnContext): string[] | undefined {
  const ids = context.turnState.get(LISTED) as string[] | undefined;
  return ids && ids.length > 0 ? ids : undefined;
}
