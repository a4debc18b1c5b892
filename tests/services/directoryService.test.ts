/**
 * The patch directory in Cosmos DB (local server, real client): loaded at start, reloaded when the
 * file changes without a restart, a bad file refused while the one in force is kept, a version
 * stored by another instance picked up. Routing then uses imported wards.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { DEMO_PATCHES_FILE } from '../../src/config';
import { RESIDENT_LIMITS } from '../../src/domain/directory/directory';
import { areaKey } from '../../src/domain/directory/routing';
import { DirectoryFileError, DirectoryService } from '../../src/services/directory/directoryService';
import { RoutingService } from '../../src/services/directory/routingService';
import { openStore, type Store } from '../../src/storage/cosmos';
import { CosmosCaseloadRepository } from '../../src/storage/directory/caseloadRepository';
import { CosmosDirectoryRepository } from '../../src/storage/directory/directoryRepository';
import { CosmosPostcodeRepository } from '../../src/storage/directory/postcodeRepository';
import { type LocalCosmos, startLocalCosmos } from '../../src/storage/localCosmos';

const silent = pino({ level: 'silent' });
let dir: string;
let file: string;
let local: LocalCosmos;
let store: Store;
const services: DirectoryService[] = [];

function service(watchFileMs = 0) {
  const created = new DirectoryService(new CosmosDirectoryRepository(store.container('directory')), silent, {
    file,
    watchFileMs,
    pollStoreMs: 0,
  });
  services.push(created);
  return created;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lac-directory-'));
  file = path.join(dir, 'patches.yaml');
  await copyFile(DEMO_PATCHES_FILE, file);
  local = await startLocalCosmos();
  store = await openStore(local.client, 'lac-test', true);
});
afterEach(async () => {
  for (const s of services.splice(0)) s.stop();
  await local.stop();
  await rm(dir, { recursive: true, force: true });
});

it('loads the file into Cosmos DB at start, as the current version and by its hash', async () => {
  const directory = await service().start();
  const repository = new CosmosDirectoryRepository(store.container('directory'));
  expect((await repository.loadCurrent())?.directory.version).toBe(directory.version);
  expect((await repository.loadVersion(directory.version))?.source).toBe('patches.yaml');
});

it('refuses to start on a file with problems, listing each with its line', async () => {
  await writeFile(
    file,
    (await readFile(file, 'utf8')).replace('"RM3 8"', '"RM3 8X"').replace('"RM1 1"', '"RM3 7"'),
  );
  const error = await service()
    .start()
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DirectoryFileError);
  const message = (error as Error).message;
  expect(message).toContain('has 2 problems');
  expect(message).toMatch(/patches\.yaml:\d+:\d+ patches\[0\]\.postcodes\[1\]: "RM3 8X" is not a postcode/);
  expect(message).toContain('"RM3 7" is claimed by both Harold Hill North and Romford Town');
});

it('reloads a changed file without a restart, and keeps the old one when the new one is wrong', async () => {
  const running = service(50);
  const first = await running.start();
  expect(running.routingIndex.bySector.get(areaKey('RM12 4'))).toBeUndefined();

  await writeFile(
    file,
    (await readFile(file, 'utf8')).replace(
      'postcodes: ["RM12 5", "RM11 3NZ"]',
      'postcodes: ["RM12 5", "RM12 4", "RM11 3NZ"]',
    ),
  );
  await waitFor(() => running.directory.version !== first.version);
  expect(running.routingIndex.bySector.get(areaKey('RM12 4'))).toBeDefined();
  const second = running.directory.version;

  await writeFile(file, 'area: [broken\n');
  expect((await running.reloadFromFile()).outcome).toBe('rejected');
  expect(running.directory.version).toBe(second);
});

it('picks up a version another instance stored', async () => {
  const one = service();
  const other = service();
  await one.start();
  await other.start();
  await writeFile(file, `${await readFile(file, 'utf8')}\n# edited on the other instance\n`);
  await other.reloadFromFile();
  expect(await one.refreshFromStore()).toBe(true);
  expect(one.directory.version).toBe(other.directory.version);
  expect(await one.refreshFromStore()).toBe(false);
});

it('routes by imported ward, and records the ONSPD release with the decision', async () => {
  const text = (await readFile(file, 'utf8')).replace(
    'postcodes: ["RM14 1", "RM14 2", "RM14 3"]',
    'postcodes: ["RM14 1", "RM14 2"]\n    wards: ["E05013990"]',
  );
  await writeFile(file, text);
  const directories = service();
  await directories.start();
  const postcodes = new CosmosPostcodeRepository(store.container('postcodes'));
  await postcodes.upsert({
    postcode: 'RM14 3AA',
    ward: 'E05013990',
    la: 'E09000016',
    terminated: false,
    release: 'ONSPD_AUG_2026',
  });
  await postcodes.upsert({
    postcode: 'RM3 7ZZ',
    ward: 'E05013990',
    la: 'E09000016',
    terminated: true,
    release: 'ONSPD_AUG_2026',
  });
  await store.container('introductions').items.create({
    id: 'i1',
    type: 'introduction',
    status: 'accepted',
    coordinatorEmail: 'ben.clarke@demo.gov.uk',
  });
  const routing = new RoutingService(
    directories,
    new CosmosCaseloadRepository(store.container('introductions')),
    postcodes,
    () => new Date('2026-11-23T12:00:00Z'),
  );

  const byWard = await routing.route({ postcode: 'rm14 3aa' });
  expect(byWard).toMatchObject({
    patch: { id: 'upminster-cranham' },
    rule: { kind: 'ward', value: 'E05013990' },
    postcodeDirectoryRelease: 'ONSPD_AUG_2026',
    coordinator: { name: 'Ben Clarke', caseload: 1 },
  });
  expect(byWard.explanation).toBe('RM14 3AA → Upminster and Cranham by ward E05013990; Ben Clarke, 1 of 50');

  const terminated = await routing.route({ postcode: 'RM3 7ZZ' });
  expect(terminated).toMatchObject({
    patch: { id: 'harold-hill-north' },
    rule: { kind: 'sector' },
    needsConfirmation: true,
  });

  expect(await routing.route({ postcode: 'RM14 3AB' })).toMatchObject({
    outcome: 'triage',
    triageReason: 'no-rule',
  });
});

it('routes many offers in a row with caseloads counted once, each decision counted as it is made', async () => {
  const directories = service();
  await directories.start();
  const routing = new RoutingService(
    directories,
    new CosmosCaseloadRepository(store.container('introductions')),
    new CosmosPostcodeRepository(store.container('postcodes')),
    () => new Date('2026-11-23T12:00:00Z'),
  );
  // One at a time with nothing stored, routing chooses the same coordinator every time.
  const alone = await Promise.all(
    [1, 2, 3].map(() => routing.passTo('collier-row-havering-park', 'Helen Ward', 'test')),
  );
  expect(alone.map((d) => d?.coordinator?.name)).toEqual(['Amira Khan', 'Amira Khan', 'Amira Khan']);

  // In a batch the patch's two coordinators (capacity 50 and 25) share them by load.
  const batch = await routing.inBatch();
  const chosen = [];
  for (let n = 0; n < 6; n++) {
    const decision = await batch.passTo('collier-row-havering-park', 'Helen Ward', 'test');
    chosen.push(`${decision?.coordinator?.name} ${decision?.coordinator?.caseload}`);
  }
  expect(chosen).toEqual([
    'Amira Khan 0',
    'Tom Reilly 0',
    'Amira Khan 1',
    'Tom Reilly 1',
    'Amira Khan 2',
    'Amira Khan 3',
  ]);
  // Routing by postcode in the same batch sees those counts too.
  const byPostcode = await batch.route({ postcode: 'RM5 3AA' });
  expect(byPostcode.patch?.id).toBe('collier-row-havering-park');
  expect(byPostcode.coordinator).toMatchObject({ name: 'Tom Reilly', caseload: 2 });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

it("logs where a file's problems are, never the names or emails in them", async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  const running = new DirectoryService(new CosmosDirectoryRepository(store.container('directory')), logger, {
    file,
    watchFileMs: 0,
    pollStoreMs: 0,
  });
  services.push(running);
  await running.start();
  // The demo council lists some coordinators by email alone (a warning), and this makes an error.
  await writeFile(file, (await readFile(file, 'utf8')).replace('"RM3 8"', '"RM3 8X"'));
  expect((await running.reloadFromFile()).outcome).toBe('rejected');
  const logged = lines.join('\n');
  expect(logged).toMatch(/"msg":"patch directory warning"/);
  expect(logged).toMatch(/"msg":"patch directory refused; keeping the directory in force"/);
  expect(logged).toMatch(/"problems":\[\{"line":\d+,"column":\d+,"path":"patches/);
  expect(logged).not.toMatch(/Leon Barnes|@demo\.gov\.uk|RM3 8X/);
});

it('never lets a reload the file watcher started fail the process: the store down, it is logged and the directory in force kept', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const logged: string[] = [];
  const repository = new CosmosDirectoryRepository(store.container('directory'));
  const running = new DirectoryService(
    repository,
    pino({ level: 'error' }, { write: (line: string) => void logged.push(JSON.parse(line).msg) }),
    { file, watchFileMs: 50, pollStoreMs: 0 },
  );
  services.push(running);
  try {
    const first = await running.start();
    // Cosmos DB stops answering, then the file changes.
    repository.saveCurrent = async () => {
      throw Object.assign(new Error('service unavailable'), { code: 503 });
    };
    repository.loadCurrent = async () => {
      throw Object.assign(new Error('service unavailable'), { code: 503 });
    };
    await writeFile(file, `${await readFile(file, 'utf8')}\n# changed\n`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(unhandled).toEqual([]);
    expect(logged).toContain('patch directory reload failed; keeping the directory in force');
    expect(running.directory.version).toBe(first.version);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

it('takes a directory an earlier version stored (confirmed in Teams) with what the file has gained since at its defaults', async () => {
  // Kept in force while the deployed file is unchanged: stored before residents' pages and a
  // second approver existed, so without either field.
  const parsed = await service().start();
  const { residents: _r, ...older } = parsed;
  const { approvals: _a, ...olderRecords } = parsed.records;
  const repository = new CosmosDirectoryRepository(store.container('directory'));
  await repository.saveCurrent({
    directory: { ...older, records: olderRecords, version: 'older-00000' } as unknown as typeof parsed,
    loadedAt: new Date().toISOString(),
    source: 'teams',
    origin: 'teams',
    deployedFileVersion: parsed.version,
  });
  const running = service();
  await running.start();
  expect(running.directory.version).toBe('older-00000');
  expect(running.directory.residents).toEqual({ languages: ['en'], limits: RESIDENT_LIMITS });
  expect(running.directory.records.approvals).toBe(1);
});
