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
 * happened with `recordDelivery`. Failures are classified in retries.ts: throttling (429, honouring
 * Retry-After), server errors and timeouts are retried with backoff; a recipient who never installed
 * the app, blocked it (403) or whose conversation is gone (404) is a permanent failure, recorded on
 * the introduction, and the introduction goes to the triage team instead.
 *
 * No I/O: the time, the instance's name and the random jitter are passed in.
 */
import type { Introduction, IntroductionEvent } from '../introductions/introduction';
import {
  type DeliveryResult,
  FAILURE_WORDS,
  type FailureReason,
  type Notification,
  type NotificationSpec,
  type PostedCard,
  type Purpose,
  type Recipient,
  SENT_MESSAGES_KEPT,
} from './messages';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from './retries';

const SYSTEM = { aadObjectId: 'lac-front-door', name: 'LAC Front Door' } as const;

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
    // An introducer on the council's website has no chat with the app: nothing is sent back to them
    // (the confirmation page said what happens next and when to expect contact).
    if (
      spec.purpose !== 'card-updates' &&
      spec.to.kind === 'person' &&
      spec.to.role === 'introducer' &&
      introduction.introducer.web !== undefined
    )
      continue;
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
  // Only a message to a coordinator about someone already theirs (a hand-over, a correction): the
  // team queue shows that they were not reached, for a manager to tell them another way (an offer
  // card for triage would ask the wrong question).
  const toldOf: Partial<Record<Purpose, string>> = {
    'handed-over': 'that this person was handed over to them',
    'detail-corrected': 'that a detail was corrected',
  };
  const told = toldOf[notification.purpose];
  if (to.role === 'coordinator' && told) {
    return {
      events: [
        event(
          at,
          'coordinator-not-reachable',
          `${to.name} could not be told in Teams ${told} (${why}): tell them another way.`,
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
