/**
 * What the app's identity and the postcode importers may do in Azure, as infra/azure.bicep grants
 * it, against what the code does: readiness, the app's start, and `postcodes:import`. The embedded
 * local server cannot enforce roles, so these run against a stand-in client that checks every call
 * against the Bicep's grants by Microsoft's documented rules (tests/helpers/cosmosRoles.ts).
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createsContainers } from '../../src/composition/store';
import { openStore } from '../../src/storage/cosmos';
import { CosmosPostcodeRepository } from '../../src/storage/directory/postcodeRepository';
import { startLocalBlob } from '../../src/storage/localBlob';
import { verifyAudit } from '../../src/tools/auditVerify';
import { IMPORT_CONTAINERS, importPostcodes } from '../../src/tools/postcodesImport';
import { clientWithGrants, grantsFromBicep } from '../helpers/cosmosRoles';

const { app, importers, verifiers, database } = grantsFromBicep();

it('reads the grants the Bicep declares: the app on each container, never the database or account', () => {
  expect(app.length).toBeGreaterThanOrEqual(8);
  for (const grant of app) expect(grant.scope).toMatch(new RegExp(`^/dbs/${database}/colls/\\w+$`));
  expect(importers).toEqual([expect.objectContaining({ scope: `/dbs/${database}/colls/postcodes` })]);
});

it('the app opens every container and answers ready with only its container-scoped roles', async () => {
  const { client, calls } = clientWithGrants(app);
  const store = await openStore(client, database, false);
  expect(await store.ping()).toBe(true);
  expect(calls.filter((c) => !c.allowed)).toEqual([]);
  // Readiness read a container's metadata, which its container-scoped role allows.
  expect(calls.at(-1)).toEqual({
    action: 'readMetadata',
    path: `/dbs/${database}/colls/introductions`,
    allowed: true,
  });
});

it('reading the database, as readiness once did, is refused to those roles', async () => {
  const { client } = clientWithGrants(app);
  await expect(client.database(database).read()).rejects.toMatchObject({ code: 403 });
});

it('the app, as its managed identity, never tries to create what the Bicep declares (a data role cannot)', async () => {
  const inAzure = { cosmos: { endpoint: 'https://lac-cosmos.documents.azure.com:443/', database } };
  expect(createsContainers(inAzure)).toBe(false);
  const { client, calls } = clientWithGrants(app);
  await openStore(client, database, createsContainers(inAzure));
  expect(calls.filter((c) => c.action.includes('control plane'))).toEqual([]);
  // Had it tried, Cosmos DB would have refused it.
  await expect(openStore(clientWithGrants(app).client, database, true)).rejects.toMatchObject({ code: 403 });
});

describe('audit:verify, as one of AUDIT_VERIFIERS', () => {
  it('opens only the audit container and reads every chain there, and may write nothing', async () => {
    expect(verifiers).toEqual([expect.objectContaining({ scope: `/dbs/${database}/colls/audit` })]);
    const { client, calls } = clientWithGrants(verifiers);
    const store = await openStore(client, database, false, ['audit']);
    const blob = await startLocalBlob();
    try {
      const verdict = await verifyAudit(store, { key: Buffer.alloc(32, 1), seals: blob.seals });
      expect(verdict.breaks).toEqual([]);
    } finally {
      await blob.stop();
    }
    expect(calls.filter((c) => !c.allowed)).toEqual([]);
    expect(new Set(calls.map((c) => c.path))).toEqual(new Set([`/dbs/${database}/colls/audit`]));
    await expect(
      store.container('audit').items.create({ id: 'x', subjectId: 'x', type: 'audit' }),
    ).rejects.toMatchObject({ code: 403 });
  });
});

describe('postcodes:import, as a member of the importers group', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lac-roles-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('opens only the postcodes container and writes there', async () => {
    const { client, calls } = clientWithGrants(importers);
    const store = await openStore(client, database, false, IMPORT_CONTAINERS);
    const file = path.join(dir, 'ONSPD_AUG_2026_UK.csv');
    writeFileSync(
      file,
      'pcds,oslaua,osward,doterm\nRM3 7AB,E09000016,E05013973,\nRM3 7AD,E09000016,E05013973,202001\n',
    );
    const report = await importPostcodes({
      file,
      la: 'E09000016',
      release: 'ONSPD_AUG_2026',
      repository: new CosmosPostcodeRepository(store.container('postcodes')),
    });
    expect(report.kept + report.terminated).toBe(2);
    expect(calls.filter((c) => !c.allowed)).toEqual([]);
    expect(new Set(calls.map((c) => c.path))).toEqual(new Set([`/dbs/${database}/colls/postcodes`]));
  });

  it('could not open the store the app opens: its first read is refused', async () => {
    const { client } = clientWithGrants(importers);
    await expect(openStore(client, database, false)).rejects.toMatchObject({ code: 403 });
  });
});
