/**
 * The audit nobody can cut short, rewrite or forge unnoticed: entries written through the
 * repository and sealed by the app verify; then each way an insider with access to Cosmos DB alone
 * could try to change history is tried on the local data, and `npm run audit:verify` reports it and
 * exits 1: an entry altered, an entry removed, a chain cut short, a chain deleted, a chain rewritten
 * with every later hash recomputed (without the key, and, by someone holding the key, after it was
 * sealed), a back-dated entry forged with create permission, the container emptied, the destruction
 * log altered, and a seal removed or forged. The local Cosmos DB and Azurite, as `npm start` runs
 * them, not mocks.
 */
import { spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { entryHash, legacyHash, NOT_THE_APPS } from '../../src/domain/records/auditChain';
import { createLogger } from '../../src/logger';
import { AuditSealer } from '../../src/services/records/auditSealer';
import { openStore, type Store } from '../../src/storage/cosmos';
import { CosmosLeaseRepository } from '../../src/storage/leaseRepository';
import { type LocalBlob, startLocalBlob } from '../../src/storage/localBlob';
import { type LocalCosmos, startLocalCosmos } from '../../src/storage/localCosmos';
import { localAuditKey } from '../../src/storage/records/auditKey';
import { CosmosAuditRepository, type StoredAuditEntry } from '../../src/storage/records/auditRepository';
import {
  CosmosDestructionLog,
  DESTRUCTION_LOG,
  type DestructionEntry,
} from '../../src/storage/records/destructionLog';
import { verifyAudit } from '../../src/tools/auditVerify';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..', '..');
let dir: string;
let local: LocalCosmos;
let blob: LocalBlob;
let store: Store;
let key: Buffer;
let audit: CosmosAuditRepository;
const A = '0b5c1d9e-2f4a-4b6c-8d7e-9f0a1b2c3d4e';
const B = '1b5c1d9e-2f4a-4b6c-8d7e-9f0a1b2c3d4e';
const silent = createLogger('silent');

const sealer = () =>
  new AuditSealer(
    {
      heads: (since) => audit.headsSince(since),
      seals: blob.seals,
      key,
      leases: new CosmosLeaseRepository(store.container('leases')),
      logger: silent,
    },
    // One instance, as the app's lease lets only one seal at a time.
    { everyMs: 0, instanceId: 'the-sealer' },
  );

const entry = (subjectId: string, action: 'created' | 'viewed' | 'changed', at: string) =>
  audit.record({ subjectId, actorId: 'actor-1', tenantId: 'tenant-1', action, at });

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lac-audit-'));
  local = await startLocalCosmos({ dataDir: dir, snapshotEveryMs: 0 });
  blob = await startLocalBlob({ dataDir: dir });
  store = await openStore(local.client, 'lac-front-door', true);
  key = await localAuditKey(dir);
  audit = new CosmosAuditRepository(store.container('audit'), key);
  await entry(A, 'created', '2026-11-01T10:00:00Z');
  // Three at once on the same subject: each still takes its own place in the chain.
  await Promise.all([
    entry(A, 'viewed', '2026-11-02T10:00:00Z'),
    entry(A, 'viewed', '2026-11-02T10:00:01Z'),
    entry(A, 'changed', '2026-11-02T10:00:02Z'),
  ]);
  await entry(B, 'created', '2026-11-03T10:00:00Z');
  await sealer().runOnce();
});
afterEach(async () => {
  await blob.stop();
  await local.stop();
  await rm(dir, { recursive: true, force: true });
});

const verify = (now?: Date) => verifyAudit(store, { key, seals: blob.seals, ...(now ? { now } : {}) });

