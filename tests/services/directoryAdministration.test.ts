/**
 * Working a directory change through, against the local Cosmos DB: one instance at a time (the
 * lease), remembered only when every record was done (a failure is done on the next pass), and
 * never remembered for a version no longer in force (another instance confirmed a newer one
 * part-way through: the pass says so, and the next one works the newer version through).
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { DEMO_PATCHES_FILE } from '../../src/config';
import { parseDirectory } from '../../src/domain/directory/directory';
import type { Introduction } from '../../src/domain/introductions/introduction';
import { changeStatus } from '../../src/domain/introductions/lifecycle';
import { withRetention } from '../../src/domain/records/retention';
import { DirectoryAdministration } from '../../src/services/directory/directoryAdministration';
import { DirectoryService } from '../../src/services/directory/directoryService';
import { DIRECTORY_CHANGES_LEASE } from '../../src/services/directory/directoryWorkThrough';
import { RoutingService } from '../../src/services/directory/routingService';
import { openStore, type Store } from '../../src/storage/cosmos';
import { CosmosCaseloadRepository } from '../../src/storage/directory/caseloadRepository';
import { CosmosDirectoryRepository } from '../../src/storage/directory/directoryRepository';
import { CosmosPostcodeRepository } from '../../src/storage/directory/postcodeRepository';
import { CosmosIntroductionRepository } from '../../src/storage/introductions/introductionRepository';
import { CosmosLeaseRepository } from '../../src/storage/leaseRepository';
import { type LocalCosmos, startLocalCosmos } from '../../src/storage/localCosmos';
import { introductionFor, OFFERED_TO_TAMMY } from '../helpers/introductionFixture';

const silent = pino({ level: 'silent' });
const priya = { aadObjectId: '3f2c8d1e-7b6a-4c59-9d0e-1a2b3c4d5e01', name: 'Priya Shah', tenantId: 't' };
const bot = { aadObjectId: 'lac-front-door', name: 'LAC Front Door', tenantId: 't' };
const WALTER = '6a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d';

let dir: string;
let local: LocalCosmos;
let store: Store;
let directories: DirectoryService;
let repository: CosmosDirectoryRepository;
let introductions: CosmosIntroductionRepository;
let leases: CosmosLeaseRepository;
let administration: DirectoryAdministration;
let demo: string;
/** Makes the next update of this record fail, as Cosmos DB sometimes does. */
let failNextUpdateOf: string | undefined;
/** Runs once when the pass lists the offers: what another instance does meanwhile. */
let meanwhile: (() => Promise<void>) | undefined;

const withoutTammy = (text: string) =>
  text.replace(/coordinators:\n {6}- name: Tammy Hughes\n(?: {8}.*\n)+/, 'coordinators: []\n');
const reconciled = async () => (await repository.loadReconciled())?.version;

