/**
 * "monthly report" and "my patch": monitoring, in Teams. Who may see which report comes from the
 * directory by Entra object id (src/domain/reportAccess.ts); the month from what was typed
 * ("monthly report October 2026", src/domain/reportPeriod.ts). A report is counts, never a person.
 */
import type { TurnContext } from 'botbuilder';
import { type ReportRequest, reportAccess } from '../domain/reportAccess';
import { chooseMonth } from '../domain/reportPeriod';
import { ukToday } from '../domain/routing';
import type { IntroductionService } from '../services/introductionService';
import { REPORT_LINK_MINUTES, type ReportService } from '../services/reportService';
import { type AdaptiveCardJson, monthlyReportCard } from './cards';
import { actorOf, teamsEmail } from './identity';
import { monthlyReportCardData } from './reportCard';

export class Reports {
  constructor(
    private readonly deps: {
      reports: ReportService;
      service: Pick<IntroductionService, 'viewerFor'>;
      reminderWorkingDays: number;
      /** Where people's browsers reach the bot (config.publicUrl, else the local address). */
      publicUrl: () => string;
      clock?: () => Date;
    },
  ) {}

  async monthlyReport(
    context: TurnContext,
    request: ReportRequest,
    typed: string,
  ): Promise<AdaptiveCardJson | string> {
    const actor = actorOf(context);
    if (!actor) return "Sorry, I can't tell who you are from Teams.";
    const viewer = await this.deps.service.viewerFor(actor, await teamsEmail(context));
    const access = reportAccess(viewer, request);
    if (!access.allowed) return access.reason;
    const chosen = chooseMonth(typed, ukToday((this.deps.clock ?? (() => new Date()))()));
    if (!chosen.ok) return chosen.problem;
    const report = await this.deps.reports.monthly(chosen.month, access.scope);
    const token = await this.deps.reports.shareLink(report, access.suppressSmallNumbers, actor.aadObjectId);
    const link = `${this.deps.publicUrl()}/reports/${token}`;
    return monthlyReportCard({
      ...monthlyReportCardData(report, {
        suppressSmallNumbers: access.suppressSmallNumbers,
        reminderWorkingDays: this.deps.reminderWorkingDays,
      }),
      downloads: [
        { title: 'Download as a spreadsheet', url: `${link}/report.xlsx` },
        { title: 'Download as CSV', url: `${link}/report.csv` },
      ],
      downloadNote: `The download buttons work for ${REPORT_LINK_MINUTES} minutes: after that, ask for the report again.`,
    });
  }
}
