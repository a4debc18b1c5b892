/**
 * Looks for offers nobody has accepted, and reminds or raises them (src/domain/outbox/nudges.ts). With
 * several instances, one at a time does this: the one holding the `nudges` lease in Cosmos DB,
 * renewed at every run and taken over by another instance when it runs out. Each change is still an
 * ETag-checked write that re-checks the rule, so even two runs at once could not remind twice.
 */
import { applyDueNudge, DEFAULT_NUDGE_POLICY, type NudgePolicy } from '../../domain/outbox/nudges';
import type { Logger } from '../../logger';
import type { IntroductionRepository } from '../../storage/introductions/introductionRepository';
import type { LeaseRepository } from '../../storage/leaseRepository';
import { LeasedSchedule, type ScheduleOptions } from '../leasedSchedule';

export const NUDGES_LEASE = 'nudges';

export interface NudgeOptions extends ScheduleOptions {
  policy?: NudgePolicy;
  /** Called with each introduction that now has a notification to send. */
  onNudged?: (introductionId: string) => void;
}

export interface NudgeRun {
  /** This instance held the lease and looked. */
  ran: boolean;
  reminded: number;
  raised: number;
}

export class NudgeScheduler extends LeasedSchedule<NudgeRun> {
  private readonly policy: NudgePolicy;

  constructor(
    private readonly introductions: IntroductionRepository,
    leases: LeaseRepository,
    private readonly logger: Logger,
    private readonly options: NudgeOptions = {},
  ) {
    super({ name: NUDGES_LEASE, leases }, options, 300_000);
    this.policy = options.policy ?? DEFAULT_NUDGE_POLICY;
  }

  protected notHeld(): NudgeRun {
    return { ran: false, reminded: 0, raised: 0 };
  }

  protected async run(now: Date): Promise<NudgeRun> {
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
