/**
 * Messages the bot starts (proactive messages) and the conversations they go to.
 *
 * - `remember` stores, for whoever talks to the bot in a personal chat, where that chat is and
 *   their email as Teams reports it (to match the patch directory); `rememberTeam` stores a team
 *   the bot is added to. A bot can only message people who have installed it.
 * - `send` and `update` post to, or update a message in, a stored conversation, and report a
 *   failure as its HTTP status, error code and Retry-After, for the outbox to classify. The Bot
 *   Framework SDK already retries each call a few times within seconds (429 honouring Retry-After,
 *   5xx, network errors); what outlasts that comes back here as a failure, and the outbox retries
 *   it later, durably.
 */
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import type { ConversationAddress } from '../domain/outbox/messages';
import { parseRetryAfter } from '../domain/outbox/retries';
import type { Logger } from '../logger';
import type { PeopleRepository } from '../storage/peopleRepository';
import { teamsEmail } from './identity';
import { tenantOf } from './tenants';

export type SendOutcome =
  | { ok: true; activityId?: string }
  | { ok: false; failure: { status?: number; code?: string; retryAfterMs?: number } };

/** How long one send may take before it counts as timed out (the SDK's own retries included). */
const SEND_TIMEOUT_MS = 60_000;

/** The team an activity comes from, when it comes from a team's channel. */
export function teamOf(context: TurnContext): { id?: string; name?: string } | undefined {
  return (context.activity.channelData as { team?: { id?: string; name?: string } } | undefined)?.team;
}

/** The conversation an activity came from, as an address to post to later. */
export function addressOf(context: TurnContext): ConversationAddress | undefined {
  const activity = context.activity;
  const tenantId = tenantOf(activity);
  const type = activity.conversation?.conversationType;
  if (!tenantId || !activity.serviceUrl || !activity.conversation?.id || !activity.recipient?.id)
    return undefined;
  if (type !== 'personal' && type !== 'channel') return undefined;
  // A channel message's conversation is its thread ("19:...;messageid=..."): posting to the channel
  // itself starts a new thread in it.
  const channelId = (activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
  return {
    channelId: activity.channelId ?? 'msteams',
    serviceUrl: activity.serviceUrl,
    conversationId:
      type === 'channel'
        ? (channelId ?? activity.conversation.id.split(';')[0] ?? '')
        : activity.conversation.id,
    conversationType: type,
    tenantId,
    botId: activity.recipient.id,
  };
}

function referenceOf(address: ConversationAddress): Partial<ConversationReference> {
  return {
    channelId: address.channelId,
    serviceUrl: address.serviceUrl,
    bot: { id: address.botId, name: '' },
    conversation: {
      id: address.conversationId,
      conversationType: address.conversationType,
      tenantId: address.tenantId,
      isGroup: address.conversationType === 'channel',
      name: '',
    },
  };
}

/** What a failed call to the Bot Connector says: status, code, Retry-After. Never its message. */
export function failureOf(
  error: unknown,
  now: Date,
): { status?: number; code?: string; retryAfterMs?: number } {
  const e = error as {
    statusCode?: unknown;
    status?: unknown;
    code?: unknown;
    response?: {
      status?: unknown;
      headers?: { get?: (name: string) => string | undefined } | Record<string, unknown>;
    };
  };
  const status = [e.statusCode, e.status, e.response?.status].find((s): s is number => typeof s === 'number');
  const headers = e.response?.headers;
  const header =
    typeof headers?.get === 'function'
      ? (headers.get as (name: string) => string | undefined)('retry-after')
      : (headers as Record<string, unknown> | undefined)?.['retry-after'];
  const retryAfterMs = parseRetryAfter(typeof header === 'string' ? header : undefined, now);
  return {
    ...(status !== undefined ? { status } : {}),
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

export class Messenger {
  /** Who was remembered recently in this process, to avoid a write on every turn. */
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly people: PeopleRepository,
    private readonly logger: Logger,
    private readonly botAppId: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Stores where the personal chat of whoever is talking to the bot is. */
  async remember(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const aadObjectId = activity.from?.aadObjectId;
    const address = addressOf(context);
    if (!aadObjectId || !activity.from?.id || address?.conversationType !== 'personal') return;
    const key = `${address.serviceUrl}|${address.conversationId}`;
    if (this.seen.get(aadObjectId) === key) return;
    // Their email, to match them to the patch directory (where coordinators may be listed by email).
    const email = await teamsEmail(context);
    await this.people.remember({
      aadObjectId,
      tenantId: address.tenantId,
      teamsUserId: activity.from.id,
      address,
      updatedAt: this.clock().toISOString(),
      ...(email ? { email } : {}),
    });
    this.seen.set(aadObjectId, key);
  }

  /** Stores a team the bot has been added to, and the channel where that happened. */
  async rememberTeam(context: TurnContext): Promise<void> {
    const team = teamOf(context);
    const address = addressOf(context);
    if (!team?.id || !address) return;
    await this.people.rememberTeam({
      teamId: team.id,
      ...(team.name ? { name: team.name } : {}),
      address,
      addedAt: this.clock().toISOString(),
    });
  }

  /** Records that the bot was removed from a team (its record keeps when it was added). */
  async forgetTeam(context: TurnContext): Promise<void> {
    const team = teamOf(context);
    if (team?.id) await this.people.teamRemoved(team.id, this.clock().toISOString());
  }

  /** Posts an activity to a stored conversation; the posted activity's id when it worked. */
  send(address: ConversationAddress, activity: Partial<Activity>): Promise<SendOutcome> {
    return this.call(address, async (context) => (await context.sendActivity(activity))?.id);
  }

  /** Replaces a message the bot posted earlier (for example a card, after a change). */
  update(
    address: ConversationAddress,
    activityId: string,
    activity: Partial<Activity>,
  ): Promise<SendOutcome> {
    return this.call(address, async (context) => {
      await context.updateActivity({ ...activity, id: activityId, type: activity.type ?? 'message' });
      return activityId;
    });
  }

  private async call(
    address: ConversationAddress,
    work: (context: TurnContext) => Promise<string | undefined>,
  ): Promise<SendOutcome> {
    // The failure is caught inside the proactive turn: left to escape, the adapter's turn error
    // handler would swallow it (so it would look sent) and apologise for a turn nobody started.
    let failure: unknown;
    let activityId: string | undefined;
    const attempt = this.adapter
      .continueConversationAsync(this.botAppId, referenceOf(address), async (context) => {
        try {
          activityId = await work(context);
        } catch (error) {
          failure = error;
        }
      })
      .catch((error: unknown) => {
        failure = error;
      });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      attempt.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), SEND_TIMEOUT_MS);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) return { ok: false, failure: { code: 'TIMEOUT' } };
    if (failure !== undefined) {
      const detail = failureOf(failure, this.clock());
      this.logger.warn({ conversationType: address.conversationType, ...detail }, 'message not delivered');
      return { ok: false, failure: detail };
    }
    return activityId ? { ok: true, activityId } : { ok: true };
  }
}
