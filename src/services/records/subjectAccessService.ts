/**
 * Subject access: a records lead finds a person's records (src/domain/records/subjectAccess.ts says how)
 * and downloads everything held about them, as JSON and as an HTML document, through a link like
 * the monthly reports' (a random token shown once, its hash stored, SUBJECT_ACCESS_LINK_MINUTES).
 *
 * The export is audited before anything is given out: making the link is an `exported` entry on
 * each record ("link made"), and so is each download (the file's name); if the audit trail cannot
 * be written, nothing is exported. The export is made from the records at the moment of download,
 * with their access history from the audit trail.
 */
import type { Directory } from '../../domain/directory/directory';
import type { Actor, Introduction } from '../../domain/introductions/introduction';
import {
  type PostedWords,
  roleOf,
  type SubjectAccessQuery,
  subjectAccessExport,
  subjectAccessRecord,
} from '../../domain/records/subjectAccess';
import type { Logger } from '../../logger';
import type { DownloadLinks } from '../../storage/downloadLinks';
import type { IntroductionRepository } from '../../storage/introductions/introductionRepository';
import type { AuditRepository } from '../../storage/records/auditRepository';
import type { SubjectAccessLink } from '../../storage/records/subjectAccessLinkRepository';
import type { Download } from '../reports/reportService';
import { subjectAccessHtml, subjectAccessJson } from './subjectAccessDocument';

/** As long as a monthly report's link: long enough to press both buttons, short enough not to linger. */
export const SUBJECT_ACCESS_LINK_MINUTES = 10;

export type SubjectAccessFile = 'subject-access.json' | 'subject-access.html';
export const SUBJECT_ACCESS_FILES: ReadonlySet<string> = new Set([
  'subject-access.json',
  'subject-access.html',
]);

/** Earliest date any introduction could have: a name search looks at every one. */
const ALL_TIME = '0000-01-01';

export class SubjectAccessService {
  constructor(
    private readonly deps: {
      introductions: Pick<IntroductionRepository, 'get' | 'findByReference' | 'findByDuplicateKeys'>;
      audit: AuditRepository;
      links: DownloadLinks<SubjectAccessLink>;
      /** The words of what the bot posted and sent about an introduction (src/bot/records/subjectAccess.ts). */
      postedWords: (introduction: Introduction) => Promise<{ posted: PostedWords[]; sent: PostedWords[] }>;
      directory: () => Directory;
      /** Whether whoever made the link is a records lead still (the directory may have changed since). */
      isRecordsLead: (who: Actor) => Promise<boolean>;
      homeTenantId?: string;
      logger: Logger;
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return (this.deps.clock ?? (() => new Date()))();
  }

  /** The records a query finds, oldest first. */
  async find(query: SubjectAccessQuery): Promise<Introduction[]> {
    if (query.kind === 'reference') {
      const found = await this.deps.introductions.findByReference(query.reference);
      return found ? [found] : [];
    }
    const ids = await this.deps.introductions.findByDuplicateKeys(query.keys, ALL_TIME);
    const found = await Promise.all(ids.map((id) => this.deps.introductions.get(id)));
    return found
      .filter((i): i is Introduction => i !== undefined)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  private async audited(ids: readonly string[], actor: Actor, detail: string): Promise<void> {
    const at = this.now().toISOString();
    for (const subjectId of ids)
      await this.deps.audit.record({
        subjectId,
        actorId: actor.aadObjectId,
        tenantId: actor.tenantId,
        action: 'exported',
        at,
        detail,
      });
  }

  /** A download link for these records, for the records lead who asked. Returns the token. */
  async shareLink(introductions: readonly Introduction[], foundBy: string, actor: Actor): Promise<string> {
    const ids = introductions.map((i) => i.id);
    await this.audited(ids, actor, 'subject access: link made');
    const token = await this.deps.links.issue(
      {
        introductionIds: ids,
        foundBy,
        requestedBy: { aadObjectId: actor.aadObjectId, tenantId: actor.tenantId, name: actor.name },
      },
      this.now(),
      SUBJECT_ACCESS_LINK_MINUTES,
    );
    this.deps.logger.info({ records: ids.length }, 'subject access link made');
    return token;
  }

  /** The file behind a link; 'expired' (and deleted) after its time; undefined when there is none. */
  async download(token: string, file: SubjectAccessFile): Promise<Download | 'expired' | undefined> {
    const link = await this.deps.links.redeem(token, this.now());
    if (link === undefined || link === 'expired') return link;
    // Removed from the records leads since making it: the link goes with the role.
    if (!(await this.deps.isRecordsLead(link.requestedBy))) {
      await this.deps.links.delete(link.tokenHash);
      return undefined;
    }
    const found = (
      await Promise.all(link.introductionIds.map((id) => this.deps.introductions.get(id)))
    ).filter((i): i is Introduction => i !== undefined);
    const actor = link.requestedBy;
    await this.audited(
      found.map((i) => i.id),
      actor,
      `subject access: ${file}`,
    );
    const context = {
      directory: this.deps.directory(),
      ...(this.deps.homeTenantId ? { homeTenantId: this.deps.homeTenantId } : {}),
    };
    const records = [];
    for (const introduction of found) {
      const history = await this.deps.audit.forSubject(introduction.id);
      records.push(
        subjectAccessRecord(
          introduction,
          { accessHistory: history, ...(await this.deps.postedWords(introduction)) },
          context,
        ),
      );
    }
    const madeAt = this.now().toISOString();
    const document = subjectAccessExport(records, {
      madeAt,
      madeBy: {
        thirdParty: true,
        name: actor.name,
        role: found[0] ? roleOf(actor, found[0], context) : 'Records lead',
      },
      foundBy: link.foundBy,
    });
    this.deps.logger.info({ records: records.length, file }, 'subject access export downloaded');
    const name = `subject-access-${madeAt.slice(0, 10)}`;
    return file === 'subject-access.json'
      ? {
          filename: `${name}.json`,
          contentType: 'application/json; charset=utf-8',
          body: Buffer.from(subjectAccessJson(document)),
        }
      : {
          filename: `${name}.html`,
          contentType: 'text/html; charset=utf-8',
          body: Buffer.from(subjectAccessHtml(document)),
        };
  }
}
