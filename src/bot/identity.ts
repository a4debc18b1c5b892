/**
 * Who is acting, always from the Teams activity, never from card data: their Entra object id,
 * name and tenant, and their email as Teams reports it (TeamsInfo), asked at most once a turn.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Actor } from '../domain/introduction';
import { tenantOf } from './tenants';

/** Who is acting, from the activity alone. */
export function actorOf(context: TurnContext): Actor | undefined {
  const from = context.activity.from;
  const tenantId = tenantOf(context.activity);
  if (!from?.aadObjectId || !tenantId) return undefined;
  return { aadObjectId: from.aadObjectId, name: from.name ?? 'Unknown', tenantId };
}

export function isPartner(actor: Actor, homeTenantId: string | undefined): boolean {
  return homeTenantId !== undefined && actor.tenantId !== homeTenantId.toLowerCase();
}

const EMAIL = Symbol('lac.teamsEmail');

/**
 * The user's email (or UPN), lower-cased, from Teams; undefined when Teams does not say within two
 * seconds. Cached on the turn, so one turn asks the Bot Connector once however many need it.
 */
export function teamsEmail(context: TurnContext): Promise<string | undefined> {
  const cached = context.turnState.get(EMAIL) as Promise<string | undefined> | undefined;
  if (cached) return cached;
  const id = context.activity.from?.id;
  const lookup = id
    ? Promise.race([
        TeamsInfo.getMember(context, id).then(
          (member) => (member.email ?? member.userPrincipalName)?.toLowerCase(),
          () => undefined,
        ),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2_000).unref()),
      ])
    : Promise.resolve(undefined);
  context.turnState.set(EMAIL, lookup);
  return lookup;
}