/** Checked and confirmed, without working it through (the tests do that). */
async function confirm(content: string): Promise<string> {
  const checked = await administration.check(content, priya);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  const confirmed = await administration.confirm(checked.proposalId, priya, 'test');
  if (confirmed.outcome !== 'applied') throw new Error(confirmed.outcome);
  return confirmed.version;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lac-directory-admin-'));
  const file = path.join(dir, 'council.patches.yaml');
  await copyFile(DEMO_PATCHES_FILE, file);
  demo = await readFile(file, 'utf8');
  local = await startLocalCosmos();
  store = await openStore(local.client, 'lac-test', true);
  repository = new CosmosDirectoryRepository(store.container('directory'));
  directories = new DirectoryService(repository, silent, { file, watchFileMs: 0, pollStoreMs: 0 });
  await directories.start();
  // As in the app: every write stamps the retention periods in force.
  introductions = new CosmosIntroductionRepository(
    store.container('introductions'),
    () => directories.directory.records.retention,
  );
  leases = new CosmosLeaseRepository(store.container('leases'));
  const flaky: CosmosIntroductionRepository = Object.create(introductions);
  flaky.update = (id, change) => {
    if (id === failNextUpdateOf) {
      failNextUpdateOf = undefined;
      return Promise.reject(Object.assign(new Error('service unavailable'), { code: 503 }));
    }
    return introductions.update(id, change);
  };
  flaky.listByStatus = async (statuses) => {
    const listed = await introductions.listByStatus(statuses);
    const then = meanwhile;
    meanwhile = undefined;
    await then?.();
    return listed;
  };
  administration = new DirectoryAdministration({
    directories,
    repository,
    introductions: flaky,
    routing: new RoutingService(
      directories,
      new CosmosCaseloadRepository(store.container('introductions')),
      new CosmosPostcodeRepository(store.container('postcodes')),
    ),
    audit: async () => undefined,
    auditDirectory: async () => undefined,
    isRefused: () => false,
    notify: () => undefined,
    workThrough: () => undefined,
    leases,
    instanceId: 'a',
    logger: silent,
  });
  // Walter, whom Tammy walks alongside.
  const offered = { ...introductionFor(OFFERED_TO_TAMMY), id: WALTER, reference: 'LAC-WALT-01' };
  const accepted = changeStatus(offered, 'accepted', priya, '2026-11-20T10:00:00.000Z');
  if (!accepted.ok) throw new Error(accepted.reason);
  await store.container('introductions').items.create(withRetention(accepted.introduction));
});
afterAll(async () => {
  directories?.stop();
  await local?.stop();
  await rm(dir, { recursive: true, force: true });
});

const walter = async () => (await introductions.get(WALTER)) as Introduction;
const currentContent = async () => (await repository.loadCurrent())?.content ?? '';

it('works the version in force through once, and says so after', async () => {
  expect(await administration.workThroughInForce(bot)).toMatchObject({ outcome: 'done' });
  expect(await reconciled()).toBe(directories.directory.version);
  expect(await administration.workThroughInForce(bot)).toEqual({ outcome: 'already' });
});

it('leaves it to the instance that holds the lease', async () => {
  const version = await confirm(withoutTammy(demo));
  expect(await leases.acquire(DIRECTORY_CHANGES_LEASE, 'b', new Date(), 60_000)).toBe(true);
  expect(await administration.workThroughInForce(bot)).toEqual({ outcome: 'busy' });
  expect((await walter()).needsCoordinator).toBeUndefined();
  expect(await reconciled()).not.toBe(version);
  await leases.release(DIRECTORY_CHANGES_LEASE, 'b');
});

it('is not remembered while a record failed, and the next pass does it', async () => {
  const version = directories.directory.version;
  failNextUpdateOf = WALTER;
  expect(await administration.workThroughInForce(bot)).toMatchObject({ outcome: 'incomplete', failed: 1 });
  expect((await walter()).needsCoordinator).toBeUndefined();
  expect(await reconciled()).not.toBe(version);
  expect(await administration.workThroughInForce(bot)).toMatchObject({ outcome: 'done', needCoordinator: 1 });
  expect((await walter()).needsCoordinator).toMatchObject({ formerCoordinator: 'Tammy Hughes' });
  expect(await reconciled()).toBe(version);
});

it('is not remembered for a version another instance replaced part-way, and the newer one is worked through', async () => {
  const v2 = await confirm(`${withoutTammy(demo)}# v2\n`);
  const v3 = `${withoutTammy(demo)}# v3\n`;
  meanwhile = async () => {
    // Another instance confirms v3 while this one works v2 through.
    const parsed = parseDirectory(v3);
    if (!parsed.ok) throw new Error('v3 does not parse');
    await repository.saveCurrent({
      directory: parsed.directory,
      content: v3,
      loadedAt: new Date().toISOString(),
      source: 'confirmed in Teams',
      origin: 'teams',
      by: { aadObjectId: priya.aadObjectId, name: priya.name },
      reason: 'v3',
    });
  };
  expect(await administration.workThroughInForce(bot)).toEqual({ outcome: 'superseded' });
  expect(await reconciled()).not.toBe(v2);
  const next = await administration.workThroughInForce(bot);
  expect(next).toMatchObject({ outcome: 'done' });
  expect(directories.directory.version).not.toBe(v2);
  expect(await reconciled()).toBe(directories.directory.version);
});

