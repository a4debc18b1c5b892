/**
 * Delivers the outbox's notifications in Teams (the `NotificationSender` the dispatcher uses):
 * renders each as the introduction stands at the moment it is sent, finds where it goes, posts it,
 * and says what happened in the outbox's terms.
 *
 * - To a person: their personal chat with the bot (found by Entra object id, else by email). Nobody
 *   stored means they never installed the app: a permanent failure.
 * - To the triage team: the triage channel a manager chose; without one, or if the channel refuses
 *   for good (the app removed from the team, the channel deleted), each triage manager's own chat.
 * - Card updates: every posted copy of the offer card, re-rendered and replaced (`updateActivity`).
 */
import type { Activity } from 'botbuilder';
import { firstNameAndInitial, type Introduction } from '../domain/introductions/introduction';
import {
  type ConversationAddress,
  type DeliveryResult,
  type Notification,
  OFFER_CARD_PURPOSES,
  type PostedCard,
} from '../domain/outbox/messages';
import { postedAs } from '../domain/outbox/outbox';
import { classifyFailure } from '../domain/outbox/retries';
import { POSTED_WHERE, type PostedWords } from '../domain/records/subjectAccess';
import type { Logger } from '../logger';
import type { NotificationSender } from '../services/outbox/outboxDispatcher';
import type { PeopleRepository } from '../storage/peopleRepository';
import type { CardAudience } from './cardAudience';
import { asAttachment } from './cards/adaptiveCards';
import { questionPostedCard, replyToQuestionCard } from './introductions/cards';
import type { Messenger, SendOutcome } from './messenger';
import type { OfferCards } from './offers/offerCards';

export interface DeliveryDependencies {
  messenger: Messenger;
  people: PeopleRepository;
  audience: CardAudience;
  cards: OfferCards;
  logger: Logger;
  clock?: () => Date;
}

const failedWith = (outcome: SendOutcome): DeliveryResult =>
  outcome.ok ? { outcome: 'sent' } : classifyFailure(outcome.failure);

export class TeamsDelivery implements NotificationSender {
  constructor(private readonly deps: DeliveryDependencies) {}

  private now(): string {
    return (this.deps.clock ?? (() => new Date()))().toISOString();
  }

  async deliver(introduction: Introduction, notification: Notification): Promise<DeliveryResult> {
    const to = notification.to;
    if (to.kind === 'posted-cards') return this.updatePostedCards(introduction);
    if (to.kind === 'triage') return this.toTriage(introduction, notification);
    const person = await this.deps.audience.find(to);
    if (!person) return { outcome: 'failed', reason: 'not-installed' };
    const activity = await this.render(introduction, notification, [person.teamsUserId]);
    const sent = await this.deps.messenger.send(person.address, activity);
    if (!sent.ok) return failedWith(sent);
    if (!sent.activityId) return { outcome: 'sent' };
    if (OFFER_CARD_PURPOSES.has(notification.purpose))
      return {
        outcome: 'sent',
        posted: [
          this.posted(notification, 'coordinator', person.address, sent.activityId, [person.teamsUserId]),
        ],
      };
    // Any other message stays in that chat: remembered, so disposal can replace it.
    return {
      outcome: 'sent',
      message: {
        notificationId: notification.id,
        purpose: notification.purpose,
        address: person.address,
        activityId: sent.activityId,
        at: this.now(),
      },
    };
  }

  /** The triage channel, or, without one that works, each triage manager who can be reached. */
  private async toTriage(introduction: Introduction, notification: Notification): Promise<DeliveryResult> {
    const { result, sent } = await sendToTriageTeam(
      this.deps,
      async (to) =>
        this.render(
          introduction,
          notification,
          to.kind === 'channel' ? await this.deps.audience.team(introduction) : [to.teamsUserId],
        ),
      { introductionId: introduction.id },
    );
    if (result.outcome !== 'sent') return result;
    const posted = sent.flatMap((s) =>
      s.activityId
        ? [
            this.posted(
              notification,
              'triage',
              s.address,
              s.activityId,
              s.teamsUserId ? [s.teamsUserId] : undefined,
            ),
          ]
        : [],
    );
    return { outcome: 'sent', ...(posted.length > 0 ? { posted } : {}) };
  }

