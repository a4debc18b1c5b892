/**
 * The outbox: every message an introduction causes (the offer to its coordinator, the post in the
 * triage channel, telling the introducer, a question and its reply, reminders, updates to cards
 * already posted) is written into the introduction itself, in the same Cosmos DB replace as the
 * change that caused it, and sent afterwards. Cosmos DB has no transactions across documents, and
 * the introduction is the document that changes: so a change and its messages are stored together
 * or not at all, and a crash between "stored" and "sent" loses nothing.
 *
 * A dispatcher (src/services/outbox/outboxDispatcher.ts) claims a due notification before sending it (an
 * ETag-checked write, so of several instances exactly one sends), sends it, and records what
 * happened with `recordDelivery`. Failures are classified here: throttling (429, honouring
 * Retry-After), server errors and timeouts are retried with backoff; a recipient who never installed
 * the app, blocked it (403) or whose conversation is gone (404) is a permanent failure, recorded on
 * the introduction, and the introduction goes to the triage team instead.
 *
 * No I/O: the time, the instance's name and the random jitter are passed in.
 */
import type { Introduction, IntroductionEvent } from '../introductions/introduction';

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

export interface RetryPolicy {
  /** First retry after this long; doubled each time, with ±20% jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts before giving up and treating it as undeliverable. */
  maxAttempts: number;
}

/**
 * 5 s, 10 s, 20 s ... capped at 5 minutes, ten attempts: about 20 minutes of trying before the
 * introduction goes to the triage team instead. (The Bot Framework SDK also retries each attempt up
 * to three times within seconds, honouring Retry-After; these retries are for what outlasts that.)
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 5_000, maxDelayMs: 300_000, maxAttempts: 10 };

const SYSTEM = { aadObjectId: 'lac-front-door', name: 'LAC Front Door' } as const;

/** What a failed send means: try again (when), or give up (why). */
export function classifyFailure(failure: {
  status?: number;
  code?: string;
  retryAfterMs?: number;
}): DeliveryResult {
  const { status, code } = failure;
  const detail = { ...(status !== undefined ? { status } : {}), ...(code ? { code } : {}) };
  // Teams's guidance: retry 429, 412, 502 and 504 (with backoff and jitter); other 5xx and 408 too.
  if (status === 429 || status === 412 || status === 408 || (status !== undefined && status >= 500)) {
    return {
      outcome: 'retry',
      ...detail,
      ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
    };
  }
  // 401: the bot's own credentials were refused. Operators must act; retry meanwhile, then fall back.
  if (status === 401) return { outcome: 'retry', ...detail };
  if (status === 403) return { outcome: 'failed', reason: 'blocked', ...detail };
  if (status === 404) return { outcome: 'failed', reason: 'conversation-gone', ...detail };
  if (status !== undefined && status >= 400) return { outcome: 'failed', reason: 'rejected', ...detail };
  // No status: the network or a timeout (ECONNRESET, ETIMEDOUT, TIMEOUT...): try again.
  return { outcome: 'retry', ...detail };
}

