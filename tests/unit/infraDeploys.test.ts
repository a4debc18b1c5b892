/**
 * What a council's cloud team found would stop infra/azure.bicep deploying, or deploying again, and
 * what keeps each from coming back. No Bicep compiler is reachable here, so these read the template
 * resource by resource (tests/helpers/bicep.ts) for the behaviour Microsoft documents: Cosmos DB
 * takes one control-plane operation at a time; a log alert on a table a new workspace lacks fails
 * validation; a stopped app sends no health metric. `az bicep build` and `what-if` remain the first
 * two steps of a deployment (docs/deploying.md).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bicep, bicepResources, INFRA, paramDefault, waitsFor } from '../helpers/bicep';

const ROOT = path.resolve(INFRA, '..');
const resources = bicepResources();
const bySymbol = (symbol: string) => {
  const found = resources.find((r) => r.symbol === symbol);
  if (!found) throw new Error(`no resource ${symbol} in infra/azure.bicep`);
  return found;
};

it('reads the template: every resource, with what it waits for', () => {
  expect(resources.length).toBeGreaterThan(25);
  expect([...bySymbol('web').dependsOn]).toEqual(expect.arrayContaining(['plan', 'identity', 'cosmos']));
});

describe('Cosmos DB: one control-plane operation at a time', () => {
  // Everything Azure asks the Cosmos DB resource provider to change on the account after creating it.
  const onTheAccount = resources.filter(
    (r) =>
      (r.type.startsWith('Microsoft.DocumentDB/databaseAccounts/') ||
        (r.type === 'Microsoft.Network/privateEndpoints' &&
          /privateLinkServiceId: cosmos\.id/.test(r.body))) &&
      r.symbol !== 'cosmos',
  );

  it('finds the database, the containers, the roles, the role assignments and the private endpoint', () => {
    expect(onTheAccount.map((r) => r.symbol).sort()).toEqual(
      [
        'auditAppender',
        'auditAppenderAssignment',
        'auditReaders',
        'cosmosPrivateEndpoint',
        'database',
        'dataContributor',
        'operatorDataContributors',
        'sqlContainers',
      ].sort(),
    );
  });

  it('runs each loop one element at a time', () => {
    expect(onTheAccount.filter((r) => r.loop).map((r) => r.symbol)).toEqual([
      'sqlContainers',
      'dataContributor',
      'operatorDataContributors',
      'auditReaders',
    ]);
    for (const loop of onTheAccount.filter((r) => r.loop))
      expect([loop.symbol, loop.decorators]).toEqual([
        loop.symbol,
        expect.arrayContaining(['@batchSize(1)']),
      ]);
  });

  it('orders every two of them, so no two run at once', () => {
    const unordered: string[] = [];
    for (const a of onTheAccount)
      for (const b of onTheAccount)
        if (
          a.symbol < b.symbol &&
          !waitsFor(resources, a.symbol, b.symbol) &&
          !waitsFor(resources, b.symbol, a.symbol)
        )
          unordered.push(`${a.symbol} / ${b.symbol}`);
    expect(unordered).toEqual([]);
  });
});

it('the delivery log alert deploys on a new workspace: query not validated, after the diagnostic setting', () => {
  const alert = bySymbol('failedDeliveriesAlert');
  expect(alert.body).toMatch(/skipQueryValidation: true/);
  expect(alert.dependsOn.has('webDiagnostics')).toBe(true);
});

it('the daily log cap reached is an alert of its own, since it blinds the others', () => {
  const cap = bySymbol('dailyCapAlert');
  expect(cap.body).toMatch(/_LogOperation \| where Category =~ "Ingestion" \| where Detail has "OverQuota"/);
  expect(cap.body).toMatch(/actionGroups: \[ alerts\.id \]/);
  expect(cap.body).toMatch(/severity: 1/);
});

it('the health alert is for an instance unhealthy most of 15 minutes, not a restart; availability catches a stopped app', () => {
  const health = bySymbol('healthAlert');
  const setting = (name: string) => new RegExp(`\\b${name}: '?([\\w.]+)'?`).exec(health.body)?.[1];
  expect({
    metric: setting('metricName'),
    aggregation: setting('timeAggregation'),
    operator: setting('operator'),
    threshold: Number(setting('threshold')),
    window: setting('windowSize'),
    every: setting('evaluationFrequency'),
  }).toEqual({
    metric: 'HealthCheckStatus',
    aggregation: 'Average',
    operator: 'LessThan',
    threshold: 75,
    window: 'PT15M',
    every: 'PT5M',
  });
  // With two instances, a restart or a deploy takes one out for a minute or two: the average over
  // the window stays above the threshold; one instance down for most of the window goes below it.
  const average = (minutesOneDown: number) => (15 * 100 - minutesOneDown * 50) / 15;
  expect(average(2)).toBeGreaterThanOrEqual(75);
  expect(average(8)).toBeLessThan(75);
  const availability = bySymbol('availability');
  expect(availability.body).toMatch(
    /RequestUrl: 'https:\/\/\$\{web\.properties\.defaultHostName\}\/healthz'/,
  );
  expect(bySymbol('availabilityAlert').body).toMatch(/failedLocationCount: 2/);
});

it('tests availability from the UK only: UK South and UK West', () => {
  const locations = [...bySymbol('availability').body.matchAll(/\{ Id: '([^']+)' \}/g)].map((m) => m[1]);
  expect(locations).toEqual(['emea-ru-msa-edge', 'emea-se-sto-edge']);
});

describe('landing zones: an existing network and private DNS zone', () => {
  it('creates the network and the zone only when none is given (the standalone estate by default)', () => {
    for (const name of [
      'existingAppSubnetId',
      'existingPrivateEndpointSubnetId',
      'existingCosmosPrivateDnsZoneId',
    ])
      expect(paramDefault(name)).toBe("''");
    expect(bySymbol('network').condition).toBe('createNetwork');
    expect(bySymbol('cosmosPrivateDns').condition).toBe('createPrivateDnsZone');
    expect(bySymbol('cosmosPrivateDnsLink').condition).toBe('createPrivateDnsZone');
  });

  it('waits for the zone it makes before naming it in the private endpoint', () => {
    expect(waitsFor(resources, 'cosmosPrivateDnsGroup', 'cosmosPrivateDns')).toBe(true);
    expect(waitsFor(resources, 'web', 'cosmosPrivateDnsGroup')).toBe(true);
  });

  it('uses the given subnets and zone wherever it would use its own', () => {
    expect(bySymbol('web').body).toMatch(/virtualNetworkSubnetId: appSubnetId/);
    expect(bySymbol('cosmosPrivateEndpoint').body).toMatch(/subnet: \{ id: privateEndpointSubnetId \}/);
    expect(bySymbol('cosmosPrivateDnsGroup').body).toMatch(/privateDnsZoneId: cosmosPrivateDnsZoneId/);
    expect(bicep).toMatch(/var appSubnetId = createNetwork \? .+ : existingAppSubnetId/);
    expect(bicep).toMatch(
      /var privateEndpointSubnetId = createNetwork \? .+ : existingPrivateEndpointSubnetId/,
    );
    expect(bicep).toMatch(
      /var cosmosPrivateDnsZoneId = createPrivateDnsZone \? .+ : existingCosmosPrivateDnsZoneId/,
    );
    // Nothing reaches into the network it may not have created.
    expect(bicep).not.toMatch(/network\.(name|id)/);
  });

  it('passes them from the env file', () => {
    const parameters = readFileSync(path.join(INFRA, 'azure.parameters.json'), 'utf8');
    const env = readFileSync(path.join(ROOT, 'env', '.env.dev'), 'utf8');
    for (const [parameter, setting] of [
      ['existingAppSubnetId', 'EXISTING_APP_SUBNET_ID'],
      ['existingPrivateEndpointSubnetId', 'EXISTING_PRIVATE_ENDPOINT_SUBNET_ID'],
      ['existingCosmosPrivateDnsZoneId', 'EXISTING_COSMOS_PRIVATE_DNS_ZONE_ID'],
    ]) {
      expect(parameters).toContain(`"${parameter}": { "value": "$\{{${setting}}}" }`);
      expect(env).toMatch(new RegExp(`^${setting}=$`, 'm'));
    }
  });
});

it('ships no Node build, coverage or test output to App Service', () => {
  const ignored = readFileSync(path.join(ROOT, '.webappignore'), 'utf8').split('\n');
  expect(ignored).toEqual(expect.arrayContaining(['.node', 'coverage', 'test-results', '.data']));
});

describe("the audit's seals: outside Cosmos DB, immutable, private, written by a role that cannot delete", () => {
  it('keeps seals in blob storage under a version-level immutability policy, versioned, without shared keys or a public network', () => {
    const storage = bySymbol('sealStorage').body;
    expect(storage).toMatch(/immutableStorageWithVersioning: \{\n\s+enabled: true/);
    expect(storage).toMatch(/immutabilityPeriodSinceCreationInDays: sealRetentionDays/);
    expect(storage).toMatch(/state: sealPolicyState/);
    expect(storage).toMatch(/allowSharedKeyAccess: false/);
    expect(storage).toMatch(/publicNetworkAccess: 'Disabled'/);
    expect(bySymbol('sealBlobs').body).toMatch(/isVersioningEnabled: true/);
    expect(bySymbol('sealContainer').body).toMatch(/name: 'audit-seals'/);
    // Azure creates a policy Unlocked only; Locked is a later, deliberate provision.
    expect(paramDefault('sealPolicyState')).toBe("'Unlocked'");
    expect(bicep).toMatch(/@allowed\(\[ 'Unlocked', 'Locked' \]\)\nparam sealPolicyState/);
  });

  it("gives the app's identity create and read on the seal container, and no delete", () => {
    const role = bySymbol('sealWriter').body;
    const dataActions = [...role.matchAll(/'(Microsoft\.Storage\/[^']+)'/g)].map((m) => m[1]);
    expect(dataActions.sort()).toEqual(
      [
        'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action',
        'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read',
        'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write',
      ].sort(),
    );
    expect(role.replace(/description: '[^']*'/, '')).not.toMatch(/delete|\*/i);
    const assignment = bySymbol('sealWriterAssignment').body;
    expect(assignment).toMatch(/scope: sealContainer/);
    expect(assignment).toMatch(/principalId: identity\.properties\.principalId/);
  });

  it('reaches the seals and the key by private endpoints, with their names, before the app starts', () => {
    expect(bySymbol('sealPrivateEndpoint').body).toMatch(/groupIds: \[ 'blob' \]/);
    expect(bySymbol('vaultPrivateEndpoint').body).toMatch(/groupIds: \[ 'vault' \]/);
    expect(bySymbol('vault').body).toMatch(/publicNetworkAccess: 'Disabled'/);
    expect(bySymbol('vault').body).toMatch(/enablePurgeProtection: true/);
    expect(bySymbol('vault').body).toMatch(/enableRbacAuthorization: true/);
    for (const needed of [
      'sealPrivateDnsGroup',
      'vaultPrivateDnsGroup',
      'auditKeyReader',
      'sealWriterAssignment',
    ])
      expect([needed, waitsFor(resources, 'web', needed)]).toEqual([needed, true]);
    // The key reaches the app as a Key Vault reference, and Secrets User is on that one secret.
    expect(bicep).toMatch(
      /\{ name: 'AUDIT_KEY', value: '@Microsoft\.KeyVault\(SecretUri=\$\{auditKeySecret\.properties\.secretUri\}\)' \}/,
    );
    expect(bySymbol('auditKeyReader').body).toMatch(/scope: auditKeySecret/);
  });
});
