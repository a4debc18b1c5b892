/**
 * Download links for subject access exports, in the `reports` container beside the monthly reports'
 * links and delivered the same way: the token is random and shown once (in the records lead's card);
 * only its SHA-256 is stored, with which records, how they were found, who asked, and when the link
 * expires (src/storage/downloadLinks.ts). The link holds no personal data: the export is made from
 * the records when it is downloaded, so a record disposed of meanwhile is not exported.
 */
import type { Container } from '@azure/cosmos';
import type { Logger } from '../../logger';
import { CosmosDownloadLinks, type DownloadLink } from '../downloadLinks';

export interface SubjectAccessLink extends DownloadLink {
  introductionIds: string[];
  /** "by reference LAC-…", "by name with date of birth": how the records were found (no name). */
  foundBy: string;
  requestedBy: { aadObjectId: string; tenantId: string; name: string };
  /** The subject access request it answers (SAR-…), whose exported records it adds to. */
  request?: string;
}

export const subjectAccessLinks = (container: Container, logger: Logger) =>
  new CosmosDownloadLinks<SubjectAccessLink>(
    container,
    'subject-access-link',
    ['introductionIds', 'foundBy', 'requestedBy', 'request'],
    logger,
  );
