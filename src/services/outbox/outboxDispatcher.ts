/**
 * Sends what introductions' outboxes hold (src/domain/outbox/outbox.ts), safely with several instances:
 *
 * - Straight after a change, the instance that made it sends at once (`kick`), so an offer reaches
 *   its coordinator within the same second.
 * - Every instance also sweeps for anything due (`listDue`: at start, then every `pollMs`), so a
 *   retry, or a notification left by an instance that crashed or stopped, is sent all the same.
 * - Before sending, an instance claims the notification with an ETag-checked write: of several
 *   instances exactly one wins and sends. A claim runs out after `claimMs`; if its instance died
 *   mid-send, another sends it then (so delivery is at least once: a crash in the moment between
 *   Teams accepting a message and the claim being recorded can send it twice, never zero times).
 * - What happened is recorded in a second ETag-checked write, with what follows from it (a retry
 *   scheduled, or the triage team told instead).
 *
 * The sending itself is the `NotificationSender` (the Teams edge implements it).
 */
import { randomUUID } from 'node:crypto';
import type { Introduction } from '../../domain/introductions/introduction';
import type { DeliveryResult, Notification } from '../../domain/outbox/messages';
import { claimNotification, dueNotification, isObsolete, recordDelivery } from '../../domain/outbox/outbox';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../domain/outbox/retries';
import type { Logger } from '../../logger';
import type { IntroductionRepository } from '../../storage/introductions/introductionRepository';

export interface NotificationSender {
  /** Delivers one notification for the introduction as it is now. Never throws: failures are results. */
  deliver(introduction: Introduction, notification: Notification): Promise<DeliveryResult>;
}

export interface OutboxOptions {
  /** Names this instance in claims. */
  instanceId?: string;
  /** How often to sweep for due notifications (ms); 0: only at start and when kicked (tests). */
  pollMs?: number;
  /** How long a claim holds before another instance may take the notification over (ms). */
  claimMs?: number;
  retry?: RetryPolicy;
  clock?: () => Date;
  random?: () => number;
}

export interface DispatchStats {
  sent: number;
  retried: number;
  failed: number;
  dropped: number;
}

export class OutboxDispatcher {
  readonly instanceId: string;
  private readonly pollMs: number;
  private readonly claimMs: number;
  private readonly retry: RetryPolicy;
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly inFlight = new Set<Promise<void>>();
  /** Introductions being dispatched by this instance; a kick meanwhile asks for another pass. */
  private readonly active = new Map<string, { again: boolean }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private poller?: NodeJS.Timeout;
  private stopped = false;
  readonly stats: DispatchStats = { sent: 0, retried: 0, failed: 0, dropped: 0 };

  constructor(
    private readonly introductions: IntroductionRepository,
    private readonly sender: NotificationSender,
    private readonly logger: Logger,
    options: OutboxOptions = {},
  ) {
    this.instanceId = options.instanceId ?? `instance-${randomUUID().slice(0, 8)}`;
    this.pollMs = options.pollMs ?? 30_000;
    this.claimMs = options.claimMs ?? 120_000;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
  }

  /** Sends whatever is due now (left from before a restart, too), then keeps sweeping. */
  start(): void {
    this.track(this.sweep().then(() => undefined));
    if (this.pollMs > 0) {
      this.poller = setInterval(() => {
        if (this.inFlight.size === 0) this.track(this.sweep().then(() => undefined));
      }, this.pollMs);
      this.poller.unref();
    }
  }

  /** Stops sweeping and waits for sends under way; what is left is sent by the next instance. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poller) clearInterval(this.poller);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.settled();
  }

  /** Sends this introduction's due notifications now, in the background. */
  kick(introductionId: string): void {
    if (this.stopped) return;
    const running = this.active.get(introductionId);
    if (running) {
      running.again = true;
      return;
    }
    this.track(this.dispatch(introductionId));
  }

