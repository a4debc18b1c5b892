/**
 * The rate limits' shared counters on the local Cosmos DB through the real client: counted exactly
 * however many instances count at once, a new window starts afresh, each counter carries its TTL.
 */
import { openStore, type Store } from '../../src/storage/cosmos';
import { type LocalCosmos, startLocalCosmos } from '../../src/storage/localCosmos';
import { CosmosThrottle } from '../../src/storage/residents/throttle';

let local: LocalCosmos;
let store: Store;
beforeAll(async () => {
  local = await startLocalCosmos();
  store = await openStore(local.client, 'lac-throttle', true, ['throttle']);
});
afterAll(() => local.stop());

const at = new Date('2026-12-05T18:00:10Z');

it('counts every request exactly, from several instances at once, and refuses past the limit', async () => {
  const instances = [1, 2, 3].map(() => new CosmosThrottle(store.container('throttle')));
  const outcomes = await Promise.all(
    Array.from({ length: 30 }, (_, i) => instances[i % 3]?.consume('client-a', 20, 3600, at)),
  );
  expect(outcomes.map((o) => o?.count).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
    Array.from({ length: 30 }, (_, i) => i + 1),
  );
  expect(outcomes.filter((o) => o?.allowed)).toHaveLength(20);
  expect(outcomes.find((o) => !o?.allowed)?.retryAfterSeconds).toBe(3590);
  // Another key has its own count.
  expect(await instances[0]?.consume('client-b', 20, 3600, at)).toMatchObject({ allowed: true, count: 1 });
});

it('starts each window afresh, and gives each counter a TTL of two windows', async () => {
  const throttle = new CosmosThrottle(store.container('throttle'));
  await throttle.consume('client-c', 1, 60, at);
  expect((await throttle.consume('client-c', 1, 60, at)).allowed).toBe(false);
  expect((await throttle.consume('client-c', 1, 60, new Date(at.getTime() + 60_000))).allowed).toBe(true);
  const { resources } = await store
    .container('throttle')
    .items.query("SELECT c.id, c.ttl FROM c WHERE STARTSWITH(c.id, 'client-c:')")
    .fetchAll();
  expect(resources.map((r) => r.ttl)).toEqual([120, 120]);
});
