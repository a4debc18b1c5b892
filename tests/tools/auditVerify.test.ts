/**
 * The audit trail as a chain: entries written through the repository verify; an entry altered in
 * the store, or removed, breaks its chain where it happened; `npm run audit:verify` says so and
 * exits 1.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../src/storage/cosmos';
import { type LocalCosmos, startLocalCosmos } from '../../src/storage/localCosmos';
import { CosmosAuditRepository } from '../../src/storage/records/auditRepository';
import { verifyAudit } from '../../src/tools/auditVerify';

const ROOT = path.resolve(__dirname, '..', '..');
let dir: string;
let local: LocalCosmos;
let store: Store;
const A = '0b5c1d9e-2f4a-4b6c-8d7e-9f0a1b2c3d4e';
const B = '1b5c1d9e-2f4a-4b6c-8d7e-9f0a1b2c3d4e';

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lac-audit-'));
  local = await startLocalCosmos({ dataDir: dir, snapshotEveryMs: 0 });
  store = await openStore(local.client, 'lac-front-door', true);
  const audit = new CosmosAuditRepository(store.container('audit'));
  const entry = (subjectId: string, action: 'created' | 'viewed' | 'changed', at: string) =>
    audit.record({ subjectId, actorId: 'actor-1', tenantId: 'tenant-1', action, at });
  await entry(A, 'created', '2026-11-01T10:00:00Z');
  // Three at once on the same subject: each still takes its own place in the chain.
  await Promise.all([
    entry(A, 'viewed', '2026-11-02T10:00:00Z'),
    entry(A, 'viewed', '2026-11-02T10:00:01Z'),
    entry(A, 'changed', '2026-11-02T10:00:02Z'),
  ]);
  await entry(B, 'created', '2026-11-03T10:00:00Z');
});
afterEach(async () => {
  await local.stop();
  await rm(dir, { recursive: true, force: true });
});

const verifyByCommand = async () => {
  await local.snapshot();
  return spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join(ROOT, 'src', 'tools', 'auditVerify.ts')],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LAC_DATA_DIR: dir,
        NODE_OPTIONS: '--no-deprecation',
      },
    },
  );
};

it('holds for entries written through the repository, racing ones included', async () => {
  expect(await verifyAudit(store)).toEqual({ chains: 2, entries: 5, breaks: [] });
  const result = await verifyByCommand();
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('5 audit entries in 2 chains');
  expect(result.stdout).toContain('every chain holds');
});

it('finds an entry altered in the store', async () => {
  const id = `${A}:000002`;
  const { resource } = await store.container('audit').item(id, A).read();
  await store
    .container('audit')
    .item(id, A)
    .replace({ ...resource, actorId: 'someone-else' });
  expect((await verifyAudit(store)).breaks).toEqual([
    { subjectId: A, seq: 2, problem: 'was altered after it was written' },
  ]);
  const result = await verifyByCommand();
  expect(result.status).toBe(1);
  expect(result.stdout).toContain(`BREAK ${A} entry 2: was altered after it was written`);
});

it('finds an entry removed from the store', async () => {
  await store.container('audit').item(`${A}:000003`, A).delete();
  const { breaks } = await verifyAudit(store);
  expect(breaks).toEqual(
    expect.arrayContaining([
      { subjectId: A, seq: 3, problem: 'entry 3 is missing (found 4)' },
      { subjectId: A, seq: 4, problem: 'does not follow the entry before it' },
    ]),
  );
  expect((await verifyByCommand()).status).toBe(1);
});

it('holds for a chain whose oldest entries aged out under the retention, and not for one cut short', async () => {
  // Entries 1 and 2 of A were written in November 2026; checked in 2034, past 7 years, they are gone.
  await store.container('audit').item(`${A}:000001`, A).delete();
  await store.container('audit').item(`${A}:000002`, A).delete();
  const in2034 = new Date('2034-01-01T00:00:00Z');
  expect(await verifyAudit(store, { now: in2034 })).toMatchObject({ entries: 3, breaks: [] });
  // Checked the moment entry 2 aged out (written 2026-11-02T10:00:0x, kept 2557 days): whole.
  const entry2 = new Date('2026-11-02T10:00:02Z').getTime() + 2557 * 86_400_000;
  expect((await verifyAudit(store, { now: new Date(entry2) })).breaks).toEqual([]);
  // A day before it could have aged out, its absence is a removal.
  expect((await verifyAudit(store, { now: new Date(entry2 - 86_400_000) })).breaks).not.toEqual([]);
  // The same entries missing in 2027 have not aged out: someone removed them.
  const in2027 = new Date('2027-06-01T00:00:00Z');
  expect((await verifyAudit(store, { now: in2027 })).breaks).toEqual(
    expect.arrayContaining([{ subjectId: A, seq: 1, problem: 'entry 1 is missing (found 3)' }]),
  );
  // A first remaining entry whose "written before me" was altered to look old breaks its own hash.
  const { resource } = await store.container('audit').item(`${A}:000003`, A).read();
  await store
    .container('audit')
    .item(`${A}:000003`, A)
    .replace({ ...resource, prevAt: '2019-01-01T00:00:00Z' });
  expect((await verifyAudit(store, { now: in2027 })).breaks).toEqual(
    expect.arrayContaining([{ subjectId: A, seq: 3, problem: 'was altered after it was written' }]),
  );
});
