/**
 * Appending to an audit chain costs the same at any length: at 20,000 entries (what anyone who can
 * have a refusal audited could once build up, making each later entry slower), the next entry is
 * found by a few point reads, never by reading the chain. On the local Cosmos DB, through the real
 * client; the container is the real one, with its calls counted.
 */
import type { Container } from '@azure/cosmos';
import { entryHash } from '../../src/domain/records/auditChain';
import { openStore } from '../../src/storage/cosmos';
import { type LocalCosmos, startLocalCosmos } from '../../src/storage/localCosmos';
import { CosmosAuditRepository } from '../../src/storage/records/auditRepository';

const SUBJECT = 'patch-directory';
const KEY = Buffer.alloc(32, 7);
const LENGTH = 20_000;
let local: LocalCosmos;
let container: Container;

/** The container, with each point read and each query it is asked for counted. */
function counted(inner: Container) {
  const calls = { pointReads: 0, queries: 0 };
  const proxy = new Proxy(inner, {
    get(target, property, receiver) {
      if (property === 'item')
        return (...args: Parameters<Container['item']>) => {
          const item = target.item(...args);
          return new Proxy(item, {
            get(t, p, r) {
              if (p === 'read') calls.pointReads++;
              const value = Reflect.get(t, p, r);
              return typeof value === 'function' ? value.bind(t) : value;
            },
          });
        };
      if (property === 'items')
        return new Proxy(target.items, {
          get(t, p, r) {
            if (p === 'query') calls.queries++;
            const value = Reflect.get(t, p, r);
            return typeof value === 'function' ? value.bind(t) : value;
          },
        });
      return Reflect.get(target, property, receiver);
    },
  });
  return { container: proxy, calls };
}

beforeAll(async () => {
  local = await startLocalCosmos();
  const store = await openStore(local.client, 'lac-audit-length', true, ['audit']);
  container = store.container('audit');
  // A chain of 20,000 entries, written as the repository writes them (ids by place, hashes linked).
  let prevHash = '';
  let prevAt: string | undefined;
  const documents = [];
  for (let seq = 1; seq <= LENGTH; seq++) {
    const at = new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString();
    const entry = {
      subjectId: SUBJECT,
      actorId: 'someone',
      tenantId: 'partner',
      action: 'denied' as const,
      at,
      detail: 'directory',
      seq,
      prevHash,
      ...(prevAt ? { prevAt } : {}),
    };
    const hash = entryHash(entry, KEY);
    documents.push({ id: `${SUBJECT}:${String(seq).padStart(6, '0')}`, type: 'audit', ...entry, hash });
    prevHash = hash;
    prevAt = at;
  }
  for (let i = 0; i < documents.length; i += 200)
    await Promise.all(documents.slice(i, i + 200).map((d) => container.items.create(d)));
}, 120_000);
afterAll(() => local.stop());

it('finds the end of a 20,000-entry chain by a few point reads, and links the next entry to it', async () => {
  const { container: watched, calls } = counted(container);
  const fresh = new CosmosAuditRepository(watched, KEY);
  const started = performance.now();
  await fresh.record({
    subjectId: SUBJECT,
    actorId: 'grace',
    tenantId: 'council',
    action: 'viewed',
    at: '2026-12-04T10:00:00.000Z',
    detail: 'directory',
  });
  const ms = performance.now() - started;
  // A new instance knows nothing of the chain: about 2 × log2(20,000) point reads, no query.
  expect(calls.queries).toBe(0);
  expect(calls.pointReads).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(LENGTH)) + 2);
  const { resource } = await container.item(`${SUBJECT}:0${LENGTH + 1}`, SUBJECT).read();
  const { resource: previous } = await container.item(`${SUBJECT}:0${LENGTH}`, SUBJECT).read();
  expect(resource).toMatchObject({ seq: LENGTH + 1, prevHash: previous.hash, actorId: 'grace' });

  // The same instance again: it starts where it left off, two reads.
  calls.pointReads = 0;
  await fresh.record({
    subjectId: SUBJECT,
    actorId: 'grace',
    tenantId: 'council',
    action: 'viewed',
    at: '2026-12-04T10:01:00.000Z',
    detail: 'directory',
  });
  expect(calls).toEqual({ pointReads: 2, queries: 0 });
  process.stdout.write(`audit append at ${LENGTH} entries, a new instance: ${Math.round(ms)} ms\n`);
});

it('takes the next place when another instance took the one it found (no two entries share one)', async () => {
  // A store of its own: a new chain's first look also reads its (empty) partition, which the local
  // server does by reading everything it holds.
  const own = (await openStore(local.client, 'lac-audit-race', true, ['audit'])).container('audit');
  const a = new CosmosAuditRepository(own, KEY);
  const b = new CosmosAuditRepository(own, KEY);
  const entry = (actorId: string) => ({
    subjectId: 'race',
    actorId,
    tenantId: 'council',
    action: 'viewed' as const,
    at: '2026-12-04T10:00:00.000Z',
  });
  await Promise.all([a.record(entry('one')), b.record(entry('two')), a.record(entry('three'))]);
  const { resources } = await own.items
    .query({ query: "SELECT c.seq FROM c WHERE c.subjectId = 'race'" })
    .fetchAll();
  expect(resources.map((r: { seq: number }) => r.seq).sort()).toEqual([1, 2, 3]);
});
