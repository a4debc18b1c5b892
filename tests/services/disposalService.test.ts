/**
 * Disposal against a hold placed while it runs, on the local Cosmos DB: once a records lead's
 * approval has started a disposal (its cards are being replaced, which can take a while), a hold is
 * refused rather than accepted and lost; a hold placed first stops the disposal.
 */
import { createLogger } from '../../src/logger';
import { type DisposalService, DisposalService as Service } from '../../src/services/records/disposalService';
import { openStore, type Store } from '../../src/storage/cosmos';
import { CosmosIntroductionRepository } from '../../src/storage/introductions/introductionRepository';
import { type LocalCosmos, startLocalCosmos } from '../../src/storage/localCosmos';
import { CosmosAuditRepository } from '../../src/storage/records/auditRepository';
import { CosmosDestructionLog } from '../../src/storage/records/destructionLog';
import { introductionFor, OFFERED_TO_TAMMY, POSTED_CARD } from '../helpers/introductionFixture';

let cosmos: LocalCosmos;
let store: Store;
let repository: CosmosIntroductionRepository;
const grace = { aadObjectId: 'grace', name: 'Grace Obi', tenantId: 'council' };
const now = new Date('2026-11-30T10:00:00Z');

beforeAll(async () => {
  cosmos = await startLocalCosmos();
  store = await openStore(cosmos.client, 'lac-front-door', true);
  repository = new CosmosIntroductionRepository(store.container('introductions'));
});
afterAll(() => cosmos.stop());

/** The destruction log, a chain in the audit container (its MACs with a test's key). */
const destructionLog = () =>
  new CosmosDestructionLog(new CosmosAuditRepository(store.container('audit'), Buffer.alloc(32, 1)));

/** An introduction of 2023, due for review since 2025, with one posted card. */
async function seeded(id: string) {
  const old = introductionFor(OFFERED_TO_TAMMY, '2023-11-03T10:00:00.000Z');
  // Each its own reference, as real ones are: the destruction log keeps one entry a reference.
  await repository.create({ ...old, id, reference: `LAC-T${id.slice(-3)}-QX`, postedCards: [POSTED_CARD] });
  return id;
}

function service(replacePosted: () => Promise<boolean>): DisposalService {
  return new Service({
    introductions: repository,
    destructionLog: destructionLog(),
    replacePosted,
    audit: async () => undefined,
    logger: createLogger('silent'),
    clock: () => now,
  });
}

it('refuses a hold once a disposal has started, and disposes of the record', async () => {
  const id = await seeded('0b5c1d9e-2f4a-4b6c-8d7e-000000000001');
  let release: (ok: boolean) => void = () => undefined;
  const slow = service(() => new Promise<boolean>((resolve) => (release = resolve)));
  const disposing = slow.dispose(id, grace);
  // While the posted card is being replaced, another records lead holds it.
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(await slow.hold(id, grace, 'An inquiry has just opened')).toBe(false);
  release(true);
  expect(await disposing).toBe('disposed');
  expect(await repository.get(id)).toBeUndefined();
});

it('keeps a record held before its disposal started', async () => {
  const id = await seeded('0b5c1d9e-2f4a-4b6c-8d7e-000000000002');
  const quick = service(async () => true);
  expect(await quick.hold(id, grace, 'An open subject access request')).toBe(true);
  expect(await quick.dispose(id, grace)).toBe('held');
  expect((await repository.get(id))?.legalHold).toMatchObject({ reason: 'An open subject access request' });
});

