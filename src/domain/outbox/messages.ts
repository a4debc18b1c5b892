/**
 * What an introduction's outbox holds, as stored in the introduction: who a message goes to, why,
 * where a card was posted, and what a delivery attempt came to. Shapes and words only, so the
 * introduction (src/domain/introductions/introduction.ts) can name them without depending on the
 * outbox's rules (src/domain/outbox/outbox.ts), which build on the introduction.
 */

/** Who a notification goes to. People are matched to Teams by Entra object id, else by email. */
export type Recipient =
  | {
      kind: 'person';
      role: 'coordinator' | 'introducer' | 'asker';
      name: string;
      aadObjectId?: string;
      email?: string;
    }
  /** The triage channel if one is set (`use this channel for triage`), else each triage manager. */
  | { kind: 'triage' }
  /** Every copy of the offer card already posted. */
  | { kind: 'posted-cards' };

/**
 * Why a notification is sent; this decides what is sent:
 * - `offer`, `reminder`: the offer card, to the coordinator;
 * - `triage` (no patch, or sent back), `coordinator-unreachable`, `not-accepted`: the offer card,
 *   to the triage team;
 * - `introducer-update`, `reply`, `question-not-delivered`: a message (`text`) to a person;
 * - `handed-over`: a message (`text`) telling a coordinator a person was handed over to them;
 * - `detail-corrected`: a message (`text`) telling the coordinator and the introducer that a detail of
 *   the record was corrected or disputed (UK GDPR Art. 19), never which value it was;
 * - `question`: the question card with a reply box, to the introducer;
 * - `card-updates`: every posted copy of the offer card brought up to date (`updateActivity`).
 */
export type Purpose =
  | 'offer'
  | 'reminder'
  | 'triage'
  | 'coordinator-unreachable'
  | 'not-accepted'
  | 'introducer-update'
  | 'question'
  | 'reply'
  | 'question-not-delivered'
  | 'handed-over'
  | 'detail-corrected'
  | 'card-updates';

export const OFFER_CARD_PURPOSES: ReadonlySet<Purpose> = new Set([
  'offer',
  'reminder',
  'triage',
  'coordinator-unreachable',
  'not-accepted',
]);

/** Why a notification could not be delivered at all. */
export type FailureReason =
  /** No conversation with them: they have never installed or talked to the app. */
  | 'not-installed'
  /** 403: they blocked the app, removed it, or the app may not message them. */
  | 'blocked'
  /** 404: the conversation no longer exists. */
  | 'conversation-gone'
  /** Another 4xx: Teams refused what was sent (a fault for operators). */
  | 'rejected'
  /** Still failing after every retry. */
  | 'gave-up'
  /** No triage channel is set and no triage manager can be reached. */
  | 'no-triage-route';

export const FAILURE_WORDS: Record<FailureReason, string> = {
  'not-installed': 'the app is not installed for them',
  blocked: 'Teams refused: the app may be blocked or removed',
  'conversation-gone': 'their chat with the app no longer exists',
  rejected: 'Teams refused the message',
  'gave-up': 'Teams did not answer after repeated tries',
  'no-triage-route': 'no triage channel is set and no triage manager could be reached',
};

export interface Notification {
  /** Unique within its introduction: n1, n2, ... */
  id: string;
  purpose: Purpose;
  to: Recipient;
  /** For messages: the words sent (first name and initial and the reference, never more). */
  text?: string;
  /** For `question`: which question. */
  questionId?: string;
  status: 'pending' | 'sent' | 'failed' | 'dropped';
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  /** Taken by one instance while it sends; another may take it over once `until` has passed. */
  claim?: { by: string; until: string };
  sentAt?: string;
  /** The last failure's HTTP status or error code: never its message, which can hold the payload. */
  lastError?: { status?: number; code?: string };
  failure?: FailureReason;
}

/** Where a card was posted, so it can be updated later (a conversation reference's essentials). */
export interface ConversationAddress {
  channelId: string;
  serviceUrl: string;
  conversationId: string;
  conversationType: 'personal' | 'channel';
  tenantId: string;
  botId: string;
}

/** A posted copy of the offer card. */
export interface PostedCard {
  notificationId: string;
  /** What it was posted as; older copies name only their notification, which compaction may drop. */
  purpose?: Purpose;
  audience: 'coordinator' | 'triage';
  address: ConversationAddress;
  activityId: string;
  at: string;
  /** In a personal chat, whose chat it is (their Teams user id): the card refreshes for them. */
  userIds?: string[];
}

/**
 * A message the bot sent about an introduction that is not a card it keeps up to date (telling the
 * introducer, a question or reply posted, a hand-over): where it is, so disposal can replace it.
 */
export interface SentMessage {
  notificationId: string;
  purpose: Purpose;
  address: ConversationAddress;
  activityId: string;
  at: string;
}

/** How many sent messages an introduction remembers (the latest): far more than one ever gets. */
export const SENT_MESSAGES_KEPT = 100;

/** What a delivery attempt came to. */
export type DeliveryResult =
  | { outcome: 'sent'; posted?: PostedCard[]; message?: SentMessage; note?: string }
  | { outcome: 'retry'; status?: number; code?: string; retryAfterMs?: number }
  | { outcome: 'failed'; reason: FailureReason; status?: number; code?: string }
  /** Nothing to send any more (for example an offer already accepted by someone else). */
  | { outcome: 'dropped' };

export type NotificationSpec =
  | { purpose: 'card-updates' }
  | { purpose: Exclude<Purpose, 'card-updates'>; to: Recipient; text?: string; questionId?: string };

/** Every posted copy of the card brought up to date (added by every change of state). */
export const CARD_UPDATES: NotificationSpec = { purpose: 'card-updates' };
