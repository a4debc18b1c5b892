/**
 * What a report reads from Cosmos DB (the local server, the real client): exactly the fields of a
 * ReportRecord, projected in the query, never a name or a note, for introductions made before the
 * month's end and active in the report's window (src/domain/reports/reportActivity.ts).
 */
import {
  type Activity,
  reportWindow,
  STILL_COUNTED,
  withActivity,
} from '../../src/domain/reports/reportActivity';
import { monthEnd } from '../../src/domain/reports/reportPeriod';
import { openStore, type Store } from '../../src/storage/cosmos';
import { CosmosIntroductionRepository } from '../../src/storage/introductions/introductionRepository';
import { type LocalCosmos, startLocalCosmos } from '../../src/storage/localCosmos';
import { CosmosMonitoringRepository } from '../../src/storage/reports/monitoringRepository';
import { changed, R1, RECORDS, record, routed, storedIntroduction } from '../helpers/reportFixture';

let local: LocalCosmos;
let store: Store;

beforeAll(async () => {
  local = await startLocalCosmos();
  store = await openStore(local.client, 'lac-monitoring', true);
  for (const record of RECORDS)
    await store.container('introductions').items.create(storedIntroduction(record));
});
afterAll(() => local.stop());

it("reads every introduction made before October's end, as the report reads it and no more", async () => {
  const records = await new CosmosMonitoringRepository(store.container('introductions')).recordsActive(
    reportWindow('2026-10'),
  );
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  // R9 was made in November. R3, made at 23:30 GMT on 31 October, is in.
  expect(records.sort(byId)).toEqual(RECORDS.filter((r) => r.id !== 'r9').sort(byId));
  const read = JSON.stringify(records);
  expect(read).not.toMatch(/Resident|Jo Carter|note|goodLife|Something only|Evidence|recordedAt/);
});

it('ends a month at midnight in London, in summer time and out of it', () => {
  expect(monthEnd('2026-10').toISOString()).toBe('2026-11-01T00:00:00.000Z');
  expect(monthEnd('2026-08').toISOString()).toBe('2026-08-31T23:00:00.000Z');
  expect(monthEnd('2026-12').toISOString()).toBe('2027-01-01T00:00:00.000Z');
});

it('counts no restricted record, and a withdrawn one without the answers the person gave', async () => {
  const container = store.container('introductions');
  const [first, second] = RECORDS as [(typeof RECORDS)[number], (typeof RECORDS)[number]];
  await container.items.create({
    ...storedIntroduction({ ...first, id: 'restricted-1' }),
    restriction: {
      reason: 'The person objected',
      by: { aadObjectId: 'grace', name: 'Grace Obi' },
      at: '2026-10-20T10:00:00Z',
    },
  });
  await container.items.create({
    ...storedIntroduction({
      ...second,
      id: 'withdrawn-1',
      status: 'consent-withdrawn',
      wellbeing: [{ on: '2026-10-10', scores: { lifeSatisfaction: 6, worthwhile: 6, happy: 6, anxious: 3 } }],
    }),
    // Withdrawn consent restricts the record at once, as the product does.
    restriction: {
      reason: 'The person withdrew their consent.',
      by: { aadObjectId: 'jo', name: 'Jo Carter' },
      at: '2026-10-20T10:00:00Z',
    },
  });
  const records = await new CosmosMonitoringRepository(container).recordsActive(reportWindow('2026-10'));
  expect(records.find((r) => r.id === 'restricted-1')).toBeUndefined();
  const withdrawn = records.find((r) => r.id === 'withdrawn-1');
  expect(withdrawn).toMatchObject({ status: 'consent-withdrawn', themes: second.themes });
  expect(withdrawn?.equalities).toBeUndefined();
  expect(withdrawn?.wellbeing).toBeUndefined();
  await container.item('restricted-1', 'restricted-1').delete();
  await container.item('withdrawn-1', 'withdrawn-1').delete();
});

describe('a report reads only what was active in its window', () => {
  let separate: Store;
  const stamped = (r: Parameters<typeof storedIntroduction>[0]) =>
    withActivity(storedIntroduction(r) as unknown as Activity);
  // Walked alongside since 2018; stepped back in 2019; in touch since 2020; an outcome this October.
  const walked = record({
    id: 'walked-since-2018',
    createdAt: '2018-03-05T10:00:00Z',
    patchId: 'harold-hill-north',
    coordinatorEmail: 'tammy.hughes@demo.gov.uk',
    changes: [
      routed('2018-03-05T10:00:00Z', 'offered'),
      changed('2018-03-06T10:00:00Z', 'offered', 'accepted'),
      changed('2018-04-20T10:00:00Z', 'accepted', 'walking-alongside'),
    ],
  });
  const stepped = record({
    id: 'stepped-back-2019',
    createdAt: '2018-05-01T10:00:00Z',
    changes: [
      routed('2018-05-01T10:00:00Z', 'offered'),
      changed('2019-06-03T10:00:00Z', 'offered', 'stepped-back'),
    ],
  });
  const inTouch = record({
    id: 'in-touch-since-2020',
    createdAt: '2020-01-06T10:00:00Z',
    changes: [
      routed('2020-01-06T10:00:00Z', 'offered'),
      changed('2020-01-09T10:00:00Z', 'offered', 'in-touch'),
    ],
  });
  const outcome = record({
    ...stepped,
    id: 'outcome-this-october',
    outcomes: [{ outcome: 'tenancy-kept', at: '2026-10-12T10:00:00Z' }],
  });

  beforeAll(async () => {
    separate = await openStore(local.client, 'lac-monitoring-window', true);
    for (const r of [walked, stepped, inTouch, outcome])
      await separate.container('introductions').items.create(stamped(r));
  });

  it('reads someone walked alongside since 2018 and an old record with an outcome this month, not the years between', async () => {
    const records = await new CosmosMonitoringRepository(separate.container('introductions')).recordsActive(
      reportWindow('2026-10'),
    );
    expect(records.map((r) => r.id).sort()).toEqual(['outcome-this-october', 'walked-since-2018']);
  });

  it('stamps every write, and stamps what was written before the stamp existed', async () => {
    const container = separate.container('introductions');
    const repository = new CosmosIntroductionRepository(container);
    // Written by an earlier version: no stamp, so every report reads it until it is stamped.
    await container.items.create(storedIntroduction({ ...R1, id: 'unstamped-1' }));
    await container.items.create(storedIntroduction({ ...R1, id: 'unstamped-2' }));
    expect((await repository.get('unstamped-1'))?.activeUntil).toBeUndefined();
    expect(await repository.stampActivity(1)).toBe(1);
    expect(await repository.stampActivity(10)).toBe(1);
    expect(await repository.stampActivity(10)).toBe(0);
    // R1 is walked alongside now: counted at every later moment.
    expect((await repository.get('unstamped-2'))?.activeUntil).toBe(STILL_COUNTED);
    await repository.update('unstamped-1', (i) => ({
      ...i,
      status: 'stepped-back',
      events: [
        ...i.events,
        {
          at: '2026-11-02T10:00:00Z',
          by: { aadObjectId: 'x', name: 'X' },
          type: 'status-changed',
          from: 'walking-alongside',
          to: 'stepped-back',
        },
      ],
    }));
    expect((await repository.get('unstamped-1'))?.activeUntil).toBe('2026-11-02T10:00:00Z');
  });
});
