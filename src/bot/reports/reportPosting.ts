/**
 * Posts last month's report to the triage team on the first working day of the month (for
 * src/services/reports/monthlyReportScheduler.ts): the team's version, every number, in the triage channel
 * or each triage manager's chat. Counts only, never a person. It carries no download link (a link
 * lasts minutes, the post for years): "Get the spreadsheet" asks for one, for whoever presses it,
 * with their own permissions.
 */
import type { MonthlyReport } from '../../domain/reports/reportModel';
import type { MonthlyReportPoster } from '../../services/reports/monthlyReportScheduler';
import { asAttachment } from '../cards/adaptiveCards';
import { type DeliveryDependencies, sendToTriageTeam } from '../delivery';
import { monthlyReportCard } from './cards';
import { monthlyReportCardData } from './reportCard';

export class TeamsReportPoster implements MonthlyReportPoster {
  constructor(
    private readonly deps: Pick<DeliveryDependencies, 'people' | 'audience' | 'messenger' | 'logger'> & {
      reminderWorkingDays: number;
    },
  ) {}

  async post(report: MonthlyReport): ReturnType<MonthlyReportPoster['post']> {
    const card = monthlyReportCard({
      ...monthlyReportCardData(report, {
        suppressSmallNumbers: false,
        reminderWorkingDays: this.deps.reminderWorkingDays,
      }),
      requestMonth: report.month,
    });
    const { result, where } = await sendToTriageTeam(
      this.deps,
      async () => ({ type: 'message', attachments: [asAttachment(card)] }),
      { month: report.month },
    );
    return { result, ...(where ? { where } : {}) };
  }
}
