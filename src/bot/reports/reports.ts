/**
 * "monthly report" and "my patch": monitoring, in Teams. Who may see which report comes from the
 * directory by Entra object id (src/domain/reports/reportAccess.ts); the month from what was typed
 * ("monthly report October 2026", src/domain/reports/reportPeriod.ts). A report is counts, never a person.
 */
import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { ukToday } from '../../domain/directory/routing';
import { type ReportRequest, reportAccess } from '../../domain/reports/reportAccess';
import { chooseMonth, monthLabel } from '../../domain/reports/reportPeriod';
import type { IntroductionService } from '../../services/introductions/introductionService';
import { REPORT_LINK_MINUTES, type ReportService } from '../../services/reports/reportService';
import type { AdaptiveCardJson } from '../cards/adaptiveCards';
import { downloadUrl } from '../downloadLinks';
import { actorOf, teamsEmail } from '../identity';
import { monthlyReportCard } from './cards';
import { monthlyReportCardData } from './reportCard';

/** What "Get the spreadsheet" sends back: the month, and nothing that says who may see it. */
const MonthRequest = z.object({ month: z.string().regex(/^\d{4}-\d{2}$/) });

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

  /**
   * "correct monthly report October 2026 because ...": a triage manager counts a frozen month again
   * (after records were corrected), stored as its next revision with who and why.
   */
  async correct(context: TurnContext, typed: string): Promise<string> {
    const actor = actorOf(context);
    if (!actor) return "Sorry, I can't tell who you are from Teams.";
    const viewer = await this.deps.service.viewerFor(actor, await teamsEmail(context));
    if (!viewer.isTriageManager) return 'This is for the triage managers named in the patch directory.';
    const match = /^(.+?)\s+because\s+(.+)$/i.exec(typed.trim());
    if (!match?.[1] || !match[2])
      return 'Say which month and why, for example: correct monthly report October 2026 because two introductions were entered twice.';
    const chosen = chooseMonth(match[1], ukToday(this.now()));
    if (!chosen.ok) return chosen.problem;
    const reason = match[2].trim().slice(0, 500);
    const revision = await this.deps.reports.refreeze(
      chosen.month,
      { aadObjectId: actor.aadObjectId, name: actor.name },
      reason,
    );
    return revision === undefined
      ? `${monthLabel(chosen.month)} is not frozen yet (months are frozen on the next month's first working day): its report already counts the records as they are.`
      : `${monthLabel(chosen.month)} counted again from the records as they are now: revision ${revision}, with your reason. The earlier revision is kept.`;
  }

  private now(): Date {
    return (this.deps.clock ?? (() => new Date()))();
  }

  /** "Get the spreadsheet" on a posted report: that month's report for whoever pressed it. */
  async forMonth(context: TurnContext, data: unknown): Promise<AdaptiveCardJson | string> {
    const parsed = MonthRequest.safeParse(data);
    if (!parsed.success) return 'That report is not available: type **monthly report** for last month.';
    return this.monthlyReport(context, 'monthly report', parsed.data.month);
  }

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
    const chosen = chooseMonth(typed, ukToday(this.now()));
    if (!chosen.ok) return chosen.problem;
    const report = await this.deps.reports.monthly(chosen.month, access.scope);
    // One link a button: each works once (src/storage/downloadLinks.ts).
    const link = async (file: string) =>
      downloadUrl(
        this.deps.publicUrl(),
        'reports',
        await this.deps.reports.shareLink(report, access.suppressSmallNumbers, actor.aadObjectId),
        file,
      );
    return monthlyReportCard({
      ...monthlyReportCardData(report, {
        suppressSmallNumbers: access.suppressSmallNumbers,
        reminderWorkingDays: this.deps.reminderWorkingDays,
      }),
      downloads: [
        { title: 'Download as a spreadsheet', url: await link('report.xlsx') },
        { title: 'Download as CSV', url: await link('report.csv') },
      ],
      downloadNote: `Each download button works once, for ${REPORT_LINK_MINUTES} minutes: after that, ask for the report again.`,
    });
  }
}
