// LAC Front Door: the Azure resources for one council.
//
// - a user-assigned managed identity: the bot's identity to the Bot Connector (BOT_TYPE
//   UserAssignedMsi) and the app's identity to Cosmos DB (no keys, local auth disabled);
// - App Service (Linux, Node 24 LTS) running `node lib/index.js`, health-checked on /readyz;
// - the Azure Bot resource (single tenant, managed identity) with the Teams channel;
// - Azure Cosmos DB for NoSQL: serverless by default, autoscale as a parameter; the database and
//   every container the app uses, with the same partition keys and indexing as
//   src/storage/containers.ts (tests/unit/infra.test.ts keeps them in step);
// - Application Insights on a Log Analytics workspace.
//
// No secrets go in parameters or outputs. Bicep cannot be compiled on the development machines:
// review by eye, and run `az bicep build --file infra/azure.bicep` before the first deployment.

@minLength(4)
@maxLength(20)
@description('Used to name every resource, for example "lacderby" (made lower case).')
param resourceBaseName string

param location string = resourceGroup().location

@description('Partner tenants allowed besides the council, comma separated (for example NHSmail).')
param allowedTenantIds string = ''

@description('Fixed once the account exists: Cosmos DB cannot move an account between serverless and provisioned throughput.')
@allowed([ 'Serverless', 'Autoscale' ])
param cosmosCapacityMode string = 'Serverless'

@description('Autoscale only: the highest RU/s the database may scale to (10% is the floor).')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('App Service plan SKU: only those with Always On (Basic and up).')
@allowed([ 'B1', 'B2', 'B3', 'S1', 'S2', 'S3', 'P0v3', 'P1v3', 'P2v3', 'P3v3' ])
param appServiceSku string = 'B1'

@description('App Service instances. Two: the outbox and the reminders are built for several, and one can restart while the other serves.')
@minValue(1)
@maxValue(10)
param instanceCount int = 2

@description('The council\'s own patch file, relative to the deployed app (LAC_PATCHES_FILE). No default: the bot refuses the demo council\'s, and refuses to start without one.')
@minLength(1)
param patchesFile string

@description('Working days an offer may wait before its coordinator is reminded (LAC_REMINDER_WORKING_DAYS).')
@minValue(1)
@maxValue(20)
param reminderWorkingDays int = 2

param botDisplayName string = 'LAC Front Door'

var baseName = toLower(resourceBaseName)
var databaseName = 'lac-front-door'

// The containers, exactly as src/storage/containers.ts defines them (checked by a test).
var containers = [
  {
    id: 'introductions'
    partitionKeyPath: '/id'
    includedPaths: [ '/type/?', '/status/?', '/introducerId/?', '/coordinatorEmail/?', '/createdAt/?', '/duplicateKeys/[]/?', '/outboxDue/?', '/deliveryProblem/?' ]
  }
  {
    id: 'directory'
    partitionKeyPath: '/id'
    includedPaths: [ '/type/?' ]
  }
  {
    id: 'postcodes'
    partitionKeyPath: '/id'
    includedPaths: [ '/type/?' ]
  }
  {
    id: 'people'
    partitionKeyPath: '/id'
    includedPaths: [ '/type/?', '/emailLower/?' ]
  }
  {
    id: 'leases'
    partitionKeyPath: '/id'
    includedPaths: [ '/type/?' ]
  }
  {
    id: 'audit'
    partitionKeyPath: '/subjectId'
    includedPaths: [ '/subjectId/?' ]
  }
]
var excludedPaths = [ '/*', '/"_etag"/?' ]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${baseName}-identity'
  location: location
}

@description('Days the Log Analytics workspace keeps logs: the app\'s own, App Service\'s and Cosmos DB\'s record of who read data.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

resource logs 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: '${baseName}-logs'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: logRetentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${baseName}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableIpMasking: false
  }
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: '${baseName}-cosmos'
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    disableLocalAuth: true
    minimalTlsVersion: 'Tls12'
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    locations: [ { locationName: location, failoverPriority: 0, isZoneRedundant: false } ]
    capabilities: cosmosCapacityMode == 'Serverless' ? [ { name: 'EnableServerless' } ] : []
    // A month to notice damage and restore to a point before it (a week is too short).
    backupPolicy: { type: 'Continuous', continuousModeProperties: { tier: 'Continuous30Days' } }
  }
}

