/**
 * Monthly reports: reads what a report needs (src/storage/monitoringRepository.ts) and computes it
 * (src/domain/monthlyReport.ts). Who may see which report is decided in src/domain/reportAccess.ts,
 * before this is called.
 */
import type { Directory } from '../domain/directory';
import { type MonthlyReport, monthlyReport, type ReportScope } from '../domain/monthlyReport';
import { type Month, monthEnd } from '../domain/reportPeriod';
import type { Logger } from '../logger';
import type { MonitoringRepository } from '../storage/monitoringRepository';

export class ReportService {
  constructor(
    private readonly deps: {
      monitoring: MonitoringRepository;
      directory: () => Directory;
      reminderWorkingDays: number;
      logger: Logger;
      clock?: () => Date;
    },
  ) {}

  /** The report of a month for a scope, as things stand now (a month not over is counted to now). */
  async monthly(month: Month, scope: ReportScope): Promise<MonthlyReport> {
    const started = Date.now();
    const records = await this.deps.monitoring.recordsBefore(monthEnd(month).toISOString());
    const report = monthlyReport({
      month,
      records,
      directory: this.deps.directory(),
      scope,
      reminderWorkingDays: this.deps.reminderWorkingDays,
      asAt: (this.deps.clock ?? (() => new Date()))(),
    });
    this.deps.logger.info(
      { month, scope: scope.kind, records: records.length, ms: Date.now() - started },
      'monthly report made',
    );
    return report;
  }
}
