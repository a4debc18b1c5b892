/**
 * Download links in Cosmos DB (the local server, the real client), as monthly reports and subject
 * access exports use them: a token shown once and only its hash stored; what the link is for read
 * back and nothing else; an expired link refused and deleted; expired links swept as new ones are
 * made; one kind's token never opens the other kind.
 */
import { createHash } from 'node:crypto';
import pino from 'pino';
import { openStore, type Store } from '../../src/storage/cosmos';
import { type LocalCosmos, startLocalCosmos } from '../../src/storage/localCosmos';
import { subjectAccessLinks } from '../../src/storage/records/subjectAccessLinkRepository';
import { type ReportLink, reportLinks } from '../../src/storage/reports/reportLinkRepository';

let local: LocalCosmos;
let store: Store;
const silent = pino({ level: 'silent' });
const at = (time: string) => new Date(`2026-11-30T${time}:00.000Z`);
const report = { month: '2026-10' } as unknown as ReportLink['report'];
const content = { report, suppressSmallNumbers: true, requestedBy: '00000000-0000-4000-8000-000000000001' };

beforeAll(async () => {
  local = await startLocalCosmos();
  store = await openStore(local.client, 'lac-links', true);
});
afterAll(() => local.stop());

const stored = async () =>
  (await store.container('reports').items.query('SELECT * FROM c').fetchAll()).resources as Record<
    string,
    unknown
  >[];

it('stores only the hash of the token, and reads back what the link is for', async () => {
  const links = reportLinks(store.container('reports'), silent);
  const token = await links.issue(content, at('12:00'), 10);
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const hash = createHash('sha256').update(token).digest('hex');
  const documents = await stored();
  expect(JSON.stringify(documents)).not.toContain(token);
  expect(documents).toEqual([expect.objectContaining({ id: `report-link:${hash}`, tokenHash: hash })]);
  expect(await links.redeem(token, at('12:05'))).toEqual({
    ...content,
    tokenHash: hash,
    createdAt: at('12:00').toISOString(),
    expiresAt: at('12:10').toISOString(),
  });
  expect(await links.redeem('not-a-token', at('12:05'))).toBeUndefined();
  // Another kind of link never opens with it.
  expect(
    await subjectAccessLinks(store.container('reports'), silent).redeem(token, at('12:05')),
  ).toBeUndefined();
});

it('refuses and deletes an expired link, and sweeps expired links as new ones are made', async () => {
  const links = reportLinks(store.container('reports'), silent);
  const first = await links.issue(content, at('13:00'), 10);
  const second = await links.issue(content, at('13:00'), 30);
  expect(await links.redeem(first, at('13:10'))).toBe('expired');
  expect(await links.redeem(first, at('13:10'))).toBeUndefined();
  // Made at 13:20: the earlier test's link (expired at 12:10) is swept meanwhile.
  await links.issue(content, at('13:20'), 10);
  for (let i = 0; i < 100 && (await stored()).length > 2; i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  expect((await stored()).length).toBe(2);
  expect(await links.redeem(second, at('13:25'))).toMatchObject({ suppressSmallNumbers: true });
});

it('works once: a second redeem gets nothing, and of two at the same moment only one gets it', async () => {
  const links = reportLinks(store.container('reports'), silent);
  const token = await links.issue(content, at('14:00'), 10);
  expect(await links.redeem(token, at('14:01'))).toMatchObject({ requestedBy: content.requestedBy });
  expect(await links.redeem(token, at('14:01'))).toBeUndefined();
  const raced = await links.issue(content, at('14:00'), 10);
  const both = await Promise.all([links.redeem(raced, at('14:02')), links.redeem(raced, at('14:02'))]);
  expect(both.filter((r) => r !== undefined)).toHaveLength(1);
});
