/**
 * Who a viewer is as a coordinator, in the directory: matched by Entra object id (src/domain/
 * roles.ts), never by card data. Shared by the offer actions, the case lists and time away.
 */
import type { TurnContext } from 'botbuilder';
import type { Coordinator, Directory } from '../domain/directory/directory';
import type { Actor, Viewer } from '../domain/introductions/introduction';
import type { IntroductionService } from '../services/introductions/introductionService';
import { actorOf, teamsEmail } from './identity';

/** The directory's coordinator entry for this viewer, if they are one. */
export function coordinatorFor(directory: Directory, viewer: Viewer): Coordinator | undefined {
  const people = directory.patches.flatMap((p) => p.coordinators);
  return people.find((c) => viewer.directoryEmails.includes(c.email));
}

/** The coordinator behind this activity, or what to tell someone who is not one. */
export async function coordinatorOf(
  context: TurnContext,
  deps: { service: Pick<IntroductionService, 'viewerFor'>; directory: () => Directory },
): Promise<{ actor: Actor; coordinator: Coordinator } | string> {
  const actor = actorOf(context);
  if (!actor) return "Sorry, I can't tell who you are from Teams.";
  const coordinator = coordinatorFor(
    deps.directory(),
    await deps.service.viewerFor(actor, await teamsEmail(context)),
  );
  if (!coordinator)
    return 'This is for Local Area Coordinators: you are not listed as one in the patch directory.';
  return { actor, coordinator };
}
