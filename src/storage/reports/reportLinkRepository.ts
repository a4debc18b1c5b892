/**
 * Download links for monthly reports, in the `reports` container: a link's token is random and
 * shown once (in the card's button); only its SHA-256 is stored, with the report (counts only,
 * never a person), who asked, whether small numbers are suppressed, and when it expires
 * (src/storage/downloadLinks.ts).
 */
import type { Container } from '@azure/cosmos';
import type { MonthlyReport } from '../../domain/reports/reportModel';
import type { Logger } from '../../logger';
import { CosmosDownloadLinks, type DownloadLink } from '../downloadLinks';

export interface ReportLink extends DownloadLink {
  report: MonthlyReport;
  suppressSmallNumbers: boolean;
  /** Entra object id of who asked. */
  requestedBy: string;
}

export const reportLinks = (container: Container, logger: Logger) =>
  new CosmosDownloadLinks<ReportLink>(
    container,
    'report-link',
    ['report', 'suppressSmallNumbers', 'requestedBy'],
    logger,
  );
