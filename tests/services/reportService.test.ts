/**
 * A report's cost follows its window (issue 24): with the months before it frozen, this month's
 * report reads the months' parts from the `reports` container and only the introductions active
 * this month, and says exactly what it says when nothing was frozen. The hand-computed October
 * introductions and someone walked alongside since 2018 are in Cosmos DB (the local server, the
 * real client), stamped as the repository stamps them.
 */
import pino from 'pino';
import { type Activity, withActivity } from '../../src/domain/reports/reportActivity';
import type { ReportDirectory, ReportRecord } from '../../src/domain/reports/reportModel';
import { monthsBetween } from '../../src/domain/reports/reportPeriod';
import { ReportService } from '../../src/services/reports/reportService';
import { openStore, type Store } from '../../src/storage/cosmos';
import { type LocalCosmos, startLocalCosmos } from '../../src/storage/localCosmos';
import { CosmosFrozenReportRepository } from '../../src/storage/reports/frozenReportRepository';
import { CosmosMonitoringRepository } from '../../src/storage/reports/monitoringRepository';
import { reportLinks } from '../../src/storage/reports/reportLinkRepository';
import {
  DIRECTORY,
  RECORDS,
  STEPPED_BACK_2019,
  serviceDirectory,
  storedIntroduction,
  WALKED_SINCE_2018,
} from '../helpers/reportFixture';

const silent = pino({ level: 'silent' });
let local: LocalCosmos;
let store: Store;
/** What each report read: from when, how many introductions, and how many frozen months. */
let reads: { from: string; ids: string[] }[];

const WALKED = WALKED_SINCE_2018;
const QUIET = STEPPED_BACK_2019;

function service(now: Date, directory: typeof DIRECTORY = DIRECTORY, reminderWorkingDays = 2) {
  const monitoring = new CosmosMonitoringRepository(store.container('introductions'));
  return new ReportService({
    monitoring: {
      recordsActive: async (window) => {
        const records = await monitoring.recordsActive(window);
        reads.push({ from: window.from, ids: records.map((r) => r.id).sort() });
        return records;
      },
      wellbeingSince: (fromDay, before, patchIds) => monitoring.wellbeingSince(fromDay, before, patchIds),
      quietCounts: (criteria, patchIds, coordinators) =>
        monitoring.quietCounts(criteria, patchIds, coordinators),
    },
    links: reportLinks(store.container('reports'), silent),
    frozen: new CosmosFrozenReportRepository(store.container('reports')),
    directory: () => serviceDirectory(directory),
    reminderWorkingDays,
    logger: silent,
    clock: () => now,
  });
}

beforeAll(async () => {
  local = await startLocalCosmos();
  store = await openStore(local.client, 'lac-report-window', true);
  for (const r of [...RECORDS, WALKED, QUIET] as ReportRecord[])
    await store
      .container('introductions')
      .items.create(withActivity(storedIntroduction(r) as unknown as Activity));
});
afterAll(() => local.stop());
beforeEach(() => {
  reads = [];
});

it("reads only this month's introductions once the months before are frozen, and says the same", async () => {
  const now = new Date('2026-11-20T12:00:00Z');
  const live = service(now);
  // Nothing frozen: the twelve months are counted from the introductions active in them.
  const before = await live.monthly('2026-11', { kind: 'service' });
  expect(reads).toEqual([
    {
      from: '2025-12-01T00:00:00.000Z',
      // The person walked alongside since 2018 is counted, not read: nothing happened to them since.
      ids: ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9'],
    },
  ]);
  // The eleven months before November are frozen (with the records as they are: nothing changed
  // after any month was frozen, so the frozen months must give the same numbers).
  for (const month of monthsBetween('2025-12', '2026-10')) await live.freeze(month);
  reads = [];
  const after = await live.monthly('2026-11', { kind: 'service' });
  // November alone: the introductions active in it (R9, made on 2 November); those still with the
  // team that nothing happened to in November are counted, not read.
  expect(reads).toEqual([{ from: '2026-11-01T00:00:00.000Z', ids: ['r9'] }]);
  expect(after).toEqual(before);
  // A patch's report is served from the same frozen months.
  reads = [];
  const tammy = await live.monthly('2026-11', { kind: 'patches', patchIds: ['harold-hill-north'] });
  expect(reads).toEqual([{ from: '2026-11-01T00:00:00.000Z', ids: ['r9'] }]);
  // R1, R8 and the person walked alongside since 2018, two of them counted without being read.
  expect(tammy.walkingAlongside.byCoordinator).toContainEqual(
    expect.objectContaining({ name: 'Tammy Hughes', walkingAlongside: 3 }),
  );
});

it('counts months frozen with another reminder period afresh, so "accepted in time" keeps one meaning', async () => {
  // The months before November were frozen with a reminder period of 2 working days (above).
  reads = [];
  await service(new Date('2026-11-20T12:00:00Z'), DIRECTORY, 3).monthly('2026-11', { kind: 'service' });
  expect(reads[0]?.from).toBe('2025-12-01T00:00:00.000Z');
});

it("counts someone walked alongside since 2018 in this month's report, and leaves 2019's quiet record unread", async () => {
  const report = await service(new Date('2026-11-20T12:00:00Z')).monthly('2026-11', {
    kind: 'patches',
    patchIds: ['harold-hill-north'],
  });
  const tammy = report.walkingAlongside.byCoordinator.find((c) => c.name === 'Tammy Hughes');
  // R1 (since October), R8 (since November 2025) and the person walked alongside since 2018.
  expect(tammy?.walkingAlongside).toBe(3);
  const { resources } = await store
    .container('introductions')
    .items.query<{ id: string; activeUntil: string }>('SELECT c.id, c.activeUntil FROM c')
    .fetchAll();
  expect(resources.find((r) => r.id === QUIET.id)?.activeUntil).toBe('2019-06-03T10:00:00Z');
});

it("freezes a coordinator's own patches too, so their past months are read as frozen", async () => {
  // Tammy covers both patches: her `my patch` is both.
  const [north, collier] = DIRECTORY.patches as [
    ReportDirectory['patches'][number],
    ReportDirectory['patches'][number],
  ];
  const tammy = north.coordinators[0] as ReportDirectory['patches'][number]['coordinators'][number];
  const both = {
    ...DIRECTORY,
    patches: [north, { ...collier, coordinators: [...collier.coordinators, tammy] }],
  };
  const reports = service(new Date('2026-12-03T09:00:00Z'), both);
  expect(await reports.freeze('2025-11')).toBe(true);
  reads = [];
  const hers = await reports.monthly('2025-11', {
    kind: 'patches',
    patchIds: ['harold-hill-north', 'collier-row-havering-park'],
  });
  expect(hers.frozen?.reason).toBe('The month ended.');
  expect(reads).toEqual([]);
  const one = async (id: string) =>
    (await reports.monthly('2025-11', { kind: 'patches', patchIds: [id] })).introductions.month.total;
  expect(hers.introductions.month.total).toBe((await one(north.id)) + (await one(collier.id)));
  expect(hers.introductions.month.total).toBeGreaterThan(0);
});
