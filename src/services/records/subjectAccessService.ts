/**
 * Subject access: a records lead opens a **request** (received on a day, due one calendar month
 * later: src/domain/records/subjectAccessRequest.ts), finds the person's records (src/domain/records/
 * subjectAccess.ts says how), which are held until the request is closed, opens each to check it is
 * the requester's, and downloads everything held about them, as JSON and as an HTML document,
 * through a link like the monthly reports' (a random token shown once, its hash stored, one use,
 * SUBJECT_ACCESS_LINK_MINUTES).
 *
 * Only a download is an `exported` audit entry (the file's name), written before anything is given
 * out: if the audit trail cannot be written, nothing is exported. Making a link exports nothing.
 * The export is made from the records at the moment of download, with their access history from
 * the audit trail.
 */
import { randomBytes } from 'node:crypto';
import type { Directory } from '../../domain/directory/directory';
import { ukToday } from '../../domain/directory/routing';
import type { Actor, Introduction } from '../../domain/introductions/introduction';
import {
  type PostedWords,
  roleOf,
  type SubjectAccessQuery,
  subjectAccessExport,
  subjectAccessRecord,
} from '../../domain/records/subjectAccess';
import {
  dueWithin,
  holdReasonOf,
  makeRequestReference,
  type SubjectAccessRequest,
  subjectAccessDueOn,
} from '../../domain/records/subjectAccessRequest';
import type { Logger } from '../../logger';
import type { DownloadLinks } from '../../storage/downloadLinks';
import type { IntroductionRepository } from '../../storage/introductions/introductionRepository';
import type { AuditRepository } from '../../storage/records/auditRepository';
import type { SubjectAccessLink } from '../../storage/records/subjectAccessLinkRepository';
import type { SubjectAccessRequests } from '../../storage/records/subjectAccessRequestRepository';
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
      /** Open requests. */
      requests: SubjectAccessRequests;
      /** A legal hold on a record (false: it was held already, or is being disposed of). */
      hold: (introductionId: string, actor: Actor, reason: string) => Promise<boolean>;
      /** This request's own hold lifted from a record (any other stands). */
      liftHold: (
        introductionId: string,
        actor: Actor,
        reason: string,
        holdReason: string,
      ) => Promise<unknown>;
      logger: Logger;
      clock?: () => Date;
    },
  ) {}

  /**
   * A request opened: received on `receivedOn`, with the records found, each held (with the
   * request's own reason) until it is closed. With `addTo`, the records found are added to that
   * open request instead (a second search: another spelling, a postcode). Undefined when `addTo`
   * is not an open request.
   */
  async openRequest(
    found: readonly Introduction[],
    foundBy: string,
    receivedOn: string,
    actor: Actor,
    addTo?: string,
  ): Promise<SubjectAccessRequest | undefined> {
    const records = found.map((i) => ({ id: i.id, reference: i.reference }));
    let request: SubjectAccessRequest | undefined;
    if (addTo) {
      request = await this.deps.requests.update(addTo, (current) => {
        if (current.closed) return undefined;
        const known = new Set(current.records.map((r) => r.id));
        return { ...current, records: [...current.records, ...records.filter((r) => !known.has(r.id))] };
      });
      if (!request || request.closed) return undefined;
    } else {
      request = {
        reference: makeRequestReference(randomBytes(6)),
        receivedOn,
        dueOn: subjectAccessDueOn(receivedOn),
        foundBy,
        lead: { aadObjectId: actor.aadObjectId, name: actor.name },
        openedAt: this.now().toISOString(),
        records,
        heldByIt: [],
        exported: [],
      };
      await this.deps.requests.create(request);
    }
    // Held while the request is open: never disposed of or erased before it is answered.
    const held: string[] = [];
    for (const introduction of found)
      if (await this.deps.hold(introduction.id, actor, holdReasonOf(request))) held.push(introduction.id);
    if (held.length > 0)
      request =
        (await this.deps.requests.update(request.reference, (current) => ({
          ...current,
          heldByIt: [...new Set([...current.heldByIt, ...held])],
        }))) ?? request;
    this.deps.logger.info(
      { request: request.reference, records: records.length, held: held.length },
      addTo ? 'subject access request: records added' : 'subject access request opened',
    );
    return request;
  }

  /** Open requests, soonest due first. */
  openRequests(): Promise<SubjectAccessRequest[]> {
    return this.deps.requests.listOpen();
  }

  /** Open requests due within a week (or overdue): for the daily review's message. */
  async dueSoon(now: Date): Promise<SubjectAccessRequest[]> {
    return dueWithin(await this.deps.requests.listOpen(), ukToday(now), 7);
  }

  /**
   * A request closed, with why: its own holds are lifted (a hold someone placed for another reason
   * stays). Undefined when there is no such request; 'closed-already' when it was.
   */
  async closeRequest(
    reference: string,
    actor: Actor,
    because: string,
  ): Promise<SubjectAccessRequest | 'closed-already' | undefined> {
    const before = await this.deps.requests.get(reference);
    if (!before) return undefined;
    if (before.closed) return 'closed-already';
    const closed = await this.deps.requests.update(reference, (current) =>
      current.closed
        ? undefined
        : {
            ...current,
            closed: {
              at: this.now().toISOString(),
              by: { aadObjectId: actor.aadObjectId, name: actor.name },
              because,
            },
          },
    );
    if (!closed) return undefined;
    for (const id of closed.heldByIt)
      await this.deps.liftHold(id, actor, `subject access request ${reference} closed`, holdReasonOf(closed));
    this.deps.logger.info({ request: reference }, 'subject access request closed');
    return closed;
  }

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

  /**
   * A download link for these records, for the records lead who asked, answering `request`. Returns
   * the token. Nothing is exported (or audited as exported) until it is used.
   */
  async shareLink(
    introductions: readonly Introduction[],
    foundBy: string,
    actor: Actor,
    request?: string,
  ): Promise<string> {
    const ids = introductions.map((i) => i.id);
    const token = await this.deps.links.issue(
      {
        introductionIds: ids,
        foundBy,
        requestedBy: { aadObjectId: actor.aadObjectId, tenantId: actor.tenantId, name: actor.name },
        ...(request ? { request } : {}),
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
    // The request records which of its records were exported.
    if (link.request && found.length > 0)
      await this.deps.requests.update(link.request, (current) => ({
        ...current,
        exported: [...new Set([...current.exported, ...found.map((i) => i.reference)])],
      }));
    const madeAt = this.now().toISOString();
    const document = subjectAccessExport(records, {
      madeAt,
      directory: context.directory,
      madeBy: {
        staff: true,
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