it('brings every review date up to date when the retention periods change, not when each is next written', async () => {
  const before = (await walter()).retainUntil;
  expect(before).toBe('2028-11-20'); // never became support: 2 years after last contact
  const content = await currentContent();
  await confirm(
    content.replace(
      'retention: { neverBecameSupportYears: 2, supportYears: 6 }',
      'retention: { neverBecameSupportYears: 3, supportYears: 8 }',
    ),
  );
  expect(await administration.workThroughInForce(bot)).toMatchObject({ outcome: 'done', restamped: 1 });
  expect((await walter()).retainUntil).toBe('2029-11-20');
  // An instance still on the old periods writes Walter's record meanwhile: the look once more puts
  // it right.
  const stale = await walter();
  await store
    .container('introductions')
    .item(WALTER, WALTER)
    .replace({ ...stale, retainUntil: '2028-11-20' });
  expect(await administration.workThroughInForce(bot, { again: true })).toMatchObject({
    outcome: 'done',
    restamped: 1,
  });
  expect((await walter()).retainUntil).toBe('2029-11-20');
});

it('looks once more against the same earlier version, so an email change is followed, not taken for a leaver', async () => {
  const content = await currentContent();
  await confirm(content.replace('email: sam.okafor@demo.gov.uk', 'email: sam.okafor@havering.gov.uk'));
  expect(await administration.workThroughInForce(bot)).toMatchObject({ outcome: 'done' });
  // An instance still on the version before offers someone to Sam under his former email.
  const late = {
    ...introductionFor({
      ...OFFERED_TO_TAMMY,
      patch: { id: 'harold-wood-gidea-park', name: 'Harold Wood and Gidea Park' },
      coordinator: {
        name: 'Sam Okafor',
        email: 'sam.okafor@demo.gov.uk',
        aadObjectId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c02',
        caseload: 0,
        capacity: 45,
      },
    }),
    id: '7b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
    reference: 'LAC-LATE-01',
  };
  await store.container('introductions').items.create(withRetention(late));
  const again = await administration.workThroughInForce(bot, { again: true });
  expect(again).toMatchObject({ outcome: 'done', followed: 1, rerouted: 0 });
  const followed = (await introductions.get(late.id)) as Introduction;
  expect(followed).toMatchObject({ status: 'offered', coordinatorEmail: 'sam.okafor@havering.gov.uk' });
  expect(followed.events.some((e) => /coordinator left/.test(e.note ?? ''))).toBe(false);
});

it('restamps again when a restamp was interrupted, whatever the next version says', async () => {
  // A restamp under way is forgotten as known...
  const marker = await repository.loadReconciled();
  expect(marker?.retention).toEqual({ neverBecameSupportYears: 3, supportYears: 8 });
  const { retention: _known, ...unknown } = marker as NonNullable<typeof marker>;
  await repository.saveReconciled(unknown);
  const stale = await walter();
  await store
    .container('introductions')
    .item(WALTER, WALTER)
    .replace({ ...stale, retainUntil: '2030-01-01' });
  // ...so the next pass, against a version with the same periods, still restamps.
  expect(await administration.workThroughInForce(bot, { again: true })).toMatchObject({
    outcome: 'done',
    restamped: 1,
  });
  expect((await walter()).retainUntil).toBe('2029-11-20');
  expect((await repository.loadReconciled())?.retention).toEqual({
    neverBecameSupportYears: 3,
    supportYears: 8,
  });
});
