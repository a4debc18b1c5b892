/**
 * Monthly reports: reads what a report needs (src/storage/reports/monitoringRepository.ts) and computes it
 * (src/domain/reports/monthlyReport.ts). Who may see which report is decided in src/domain/reports/reportAccess.ts,
 * before this is called.
 */
import type { Directory } from '../../domain/directory/directory';
import { type FromFrozen, monthlyReport, partsOfMonth } from '../../domain/reports/monthlyReport';
import type { MonthParts } from '../../domain/reports/monthParts';
import { frozenScopes } from '../../domain/reports/reportAccess';
import {
  monthStart,
  type QuietCounts,
  quietCriteria,
  reportWindowFirstMonth,
} from '../../domain/reports/reportActivity';
import {
  type MonthlyReport,
  type ReportRecord,
  type ReportScope,
  scopeKey,
} from '../../domain/reports/reportModel';
import {
  addMonths,
  financialYearStart,
  type Month,
  monthEnd,
  monthLabel,
  monthsBetween,
} from '../../domain/reports/reportPeriod';
import { reportTables } from '../../domain/reports/reportTables';
import type { Logger } from '../../logger';
import type { DownloadLinks } from '../../storage/downloadLinks';
import { type FrozenReportRepository, frozenReport } from '../../storage/reports/frozenReportRepository';
import type { MonitoringRepository } from '../../storage/reports/monitoringRepository';
import type { ReportLink } from '../../storage/reports/reportLinkRepository';
import { reportCsv, reportWorkbook } from './reportExports';

/** How long a report's download link works: long enough to press it, short enough not to linger. */
export const REPORT_LINK_MINUTES = 10;

export type ReportFile = 'report.xlsx' | 'report.csv';

export interface Download {
  filename: string;
  contentType: string;
  body: Buffer;
}

/** What a report of a month is made from (src/domain/reports/monthlyReport.ts). */
type ReportInputs = FromFrozen & {
  records: ReportRecord[];
  earlier: readonly MonthParts[];
  /** The first instant the records were read from. */
  from: string;
};

/** Who froze a month when nobody did: the month ending. */
const SYSTEM = { aadObjectId: 'lac-front-door', name: 'LAC Front Door' };

export class ReportService {
  constructor(
    private readonly deps: {
      monitoring: MonitoringRepository;
      links: DownloadLinks<ReportLink>;
      frozen: FrozenReportRepository;
      directory: () => Directory;
      reminderWorkingDays: number;
      logger: Logger;
      clock?: () => Date;
    },
  ) {}

  /**
   * The report of a month for a scope: from the frozen months once the month has been frozen (the
   * first working day after it), otherwise as things stand now (a month not over is counted to now).
   */
  async monthly(month: Month, scope: ReportScope): Promise<MonthlyReport> {
    const frozen = await this.deps.frozen.get(month, scopeKey(scope));
    if (frozen) return frozenReport(frozen);
    return this.live(month, scope);
  }

  private async live(month: Month, scope: ReportScope): Promise<MonthlyReport> {
    const started = Date.now();
    // A coordinator's report reads their patches' introductions alone.
    const inputs = await this.inputsFor(month, scope.kind === 'patches' ? scope.patchIds : undefined);
    const report = this.compute(month, scope, {
      ...inputs,
      quiet: await this.quietFor(month, scope, inputs),
    });
    this.deps.logger.info(
      {
        month,
        scope: scope.kind,
        records: inputs.records.length,
        frozenMonths: inputs.earlier.length,
        ms: Date.now() - started,
      },
      'monthly report made',
    );
    return report;
  }

  private compute(month: Month, scope: ReportScope, inputs: ReportInputs): MonthlyReport {
    const { from: _from, ...fromFrozen } = inputs;
    return monthlyReport({
      month,
      ...fromFrozen,
      directory: this.deps.directory(),
      scope,
      reminderWorkingDays: this.deps.reminderWorkingDays,
      asAt: this.now(),
    });
  }

  /**
   * What a report of the month reads (docs/decisions.md, "A report reads only what was active in
   * its window"): the months of its trend frozen with their parts, from the `reports` container;
   * the introductions active since the first month that was not (the month itself, once the months
   * before it are frozen); and, when that leaves out part of the financial year, the introductions
   * with a wellbeing measure in the year.
   */
  private async inputsFor(month: Month, patchIds?: readonly string[]): Promise<ReportInputs> {
    const months = monthsBetween(reportWindowFirstMonth(month), addMonths(month, -1));
    // Parts timed against another reminder period are counted afresh ("accepted in time" keeps one
    // meaning across the year).
    const earlier = (await this.deps.frozen.parts(months)).filter(
      (parts) => parts.reminderWorkingDays === this.deps.reminderWorkingDays,
    );
    const frozen = new Set(earlier.map((parts) => parts.month));
    const firstLive = months.find((m) => !frozen.has(m)) ?? month;
    const before = monthEnd(month).toISOString();
    const yearStart = financialYearStart(month);
    const [records, wellbeing] = await Promise.all([
      this.deps.monitoring.recordsActive({
        from: monthStart(firstLive).toISOString(),
        before,
        ...(patchIds ? { patchIds } : {}),
      }),
      firstLive > yearStart
        ? this.deps.monitoring.wellbeingSince(`${yearStart}-01`, before, patchIds)
        : undefined,
    ]);
    return {
      records,
      earlier,
      from: monthStart(firstLive).toISOString(),
      ...(wellbeing ? { wellbeing } : {}),
    };
  }

