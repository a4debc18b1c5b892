/**
 * Looks for offers nobody has accepted, and reminds or raises them (src/domain/nudges.ts). With
 * several instances, one at a time does this: the one holding the `nudges` lease in Cosmos DB,
 * renewed at every run and taken over by another instance when it runs out. Each change is still an
 * ETag-checked write that re-checks the rule, so even two runs at once could not remind twice.
 */
import { randomUUID } from 'node:crypto';
import { applyDueNudge, DEFAULT_NUDGE_POLICY, type NudgePolicy } from '../domain/nudges';
import type { Logger } from '../logger';
import type { IntroductionRepository } from '../storage/introductionRepository';
import type { LeaseRepository } from '../storage/leaseRepository';

export const NUDGES_LEASE = 'nudges';

export interface NudgeOptions {
  policy?: NudgePolicy;
  /** How often to look (ms); 0: never on its own (tests call `runOnce`). */
  everyMs?: number;
  instanceId?: string;
  clock?: () => Date;
  /** Called with each introduction that now has a notification to send. */
  onNudged?: (introductionId: string) => void;
}

export interface NudgeRun {
  /** This instance held the lease and looked. */
  ran: boolean;
  reminded: number;
  raised: number;
}

export class NudgeScheduler {
  readonly instanceId: string;
  private readonly policy: NudgePolicy;
  private readonly everyMs: number;
  private readonly clock: () => Date;
  private timer?: NodeJS.Timeout;
  private running?: Promise<NudgeRun>;

  constructor(
    private readonly introductions: IntroductionRepository,
    private readonly leases: LeaseRepository,
    private readonly logger: Logger,
    private readonly options: NudgeOptions = {},
  ) {
    this.instanceId = options.instanceId ?? `instance-${randomUUID().slice(0, 8)}`;
    this.policy = options.policy ?? DEFAULT_NUDGE_POLICY;
    this.everyMs = options.everyMs ?? 300_000;
    this.clock = options.clock ?? (() => new Date());
  }

  start(): void {
    if (this.everyMs <= 0) return;
    this.timer = setInterval(() => void this.runOnce().catch(() => undefined), this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    await this.leases.release(NUDGES_LEASE, this.instanceId).catch(() => undefined);
  }

  /** One look, if this instance holds (or can take) the lease. */
  runOnce(): Promise<NudgeRun> {
    this.running ??= this.look().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async look(): Promise<NudgeRun> {
    const now = this.clock();
    // The lease outlives two intervals, so a holder that is merely slow keeps it.
    const ttl = Math.max(60_000, 2 * this.everyMs);
    if (!(await this.leases.acquire(NUDGES_LEASE, this.instanceId, now, ttl))) {
      return { ran: false, reminded: 0, raised: 0 };
    }
    const run: NudgeRun = { ran: true, reminded: 0, raised: 0 };
    const offered = await this.introductions.listByStatus(['offered']);
    for (const candidate of offered) {
      if (!applyDueNudge(candidate, this.policy, now)) continue;
      let kind: 'reminder-sent' | 'raised-with-triage' | undefined;
      await this.introductions.update(candidate.id, (current) => {
        const nudged = applyDueNudge(current, this.policy, now);
        kind = nudged?.events.at(-1)?.type as typeof kind;
        return nudged;
      });
      if (!kind) continue;
      if (kind === 'reminder-sent') run.reminded++;
      else run.raised++;
      this.logger.info({ introductionId: candidate.id, nudge: kind }, 'offer not accepted in time');
      this.options.onNudged?.(candidate.id);
    }
    return run;
  }
}