// Nobody deletes the account by accident: the lock must be removed first, on purpose.
resource cosmosLock 'Microsoft.Authorization/locks@2020-05-01' = {
  name: 'do-not-delete'
  scope: cosmos
  properties: {
    level: 'CanNotDelete'
    notes: 'Holds every introduction and its history: remove this lock only to retire the service.'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: cosmos
  name: databaseName
  properties: {
    resource: { id: databaseName }
    options: cosmosCapacityMode == 'Autoscale' ? { autoscaleSettings: { maxThroughput: cosmosAutoscaleMaxThroughput } } : {}
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [for container in containers: {
  parent: database
  name: container.id
  properties: {
    resource: {
      id: container.id
      partitionKey: { paths: [ container.partitionKeyPath ], kind: 'Hash' }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [for path in container.includedPaths: { path: path }]
        excludedPaths: [for path in excludedPaths: { path: path }]
      }
    }
  }
}]

// Cosmos DB Built-in Data Contributor (data plane only: it cannot create containers, which is why
// they are declared here).
resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: cosmos
  name: guid(cosmos.id, identity.id, '00000000-0000-0000-0000-000000000002')
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'
    principalId: identity.properties.principalId
    scope: cosmos.id
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${baseName}-plan'
  location: location
  kind: 'linux'
  sku: { name: appServiceSku, capacity: instanceCount }
  properties: { reserved: true }
}

resource web 'Microsoft.Web/sites@2023-12-01' = {
  name: '${baseName}-app'
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      appCommandLine: 'node lib/index.js'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      remoteDebuggingEnabled: false
      healthCheckPath: '/readyz'
      appSettings: [
        { name: 'HOST', value: '0.0.0.0' }
        { name: 'BOT_ID', value: identity.properties.clientId }
        { name: 'BOT_TYPE', value: 'UserAssignedMsi' }
        { name: 'BOT_TENANT_ID', value: identity.properties.tenantId }
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'ALLOWED_TENANT_IDS', value: allowedTenantIds }
        { name: 'COSMOS_ENDPOINT', value: cosmos.properties.documentEndpoint }
        { name: 'COSMOS_DATABASE', value: databaseName }
        { name: 'LAC_PATCHES_FILE', value: patchesFile }
        { name: 'LAC_REMINDER_WORKING_DAYS', value: string(reminderWorkingDays) }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'LOG_LEVEL', value: 'info' }
        { name: 'LAC_BACKGROUND_WORKERS', value: 'on' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
      ]
    }
  }
}

// Deployments authenticate with Entra ID; no FTP or SCM user name and password exist.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: web
  name: 'ftp'
  properties: { allow: false }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: web
  name: 'scm'
  properties: { allow: false }
}

// Stays with the slot: a staging slot set to 'off' never sweeps the outbox or sends reminders
// against production data.
resource slotSticky 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: web
  name: 'slotConfigNames'
  properties: { appSettingNames: [ 'LAC_BACKGROUND_WORKERS' ] }
}

// The app's structured logs (pino, one JSON line per entry on stdout, personal data redacted) reach
// Log Analytics as App Service console logs; with them the HTTP and audit logs of the app.
resource webDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: web
  properties: {
    workspaceId: logs.id
    logs: [
      { category: 'AppServiceConsoleLogs', enabled: true }
      { category: 'AppServiceHTTPLogs', enabled: true }
      { category: 'AppServiceAuditLogs', enabled: true }
    ]
  }
}

// Cosmos DB's own record of every request to the data (with the Entra principal that made it) and of
// changes to the account, in resource-specific tables (CDBDataPlaneRequests, CDBControlPlaneRequests).
resource cosmosDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: cosmos
  properties: {
    workspaceId: logs.id
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      { category: 'DataPlaneRequests', enabled: true }
      { category: 'ControlPlaneRequests', enabled: true }
    ]
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${baseName}-bot'
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'F0' }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${web.properties.defaultHostName}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppTenantId: identity.properties.tenantId
    msaAppMSIResourceId: identity.id
    disableLocalAuth: true
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

// Outputs are ids and names only: nothing secret.
output BOT_ID string = identity.properties.clientId
output BOT_DOMAIN string = web.properties.defaultHostName
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = web.id
output COSMOS_ENDPOINT string = cosmos.properties.documentEndpoint