  /**
   * Resolves when this instance is sending nothing and has no retry timed (tests, shutdown,
   * benchmarks). Retries left for a later sweep are not waited for.
   */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0 || this.timers.size > 0) {
      if (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Finds every introduction with something due and sends it; returns how many were looked at. */
  async sweep(): Promise<number> {
    if (this.stopped) return 0;
    let ids: string[];
    try {
      ids = await this.introductions.listDue(this.clock().toISOString());
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox sweep could not read Cosmos DB');
      return 0;
    }
    // A few at a time: Teams throttles bursts, and each introduction's messages go in order.
    const queue = [...ids];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        if (!this.active.has(id)) await this.dispatch(id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
    return ids.length;
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.logger.error({ err: error }, 'outbox dispatch failed'))
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /** One introduction: claim, send and record each due notification in turn. */
  private async dispatch(introductionId: string): Promise<void> {
    const state = { again: false };
    this.active.set(introductionId, state);
    try {
      do {
        state.again = false;
        while (!this.stopped && (await this.sendNext(introductionId))) {
          // next one
        }
      } while (state.again && !this.stopped);
    } finally {
      this.active.delete(introductionId);
    }
  }

  /** Claims, sends and records the next due notification; false when none is due. */
  private async sendNext(introductionId: string): Promise<boolean> {
    const now = this.clock();
    let claimed: Notification | undefined;
    const introduction = await this.introductions.update(introductionId, (current) => {
      claimed = undefined;
      const due = dueNotification(current, now.toISOString());
      if (!due) return undefined;
      const until = new Date(now.getTime() + this.claimMs).toISOString();
      const changed = claimNotification(current, due.id, this.instanceId, now.toISOString(), until);
      if (changed) claimed = due;
      return changed;
    });
    if (!introduction || !claimed) return false;
    const notification = claimed;
    const result: DeliveryResult = isObsolete(introduction, notification)
      ? { outcome: 'dropped' }
      : await this.sender.deliver(introduction, notification).catch((error: unknown): DeliveryResult => {
          this.logger.error({ err: error, introductionId }, 'notification sender threw');
          return { outcome: 'retry', code: 'SENDER_ERROR' };
        });
    const recorded = await this.introductions.update(introductionId, (current) => {
      const mine = current.outbox?.find((n) => n.id === notification.id);
      // Another instance took it over after our claim ran out, and has recorded it: keep theirs.
      if (mine?.status !== 'pending' || (mine.claim && mine.claim.by !== this.instanceId)) return undefined;
      return recordDelivery(current, notification.id, result, this.clock(), this.retry, this.random);
    });
    this.count(result);
    this.logger.info(
      {
        introductionId,
        notificationId: notification.id,
        purpose: notification.purpose,
        outcome: result.outcome,
        ...(result.outcome === 'failed' ? { reason: result.reason } : {}),
        ...(result.outcome === 'retry' || result.outcome === 'failed'
          ? { status: result.status, code: result.code }
          : {}),
        attempt: notification.attempts + 1,
      },
      'notification',
    );
    if (result.outcome === 'retry' && recorded) this.scheduleRetry(introductionId, recorded);
    return true;
  }

  private count(result: DeliveryResult): void {
    if (result.outcome === 'sent') this.stats.sent++;
    else if (result.outcome === 'retry') this.stats.retried++;
    else if (result.outcome === 'failed') this.stats.failed++;
    else this.stats.dropped++;
  }

  /** Retries soon after are timed here; later ones are found by the sweep (on any instance). */
  private scheduleRetry(introductionId: string, introduction: Introduction): void {
    if (this.stopped || !introduction.outboxDue) return;
    const delay = Date.parse(introduction.outboxDue) - this.clock().getTime();
    if (this.pollMs > 0 && delay > this.pollMs) return;
    // Timers run on a monotonic clock and can fire a millisecond before the wall clock says the
    // retry is due; a few milliseconds' margin keeps it from finding nothing due and waiting for
    // the next sweep.
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.kick(introductionId);
    }, Math.max(0, delay) + 5);
    timer.unref();
    this.timers.add(timer);
  }
}
