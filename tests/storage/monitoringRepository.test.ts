/**
 * What a report reads from Cosmos DB (the local server, the real client): exactly the fields of a
 * ReportRecord, projected in the query, never a name or a note, for introductions made before the
 * month's end and active in the report's window (src/domain/reports/reportActivity.ts).
 */
import {
  type Activity,
  activeUntil,
  monthStart,
  type QuietRecord,
  quietCountsOf,
  quietCriteria,
  reportWindow,
  withActivity,
} from '../../src/domain/reports/reportActivity';
import type { ReportRecord } from '../../src/domain/reports/reportModel';
import { monthEnd } from '../../src/domain/reports/reportPeriod';
import { openStore, type Store } from '../../src/storage/cosmos';
import { CosmosIntroductionRepository } from '../../src/storage/introductions/introductionRepository';
import { type LocalCosmos, startLocalCosmos } from '../../src/storage/localCosmos';
import { CosmosMonitoringRepository } from '../../src/storage/reports/monitoringRepository';
import {
  changed,
  R1,
  RECORDS,
  record,
  routed,
  STEPPED_BACK_2019,
  storedIntroduction,
  WALKED_SINCE_2018,
} from '../helpers/reportFixture';

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
  const walked = WALKED_SINCE_2018;
  const stepped = STEPPED_BACK_2019;
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

  it('reads an old record with an outcome this month, not the years between nor the quiet ones', async () => {
    const records = await new CosmosMonitoringRepository(separate.container('introductions')).recordsActive(
      reportWindow('2026-10'),
    );
    expect(records.map((r) => r.id).sort()).toEqual(['outcome-this-october']);
    // A coordinator's report reads their patches' alone (that record has no patch).
    const theirs = await new CosmosMonitoringRepository(separate.container('introductions')).recordsActive({
      ...reportWindow('2026-10'),
      patchIds: ['harold-hill-north'],
    });
    expect(theirs).toEqual([]);
  });

  it('counts those still with the team that it does not read, as the domain says, by the index', async () => {
    const container = separate.container('introductions');
    const by = (id: string, changes: ReturnType<typeof changed>[], extra: Partial<ReportRecord> = {}) =>
      record({ id, createdAt: changes[0]?.at ?? '', changes, ...extra });
    const quiet = [
      // Waiting since September, offered in a patch.
      by('waiting-sept', [routed('2026-09-01T10:00:00Z', 'offered')], { patchId: 'harold-hill-north' }),
      // Offered in September but talked with already: not waiting.
      by('talked-sept', [routed('2026-09-02T10:00:00Z', 'offered')], {
        patchId: 'harold-hill-north',
        firstConversationOn: '2026-09-03',
      }),
      // With the triage team, no patch: the service's alone.
      by('triage-sept', [routed('2026-09-03T10:00:00Z', 'with-triage')]),
      // Walked alongside in another patch, with Amira.
      by(
        'amira-2019',
        [
          routed('2019-02-01T10:00:00Z', 'offered'),
          changed('2019-03-01T10:00:00Z', 'offered', 'walking-alongside'),
        ],
        { patchId: 'collier-row-havering-park', coordinatorEmail: 'amira.khan@demo.gov.uk' },
      ),
    ];
    for (const r of quiet) await container.items.create(stamped(r));
    // Restricted: not counted.
    await container.items.create({
      ...stamped({ ...walked, id: 'restricted-walked' }),
      restriction: {
        reason: 'The person objected',
        by: { aadObjectId: 'g', name: 'G' },
        at: '2020-01-01T00:00:00Z',
      },
    });
    const { resources } = await container.items
      .query<QuietRecord & { id: string; routing: { patch?: { id: string } }; restriction?: unknown }>(
        'SELECT * FROM c',
      )
      .fetchAll();
    const repository = new CosmosMonitoringRepository(container);
    // Read from October (the months before frozen): September's quiet ones are counted, not read.
    const criteria = quietCriteria(
      '2026-10',
      new Date('2026-11-15T12:00:00Z'),
      monthStart('2026-10').toISOString(),
    );
    const emails = ['tammy.hughes@demo.gov.uk', 'amira.khan@demo.gov.uk'];
    for (const patchIds of [
      undefined,
      ['harold-hill-north'],
      ['harold-hill-north', 'collier-row-havering-park'],
    ]) {
      const inScope = resources.filter((r) => !patchIds || patchIds.includes(r.routing.patch?.id ?? ''));
      const expected = quietCountsOf(
        inScope.map((r) => ({ ...r, restricted: r.restriction !== undefined })),
        criteria,
      );
      expect(await repository.quietCounts(criteria, patchIds, emails)).toEqual(expected);
    }
    // What that is, for the whole service: Tammy's person since 2018 and Amira's since 2019
    // walked alongside; waiting since September, offered, and with triage.
    expect(await repository.quietCounts(criteria, undefined, emails)).toEqual({
      alongside: 2,
      alongsideBy: { 'tammy.hughes@demo.gov.uk': 1, 'amira.khan@demo.gov.uk': 1 },
      waiting: 2,
    });
    for (const r of [...quiet.map((q) => q.id), 'restricted-walked']) await container.item(r, r).delete();
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
    // Stamped as every write stamps it: its last activity.
    expect((await repository.get('unstamped-2'))?.activeUntil).toBe(
      activeUntil(storedIntroduction(R1) as unknown as Activity),
    );
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
