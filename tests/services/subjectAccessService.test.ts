/**
 * The export is audited before anything is given out: if the audit trail cannot be written, no file
 * is served; and making a link exports nothing, so a record the lead does not download gets no
 * `exported` entry. (Stand-ins for the stores: the point is the order of the steps.)
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDirectory } from '../../src/domain/directory/directory';
import { createLogger } from '../../src/logger';
import { SubjectAccessService } from '../../src/services/records/subjectAccessService';
import type { DownloadLinks } from '../../src/storage/downloadLinks';
import type { AuditRepository } from '../../src/storage/records/auditRepository';
import type { SubjectAccessLink } from '../../src/storage/records/subjectAccessLinkRepository';
import { introductionFor, OFFERED_TO_TAMMY } from '../helpers/introductionFixture';

const parsed = parseDirectory(
  readFileSync(path.resolve(__dirname, '..', '..', 'env', 'demo-borough.patches.yaml'), 'utf8'),
);
if (!parsed.ok) throw new Error('demo directory');
const directory = parsed.directory;
const introduction = introductionFor(OFFERED_TO_TAMMY);
const grace = { aadObjectId: 'grace', name: 'Grace Obi', tenantId: 'council' };

function service(auditWorks: { now: boolean }) {
  const links = new Map<string, SubjectAccessLink>();
  const written: string[] = [];
  const audit: AuditRepository = {
    record: async (entry) => {
      if (!auditWorks.now) throw new Error('audit store unavailable');
      written.push(`${entry.action}: ${entry.detail ?? ''}`);
    },
    forSubject: async () => [],
  };
  const store: DownloadLinks<SubjectAccessLink> = {
    issue: async (link) => {
      const token = `token-${links.size + 1}`;
      links.set(token, { ...link, tokenHash: token, createdAt: '', expiresAt: '' });
      return token;
    },
    redeem: async (token) => links.get(token),
    delete: async (hash) => void links.delete(hash),
  };
  return {
    links,
    written,
    sar: new SubjectAccessService({
      introductions: {
        get: async (id) => (id === introduction.id ? introduction : undefined),
        findByReference: async () => introduction,
        findByDuplicateKeys: async () => [introduction.id],
      },
      audit,
      links: store,
      postedWords: async () => ({ posted: [], sent: [] }),
      directory: () => directory,
      isRecordsLead: async () => true,
      requests: {
        create: async () => undefined,
        get: async () => undefined,
        update: async () => undefined,
        listOpen: async () => [],
      },
      hold: async () => true,
      liftHold: async () => undefined,
      logger: createLogger('silent'),
    }),
  };
}

it('exports nothing by making a link: only a download is an exported entry', async () => {
  const { sar, links, written } = service({ now: true });
  const token = await sar.shareLink([introduction], 'by reference', grace);
  expect(links.size).toBe(1);
  expect(written).toEqual([]);
  await sar.download(token, 'subject-access.html');
  expect(written).toEqual(['exported: subject access: subject-access.html']);
});

it('serves no file when the audit trail cannot be written at download', async () => {
  const works = { now: true };
  const { sar } = service(works);
  const token = await sar.shareLink([introduction], 'by reference', grace);
  works.now = false;
  await expect(sar.download(token, 'subject-access.json')).rejects.toThrow('audit store unavailable');
  works.now = true;
  const file = await sar.download(token, 'subject-access.json');
  expect(file !== undefined && file !== 'expired' && file.body.toString()).toContain(introduction.reference);
});
