/**
 * Messages the bot starts (proactive messages): to a person, in their personal chat with the bot,
 * through the conversation reference stored when they last talked to it.
 *
 * Delivery here is direct; the outbox with retries and fallback to triage is built on top of it.
 */
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import type { PeopleRepository } from '../storage/peopleRepository';
import { teamsEmail } from './identity';
import { tenantOf } from './tenants';

export type Delivery = 'sent' | 'unreachable';

export class Messenger {
  /** Who was remembered recently in this process, to avoid a write on every turn. */
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly people: PeopleRepository,
    private readonly logger: Logger,
    private readonly botAppId: string,
  ) {}

  /** Stores the personal-chat conversation reference of whoever is talking to the bot. */
  async remember(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const aadObjectId = activity.from?.aadObjectId;
    const tenantId = tenantOf(activity);
    if (!aadObjectId || !tenantId || activity.conversation?.conversationType !== 'personal') return;
    const key = `${activity.serviceUrl}|${activity.conversation.id}`;
    if (this.seen.get(aadObjectId) === key) return;
    const reference = {
      activityId: undefined,
      bot: activity.recipient,
      channelId: activity.channelId,
      conversation: {
        id: activity.conversation.id,
        conversationType: 'personal',
        tenantId,
        isGroup: false,
        name: '',
      },
      serviceUrl: activity.serviceUrl,
      user: { id: activity.from.id, name: '', aadObjectId },
      locale: activity.locale,
    };
    // Their email, to match them to the patch directory (where coordinators may be listed by email).
    const email = await teamsEmail(context);
    await this.people.remember({
      aadObjectId,
      tenantId,
      reference,
      updatedAt: new Date().toISOString(),
      ...(email ? { email } : {}),
    });
    this.seen.set(aadObjectId, key);
  }

  async sendToUser(aadObjectId: string, activity: Partial<Activity>): Promise<Delivery> {
    const person = await this.people.get(aadObjectId);
    if (!person) {
      this.logger.warn(
        { recipient: aadObjectId },
        'no conversation with this person: they have not installed the bot',
      );
      return 'unreachable';
    }
    // The send's failure is caught inside the proactive turn: left to escape, the adapter's turn
    // error handler would swallow it (so this would report 'sent') and apologise to the recipient
    // for a turn they never started.
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(this.botAppId, person.reference, async (context) => {
        try {
          await context.sendActivity(activity);
        } catch (error) {
          failure = error;
        }
      });
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined) {
      this.logger.warn({ recipient: aadObjectId, err: failure }, 'proactive message not delivered');
      return 'unreachable';
    }
    return 'sent';
  }
}
