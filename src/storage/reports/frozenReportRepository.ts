/**
 * Past months, frozen: on the first working day of a month, last month's reports (the whole
 * service, each patch and each coordinator's own patches) are stored in the `reports` container and
 * read from there from then on, so they do not shift when a record is corrected, and survive when
 * one is deleted under the retention schedule. Counts only, never a person.
 *
 * - `frozen:<month>:<scope>` holds the revision in force; a correction ("refreeze") archives it as
 *   `frozen:<month>:<scope>:r<n>` and stores revision n + 1, with who and why.
 * - `frozen-parts:<month>` holds the month's parts in later reports (src/domain/reports/monthParts.ts):
 *   its trend point and year-to-date counts by patch, so that a later month's report reads them
 *   instead of the introductions; written before the reports, replaced by a correction.
 * - The service's document also holds the monthly post to the triage team (`post`): stored with the
 *   freeze, sent afterwards, claimed with an ETag-checked write so that of several instances one
 *   posts, retried when Teams is busy (src/services/reports/monthlyReportScheduler.ts).
 */
import type { Container } from '@azure/cosmos';
import type { MonthParts } from '../../domain/reports/monthParts';
import type { MonthlyReport } from '../../domain/reports/reportModel';
import type { Month } from '../../domain/reports/reportPeriod';

export interface MonthlyPost {
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  /** When it may next be tried. */
  dueAt: string;
  /** An instance sending it now, until when. */
  claimedBy?: string;
  claimedUntil?: string;
  sentAt?: string;
  /** Where it went: the triage channel, or each triage manager's chat. */
  where?: 'channel' | 'managers';
  /** Why it failed for good, in the outbox's words. */
  failure?: string;
}

export interface FrozenReport {
  month: Month;
  /** `service`, or the patch id. */
  scopeKey: string;
  revision: number;
  frozenAt: string;
  frozenBy: { aadObjectId: string; name: string };
  /** Why this revision: "The month ended", or the correction's reason. */
  reason: string;
  report: MonthlyReport;
  post?: MonthlyPost;
}

type Stored = FrozenReport & { id: string; type: 'frozen-report' | 'frozen-report-revision'; _etag?: string };

const idOf = (month: Month, scopeKey: string) => `frozen:${month}:${scopeKey}`;
const partsIdOf = (month: Month) => `frozen-parts:${month}`;
const code = (error: unknown) => (error as { code?: number }).code;

export interface FrozenReportRepository {
  get(month: Month, scopeKey: string): Promise<FrozenReport | undefined>;
  /**
   * Stores a month's first revision: the patches' first and the service's (with its post) last, so
   * a freeze cut short is finished by the next one. False when the service's was frozen already.
   */
  freeze(reports: readonly FrozenReport[], parts?: MonthParts): Promise<boolean>;
  /**
   * A correction: each report replaces the revision in force, which is kept as an archive; the
   * month's parts are replaced.
   */
  revise(reports: readonly FrozenReport[], parts?: MonthParts): Promise<void>;
  /** The parts of those of the months that were frozen with them (one point read each). */
  parts(months: readonly Month[]): Promise<MonthParts[]>;
  /** Changes the monthly post, ETag-checked; undefined when `change` declines or someone was first. */
  updatePost(
    month: Month,
    change: (post: MonthlyPost | undefined) => MonthlyPost | undefined,
  ): Promise<FrozenReport | undefined>;
}

/** A frozen report as it is shown: the report, and which revision it is. */
export function frozenReport(frozen: FrozenReport): MonthlyReport {
  return {
    ...frozen.report,
    frozen: {
      at: frozen.frozenAt,
      revision: frozen.revision,
      by: frozen.frozenBy.name,
      reason: frozen.reason,
    },
  };
}

function plain(stored: Stored): FrozenReport {
  const { month, scopeKey, revision, frozenAt, frozenBy, reason, report, post } = stored;
  return { month, scopeKey, revision, frozenAt, frozenBy, reason, report, ...(post ? { post } : {}) };
}

export class CosmosFrozenReportRepository implements FrozenReportRepository {
  constructor(private readonly container: Container) {}

  private async read(id: string): Promise<Stored | undefined> {
    const { resource } = await this.container.item(id, id).read<Stored>();
    return resource ?? undefined;
  }

  async get(month: Month, scopeKey: string): Promise<FrozenReport | undefined> {
    const stored = await this.read(idOf(month, scopeKey));
    return stored ? plain(stored) : undefined;
  }

  async parts(months: readonly Month[]): Promise<MonthParts[]> {
    const read = await Promise.all(
      months.map(async (month) => {
        const id = partsIdOf(month);
        const { resource } = await this.container.item(id, id).read<{ parts: MonthParts }>();
        return resource?.parts;
      }),
    );
    return read.filter((parts): parts is MonthParts => parts !== undefined);
  }

  private async storeParts(parts: MonthParts | undefined): Promise<void> {
    if (!parts) return;
    const id = partsIdOf(parts.month);
    await this.container.items.upsert({ id, type: 'frozen-parts', month: parts.month, parts });
  }

  async freeze(reports: readonly FrozenReport[], parts?: MonthParts): Promise<boolean> {
    // The parts first: a month whose service report is stored has its parts.
    if (parts && !(await this.read(idOf(parts.month, 'service')))) await this.storeParts(parts);
    const ordered = [...reports].sort(
      (a, b) => Number(a.scopeKey === 'service') - Number(b.scopeKey === 'service'),
    );
    let created = false;
    for (const report of ordered) {
      try {
        await this.container.items.create({
          id: idOf(report.month, report.scopeKey),
          type: 'frozen-report',
          ...report,
        });
        if (report.scopeKey === 'service') created = true;
      } catch (error) {
        if (code(error) !== 409) throw error;
      }
    }
    return created;
  }

  async revise(reports: readonly FrozenReport[], parts?: MonthParts): Promise<void> {
    await this.storeParts(parts);
    for (const report of reports) {
      // The monthly post may be recorded meanwhile (an ETag clash): read again and retry.
      for (let attempt = 1; ; attempt++) {
        try {
          await this.reviseOne(report);
          break;
        } catch (error) {
          if (code(error) !== 412 || attempt >= 3) throw error;
        }
      }
    }
  }

  private async reviseOne(report: FrozenReport): Promise<void> {
    const id = idOf(report.month, report.scopeKey);
    const current = await this.read(id);
    if (current) {
      await this.container.items.upsert({
        ...plain(current),
        id: `${id}:r${current.revision}`,
        type: 'frozen-report-revision',
      });
      const { post } = current;
      await this.container
        .item(id, id)
        .replace(
          { id, type: 'frozen-report', ...report, ...(post ? { post } : {}) },
          { accessCondition: { type: 'IfMatch', condition: current._etag ?? '' } },
        );
    } else {
      await this.container.items.create({ id, type: 'frozen-report', ...report });
    }
  }

  async updatePost(
    month: Month,
    change: (post: MonthlyPost | undefined) => MonthlyPost | undefined,
  ): Promise<FrozenReport | undefined> {
    const id = idOf(month, 'service');
    const current = await this.read(id);
    if (!current) return undefined;
    const post = change(current.post);
    if (!post) return undefined;
    try {
      await this.container
        .item(id, id)
        .replace(
          { ...plain(current), id, type: 'frozen-report', post },
          { accessCondition: { type: 'IfMatch', condition: current._etag ?? '' } },
        );
    } catch (error) {
      if (code(error) === 412) return undefined;
      throw error;
    }
    return plain({ ...current, post });
  }
}
