/** The monthly report's card (its data is built in reportCard.ts). */

import { type AdaptiveCardJson, expand } from '../cards/adaptiveCards';
import monthlyReportTemplate from './monthlyReport.json';
import type { MonthlyReportCardData } from './reportCard';

/** A monthly report, with Teams' charts (each with a fallback table): src/bot/reports/reportCard.ts. */
export function monthlyReportCard(data: MonthlyReportCardData): AdaptiveCardJson {
  return expand(monthlyReportTemplate, data);
}