  /** Every posted copy of the card, brought up to date. A copy deleted meanwhile is left alone. */
  private async updatePostedCards(introduction: Introduction): Promise<DeliveryResult> {
    // Who sees their own view in the channel is looked up once, and only if a copy is there.
    let teamIds: string[] | undefined;
    let retry: DeliveryResult | undefined;
    for (const card of introduction.postedCards ?? []) {
      const purpose = postedAs(introduction, card) ?? 'offer';
      if (card.address.conversationType === 'channel' && teamIds === undefined)
        teamIds = await this.deps.audience.team(introduction);
      const userIds = card.address.conversationType === 'channel' ? (teamIds ?? []) : (card.userIds ?? []);
      const updated = await this.deps.messenger.update(card.address, card.activityId, {
        type: 'message',
        attachments: [asAttachment(this.deps.cards.posted(introduction, purpose, userIds))],
      });
      const result = failedWith(updated);
      if (result.outcome === 'retry') retry ??= result;
    }
    return retry ?? { outcome: 'sent' };
  }

  /**
   * The words of what the bot posted and sent about an introduction, for a subject access export:
   * each posted card as it reads now (every copy is kept up to date), and each message the outbox
   * still holds (the latest ten sent, and any waiting), rendered from the record as it stands now.
   */
  async wordsAbout(introduction: Introduction): Promise<{ posted: PostedWords[]; sent: PostedWords[] }> {
    const posted = (introduction.postedCards ?? []).map((card) => ({
      where: POSTED_WHERE[card.audience] ?? card.audience,
      at: card.at,
      words: cardWords(this.deps.cards.posted(introduction, postedAs(introduction, card) ?? 'offer', [])),
    }));
    const sent: PostedWords[] = [];
    for (const notification of introduction.outbox ?? []) {
      if (notification.to.kind === 'posted-cards' || OFFER_CARD_PURPOSES.has(notification.purpose)) continue;
      const activity = await this.render(introduction, notification, []);
      const card = activity.attachments?.[0]?.content;
      const to =
        notification.to.kind === 'triage'
          ? 'The triage team'
          : `The ${notification.to.role === 'asker' ? 'coordinator who asked' : notification.to.role}`;
      sent.push({
        where: `${to} (${notification.status === 'sent' ? 'sent' : notification.status === 'pending' ? 'not yet sent' : 'not delivered'})`,
        at: notification.sentAt ?? notification.createdAt,
        words: card ? cardWords(card) : (activity.text ?? ''),
      });
    }
    return { posted, sent };
  }

  private async render(
    introduction: Introduction,
    notification: Notification,
    userIds: string[],
  ): Promise<Partial<Activity>> {
    if (OFFER_CARD_PURPOSES.has(notification.purpose)) {
      return {
        type: 'message',
        attachments: [asAttachment(this.deps.cards.posted(introduction, notification.purpose, userIds))],
      };
    }
    // A question and a reply are posted as "there is one, open it": what was typed is shown only in
    // the reader's own view (refresh for them, or the button).
    if (notification.purpose === 'question') {
      const asked = introduction.events.find(
        (e) => e.type === 'question-asked' && e.questionId === notification.questionId,
      );
      return {
        type: 'message',
        attachments: [
          asAttachment(
            questionPostedCard({
              introductionId: introduction.id,
              questionId: notification.questionId ?? '',
              who: firstNameAndInitial(introduction.person),
              reference: introduction.reference,
              askedBy: asked?.by.name ?? 'The coordinator',
              userIds,
            }),
          ),
        ],
      };
    }
    if (notification.purpose === 'reply' && notification.questionId) {
      const replied = introduction.events.find(
        (e) => e.type === 'question-answered' && e.questionId === notification.questionId,
      );
      return {
        type: 'message',
        attachments: [
          asAttachment(
            replyToQuestionCard({
              introductionId: introduction.id,
              questionId: notification.questionId,
              who: firstNameAndInitial(introduction.person),
              reference: introduction.reference,
              repliedBy: replied?.by.name ?? introduction.introducer.name,
              question: '',
              reply: '',
              posted: true,
              userIds,
            }),
          ),
        ],
      };
    }
    return { type: 'message', text: notification.text ?? '' };
  }

