/**
 * `npm run report` as the performance team runs it: October 2026's hand-computed introductions in
 * a local Cosmos DB snapshot, written out as a spreadsheet (small numbers suppressed) and as a CSV
 * with every number (--team).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openStore } from '../../src/storage/cosmos';
import { startLocalCosmos } from '../../src/storage/localCosmos';
import { RECORDS, storedIntroduction } from '../helpers/reportFixture';

const ROOT = path.resolve(__dirname, '..', '..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lac-report-'));
  const local = await startLocalCosmos({ dataDir: dir, snapshotEveryMs: 0 });
  const store = await openStore(local.client, 'lac-front-door', true);
  for (const record of RECORDS)
    await store.container('introductions').items.create(storedIntroduction(record));
  await local.stop();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const run = (...args: string[]) =>
  spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    [path.join(ROOT, 'src', 'tools', 'report.ts'), ...args],
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

it('writes the month as a spreadsheet, small numbers suppressed', async () => {
  const out = path.join(dir, 'october.xlsx');
  const result = run('--month', 'October 2026', '--out', out);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(
    /^October 2026, the whole service: 5 introduced, as things stand in the local Cosmos DB snapshot .* Wrote .*october\.xlsx \(small numbers suppressed\)\.\n$/,
  );
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(out);
  expect(workbook.getWorksheet('Headline')?.getRow(5).values).toEqual([undefined, 'Introduced', 5, 5]);
  expect(workbook.getWorksheet('Headline')?.getRow(6).values).toEqual([
    undefined,
    'Accepted',
    'fewer than 5',
    'fewer than 5',
  ]);
  expect(workbook.getWorksheet('Coordinators')).toBeUndefined();
});

it('writes one patch as a CSV with every number for the team', async () => {
  const out = path.join(dir, 'collier-row.csv');
  const result = run('--month', '2026-10', '--patch', 'collier-row-havering-park', '--team', '--out', out);
  expect(result.status).toBe(0);
  const csv = await readFile(out, 'utf8');
  expect(csv).toContain('Headline,Introduced,October 2026,2');
  expect(csv).toContain('Coordinators,Amira Khan,Walked alongside,0');
});

it('explains what it needs, and refuses a patch that is not in the file', () => {
  expect(run('--month', '2026-10').status).toBe(2);
  const unknown = run('--month', '2026-10', '--patch', 'atlantis', '--out', path.join(dir, 'x.xlsx'));
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toBe('There is no patch "atlantis" in demo-borough.patches.yaml.\n');
});