/** The command, on the data folder as `npm start` leaves it (the servers saved and let go first). */
const verifyByCommand = async () => {
  await local.snapshot();
  await blob.stop();
  const result = spawnSync(
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
  blob = await startLocalBlob({ dataDir: dir });
  return result;
};

const item = (id: string, partition: string) => store.container('audit').item(id, partition);
const read = async (id: string, partition: string) =>
  (await item(id, partition).read<StoredAuditEntry>()).resource as StoredAuditEntry;

it('holds for entries written through the repository and sealed, racing ones included', async () => {
  expect(await verify()).toEqual({ chains: 2, entries: 5, seals: 1, breaks: [], sealProblems: [] });
  const result = await verifyByCommand();
  expect(result.stderr).toBe('');
  expect(result.stdout).toContain('5 audit entries in 2 chains, against 1 seals');
  expect(result.stdout).toContain('every chain holds');
  expect(result.status).toBe(0);
});

it('finds an entry altered in the store', async () => {
  const id = `${A}:000002`;
  await item(id, A).replace({ ...(await read(id, A)), actorId: 'someone-else' });
  expect((await verify()).breaks).toEqual([{ subjectId: A, seq: 2, problem: NOT_THE_APPS }]);
  const result = await verifyByCommand();
  expect(result.status).toBe(1);
  expect(result.stdout).toContain(`BREAK ${A} entry 2: was altered after it was written`);
});

it('finds an entry removed from the middle of a chain', async () => {
  await item(`${A}:000003`, A).delete();
  expect((await verify()).breaks).toEqual(
    expect.arrayContaining([
      { subjectId: A, seq: 3, problem: 'entry 3 is missing (found 4)' },
      { subjectId: A, seq: 4, problem: 'does not follow the entry before it' },
    ]),
  );
  expect((await verifyByCommand()).status).toBe(1);
});

it('finds a chain cut short: its newest entries deleted', async () => {
  await item(`${A}:000004`, A).delete();
  await item(`${A}:000003`, A).delete();
  // What is left is a whole chain of two; only the seal knows it had four.
  expect((await verify()).breaks).toEqual([
    { subjectId: A, seq: 4, problem: 'cut short: sealed with entries up to 4, the last there now is 2' },
  ]);
  const result = await verifyByCommand();
  expect(result.status).toBe(1);
  expect(result.stdout).toContain(`BREAK ${A} entry 4: cut short`);
});

it('finds a chain deleted whole, and an emptied container', async () => {
  await item(`${B}:000001`, B).delete();
  expect((await verify()).breaks).toEqual([
    { subjectId: B, seq: 1, problem: 'deleted: sealed with entries up to 1, none are there' },
  ]);
  for (const seq of [1, 2, 3, 4]) await item(`${A}:00000${seq}`, A).delete();
  const emptied = await verify();
  expect(emptied.entries).toBe(0);
  expect(emptied.breaks.map((b) => b.subjectId).sort()).toEqual([A, B]);
  const result = await verifyByCommand();
  expect(result.status).toBe(1);
  expect(result.stdout).toContain('0 audit entries in 0 chains, against 1 seals');
  expect(result.stdout).toContain(`BREAK ${A} entry 4: deleted`);
});

it('finds a chain rewritten with every later hash recomputed, without the key and with it', async () => {
  // Entry 2 says someone else looked; 3 and 4 relinked with hashes recomputed as SHA-256 (no key).
  const unkeyed = (e: Parameters<typeof entryHash>[0]) =>
    createHash('sha256')
      .update(
        JSON.stringify([
          e.subjectId,
          e.seq,
          e.actorId,
          e.tenantId,
          e.action,
          e.at,
          e.detail ?? null,
          e.prevHash,
          e.prevAt,
        ]),
      )
      .digest('hex');
  let prevHash = (await read(`${A}:000001`, A)).hash;
  for (const seq of [2, 3, 4]) {
    const stored = await read(`${A}:00000${seq}`, A);
    const rewritten = { ...stored, actorId: seq === 2 ? 'a-colleague' : stored.actorId, prevHash };
    rewritten.hash = unkeyed(rewritten);
    prevHash = rewritten.hash;
    await item(stored.id, A).replace(rewritten);
  }
  const { breaks } = await verify();
  expect(breaks).toEqual(
    expect.arrayContaining([
      { subjectId: A, seq: 2, problem: NOT_THE_APPS },
      { subjectId: A, seq: 4, problem: 'rewritten: entry 4 is not the one sealed' },
    ]),
  );
  // Someone holding the key rewrites it after it was sealed: every MAC is right, the seal is not.
  prevHash = (await read(`${A}:000001`, A)).hash;
  for (const seq of [2, 3, 4]) {
    const stored = await read(`${A}:00000${seq}`, A);
    const rewritten = { ...stored, actorId: seq === 2 ? 'a-colleague' : 'actor-1', prevHash };
    rewritten.hash = entryHash(rewritten, key);
    prevHash = rewritten.hash;
    await item(stored.id, A).replace(rewritten);
  }
  expect((await verify()).breaks).toEqual([
    { subjectId: A, seq: 4, problem: 'rewritten: entry 4 is not the one sealed' },
  ]);
  expect((await verifyByCommand()).status).toBe(1);
});

it('finds a chain cut back and written on past its sealed end, though sealed again since', async () => {
  // Sealed at 4. Entries 3 and 4 deleted; the app, finding 2 as the end, writes a new 3, 4 and 5,
  // each properly MACed; the next seal records 5. The entry at the old sealed point is not the one.
  await item(`${A}:000004`, A).delete();
  await item(`${A}:000003`, A).delete();
  const fresh = new CosmosAuditRepository(store.container('audit'), key);
  for (const at of ['2026-11-05T10:00:00Z', '2026-11-05T10:00:01Z', '2026-11-05T10:00:02Z'])
    await fresh.record({ subjectId: A, actorId: 'actor-1', tenantId: 'tenant-1', action: 'viewed', at });
  await sealer().runOnce();
  const { breaks } = await verify();
  expect(breaks).toEqual([{ subjectId: A, seq: 4, problem: 'rewritten: entry 4 is not the one sealed' }]);
  expect((await verifyByCommand()).status).toBe(1);
});

it('finds a back-dated entry forged with create permission alone', async () => {
  // Blaming a colleague: entry 2 of B, linked properly, back-dated, MACed with a guessed key.
  const first = await read(`${B}:000001`, B);
  const forged = {
    subjectId: B,
    seq: 2,
    actorId: 'a-colleague',
    tenantId: 'tenant-1',
    action: 'viewed',
    at: '2026-11-03T11:00:00Z',
    prevHash: first.hash,
    prevAt: first.at,
  };
  await store
    .container('audit')
    .items.create({ id: `${B}:000002`, type: 'audit', ...forged, hash: entryHash(forged, Buffer.alloc(32)) });
  expect((await verify()).breaks).toEqual([{ subjectId: B, seq: 2, problem: NOT_THE_APPS }]);
  expect((await verifyByCommand()).status).toBe(1);
});

it('finds the destruction log altered or cut short', async () => {
  const log = new CosmosDestructionLog(audit);
  const destroyed: DestructionEntry = {
    reference: 'LAC-7QX-4M',
    recordClass: 'support',
    triggerDate: '2026-10-01',
    approvedBy: { aadObjectId: 'lead-1', name: 'Grace Obi' },
    at: '2026-11-04T10:00:00Z',
    reason: 'retention-schedule',
  };
  await log.record(destroyed);
  await log.record(destroyed); // taken over after it stopped: written once
  await log.record({ ...destroyed, reference: 'LAC-8RT-2P', at: '2026-11-04T10:05:00Z' });
  expect((await log.list()).map((e) => e.reference)).toEqual(['LAC-7QX-4M', 'LAC-8RT-2P']);
  // Kept for good: no expiry, whatever the audit container's TTL.
  expect((await item(`${DESTRUCTION_LOG}:000001`, DESTRUCTION_LOG).read()).resource.ttl).toBe(-1);
  await sealer().runOnce();
  expect((await verify()).breaks).toEqual([]);

  // "Retention schedule" turned into "erasure" after the event.
  const first = await read(`${DESTRUCTION_LOG}:000001`, DESTRUCTION_LOG);
  await item(first.id, DESTRUCTION_LOG).replace({
    ...first,
    detail: JSON.stringify({ ...destroyed, reason: 'erasure' }),
  });
  expect((await verify()).breaks).toEqual([{ subjectId: DESTRUCTION_LOG, seq: 1, problem: NOT_THE_APPS }]);
  await item(first.id, DESTRUCTION_LOG).replace(first);
  // Its last entry removed.
  await item(`${DESTRUCTION_LOG}:000002`, DESTRUCTION_LOG).delete();
  expect((await verify()).breaks).toEqual([
    {
      subjectId: DESTRUCTION_LOG,
      seq: 2,
      problem: 'cut short: sealed with entries up to 2, the last there now is 1',
    },
  ]);
  const result = await verifyByCommand();
  expect(result.status).toBe(1);
  expect(result.stdout).toContain(`BREAK ${DESTRUCTION_LOG} entry 2: cut short`);
  // Kept for good: its first entry gone is a break even a decade on, when audit entries age out.
  await item(`${DESTRUCTION_LOG}:000001`, DESTRUCTION_LOG).delete();
  expect((await verify(new Date('2036-01-01T00:00:00Z'))).breaks).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        subjectId: DESTRUCTION_LOG,
        problem: expect.stringMatching(/missing|cut short|deleted/),
      }),
    ]),
  );
});