  private posted(
    notification: Notification,
    audience: PostedCard['audience'],
    address: ConversationAddress,
    activityId: string,
    userIds?: string[],
  ): PostedCard {
    return {
      notificationId: notification.id,
      purpose: notification.purpose,
      audience,
      address,
      activityId,
      at: this.now(),
      ...(userIds ? { userIds } : {}),
    };
  }
}

/** Where a message to the triage team went. */
export interface TriageSend {
  address: ConversationAddress;
  activityId?: string;
  /** A manager's own chat: who they are in Teams. */
  teamsUserId?: string;
}

/**
 * Sends to the triage team: the triage channel a manager chose; without one, or if the channel
 * refuses for good (the app removed from the team, the channel deleted), each triage manager who
 * can be reached, in their own chat. Throttled or down, the channel is tried again later rather
 * than scattered into chats. `where` says which.
 */
export async function sendToTriageTeam(
  deps: Pick<DeliveryDependencies, 'people' | 'audience' | 'messenger' | 'logger'>,
  render: (to: { kind: 'channel' } | { kind: 'manager'; teamsUserId: string }) => Promise<Partial<Activity>>,
  logFields: Record<string, unknown> = {},
): Promise<{ result: DeliveryResult; sent: TriageSend[]; where?: 'channel' | 'managers' }> {
  const channel = await deps.people.triageChannel();
  let channelFailure: DeliveryResult | undefined;
  if (channel) {
    const sent = await deps.messenger.send(channel.address, await render({ kind: 'channel' }));
    if (sent.ok)
      return {
        result: { outcome: 'sent' },
        sent: [{ address: channel.address, ...(sent.activityId ? { activityId: sent.activityId } : {}) }],
        where: 'channel',
      };
    channelFailure = failedWith(sent);
    if (channelFailure.outcome === 'retry') return { result: channelFailure, sent: [] };
    deps.logger.warn(logFields, 'triage channel refused: trying the managers');
  }
  const managers = await deps.audience.managers();
  if (managers.length === 0)
    return { result: channelFailure ?? { outcome: 'failed', reason: 'no-triage-route' }, sent: [] };
  const sentTo: TriageSend[] = [];
  let retry: DeliveryResult | undefined;
  for (const manager of managers) {
    const sent = await deps.messenger.send(
      manager.address,
      await render({ kind: 'manager', teamsUserId: manager.teamsUserId }),
    );
    if (sent.ok)
      sentTo.push({
        address: manager.address,
        teamsUserId: manager.teamsUserId,
        ...(sent.activityId ? { activityId: sent.activityId } : {}),
      });
    else {
      const result = failedWith(sent);
      if (result.outcome === 'retry') retry ??= result;
    }
  }
  if (sentTo.length > 0) return { result: { outcome: 'sent' }, sent: sentTo, where: 'managers' };
  return { result: retry ?? { outcome: 'failed', reason: 'no-triage-route' }, sent: [] };
}

/** The words a reader sees on a card: its text, and each fact as "title: value" (not its buttons). */
export function cardWords(card: unknown): string {
  const lines: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) for (const child of node) walk(child);
    else if (node && typeof node === 'object') {
      const element = node as Record<string, unknown>;
      if (element.isVisible === false || element.type === 'ActionSet') return;
      if (typeof element.title === 'string' && typeof element.value === 'string' && !('type' in element)) {
        lines.push(`${element.title}: ${element.value}`);
        return;
      }
      if ((element.type === 'TextBlock' || element.type === 'TextRun') && typeof element.text === 'string')
        lines.push(element.text);
      for (const [key, value] of Object.entries(element))
        if (key !== 'actions' && key !== 'refresh') walk(value);
    }
  };
  walk(card);
  return lines.join('\n');
}