describe('a disposal that stopped part-way', () => {
  const marked = new Date('2026-11-30T10:00:00Z');
  const threeWeeksOn = new Date('2026-12-21T10:00:00Z');
  /** The introductions, but the delete refused once with a 429, as Cosmos DB does when busy. */
  function busyOnce(): typeof repository {
    let refused = false;
    return new Proxy(repository, {
      get(target, property, receiver) {
        if (property === 'delete')
          return async (id: string) => {
            if (!refused) {
              refused = true;
              throw Object.assign(new Error('Request rate is large'), { code: 429 });
            }
            return target.delete(id);
          };
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
  const at = (clock: Date, introductions: typeof repository = repository) =>
    new Service({
      introductions,
      destructionLog: destructionLog(),
      replacePosted: async () => true,
      audit: async () => undefined,
      logger: createLogger('silent'),
      clock: () => clock,
    });

  async function stopped(id: string) {
    await seeded(id);
    await expect(at(marked, busyOnce()).dispose(id, grace)).rejects.toMatchObject({ code: 429 });
    expect(await repository.get(id)).toBeDefined();
    expect((await repository.get(id))?.disposing).toBeDefined();
  }

  it('leaves alone a record that contact since made no longer due, and says so', async () => {
    const id = '0b5c1d9e-2f4a-4b6c-8d7e-000000000011';
    await stopped(id);
    // Three weeks later the person is back in touch: the review date moves two years on.
    await repository.update(id, (current) => ({
      ...current,
      events: [
        ...current.events,
        {
          at: threeWeeksOn.toISOString(),
          by: { aadObjectId: 'tammy', name: 'Tammy Hughes' },
          type: 'note',
          note: 'Called',
        },
      ],
    }));
    expect(await at(threeWeeksOn).dispose(id, grace)).toBe('not-due');
    const kept = await repository.get(id);
    expect(kept?.disposing).toBeUndefined();
    expect(kept?.retainUntil).toBe('2028-12-21');
  });

  it('takes a hold once it has stopped, and the hold wins over a later approval', async () => {
    const id = '0b5c1d9e-2f4a-4b6c-8d7e-000000000012';
    await stopped(id);
    const later = at(threeWeeksOn);
    expect(await later.hold(id, grace, 'An inquiry has opened')).toBe(true);
    expect((await repository.get(id))?.disposing).toBeUndefined();
    expect(await later.dispose(id, grace)).toBe('held');
    expect(await repository.get(id)).toBeDefined();
  });

  it('is taken over, checked afresh, when the record is still due: the log says it resumed', async () => {
    const id = '0b5c1d9e-2f4a-4b6c-8d7e-000000000013';
    await stopped(id);
    expect(await at(threeWeeksOn).dispose(id, grace)).toBe('disposed');
    expect(await repository.get(id)).toBeUndefined();
    const entry = (await destructionLog().list()).find((e) => e.reference === 'LAC-T013-QX');
    expect(entry).toMatchObject({ reason: 'retention-schedule', resumed: true, cardsReplaced: 1 });
  });
});

it('records in the destruction log each card it could not replace, and where it is', async () => {
  const id = '0b5c1d9e-2f4a-4b6c-8d7e-000000000021';
  const old = introductionFor(OFFERED_TO_TAMMY, '2023-11-03T10:00:00.000Z');
  await repository.create({ ...old, id, reference: 'LAC-CARD-21', postedCards: [POSTED_CARD] });
  expect(await service(async () => false).dispose(id, grace)).toBe('disposed');
  const entry = (await destructionLog().list()).find((e) => e.reference === 'LAC-CARD-21');
  expect(entry).toMatchObject({
    cardsReplaced: 0,
    cardsNotReplaced: [
      { conversationId: POSTED_CARD.address.conversationId, activityId: POSTED_CARD.activityId },
    ],
  });
});

it('never overwrites a destruction log entry', async () => {
  const log = destructionLog();
  const first = {
    reference: 'LAC-ONCE-01',
    recordClass: 'support' as const,
    triggerDate: '2026-01-01',
    approvedBy: { aadObjectId: 'grace', name: 'Grace Obi' },
    at: '2026-11-30T10:00:00.000Z',
    reason: 'retention-schedule' as const,
  };
  await log.record(first);
  await log.record({ ...first, at: '2026-12-21T10:00:00.000Z', reason: 'erasure' });
  expect((await log.list()).filter((e) => e.reference === 'LAC-ONCE-01')).toEqual([
    expect.objectContaining({ at: first.at, reason: 'retention-schedule' }),
  ]);
});

it('works through an approval of many one record at a time, and one that fails stops no other', async () => {
  const ids = ['31', '32', '33'].map((n) => `0b5c1d9e-2f4a-4b6c-8d7e-0000000000${n}`);
  for (const id of ids) await seeded(id);
  let inFlight = 0;
  let most = 0;
  const watched = new Service({
    introductions: new Proxy(repository, {
      get(target, property, receiver) {
        if (property === 'delete')
          return async (id: string) => {
            inFlight++;
            most = Math.max(most, inFlight);
            await new Promise((resolve) => setTimeout(resolve, 20));
            inFlight--;
            if (id === ids[1]) throw Object.assign(new Error('Service unavailable'), { code: 503 });
            return target.delete(id);
          };
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }),
    destructionLog: destructionLog(),
    replacePosted: async () => true,
    audit: async () => undefined,
    logger: createLogger('silent'),
    clock: () => now,
  });
  expect(await watched.disposeAll(ids, grace)).toEqual(['disposed', 'failed', 'disposed']);
  expect(most).toBe(1);
  // Not deleted, so not in the destruction log either.
  expect(await repository.get(ids[1] as string)).toBeDefined();
  expect((await destructionLog().list()).map((e) => e.reference)).not.toContain('LAC-T032-QX');
});

it('logs nothing for a record it could not delete, and says when the log could not be written after', async () => {
  const id = await seeded('0b5c1d9e-2f4a-4b6c-8d7e-000000000041');
  const broken = new Service({
    introductions: repository,
    destructionLog: {
      list: async () => [],
      record: async () => {
        throw Object.assign(new Error('Service unavailable'), { code: 503 });
      },
    },
    replacePosted: async () => true,
    audit: async () => undefined,
    logger: createLogger('silent'),
    clock: () => now,
  });
  expect(await broken.dispose(id, grace)).toBe('disposed-not-logged');
  expect(await repository.get(id)).toBeUndefined();
});

it('loses to a hold placed while a slow run outlived its mark: nothing is deleted', async () => {
  const id = await seeded('0b5c1d9e-2f4a-4b6c-8d7e-000000000042');
  let clock = new Date('2026-11-30T10:00:00Z');
  let release: (ok: boolean) => void = () => undefined;
  const slow = new Service({
    introductions: repository,
    destructionLog: destructionLog(),
    replacePosted: () => new Promise<boolean>((resolve) => (release = resolve)),
    audit: async () => undefined,
    logger: createLogger('silent'),
    clock: () => clock,
  });
  const running = slow.dispose(id, grace);
  await new Promise((resolve) => setTimeout(resolve, 50));
  // Teams is slow: twenty minutes on, the mark has run out, and a records lead holds the record.
  clock = new Date('2026-11-30T10:20:00Z');
  expect(await slow.hold(id, grace, 'An inquiry has opened')).toBe(true);
  release(true);
  expect(await running).toBe('held');
  expect((await repository.get(id))?.legalHold).toMatchObject({ reason: 'An inquiry has opened' });
});
