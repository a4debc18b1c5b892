/**
 * What a report reads from Cosmos DB (the local server, the real client): exactly the fields of a
 * ReportRecord, projected in the query, never a name or a note, for introductions made before the
 * month's end.
 */
import { monthEnd } from '../../src/domain/reports/reportPeriod';
import { openStore, type Store } from '../../src/storage/cosmos';
import { type LocalCosmos, startLocalCosmos } from '../../src/storage/localCosmos';
import { CosmosMonitoringRepository } from '../../src/storage/reports/monitoringRepository';
import { RECORDS, storedIntroduction } from '../helpers/reportFixture';

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
  const records = await new CosmosMonitoringRepository(store.container('introductions')).recordsBefore(
    monthEnd('2026-10').toISOString(),
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
  const records = await new CosmosMonitoringRepository(container).recordsBefore(
    monthEnd('2026-10').toISOString(),
  );
  expect(records.find((r) => r.id === 'restricted-1')).toBeUndefined();
  const withdrawn = records.find((r) => r.id === 'withdrawn-1');
  expect(withdrawn).toMatchObject({ status: 'consent-withdrawn', themes: second.themes });
  expect(withdrawn?.equalities).toBeUndefined();
  expect(withdrawn?.wellbeing).toBeUndefined();
  await container.item('restricted-1', 'restricted-1').delete();
  await container.item('withdrawn-1', 'withdrawn-1').delete();
});