it('seals only what changed since the last seal, each linked to the one before; a seal removed or forged is found', async () => {
  await entry(A, 'viewed', new Date().toISOString());
  const second = await sealer().runOnce();
  expect(second.chains).toBe(1); // A grew; B did not
  expect(await verify()).toMatchObject({ seals: 2, breaks: [], sealProblems: [] });

  // A seal written by someone without the key, after the others.
  const names = (await blob.seals.list('seals/')).map((s) => s.name);
  const latest = JSON.parse(await blob.seals.read(names[1] ?? ''));
  const forged = {
    ...latest,
    sealedAt: '2099-01-01T00:00:00.000Z',
    previous: { name: names[1], mac: latest.mac },
    heads: [],
    root: '',
  };
  forged.mac = createHmac('sha256', Buffer.alloc(32)).update('guess').digest('hex');
  await blob.seals.create('seals/2099-01-01T00-00-00.000Z.json', JSON.stringify(forged));
  expect((await verify()).sealProblems).toEqual([
    {
      where: 'seals/2099-01-01T00-00-00.000Z.json',
      problem: 'was altered, or not written by the app (its MAC is wrong)',
    },
  ]);
  const result = await verifyByCommand();
  expect(result.status).toBe(1);
  expect(result.stdout).toContain('SEAL seals/2099-01-01T00-00-00.000Z.json: was altered');

  // The first seal removed (Azurite lets the development account delete; Azure's WORM policy does not).
  await blob.container.deleteBlob('seals/2099-01-01T00-00-00.000Z.json');
  await blob.container.deleteBlob(names[0] ?? '');
  expect((await verify()).sealProblems).toEqual([
    { where: names[1], problem: 'names a seal before it that is not there (the first seals are missing)' },
  ]);
});

