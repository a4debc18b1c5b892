/**
 * Who is acting, always from the Teams activity, never from card data: their Entra object id,
 * name and tenant, and their email as Teams reports it (TeamsInfo), asked at most once a turn.
 *
 * Whose tenant: in a personal chat, the activity's tenant is the person's own. In a channel or a
 * group chat it is the tenant that hosts the conversation, and in a shared channel (Teams Connect)
 * or a federated group chat a person of another organisation takes part without becoming a member
 * of the host's tenant. Microsoft's guidance for shared channels is to tell in-tenant from
 * out-of-tenant members by the member's own tenantId; a bot learns it from the conversation member
 * (TeamsInfo.getMember, `tenantId`). So in every conversation but a personal chat the actor's tenant
 * is the member's own tenant (`learnOwnTenant`, run before every turn), and when Teams cannot say
 * within two seconds it is unknown: the person is then neither council staff nor a partner for
 * that turn, and holds no role.
 */
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Actor } from '../domain/introductions/introduction';
import { tenantOf } from './tenants';

const OWN_TENANT = Symbol('lac.ownTenant');
/** The tenant of someone whose own tenant Teams could not tell us: nobody's, so no role. */
export const UNKNOWN_TENANT = 'unknown-tenant';

/** Who is acting: from the activity, with the tenant `learnOwnTenant` found for this turn. */
export function actorOf(context: TurnContext): Actor | undefined {
  const from = context.activity.from;
  const tenantId = (context.turnState.get(OWN_TENANT) as string | undefined) ?? tenantOf(context.activity);
  if (!from?.aadObjectId || !tenantId) return undefined;
  return { aadObjectId: from.aadObjectId, name: from.name ?? 'Unknown', tenantId };
}

/**
 * The actor's own tenant, for this turn: the activity's in a personal chat; anywhere else (a
 * channel, a group chat, or a conversation Teams does not type) the conversation member's
 * `tenantId` from Teams, and UNKNOWN_TENANT when Teams does not answer or does not say. Only a local
 * client (the Agents Playground, `trustActivityTenant`) may fall back to the activity's tenant.
 */
export async function learnOwnTenant(
  context: TurnContext,
  trustActivityTenant = false,
): Promise<string | undefined> {
  const activityTenant = tenantOf(context.activity);
  const type = context.activity.conversation?.conversationType;
  if (type === 'personal' || !context.activity.from?.id) return activityTenant;
  const member = await teamsMember(context);
  const said = member?.tenantId?.toLowerCase();
  const own = said ?? (member && trustActivityTenant ? activityTenant : undefined) ?? UNKNOWN_TENANT;
  context.turnState.set(OWN_TENANT, own);
  return own;
}

export function isPartner(actor: Actor, homeTenantId: string | undefined): boolean {
  return homeTenantId !== undefined && actor.tenantId !== homeTenantId.toLowerCase();
}

const MEMBER = Symbol('lac.teamsMember');

interface MemberFacts {
  email?: string;
  tenantId?: string;
}

/**
 * What Teams says of the person acting (TeamsInfo.getMember): their email (or UPN), lower-cased,
 * and their own tenant; undefined when Teams does not answer within two seconds. Cached on the
 * turn, so one turn asks the Bot Connector once however many need it.
 */
function teamsMember(context: TurnContext): Promise<MemberFacts | undefined> {
  const cached = context.turnState.get(MEMBER) as Promise<MemberFacts | undefined> | undefined;
  if (cached) return cached;
  const id = context.activity.from?.id;
  const lookup = id
    ? Promise.race([
        TeamsInfo.getMember(context, id).then(
          (member): MemberFacts => ({
            ...(member.email || member.userPrincipalName
              ? { email: String(member.email || member.userPrincipalName).toLowerCase() }
              : {}),
            ...(member.tenantId ? { tenantId: member.tenantId } : {}),
          }),
          () => undefined,
        ),
        new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2_000).unref()),
      ])
    : Promise.resolve(undefined);
  context.turnState.set(MEMBER, lookup);
  return lookup;
}

/** The user's email (or UPN) as Teams reports it, lower-cased; undefined when Teams does not say. */
export async function teamsEmail(context: TurnContext): Promise<string | undefined> {
  return (await teamsMember(context))?.email;
}