/** Retry-After as sent by the Bot Connector: seconds, or an HTTP date. */
export function parseRetryAfter(value: string | undefined | null, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * How long to wait before attempt `attempts + 1`: doubling from the base with ±20% jitter (so that
 * instances do not retry in step); when the Bot Connector said Retry-After, that long and at most
 * 20% more.
 */
export function retryDelayMs(
  attempts: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  if (retryAfterMs !== undefined) return retryAfterMs + Math.round(retryAfterMs * 0.2 * random());
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

function isDue(notification: Notification, now: string): boolean {
  if (notification.status !== 'pending' || notification.nextAttemptAt > now) return false;
  return !notification.claim || notification.claim.until <= now;
}

/** When the earliest pending notification falls due (or its claim runs out); undefined when none. */
export function outboxDueOf(outbox: readonly Notification[] | undefined): string | undefined {
  let due: string | undefined;
  for (const n of outbox ?? []) {
    if (n.status !== 'pending') continue;
    const at = n.claim && n.claim.until > n.nextAttemptAt ? n.claim.until : n.nextAttemptAt;
    if (due === undefined || at < due) due = at;
  }
  return due;
}

/**
 * Who could not be reached and has not been reached since: people, or the triage team. Card updates
 * do not count: the card's refresh shows the truth anyway.
 */
export function unreached(outbox: readonly Notification[] | undefined): Recipient[] {
  const key = (to: Recipient) =>
    to.kind === 'person' ? `${to.role}|${to.email ?? to.aadObjectId}` : to.kind;
  const problem = new Map<string, Recipient>();
  for (const n of outbox ?? []) {
    if (n.to.kind === 'posted-cards') continue;
    if (n.status === 'failed') problem.set(key(n.to), n.to);
    else if (n.status === 'sent') problem.delete(key(n.to));
  }
  return [...problem.values()];
}

/**
 * Who could not be reached and it still matters (the team queue's flag): not reached since, and
 * - not since acting on the record themselves (then they know: a coordinator who was not told of a
 *   hand-over and has since recorded progress, an introducer who has since answered);
 * - not told another way since (a triage manager says so: `told LAC-… because …`);
 * - for a coordinator, only while the record is theirs (once it is someone else's, nothing is
 *   waiting for them).
 */
export function stillUnreached(
  introduction: Pick<Introduction, 'outbox' | 'events' | 'coordinatorEmail'>,
): Recipient[] {
  return unreached(introduction.outbox).filter((to) => {
    if (
      to.kind === 'person' &&
      to.role === 'coordinator' &&
      to.email !== undefined &&
      to.email !== introduction.coordinatorEmail
    )
      return false;
    const since =
      (introduction.outbox ?? [])
        .filter((n) => n.status === 'failed' && sameRecipient(n.to, to))
        .map((n) => n.createdAt)
        .sort()
        .at(-1) ?? '';
    // Told another way once it was flagged (the same instant counts: it was said of this flag); or
    // acted on by them strictly after (what they did at that instant may be what caused it).
    return !introduction.events.some(
      (e) =>
        (e.type === 'told-another-way' && e.at >= since) ||
        (e.at > since &&
          to.kind === 'person' &&
          to.aadObjectId !== undefined &&
          e.by.aadObjectId === to.aadObjectId),
    );
  });
}

function sameRecipient(a: Recipient, b: Recipient): boolean {
  if (a.kind !== 'person' || b.kind !== 'person') return a.kind === b.kind;
  return a.role === b.role && (a.email ?? a.aadObjectId) === (b.email ?? b.aadObjectId);
}

/** The team queue's flag kept true to whoever still matters (stillUnreached): on every write. */
export function withDeliveryProblem(introduction: Introduction): Introduction {
  const { deliveryProblem: _was, ...rest } = introduction;
  return stillUnreached(introduction).length > 0 ? { ...rest, deliveryProblem: true } : rest;
}

/** What a posted copy of the offer card was posted as (its heading and notice depend on it). */
export function postedAs(introduction: Pick<Introduction, 'outbox'>, card: PostedCard): Purpose | undefined {
  return card.purpose ?? introduction.outbox?.find((n) => n.id === card.notificationId)?.purpose;
}

/** How many finished notifications (sent, dropped, failed and since reached) an outbox keeps. */
export const FINISHED_NOTIFICATIONS_KEPT = 10;

/**
 * The outbox without the history it no longer needs, so an introduction with years of messages
 * stays small: every pending notification and, for each recipient not reached since, the latest
 * failure to reach them (the team queue shows those) is kept, and of the rest only the latest
 * FINISHED_NOTIFICATIONS_KEPT. What happened is in the events; the outbox is for what is to do.
 */
export function compactOutbox(outbox: readonly Notification[]): Notification[] {
  const keyOf = (n: Notification) =>
    n.to.kind === 'person' ? `${n.to.role}|${n.to.email ?? n.to.aadObjectId}` : n.to.kind;
  const stillUnreached = new Set(
    unreached(outbox).map((to) =>
      to.kind === 'person' ? `${to.role}|${to.email ?? to.aadObjectId}` : to.kind,
    ),
  );
  // Of the failures to reach someone not reached since, the latest says it (the team queue's flag).
  const latestFailure = new Map<string, Notification>();
  for (const n of outbox)
    if (n.status === 'failed' && stillUnreached.has(keyOf(n))) latestFailure.set(keyOf(n), n);
  const needed = (n: Notification) => n.status === 'pending' || latestFailure.get(keyOf(n)) === n;
  const finished = outbox.filter((n) => !needed(n));
  const dropped = new Set(finished.slice(0, Math.max(0, finished.length - FINISHED_NOTIFICATIONS_KEPT)));
  return dropped.size === 0 ? [...outbox] : outbox.filter((n) => !dropped.has(n));
}

/** The introduction with its outbox's derived fields brought up to date. */
function withOutbox(introduction: Introduction, outbox: Notification[]): Introduction {
  const { outboxDue: _due, ...rest } = introduction;
  const due = outboxDueOf(outbox);
  return withDeliveryProblem({ ...rest, outbox, ...(due ? { outboxDue: due } : {}) });
}

export type NotificationSpec =
  | { purpose: 'card-updates' }
  | { purpose: Exclude<Purpose, 'card-updates'>; to: Recipient; text?: string; questionId?: string };

/** Every posted copy of the card brought up to date (added by every change of state). */
export const CARD_UPDATES: NotificationSpec = { purpose: 'card-updates' };

/**
 * Adds notifications to the outbox, due now. A card update is added only when a card has been
 * posted and no update is already waiting (each update sends the state at the time it is sent).
 */
export function enqueue(introduction: Introduction, now: string, ...specs: NotificationSpec[]): Introduction {
  const before = introduction.outbox ?? [];
  const outbox = [...before];
  // Ids are never reused: after the highest ever given (compaction keeps the newest, so the highest).
  let last = Math.max(0, ...before.map((n) => Number(n.id.slice(1)) || 0));
  for (const spec of specs) {
    if (spec.purpose === 'card-updates') {
      if ((introduction.postedCards ?? []).length === 0) continue;
      if (outbox.some((n) => n.purpose === 'card-updates' && n.status === 'pending' && !n.claim)) continue;
    }
    const notification: Notification = {
      id: `n${++last}`,
      purpose: spec.purpose,
      to: spec.purpose === 'card-updates' ? { kind: 'posted-cards' } : spec.to,
      status: 'pending',
      attempts: 0,
      createdAt: now,
      nextAttemptAt: now,
    };
    if (spec.purpose !== 'card-updates') {
      if (spec.text !== undefined) notification.text = spec.text;
      if (spec.questionId !== undefined) notification.questionId = spec.questionId;
    }
    outbox.push(notification);
  }
  return outbox.length === before.length ? introduction : withOutbox(introduction, outbox);
}

/** The first notification due now, if any. */
export function dueNotification(introduction: Introduction, now: string): Notification | undefined {
  const outbox = introduction.outbox ?? [];
  return outbox.find(
    (n) => isDue(n, now) && !(n.purpose === 'card-updates' && updateInFlight(outbox, n, now)),
  );
}

/**
 * Card updates are sent one at a time per introduction: while one instance is still sending an
 * update (claimed, claim not run out), a later one waits. Otherwise the earlier rendering could land
 * after the later one and the card would show an older state. Each update renders the introduction
 * as it is when claimed, so the last to be sent shows the latest.
 */
function updateInFlight(outbox: readonly Notification[], update: Notification, now: string): boolean {
  return outbox.some(
    (other) =>
      other !== update &&
      other.purpose === 'card-updates' &&
      other.status === 'pending' &&
      other.claim !== undefined &&
      other.claim.until > now,
  );
}

/** Takes a due notification for one instance until `until`; undefined when it is not (or no longer) due. */
export function claimNotification(
  introduction: Introduction,
  id: string,
  by: string,
  now: string,
  until: string,
): Introduction | undefined {
  const outbox = introduction.outbox ?? [];
  const index = outbox.findIndex((n) => n.id === id);
  const current = outbox[index];
  if (!current || !isDue(current, now)) return undefined;
  if (current.purpose === 'card-updates' && updateInFlight(outbox, current, now)) return undefined;
  const next = [...outbox];
  next[index] = { ...current, claim: { by, until } };
  return withOutbox(introduction, next);
}

/**
 * Whether a notification still makes sense: an offer to a coordinator is pointless once the
 * introduction is no longer offered to them; a post to triage once someone has it; telling someone
 * a person was handed over to them once the person is not theirs.
 */
export function isObsolete(introduction: Introduction, notification: Notification): boolean {
  if (introduction.status === 'consent-withdrawn' && notification.purpose !== 'card-updates') return true;
  // Restricted: nothing is sent about it but the updates that take details off posted cards.
  if (introduction.restriction && notification.purpose !== 'card-updates') return true;
  switch (notification.purpose) {
    case 'offer':
    case 'reminder':
      return (
        introduction.status !== 'offered' ||
        notification.to.kind !== 'person' ||
        notification.to.email !== introduction.coordinatorEmail
      );
    case 'triage':
    case 'coordinator-unreachable':
    case 'not-accepted':
      return introduction.status !== 'offered' && introduction.status !== 'with-triage';
    case 'handed-over':
      // Handed over again (or flagged again) before they were told: the person is not theirs now.
      return notification.to.kind !== 'person' || notification.to.email !== introduction.coordinatorEmail;
    default:
      return false;
  }
}

function event(at: string, type: IntroductionEvent['type'], note: string): IntroductionEvent {
  return { at, by: { ...SYSTEM }, type, note };
}

/**
 * Records what a delivery attempt came to, with what follows from it: a posted card is kept so it
 * can be updated; a retry is scheduled; a permanent failure is recorded, and what should have
 * reached the coordinator goes to the triage team instead, and a question that could not reach the
 * introducer is reported to whoever asked it.
 */
export function recordDelivery(
  introduction: Introduction,
  id: string,
  result: DeliveryResult,
  now: Date,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): Introduction {
  const at = now.toISOString();
  const outbox = [...(introduction.outbox ?? [])];
  const index = outbox.findIndex((n) => n.id === id);
  const notification = outbox[index];
  if (notification?.status !== 'pending') return introduction;
  const { claim: _claim, ...unclaimed } = notification;
  const attempts = notification.attempts + 1;
  const events: IntroductionEvent[] = [];
  let posted = introduction.postedCards ?? [];
  let outcome = result;
  if (outcome.outcome === 'retry' && attempts >= policy.maxAttempts) {
    outcome = {
      outcome: 'failed',
      reason: 'gave-up',
      ...(outcome.status !== undefined ? { status: outcome.status } : {}),
      ...(outcome.code ? { code: outcome.code } : {}),
    };
  }
  const followUps: NotificationSpec[] = [];
  switch (outcome.outcome) {
    case 'sent': {
      outbox[index] = { ...unclaimed, status: 'sent', attempts, sentAt: at };
      if (outcome.posted?.length) posted = [...posted, ...outcome.posted];
      const note = outcome.note ?? sentNote(notification);
      if (note)
        events.push(event(at, notification.purpose === 'offer' ? 'offer-delivered' : 'delivered', note));
      break;
    }
    case 'dropped':
      outbox[index] = { ...unclaimed, status: 'dropped', attempts: notification.attempts };
      break;
    case 'retry': {
      const delay = retryDelayMs(attempts, policy, outcome.retryAfterMs, random);
      outbox[index] = {
        ...unclaimed,
        attempts,
        nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
        lastError: errorOf(outcome),
      };
      break;
    }
    case 'failed': {
      outbox[index] = {
        ...unclaimed,
        status: 'failed',
        attempts,
        failure: outcome.reason,
        lastError: errorOf(outcome),
      };
      const failed = failureFollowUp(introduction, notification, outcome.reason, at);
      events.push(...failed.events);
      followUps.push(...failed.followUps);
      break;
    }
  }
  const sentMessages =
    outcome.outcome === 'sent' && outcome.message
      ? [...(introduction.sentMessages ?? []), outcome.message].slice(-SENT_MESSAGES_KEPT)
      : introduction.sentMessages;
  let next = withOutbox(
    {
      ...introduction,
      ...(sentMessages ? { sentMessages } : {}),
      postedCards: posted,
      events: [...introduction.events, ...events],
      updatedAt: events.length > 0 ? at : introduction.updatedAt,
    },
    compactOutbox(outbox),
  );
  if (followUps.length > 0) next = enqueue(next, at, ...followUps);
  if (next.postedCards?.length === 0) delete next.postedCards;
  return next;
}

function errorOf(result: { status?: number; code?: string }): { status?: number; code?: string } {
  return {
    ...(result.status !== undefined ? { status: result.status } : {}),
    ...(result.code ? { code: result.code } : {}),
  };
}

function sentNote(notification: Notification): string | undefined {
  const to = notification.to;
  switch (notification.purpose) {
    case 'offer':
      return to.kind === 'person' ? `Offered to ${to.name} in Teams.` : undefined;
    case 'reminder':
      return to.kind === 'person' ? `Reminder sent to ${to.name}.` : undefined;
    case 'triage':
    case 'coordinator-unreachable':
    case 'not-accepted':
      return 'Sent to the triage team.';
    case 'handed-over':
      return to.kind === 'person'
        ? `${to.name} was told in Teams that they have this person now.`
        : undefined;
    default:
      return undefined;
  }
}

function failureFollowUp(
  introduction: Introduction,
  notification: Notification,
  reason: FailureReason,
  at: string,
): { events: IntroductionEvent[]; followUps: NotificationSpec[] } {
  const to = notification.to;
  const why = FAILURE_WORDS[reason];
  if (to.kind === 'posted-cards') return { events: [], followUps: [] };
  if (to.kind === 'triage') {
    return {
      events: [event(at, 'triage-not-reachable', `The triage team could not be reached in Teams (${why}).`)],
      followUps: [],
    };
  }
  if (to.role === 'coordinator' && notification.purpose === 'handed-over') {
    // The person is theirs already: the team queue shows that they were not reached, for a manager
    // to tell them another way (an offer card for triage would ask the wrong question).
    return {
      events: [
        event(
          at,
          'coordinator-not-reachable',
          `${to.name} could not be told in Teams that this person was handed over to them (${why}): tell them another way.`,
        ),
      ],
      followUps: [],
    };
  }
  if (to.role === 'coordinator') {
    return {
      events: [
        event(
          at,
          'coordinator-not-reachable',
          `${to.name} could not be reached in Teams (${why}); it has gone to the triage team.`,
        ),
      ],
      followUps: [{ purpose: 'coordinator-unreachable', to: { kind: 'triage' } }],
    };
  }
  if (to.role === 'introducer') {
    const events = [
      event(at, 'introducer-not-reachable', `${to.name} could not be reached in Teams (${why}).`),
    ];
    const asked =
      notification.purpose === 'question'
        ? introduction.events.find(
            (e) => e.type === 'question-asked' && e.questionId === notification.questionId,
          )
        : undefined;
    if (!asked) return { events, followUps: [] };
    return {
      events,
      followUps: [
        {
          purpose: 'question-not-delivered',
          to: { kind: 'person', role: 'asker', name: asked.by.name, aadObjectId: asked.by.aadObjectId },
          // Posted in the asker's chat: no contact details here, they are in the introduction's.
          text: `${to.name} could not be reached in Teams, so your question about ${introduction.reference} did not reach them. It is saved with the introduction; their contact details are in its details (Show details and actions).`,
        },
      ],
    };
  }
  return {
    events: [event(at, 'delivery-failed', `A message to ${to.name} could not be delivered (${why}).`)],
    followUps: [],
  };
}
