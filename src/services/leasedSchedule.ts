/**
 * Scheduled work that one instance at a time does, whichever holds its lease in Cosmos DB
 * (src/storage/leaseRepository.ts): every `everyMs` each instance tries to take or renew the lease,
 * and only the holder looks. The lease outlives two intervals, so a holder that is merely slow keeps
 * it, and another instance takes over once a stopped holder's has run out. Reminders, the monthly
 * freeze and post, and the records review each are one of these.
 */
import { randomUUID } from 'node:crypto';
import type { LeaseRepository } from '../storage/leaseRepository';

export interface ScheduleOptions {
  /** How often to look (ms); 0: never on its own (tests call `runOnce`). */
  everyMs?: number;
  instanceId?: string;
  clock?: () => Date;
}

export abstract class LeasedSchedule<Run> {
  readonly instanceId: string;
  protected readonly everyMs: number;
  protected readonly clock: () => Date;
  private timer?: NodeJS.Timeout;
  private running?: Promise<Run>;

  constructor(
    private readonly lease: { name: string; leases: LeaseRepository },
    options: ScheduleOptions,
    defaultEveryMs: number,
  ) {
    this.instanceId = options.instanceId ?? `instance-${randomUUID().slice(0, 8)}`;
    this.everyMs = options.everyMs ?? defaultEveryMs;
    this.clock = options.clock ?? (() => new Date());
  }

  start(): void {
    if (this.everyMs <= 0) return;
    this.timer = setInterval(() => void this.runOnce().catch(() => undefined), this.everyMs);
    this.timer.unref();
  }

  /** Stops looking, waits for a look under way, and gives up the lease for another instance. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    await this.lease.leases.release(this.lease.name, this.instanceId).catch(() => undefined);
  }

  /** One look, if this instance holds (or can take) the lease; one at a time. */
  runOnce(): Promise<Run> {
    this.running ??= this.look().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async look(): Promise<Run> {
    const now = this.clock();
    const ttl = this.leaseMs();
    if (!(await this.lease.leases.acquire(this.lease.name, this.instanceId, now, ttl))) return this.notHeld();
    return this.run(now);
  }

  /**
   * How long a taken lease lasts: two intervals by default, so a holder that is merely slow keeps
   * it. Work that must not wait for a stopped holder's long lease (the audit's seals) lasts less.
   */
  protected leaseMs(): number {
    return Math.max(60_000, 2 * this.everyMs);
  }

  /** What a look comes to when another instance holds the lease. */
  protected abstract notHeld(): Run;

  /** The work, while this instance holds the lease. */
  protected abstract run(now: Date): Promise<Run>;
}
