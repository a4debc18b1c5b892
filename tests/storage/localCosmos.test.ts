/**
 * The embedded local Cosmos DB through the real @azure/cosmos client: schema creation, snapshot
 * and restore across restarts, and the optimistic concurrency later features rely on.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ALL_CONTAINERS } from '../../src/storage/containers';
import { createCosmosClient, openStore } from '../../src/storage/cosmos';
import { startLocalCosmos } from '../../src/storage/localCosmos';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lac-cosmos-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

it('listens on loopback only, over plain HTTP', async () => {
  const local = await startLocalCosmos();
  try {
    expect(local.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  } finally {
    await local.stop();
  }
});

it('creates the database and every container with its partition key', async () => {
  const local = await startLocalCosmos();
  try {
    const store = await openStore(local.client, 'lac-test', true);
    const { resources } = await store.database.containers.readAll().fetchAll();
    const actual = Object.fromEntries(resources.map((c) => [c.id, c.partitionKey?.paths?.[0]]));
    for (const definition of ALL_CONTAINERS) expect(actual[definition.id]).toBe(definition.partitionKeyPath);
    // Opening again is harmless: nothing is recreated or lost.
    await store.container('people').items.create({ id: 'u1', type: 'user' });
    const again = await openStore(local.client, 'lac-test', true);
    expect((await again.container('people').item('u1', 'u1').read()).statusCode).toBe(200);
    expect(await again.ping()).toBe(true);
  } finally {
    await local.stop();
  }
});

it('keeps data across a stop and a restart, through a snapshot file only its owner can read', async () => {
  const first = await startLocalCosmos({ dataDir, snapshotEveryMs: 0 });
  const store = await openStore(first.client, 'lac-test', true);
  await store.container('people').items.create({ id: 'u1', type: 'user', tenantId: 't1' });
  await store.container('audit').items.create({ id: 'a1', subjectId: 'intro-1', action: 'viewed' });
  await first.stop();

  const file = path.join(dataDir, 'local-cosmos.json');
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  expect(JSON.parse(await readFile(file, 'utf8')).format).toBe('lac-front-door-local-cosmos/1');

  const second = await startLocalCosmos({ dataDir, snapshotEveryMs: 0 });
  try {
    expect(second.restoredDocuments).toBe(2);
    const reopened = await openStore(second.client, 'lac-test', true);
    const { resource } = await reopened.container('people').item('u1', 'u1').read();
    expect(resource).toMatchObject({ id: 'u1', tenantId: 't1' });
    const audit = await reopened.container('audit').item('a1', 'intro-1').read();
    expect(audit.resource).toMatchObject({ action: 'viewed' });
  } finally {
    await second.stop();
  }
});

it('writes snapshots periodically, not only on stop', async () => {
  const local = await startLocalCosmos({ dataDir, snapshotEveryMs: 50 });
  try {
    const store = await openStore(local.client, 'lac-test', true);
    await store.container('people').items.create({ id: 'u2', type: 'user' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const saved = JSON.parse(await readFile(path.join(dataDir, 'local-cosmos.json'), 'utf8'));
    expect(JSON.stringify(saved)).toContain('"u2"');
  } finally {
    await local.stop();
  }
});

it('refuses a write with a stale ETag, as Azure does (optimistic concurrency)', async () => {
  const local = await startLocalCosmos();
  try {
    const store = await openStore(local.client, 'lac-test', true);
    const container = store.container('introductions');
    const { resource: created } = await container.items.create({ id: 'i1', status: 'offered' });
    const etag = created?._etag as string;
    await container.item('i1', 'i1').replace(
      { id: 'i1', status: 'accepted' },
      {
        accessCondition: { type: 'IfMatch', condition: etag },
      },
    );
    await expect(
      container
        .item('i1', 'i1')
        .replace({ id: 'i1', status: 'passed' }, { accessCondition: { type: 'IfMatch', condition: etag } }),
    ).rejects.toMatchObject({ code: 412 });
  } finally {
    await local.stop();
  }
});

it('reports not ready (for /readyz) once Cosmos DB stops answering', async () => {
  const local = await startLocalCosmos();
  const client = createCosmosClient({
    endpoint: local.endpoint,
    key: local.key,
    database: 'lac-test',
    local: true,
  });
  try {
    const store = await openStore(client, 'lac-test', true);
    expect(await store.ping()).toBe(true);
    await local.stop();
    const began = Date.now();
    expect(await store.ping(1_000)).toBe(false);
    expect(Date.now() - began).toBeLessThan(5_000);
  } finally {
    client.dispose();
  }
});
