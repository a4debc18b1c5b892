/**
 * Once a day, one instance (the one holding the `records-review` lease) looks for records past their
 * retention date and, when some have fallen due since it last looked, tells each records lead in
 * their own chat how many are waiting: "type records due". The message carries a count, never a
 * reference or a name. Nothing is disposed of here: a records lead approves each disposal.
 *
 * The same message tells them of every open subject access request due within a week, or overdue,
 * by its own reference (SAR-…) and days left, every day until it is closed.
 */

import { ukToday } from '../../domain/directory/routing';
import { daysLeftWords, type SubjectAccessRequest } from '../../domain/records/subjectAccessRequest';
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
  /** Open subject access requests due within a week, or overdue. */
  requestsDueSoon?: (now: Date) => Promise<SubjectAccessRequest[]>;
  leases: LeaseRepository;
  logger: Logger;
}

export interface RecordsReviewRun {
  ran: boolean;
  due: number;
  newlyDue: number;
  /** Subject access requests due within a week (or overdue) that the message named. */
  requestsDueSoon: number;
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
    return { ran: false, due: 0, newlyDue: 0, requestsDueSoon: 0, told: 0, ms: 0 };
  }

  protected async run(now: Date): Promise<RecordsReviewRun> {
    const started = performance.now();
    const nothing = { due: 0, newlyDue: 0, requestsDueSoon: 0, told: 0 };
    const today = ukToday(now);
    const last = await this.deps.state.read();
    if (last?.day === today) return { ran: true, ...nothing, ms: Math.round(performance.now() - started) };
    const due = (await this.deps.due(today)).filter((i) => !i.legalHold);
    const before = new Set(last?.dueIds ?? []);
    const newlyDue = due.filter((i) => !before.has(i.id)).length;
    const requests = (await this.deps.requestsDueSoon?.(now)) ?? [];
    const words: string[] = [];
    if (newlyDue > 0)
      words.push(
        `${due.length === 1 ? 'One record is' : `${due.length} records are`} past the retention date and waiting for your review (${newlyDue} new since I last looked). Type **records due** to see them: nothing is disposed of until you approve it.`,
      );
    if (requests.length > 0)
      words.push(
        `Subject access ${requests.length === 1 ? 'request' : 'requests'} due within a week: ${requests
          .map((r) => `**${r.reference}** (due ${r.dueOn}, ${daysLeftWords(r.dueOn, today)})`)
          .join('; ')}. Type **subject access requests** to see every open one.`,
      );
    let told = 0;
    if (words.length > 0) told = await this.deps.tellLeads(words.join('\n\n'));
    await this.deps.state.write({ day: today, dueIds: due.map((i) => i.id) });
    const ms = Math.round(performance.now() - started);
    this.deps.logger.info(
      { due: due.length, newlyDue, requestsDueSoon: requests.length, told, ms },
      'records review',
    );
    return { ran: true, due: due.length, newlyDue, requestsDueSoon: requests.length, told, ms };
  }
}
