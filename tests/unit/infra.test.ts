/**
 * infra/azure.bicep cannot be compiled here, so this test reads it as text: its containers must be
 * exactly the ones the code creates (ids, partition keys, indexing), and the settings a council
 * relies on for security must be there. Run `az bicep build` before a first deployment.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_CONTAINERS } from '../../src/storage/containers';

const INFRA = path.resolve(__dirname, '..', '..', 'infra');
const ROOT = path.resolve(INFRA, '..');
const bicep = readFileSync(path.join(INFRA, 'azure.bicep'), 'utf8');
const parameters = readFileSync(path.join(INFRA, 'azure.parameters.json'), 'utf8');

function quoted(line: string): string[] {
  return [...line.matchAll(/'([^']*)'/g)].map((m) => m[1] as string);
}

function bicepContainers() {
  const block = /var containers = \[\n([\s\S]*?)\n\]\n/.exec(bicep)?.[1] ?? '';
  const entries = block.split(/\n\s*\}\n\s*\{\n/);
  return entries.map((entry) => {
    const line = (key: string) => entry.split('\n').find((l) => l.trim().startsWith(`${key}:`)) ?? '';
    return {
      id: quoted(line('id'))[0],
      partitionKeyPath: quoted(line('partitionKeyPath'))[0],
      includedPaths: quoted(line('includedPaths')),
    };
  });
}

it('declares exactly the containers the code creates, with the same partition keys and indexing', () => {
  const declared = bicepContainers();
  const excluded = quoted(bicep.split('\n').find((l) => l.startsWith('var excludedPaths')) ?? '');
  expect(declared).toEqual(
    ALL_CONTAINERS.map((c) => ({
      id: c.id,
      partitionKeyPath: c.partitionKeyPath,
      includedPaths: c.indexingPolicy.includedPaths.map((p) => p.path),
    })),
  );
  for (const container of ALL_CONTAINERS) {
    expect(excluded).toEqual(container.indexingPolicy.excludedPaths.map((p) => p.path));
  }
});

it.each([
  ['Cosmos DB local (key) auth disabled', /disableLocalAuth: true/],
  ['serverless by default', /param cosmosCapacityMode string = 'Serverless'/],
  ['autoscale as a choice', /autoscaleSettings: \{ maxThroughput: cosmosAutoscaleMaxThroughput \}/],
  [
    'the identity given the built-in data contributor role',
    /sqlRoleDefinitions\/00000000-0000-0000-0000-000000000002/,
  ],
  ['Node 24 on Linux', /linuxFxVersion: 'NODE\|24-lts'/],
  ['always on', /alwaysOn: true/],
  ['HTTPS only', /httpsOnly: true/],
  ['TLS 1.2 or later', /minTlsVersion: '1\.2'/],
  ['FTPS off', /ftpsState: 'Disabled'/],
  ['health check on /readyz', /healthCheckPath: '\/readyz'/],
  ['listening on every interface in Azure', /\{ name: 'HOST', value: '0\.0\.0\.0' \}/],
  ['a user-assigned managed identity bot, single tenant', /msaAppType: 'UserAssignedMSI'/],
  ['the Teams channel', /name: 'MsTeamsChannel'/],
  ['Application Insights on Log Analytics', /WorkspaceResourceId: logs\.id/],
  ['a council patch file required, with no default', /@minLength\(1\)\nparam patchesFile string\n/],
  ['a log retention parameter', /retentionInDays: logRetentionDays/],
  ['30 days of continuous backup', /tier: 'Continuous30Days'/],
  ['a delete lock on the Cosmos DB account', /scope: cosmos\n {2}properties: \{\n {4}level: 'CanNotDelete'/],
  [
    'no FTP or SCM basic credentials',
    /name: 'ftp'\n {2}properties: \{ allow: false \}[\s\S]*name: 'scm'\n {2}properties: \{ allow: false \}/,
  ],
  ['remote debugging off', /remoteDebuggingEnabled: false/],
  ['an instance count, two by default', /param instanceCount int = 2[\s\S]*capacity: instanceCount/],
  [
    'only SKUs with Always On',
    /@allowed\(\[ 'B1', 'B2', 'B3', 'S1', 'S2', 'S3', 'P0v3', 'P1v3', 'P2v3', 'P3v3' \]\)/,
  ],
  ['the background workers sticky to the slot', /appSettingNames: \[ 'LAC_BACKGROUND_WORKERS' \]/],
  ["the bot's tenant from its identity", /msaAppTenantId: identity\.properties\.tenantId/],
  ['autoscale at 1,000 RU/s or more', /@minValue\(1000\)\nparam cosmosAutoscaleMaxThroughput/],
  ['lower-case resource names', /var baseName = toLower\(resourceBaseName\)/],
  ['UK regions only', /@allowed\(\[ 'uksouth', 'ukwest' \]\)\nparam location string = 'uksouth'/],
  ['a daily cap on the logs taken in', /workspaceCapping: \{ dailyQuotaGb: dailyLogCapGb \}/],
  [
    "Application Insights' local auth off, telemetry sent as the app's identity",
    /DisableLocalAuth: true[\s\S]*3913510d-42f4-4e42-8a64-420c390055eb[\s\S]*name: 'APPLICATIONINSIGHTS_AUTH', value: 'entra'/,
  ],
  ['the data role scoped to the database', /scope: '\$\{cosmos\.id\}\/dbs\/\$\{databaseName\}'/],
  ['an action group that emails the alert address', /actionGroups@[\s\S]*emailAddress: alertEmail/],
  ['an alert on the health check', /metricName: 'HealthCheckStatus'/],
  ['an alert on HTTP 5xx', /metricName: 'Http5xx'/],
  [
    'an alert on Cosmos DB 429s',
    /metricName: 'TotalRequests'\n\s+dimensions: \[ \{ name: 'StatusCode', operator: 'Include', values: \[ '429' \] \} \]/,
  ],
  [
    'an availability test on /healthz, not /readyz',
    /RequestUrl: 'https:\/\/\$\{web\.properties\.defaultHostName\}\/healthz'/,
  ],
  [
    'an alert when it is unavailable',
    /'odata\.type': 'Microsoft\.Azure\.Monitor\.WebtestLocationAvailabilityCriteria'/,
  ],
  [
    'a log alert on deliveries that failed for good',
    /tostring\(entry\.msg\) == "notification" and tostring\(entry\.outcome\) == "failed"/,
  ],
  ['a monthly budget', /Microsoft\.Consumption\/budgets@[\s\S]*timeGrain: 'Monthly'/],
  [
    "the app's console logs (its structured logs) sent to Log Analytics",
    /scope: web[\s\S]*category: 'AppServiceConsoleLogs'/,
  ],
  ['App Service HTTP and audit logs', /category: 'AppServiceHTTPLogs'[\s\S]*category: 'AppServiceAuditLogs'/],
  [
    "Cosmos DB's data-plane and control-plane requests",
    /scope: cosmos[\s\S]*category: 'DataPlaneRequests'[\s\S]*category: 'ControlPlaneRequests'/,
  ],
])('has %s', (_what, pattern) => {
  expect(bicep).toMatch(pattern);
});

it('never deploys the demo council: not shipped, not a default, and checked before a deploy', () => {
  expect(bicep).not.toContain('demo-borough');
  expect(readFileSync(path.join(ROOT, '.webappignore'), 'utf8')).toMatch(
    /^env\/demo-borough\.patches\.yaml$/m,
  );
  expect(readFileSync(path.join(ROOT, 'm365agents.yml'), 'utf8')).toMatch(
    /args: run patches:check -- --deployment \$\{\{LAC_PATCHES_FILE\}\}/,
  );
});

it('alerts on what the app logs: the log alert reads the fields the app writes', () => {
  // The dispatcher's log line: msg "notification" with an outcome (src/services/outboxDispatcher.ts).
  const dispatcher = readFileSync(path.join(ROOT, 'src', 'services', 'outboxDispatcher.ts'), 'utf8');
  expect(dispatcher).toMatch(/'notification',\n\s+\);/);
  expect(dispatcher).toContain('outcome: result.outcome');
  expect(parameters).toMatch(/"alertEmail": \{ "value": "\$\{\{ALERT_EMAIL\}\}" \}/);
});

it('puts no secret in parameters or outputs', () => {
  const outputs = bicep.split('\n').filter((l) => l.startsWith('output '));
  expect(outputs.length).toBeGreaterThan(0);
  for (const line of outputs) expect(line).not.toMatch(/key|secret|password|connectionstring/i);
  expect(bicep).not.toMatch(/@secure\(\)|listKeys|primaryMasterKey/);
  expect(parameters).not.toMatch(/key|secret|password/i);
});

it('sets every setting the app needs in Azure', () => {
  for (const name of [
    'HOST',
    'BOT_ID',
    'BOT_TYPE',
    'BOT_TENANT_ID',
    'AZURE_CLIENT_ID',
    'ALLOWED_TENANT_IDS',
    'COSMOS_ENDPOINT',
    'COSMOS_DATABASE',
    'LAC_PATCHES_FILE',
    'APPLICATIONINSIGHTS_CONNECTION_STRING',
    'LAC_BACKGROUND_WORKERS',
    'APPLICATIONINSIGHTS_AUTH',
  ]) {
    expect(bicep).toContain(`{ name: '${name}', value:`);
  }
});