  /**
   * What the introductions not read count in the scope: those nothing happened to since before the
   * first month read, still waiting or walked alongside (src/domain/reports/reportActivity.ts).
   */
  private quietFor(month: Month, scope: ReportScope, inputs: ReportInputs): Promise<QuietCounts> {
    const patches = this.deps
      .directory()
      .patches.filter((p) => scope.kind === 'service' || scope.patchIds.includes(p.id));
    const coordinators = [...new Set(patches.flatMap((p) => p.coordinators.map((c) => c.email)))];
    return this.deps.monitoring.quietCounts(
      quietCriteria(month, this.now(), inputs.from),
      scope.kind === 'service' ? undefined : scope.patchIds,
      coordinators,
    );
  }

  /**
   * The month's reports (the whole service, each patch, each coordinator's patches) and its parts,
   * from one read.
   */
  private async everyScope(month: Month): Promise<{ reports: MonthlyReport[]; parts: MonthParts }> {
    const inputs = await this.inputsFor(month);
    const scopes = frozenScopes(this.deps.directory().patches);
    // One scope after another (src/storage/reports/monitoringRepository.ts says why).
    const quiet: QuietCounts[] = [];
    for (const scope of scopes) quiet.push(await this.quietFor(month, scope, inputs));
    return {
      reports: scopes.map((scope, i) =>
        this.compute(month, scope, { ...inputs, quiet: quiet[i] as QuietCounts }),
      ),
      parts: partsOfMonth(inputs.records, month, this.deps.reminderWorkingDays),
    };
  }

  /**
   * Freezes a month that has ended, with its post to the triage team pending; false when it was
   * frozen already (by another instance).
   */
  async freeze(month: Month): Promise<boolean> {
    const at = this.now().toISOString();
    const { reports, parts } = await this.everyScope(month);
    const created = await this.deps.frozen.freeze(
      reports.map((report) => ({
        month,
        scopeKey: scopeKey(report.scope),
        revision: 1,
        frozenAt: at,
        frozenBy: SYSTEM,
        reason: 'The month ended.',
        report,
        ...(report.scope.kind === 'service'
          ? { post: { state: 'pending' as const, attempts: 0, dueAt: at } }
          : {}),
      })),
      parts,
    );
    if (created) this.deps.logger.info({ month, reports: reports.length }, 'month frozen');
    return created;
  }

  /**
   * A correction to a frozen month: counted again from the records as they are now, stored as the
   * next revision with who and why (the one before is kept). Undefined when the month is not frozen.
   */
  async refreeze(
    month: Month,
    by: { aadObjectId: string; name: string },
    reason: string,
  ): Promise<number | undefined> {
    const current = await this.deps.frozen.get(month, 'service');
    if (!current) return undefined;
    const revision = current.revision + 1;
    const at = this.now().toISOString();
    const { reports, parts } = await this.everyScope(month);
    await this.deps.frozen.revise(
      reports.map((report) => ({
        month,
        scopeKey: scopeKey(report.scope),
        revision,
        frozenAt: at,
        frozenBy: by,
        reason,
        report,
      })),
      parts,
    );
    this.deps.logger.info({ month, revision }, 'month frozen again (a correction)');
    return revision;
  }

  /**
   * A link to download this report (counts only), for REPORT_LINK_MINUTES: a random token, shown
   * once, whose hash is stored with the report. Returns the token.
   */
  async shareLink(
    report: MonthlyReport,
    suppressSmallNumbers: boolean,
    requestedBy: string,
  ): Promise<string> {
    // Links that have expired go as new ones are made (src/storage/downloadLinks.ts).
    const token = await this.deps.links.issue(
      {
        // What leaves the team keeps no coordinator's name, even where nobody would see it.
        report: suppressSmallNumbers
          ? { ...report, walkingAlongside: { ...report.walkingAlongside, byCoordinator: [] } }
          : report,
        suppressSmallNumbers,
        requestedBy,
      },
      this.now(),
      REPORT_LINK_MINUTES,
    );
    return token;
  }

  /** The file behind a link; 'expired' (and deleted) after its time; undefined when there is none. */
  async download(token: string, file: ReportFile): Promise<Download | 'expired' | undefined> {
    const link = await this.deps.links.redeem(token, this.now());
    if (link === undefined || link === 'expired') return link;
    const { report, suppressSmallNumbers: suppress } = link;
    const tables = reportTables(report, suppress);
    const scope = report.scope.kind === 'service' ? 'service' : report.scope.patchIds.join('-');
    const name = `lac-monthly-report-${report.month}-${scope}${suppress ? '-small-numbers-suppressed' : ''}`;
    this.deps.logger.info(
      { month: report.month, scope: report.scope.kind, file, suppress },
      'monthly report downloaded',
    );
    if (file === 'report.csv')
      return {
        filename: `${name}.csv`,
        contentType: 'text/csv; charset=utf-8',
        body: Buffer.from(reportCsv(tables)),
      };
    return {
      filename: `${name}.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      body: await reportWorkbook(tables, {
        title: `Monthly report: ${monthLabel(report.month)}`,
        audience: suppress ? 'outside the LAC team (small numbers suppressed)' : 'the LAC team',
        madeAt: this.now().toISOString(),
      }),
    };
  }

  private now(): Date {
    return (this.deps.clock ?? (() => new Date()))();
  }
}
