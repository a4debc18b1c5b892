/**
 * On the first working day of each month: last month is frozen (the whole service, each patch and each coordinator's patches,
 * src/services/reports/reportService.ts) and its report posted to the triage team (the triage channel, or
 * each triage manager's chat). One instance does it, the one holding the `monthly-report` lease;
 * the post is stored with the freeze and sent afterwards, claimed with an ETag-checked write, and
 * retried with the outbox's backoff when Teams is busy, so it goes out once, and not never.
 */

import { ukToday } from '../../domain/directory/routing';
import type { DeliveryResult } from '../../domain/outbox/messages';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from '../../domain/outbox/retries';
import type { MonthlyReport } from '../../domain/reports/reportModel';
import { monthToFreeze } from '../../domain/reports/reportPeriod';
import type { Logger } from '../../logger';
import type { LeaseRepository } from '../../storage/leaseRepository';
import {
  type FrozenReportRepository,
  frozenReport,
  type MonthlyPost,
} from '../../storage/reports/frozenReportRepository';
import { LeasedSchedule, type ScheduleOptions } from '../leasedSchedule';
import type { ReportService } from './reportService';

export const MONTHLY_REPORT_LEASE = 'monthly-report';
/** How long a claim to post lasts: longer than a post takes, short enough to retry soon after a crash. */
const CLAIM_MS = 120_000;

/** Posts a month's report to the triage team (src/bot/reports/reportPosting.ts). */
export interface MonthlyReportPoster {
  post(report: MonthlyReport): Promise<{ result: DeliveryResult; where?: MonthlyPost['where'] }>;
}

export interface MonthlyReportRun {
  /** This instance held the lease and looked. */
  ran: boolean;
  froze: boolean;
  posted: boolean;
}

export class MonthlyReportScheduler extends LeasedSchedule<MonthlyReportRun> {
  private readonly retry: RetryPolicy;

  constructor(
    private readonly deps: {
      reports: Pick<ReportService, 'freeze'>;
      frozen: FrozenReportRepository;
      leases: LeaseRepository;
      poster: MonthlyReportPoster;
      logger: Logger;
      /**
       * Stamps up to so many introductions written before `activeUntil` existed
       * (src/domain/reports/reportActivity.ts): how many it stamped.
       */
      stampActivity?: (limit: number) => Promise<number>;
    },
    options: ScheduleOptions & { retry?: RetryPolicy } = {},
  ) {
    super({ name: MONTHLY_REPORT_LEASE, leases: deps.leases }, options, 600_000);
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
  }

  /**
   * Records written before `activeUntil` existed are read by every report until they are stamped:
   * a few hundred a pass, until none is left (then not looked for again until the next start).
   */
  private async stampActivity(): Promise<void> {
    if (!this.unstamped || !this.deps.stampActivity) return;
    const limit = 500;
    const stamped = await this.deps.stampActivity(limit).catch((error: unknown) => {
      this.deps.logger.warn({ err: error }, 'introductions not stamped for reports');
      return limit;
    });
    if (stamped > 0) this.deps.logger.info({ stamped }, 'introductions stamped for reports');
    this.unstamped = stamped >= limit;
  }

  protected notHeld(): MonthlyReportRun {
    return { ran: false, froze: false, posted: false };
  }

  /** Whether some introductions may still be written before `activeUntil` existed. */
  private unstamped = true;

  protected async run(now: Date): Promise<MonthlyReportRun> {
    await this.stampActivity();
    const month = monthToFreeze(ukToday(now));
    if (!month) return { ran: true, froze: false, posted: false };
    const froze = (await this.deps.frozen.get(month, 'service'))
      ? false
      : await this.deps.reports.freeze(month);
    const at = now.toISOString();
    const claimed = await this.deps.frozen.updatePost(month, (post) =>
      post?.state === 'pending' && post.dueAt <= at && (!post.claimedUntil || post.claimedUntil <= at)
        ? {
            ...post,
            claimedBy: this.instanceId,
            claimedUntil: new Date(now.getTime() + CLAIM_MS).toISOString(),
          }
        : undefined,
    );
    if (!claimed) return { ran: true, froze, posted: false };
    const { result, where } = await this.deps.poster.post(frozenReport(claimed)).catch((error: unknown) => {
      this.deps.logger.warn({ err: error, month }, 'monthly report not posted');
      return { result: { outcome: 'retry' } as DeliveryResult, where: undefined };
    });
    const after = await this.deps.frozen.updatePost(month, (post) =>
      post ? this.recorded(post, result, where, now) : undefined,
    );
    const outcome =
      after?.post?.state === 'sent' ? 'sent' : after?.post?.state === 'failed' ? 'failed' : 'retry';
    // The same log line as every other message sent (the failed-delivery alert reads it).
    this.deps.logger.info(
      {
        purpose: 'monthly-report',
        outcome,
        attempt: after?.post?.attempts,
        ...(where ? { where } : {}),
        ...(result.outcome === 'failed' ? { reason: result.reason } : {}),
      },
      'notification',
    );
    return { ran: true, froze, posted: outcome === 'sent' };
  }

  private recorded(
    post: MonthlyPost,
    result: DeliveryResult,
    where: MonthlyPost['where'],
    now: Date,
  ): MonthlyPost {
    const attempts = post.attempts + 1;
    const { claimedBy: _by, claimedUntil: _until, ...rest } = post;
    if (result.outcome === 'sent' || result.outcome === 'dropped')
      return { ...rest, state: 'sent', attempts, sentAt: now.toISOString(), ...(where ? { where } : {}) };
    if (result.outcome === 'failed' || attempts >= this.retry.maxAttempts)
      return {
        ...rest,
        state: 'failed',
        attempts,
        failure: result.outcome === 'failed' ? result.reason : 'gave-up',
      };
    const delay = retryDelayMs(attempts, this.retry, result.retryAfterMs, Math.random);
    return { ...rest, state: 'pending', attempts, dueAt: new Date(now.getTime() + delay).toISOString() };
  }
}
