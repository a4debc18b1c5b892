/**
 * The first working day of December 2026 (Tuesday the 1st): October's hand-computed introductions
 * are in Cosmos DB (the local server, the real client), November's month ends, and two instances
 * look at once. November is frozen once and posted once; a busy Teams is tried again later; the
 * frozen month does not move when a record is corrected or deleted, until a manager corrects it.
 */
import pino from 'pino';
import type { DeliveryResult } from '../../src/domain/outbox/messages';
import type { MonthlyReport } from '../../src/domain/reports/reportModel';
import { firstWorkingDay, monthToFreeze } from '../../src/domain/reports/reportPeriod';
import { MonthlyReportScheduler } from '../../src/services/reports/monthlyReportScheduler';
import { ReportService } from '../../src/services/reports/reportService';
import { openStore, type Store } from '../../src/storage/cosmos';
import { CosmosIntroductionRepository } from '../../src/storage/introductions/introductionRepository';
import { CosmosLeaseRepository } from '../../src/storage/leaseRepository';
import { type LocalCosmos, startLocalCosmos } from '../../src/storage/localCosmos';
import { CosmosFrozenReportRepository } from '../../src/storage/reports/frozenReportRepository';
import { CosmosMonitoringRepository } from '../../src/storage/reports/monitoringRepository';
import { reportLinks } from '../../src/storage/reports/reportLinkRepository';
import { RECORDS, serviceDirectory, storedIntroduction } from '../helpers/reportFixture';

const silent = pino({ level: 'silent' });
let local: LocalCosmos;
let store: Store;
let now: Date;
let posted: MonthlyReport[];
let answer: DeliveryResult;
let stampCalls = 0;

const FAST = { baseDelayMs: 1_000, maxDelayMs: 10_000, maxAttempts: 3 };

function instance(name: string) {
  const frozen = new CosmosFrozenReportRepository(store.container('reports'));
  const reports = new ReportService({
    monitoring: new CosmosMonitoringRepository(store.container('introductions')),
    links: reportLinks(store.container('reports'), silent),
    frozen,
    directory: () => serviceDirectory(),
    reminderWorkingDays: 2,
    logger: silent,
    clock: () => now,
  });
  const scheduler = new MonthlyReportScheduler(
    {
      reports,
      frozen,
      leases: new CosmosLeaseRepository(store.container('leases')),
      poster: {
        post: async (report) => {
          posted.push(report);
          return { result: answer, where: 'channel' };
        },
      },
      logger: silent,
      stampActivity: (limit) => {
        stampCalls++;
        return new CosmosIntroductionRepository(store.container('introductions')).stampActivity(limit);
      },
    },
    { everyMs: 0, instanceId: name, clock: () => now, retry: FAST },
  );
  return { reports, scheduler, frozen };
}

beforeEach(async () => {
  local = await startLocalCosmos();
  store = await openStore(local.client, 'lac-monthly', true);
  for (const record of RECORDS)
    await store.container('introductions').items.create(storedIntroduction(record));
  posted = [];
  answer = { outcome: 'sent' };
});
afterEach(() => local.stop());

it('stamps introductions written before reports read by activity, then stops looking', async () => {
  now = new Date('2026-10-20T08:00:00Z'); // nothing to freeze
  const a = instance('a');
  stampCalls = 0;
  await a.scheduler.runOnce();
  const { resources } = await store
    .container('introductions')
    .items.query<{ id: string; activeUntil?: string }>('SELECT c.id, c.activeUntil FROM c')
    .fetchAll();
  expect(resources).toHaveLength(RECORDS.length);
  expect(resources.filter((r) => r.activeUntil === undefined)).toEqual([]);
  await a.scheduler.runOnce();
  expect(stampCalls).toBe(1);
});

it('knows the first working day of a month, and which month it freezes', () => {
  expect(firstWorkingDay('2026-12')).toBe('2026-12-01');
  expect(firstWorkingDay('2026-11')).toBe('2026-11-02'); // 1 November 2026 is a Sunday
  expect(firstWorkingDay('2027-01')).toBe('2027-01-04'); // New Year's Day is a Friday, then a weekend
  expect(monthToFreeze('2026-11-01')).toBeUndefined();
  expect(monthToFreeze('2026-11-02')).toBe('2026-10');
  expect(monthToFreeze('2026-11-20')).toBe('2026-10');
});

