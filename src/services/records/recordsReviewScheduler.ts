/**
 * Once a day, one instance (the one holding the `records-review` lease) looks for records past their
 * retention date and, when some have fallen due since it last looked, tells each records lead in
 * their own chat how many are waiting: "type records due". The message carries a count, never a
 * reference or a name. Nothing is disposed of here: a records lead approves each disposal.
 */
import { ukToday } from '../../domain/directory/routing';
import type { Logger } from '../../logger';
import type { DueRecord } from '../../storage/introductions/introductionRepository';
import type { LeaseRepository } from '../../storage/leaseRepository';
import type { ReviewState } from '../../storage/records/reviewState';
import { LeasedSchedule, type ScheduleOptions } from '../leasedSchedule';

export const RECORDS_REVIEW_LEASE = 'records-review';

export interface RecordsReviewDependencies {
  due: (today: string) => Promise<DueRecord[]>;
  state: { read(): Promise<ReviewState | undefined>; write(state: ReviewState): Promise<void> };
  /** Tells the records leads, in their own chats; how many were reached. */
  tellLeads: (words: string) => Promise<number>;
  leases: LeaseRepository;
  logger: Logger;
}

export interface RecordsReviewRun {
  ran: boolean;
  due: number;
  newlyDue: number;
  told: number;
  ms: number;
}

export class RecordsReviewScheduler extends LeasedSchedule<RecordsReviewRun> {
  constructor(
    private readonly deps: RecordsReviewDependencies,
    options: ScheduleOptions = {},
  ) {
    super({ name: RECORDS_REVIEW_LEASE, leases: deps.leases }, options, 3_600_000);
  }

  protected notHeld(): RecordsReviewRun {
    return { ran: false, due: 0, newlyDue: 0, told: 0, ms: 0 };
  }

  protected async run(now: Date): Promise<RecordsReviewRun> {
    const started = performance.now();
    const nothing = { due: 0, newlyDue: 0, told: 0 };
    const today = ukToday(now);
    const last = await this.deps.state.read();
    if (last?.day === today) return { ran: true, ...nothing, ms: Math.round(performance.now() - started) };
    const due = (await this.deps.due(today)).filter((i) => !i.legalHold);
    const before = new Set(last?.dueIds ?? []);
    const newlyDue = due.filter((i) => !before.has(i.id)).length;
    let told = 0;
    if (newlyDue > 0)
      told = await this.deps.tellLeads(
        `${due.length === 1 ? 'One record is' : `${due.length} records are`} past the retention date and waiting for your review (${newlyDue} new since I last looked). Type **records due** to see them: nothing is disposed of until you approve it.`,
      );
    await this.deps.state.write({ day: today, dueIds: due.map((i) => i.id) });
    const ms = Math.round(performance.now() - started);
    this.deps.logger.info({ due: due.length, newlyDue, told, ms }, 'records review');
    return { ran: true, due: due.length, newlyDue, told, ms };
  }
}
