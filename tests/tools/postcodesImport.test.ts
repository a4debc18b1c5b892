/**
 * The ONSPD import, on a generated ONSPD-shaped file, into the local Cosmos DB through
 * @azure/cosmos; then routing uses the imported wards.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeOnspd } from '../../bench/generate';
import { openStore } from '../../src/storage/cosmos';
import { CosmosPostcodeRepository } from '../../src/storage/directory/postcodeRepository';
import { type LocalCosmos, startLocalCosmos } from '../../src/storage/localCosmos';
import { importPostcodes, releaseFromFileName } from '../../src/tools/postcodesImport';

let dir: string;
let local: LocalCosmos;
let repository: CosmosPostcodeRepository;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lac-onspd-'));
  local = await startLocalCosmos();
  const store = await openStore(local.client, 'lac-test', true);
  repository = new CosmosPostcodeRepository(store.container('postcodes'));
});
afterAll(async () => {
  await local.stop();
  await rm(dir, { recursive: true, force: true });
});

it('keeps the live postcodes of one authority with their ward, and counts the rest', async () => {
  const file = path.join(dir, 'ONSPD_AUG_2026_UK.csv');
  await writeOnspd(file, 20_000, 'E09000016', 0.05);
  const progress: number[] = [];
  const report = await importPostcodes({
    file,
    la: 'E09000016',
    release: 'ONSPD_AUG_2026',
    repository,
    progressEvery: 5_000,
    onProgress: (r) => progress.push(r.rowsRead),
  });
  expect(report.rowsRead).toBe(20_000);
  expect(report.kept + report.terminated + report.otherAuthorities + report.unusable).toBe(20_000);
  expect(report.kept).toBeGreaterThan(700);
  expect(report.terminated).toBeGreaterThan(0);
  expect(report.unusable).toBe(0);
  expect(progress).toEqual([5_000, 10_000, 15_000, 20_000]);

  const { resources } = await local.client
    .database('lac-test')
    .container('postcodes')
    .items.query<{ id: string; terminated: boolean }>(
      "SELECT c.id, c.terminated FROM c WHERE c.type = 'postcode'",
    )
    .fetchAll();
  expect(resources).toHaveLength(report.kept + report.terminated);
  const live = resources.find((r) => !r.terminated);
  const lookup = await repository.lookup(live?.id ?? '');
  expect(lookup).toMatchObject({ terminated: false, release: 'ONSPD_AUG_2026' });
  expect(lookup?.ward).toMatch(/^E05\d{6}$/);
  expect(await repository.lookup('ZZ1 1ZZ')).toBeUndefined();
});

it('accepts the laua column name too, and skips rows without a usable postcode or ward', async () => {
  const file = path.join(dir, 'extract.csv');
  await writeFile(
    file,
    [
      'pcds,doterm,osward,laua',
      'RM3 7AB,,E05013982,E09000016',
      'RM3 7AD,201001,E05013982,E09000016',
      'not a postcode,,E05013982,E09000016',
      'RM3 7AE,,,E09000016',
      'SW1A 2AA,,E05000644,E09000033',
      '',
    ].join('\n'),
  );
  const report = await importPostcodes({ file, la: 'E09000016', release: 'TEST' });
  expect(report).toMatchObject({ rowsRead: 5, kept: 1, terminated: 1, unusable: 2, otherAuthorities: 1 });
});

it('says which column is missing when the file is not the ONSPD', async () => {
  const file = path.join(dir, 'wrong.csv');
  await writeFile(file, 'postcode,ward\nRM3 7AB,E05013982\n');
  await expect(importPostcodes({ file, la: 'E09000016', release: 'TEST' })).rejects.toThrow(
    'wrong.csv has no pcds, osward, doterm, laua (or oslaua) column: is it the ONSPD CSV?',
  );
});

it('reads the release from the ONS file name', () => {
  expect(releaseFromFileName('/data/ONSPD_AUG_2026_UK.csv')).toBe('ONSPD_AUG_2026');
  expect(releaseFromFileName('postcodes.csv')).toBeUndefined();
});
