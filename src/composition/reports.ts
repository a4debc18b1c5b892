/**
 * Monthly reports: live, frozen, corrected and downloaded; the monthly freeze and post to the triage
 * team; `monthly report` and `my patch` in Teams.
 */
import { TeamsReportPoster } from '../bot/reports/reportPosting';
import { Reports } from '../bot/reports/reports';
import type { IntroductionService } from '../services/introductions/introductionService';
import { MonthlyReportScheduler } from '../services/reports/monthlyReportScheduler';
import { ReportService } from '../services/reports/reportService';
import { CosmosFrozenReportRepository } from '../storage/reports/frozenReportRepository';
import { CosmosMonitoringRepository } from '../storage/reports/monitoringRepository';
import { reportLinks } from '../storage/reports/reportLinkRepository';
import type { DirectoryWiring } from './directory';
import type { IntroductionStores } from './introductions';
import { leases, type Shared } from './shared';
import type { TeamsWiring } from './teams';

export interface ReportsWiring {
  reportService: ReportService;
  monthlyReports: MonthlyReportScheduler;
  reports: Reports;
}

export function wireReports(
  shared: Shared,
  directory: DirectoryWiring,
  teams: TeamsWiring,
  introductions: IntroductionService,
  stores: Pick<IntroductionStores, 'introductionRepository'>,
): ReportsWiring {
  const { config, logger, store, options, clock, instanceId } = shared;
  const frozen = new CosmosFrozenReportRepository(store.container('reports'));
  const reportService = new ReportService({
    monitoring: new CosmosMonitoringRepository(store.container('introductions')),
    links: reportLinks(store.container('reports'), logger),
    frozen,
    directory: directory.directory,
    reminderWorkingDays: config.reminderWorkingDays,
    logger,
    clock,
  });
  const monthlyReports = new MonthlyReportScheduler(
    {
      reports: reportService,
      frozen,
      leases: leases(shared),
      poster: new TeamsReportPoster({
        people: directory.people,
        audience: teams.audience,
        messenger: teams.messenger,
        logger,
        reminderWorkingDays: config.reminderWorkingDays,
      }),
      logger,
      stampActivity: (limit) => stores.introductionRepository.stampActivity(limit),
    },
    { everyMs: options.monthlyReportEveryMs, instanceId, clock, retry: options.retryPolicy },
  );
  const reports = new Reports({
    reports: reportService,
    service: introductions,
    reminderWorkingDays: config.reminderWorkingDays,
    publicUrl: shared.publicUrl,
    clock,
  });
  return { reportService, monthlyReports, reports };
}
