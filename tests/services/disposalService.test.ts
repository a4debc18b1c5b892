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

/** An introduction of 2023, due for review since 2025, with one posted card. */
async function seeded(id: string) {
  const old = introductionFor(OFFERED_TO_TAMMY, '2023-11-03T10:00:00.000Z');
  await repository.create({ ...old, id, postedCards: [POSTED_CARD] });
  return id;
}

function service(replacePosted: () => Promise<boolean>): DisposalService {
  return new Service({
    introductions: repository,
    destructionLog: new CosmosDestructionLog(store.container('records')),
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