it('upgrades an estate whose entries were written before the audit was keyed: sealed as a baseline, then keyed', async () => {
  // Chain C as an earlier version wrote it: plain SHA-256, no `alg`.
  const C = '2b5c1d9e-2f4a-4b6c-8d7e-9f0a1b2c3d4e';
  let prevHash = '';
  for (const seq of [1, 2]) {
    const old = {
      subjectId: C,
      seq,
      actorId: 'actor-1',
      tenantId: 'tenant-1',
      action: 'viewed',
      at: `2026-10-0${seq}T10:00:00Z`,
      prevHash,
    };
    const hash = legacyHash(old);
    await store.container('audit').items.create({ id: `${C}:00000${seq}`, type: 'audit', ...old, hash });
    prevHash = hash;
  }
  // The first seal after the upgrade takes it as it is; the app writes on, keyed.
  await sealer().runOnce();
  await entry(C, 'changed', new Date().toISOString());
  expect((await verify()).breaks).toEqual([]);
  // An unkeyed entry past the baseline is one nobody with the key wrote.
  const third = await read(`${C}:000003`, C);
  const { alg: _alg, ...unkeyed } = third;
  await item(third.id, C).replace({
    ...unkeyed,
    actorId: 'a-colleague',
    hash: legacyHash({ ...unkeyed, actorId: 'a-colleague' }),
  });
  expect((await verify()).breaks).toEqual([{ subjectId: C, seq: 3, problem: NOT_THE_APPS }]);
});

it('says so when nothing has been sealed yet', async () => {
  const fresh = await startLocalBlob();
  try {
    const verdict = await verifyAudit(store, { key, seals: fresh.seals });
    expect(verdict.sealProblems).toEqual([
      expect.objectContaining({ where: 'seals/', problem: expect.stringContaining('there is no seal') }),
    ]);
  } finally {
    await fresh.stop();
  }
});

it('holds for a chain whose oldest entries aged out under the retention, and not for one cut short', async () => {
  // Entries 1 and 2 of A were written in November 2026; checked in 2034, past 7 years, they are gone.
  await item(`${A}:000001`, A).delete();
  await item(`${A}:000002`, A).delete();
  const in2034 = new Date('2034-01-01T00:00:00Z');
  expect(await verify(in2034)).toMatchObject({ entries: 3, breaks: [] });
  // Checked the moment entry 2 aged out (written 2026-11-02T10:00:0x, kept 2557 days): whole.
  const entry2 = new Date('2026-11-02T10:00:02Z').getTime() + 2557 * 86_400_000;
  expect((await verify(new Date(entry2))).breaks).toEqual([]);
  // A day before it could have aged out, its absence is a removal.
  expect((await verify(new Date(entry2 - 86_400_000))).breaks).not.toEqual([]);
  // The same entries missing in 2027 have not aged out: someone removed them.
  const in2027 = new Date('2027-06-01T00:00:00Z');
  expect((await verify(in2027)).breaks).toEqual(
    expect.arrayContaining([{ subjectId: A, seq: 1, problem: 'entry 1 is missing (found 3)' }]),
  );
  // A first remaining entry whose "written before me" was altered to look old breaks its own MAC.
  const third = await read(`${A}:000003`, A);
  await item(`${A}:000003`, A).replace({ ...third, prevAt: '2019-01-01T00:00:00Z' });
  expect((await verify(in2027)).breaks).toEqual(
    expect.arrayContaining([{ subjectId: A, seq: 3, problem: NOT_THE_APPS }]),
  );
});