it('freezes and posts last month once, with two instances looking at once', async () => {
  now = new Date('2026-11-02T08:00:00Z'); // Monday 2 November: October ends its first working day
  const [a, b] = [instance('a'), instance('b')];
  const runs = await Promise.all([a.scheduler.runOnce(), b.scheduler.runOnce()]);
  expect(runs.filter((r) => r.ran)).toHaveLength(1);
  expect(posted).toHaveLength(1);
  expect(posted[0]?.month).toBe('2026-10');
  expect(posted[0]?.introductions.month.total).toBe(5);
  // Later looks, by either instance, post nothing more.
  now = new Date('2026-11-02T09:00:00Z');
  await a.scheduler.runOnce();
  await b.scheduler.stop();
  await a.scheduler.stop();
  await b.scheduler.runOnce();
  expect(posted).toHaveLength(1);
  const frozen = await a.frozen.get('2026-10', 'service');
  expect(frozen?.post).toMatchObject({ state: 'sent', attempts: 1, where: 'channel' });
  // Each patch is frozen too.
  expect((await a.frozen.get('2026-10', 'collier-row-havering-park'))?.report.introductions.month.total).toBe(
    2,
  );
});

it('tries again later when Teams is busy, and gives up after the last attempt', async () => {
  now = new Date('2026-11-02T08:00:00Z');
  const { scheduler, frozen } = instance('a');
  answer = { outcome: 'retry', status: 503 };
  await scheduler.runOnce();
  const pending = (await frozen.get('2026-10', 'service'))?.post;
  expect(pending).toMatchObject({ state: 'pending', attempts: 1 });
  expect(pending?.dueAt && pending.dueAt > now.toISOString()).toBe(true);
  await scheduler.runOnce(); // not due yet
  expect(posted).toHaveLength(1);
  for (let i = 0; i < 3; i++) {
    now = new Date(now.getTime() + 60_000);
    await scheduler.runOnce();
  }
  expect(posted).toHaveLength(3);
  expect((await frozen.get('2026-10', 'service'))?.post).toMatchObject({
    state: 'failed',
    failure: 'gave-up',
  });
});

it('keeps a frozen month as it was when records change or go, until a manager corrects it', async () => {
  now = new Date('2026-11-02T08:00:00Z');
  const { scheduler, reports } = instance('a');
  await scheduler.runOnce();
  // R1 is deleted (erasure, or the retention schedule) and R2's partner flag is corrected.
  await store.container('introductions').item('r1', 'r1').delete();
  const october = await reports.monthly('2026-10', { kind: 'service' });
  expect(october.introductions.month.total).toBe(5);
  expect(october.frozen).toMatchObject({ revision: 1, by: 'LAC Front Door', reason: 'The month ended.' });

  now = new Date('2026-11-03T10:00:00Z');
  const priya = { aadObjectId: '3f2c8d1e-7b6a-4c59-9d0e-1a2b3c4d5e01', name: 'Priya Shah' };
  expect(await reports.refreeze('2026-10', priya, 'An introduction entered twice was removed.')).toBe(2);
  const corrected = await reports.monthly('2026-10', { kind: 'service' });
  expect(corrected.introductions.month.total).toBe(4);
  expect(corrected.frozen).toEqual({
    at: '2026-11-03T10:00:00.000Z',
    revision: 2,
    by: 'Priya Shah',
    reason: 'An introduction entered twice was removed.',
  });
  // The first revision is kept, and the post is not made again.
  const { resource } = await store
    .container('reports')
    .item('frozen:2026-10:service:r1', 'frozen:2026-10:service:r1')
    .read();
  expect(resource?.report.introductions.month.total).toBe(5);
  await scheduler.runOnce();
  expect(posted).toHaveLength(1);
  // A month not frozen yet cannot be corrected: it counts the records as they are anyway.
  expect(await reports.refreeze('2026-11', priya, 'why')).toBeUndefined();
});
