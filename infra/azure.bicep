// LAC Front Door: the Azure resources for one council.
//
// - a user-assigned managed identity: the bot's identity to the Bot Connector (BOT_TYPE
//   UserAssignedMsi) and the app's identity to Cosmos DB (no keys, local auth disabled);
// - App Service (Linux, Node 24 LTS) running `node lib/index.js`, health-checked on /readyz;
// - the Azure Bot resource (single tenant, managed identity) with the Teams channel;
// - Azure Cosmos DB for NoSQL: serverless by default, autoscale as a parameter; the database and
//   every container the app uses, with the same partition keys and indexing as
//   src/storage/containers.ts (tests/unit/infra.test.ts keeps them in step);
// - Application Insights on a Log Analytics workspace;
// - a virtual network: App Service reaches Cosmos DB through a private endpoint, and Cosmos DB
//   takes no traffic from the internet (docs/decisions.md, "Cosmos DB's network").
//
// One secret goes in as a parameter, @secure (ARM neither logs nor returns it): the audit key, made
// once by `npm run provision:check` and kept in the env's .user file; none goes in outputs. Bicep cannot be compiled on the development machines:
// review by eye, and run `az bicep build --file infra/azure.bicep` before the first deployment.

@minLength(4)
@maxLength(20)
@description('Used to name every resource, for example "lacderby" (made lower case).')
param resourceBaseName string

@description('UK regions only: the data stays in the UK. The Azure Bot resource itself is global (regional bots exist for Europe and India only). A council that must use another region adds it here, on purpose.')
@allowed([ 'uksouth', 'ukwest' ])
param location string = 'uksouth'

@description('The most the Log Analytics workspace takes in a day, in GB: a runaway log cannot run up the bill.')
@minValue(1)
param dailyLogCapGb int = 1

@secure()
@minLength(44)
@description('The audit key (base64, 32 bytes or more): every audit entry and seal is MACed with it. Made once by npm run provision:check (SECRET_AUDIT_KEY in env/.env.<env>.user) and never changed: entries MACed with another key no longer verify.')
param auditKey string

@description('Days each seal and each held record\'s audit copy cannot be changed or deleted (version-level immutability). At least the audit\'s own retention.')
@minValue(365)
param sealRetentionDays int = 2557

@description('The seal store\'s immutability policy: Unlocked at first (Azure creates it so), then Locked once the first seal has been checked (npm run audit:verify). Locked cannot be undone: nobody, Microsoft included, can then shorten it or delete a seal early.')
@allowed([ 'Unlocked', 'Locked' ])
param sealPolicyState string = 'Unlocked'

@description('Object ids (users or, better, one group) who run npm run audit:verify: they read the audit container, the seals and the audit key, and nothing else. Comma separated.')
param auditVerifiers string = ''

@description('Landing zone: the existing private DNS zone for blob storage (privatelink.blob.core.windows.net), with existingCosmosPrivateDnsZoneId.')
param existingBlobPrivateDnsZoneId string = ''

@description('Landing zone: the existing private DNS zone for Key Vault (privatelink.vaultcore.azure.net), with existingCosmosPrivateDnsZoneId.')
param existingKeyVaultPrivateDnsZoneId string = ''

@description('Where the council puts Azure Front Door in front of App Service: its id (X-Azure-FDID). The rate limits then take the client from X-Azure-ClientIP on requests carrying it. Empty: no Front Door.')
param frontDoorId string = ''

@description('Partner tenants allowed besides the council, comma separated (for example NHSmail).')
param allowedTenantIds string = ''

@description('The virtual network\'s address space, a /24 that does not overlap the council\'s own networks if they are ever peered: App Service\'s integration subnet is its first /26, the private endpoints\' subnet the /28 after it.')
param networkAddressSpace string = '10.60.0.0/24'

@description('Landing zones: an existing subnet for App Service to join, delegated to Microsoft.Web/serverFarms (a /26 or larger). With it, no network is created here, and existingPrivateEndpointSubnetId is required too. Empty (the default): this template creates its own network.')
param existingAppSubnetId string = ''

@description('Landing zones: an existing subnet for Cosmos DB\'s private endpoint. Required with existingAppSubnetId.')
param existingPrivateEndpointSubnetId string = ''

@description('Landing zones: the resource id of the central privatelink.documents.azure.com zone (linked to the network by the platform team). Empty (the default): created here and linked to the network.')
param existingCosmosPrivateDnsZoneId string = ''

@description('Public IPv4 addresses or CIDR ranges, comma separated, allowed to reach Cosmos DB from outside the app\'s network: an operator\'s while running `postcodes:import`. Empty (the default): no public network access at all. Open it for the job, then provision again with it empty.')
param cosmosOperatorIpAddresses string = ''

@description('Entra object ids, comma separated (better: one group, "LAC postcode importers", whose members change in Entra), given the data contributor role on the postcodes container only, for `postcodes:import` from an operator\'s machine. It grants nothing on introductions. Removing an id here does not remove its assignment (deployments add, never delete): see docs/deploying.md.')
param cosmosDataOperators string = ''

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

@description('Where people\'s browsers reach the bot, for report download links (LAC_PUBLIC_URL): only for a custom domain; empty, the app uses App Service\'s own https address.')
param publicUrl string = ''

@description('How much the app logs (LOG_LEVEL).')
@allowed([ 'fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent' ])
param logLevel string = 'info'

@description('The Azure SDK\'s own log level on stderr (AZURE_LOG_LEVEL), for an operator chasing a Cosmos DB or identity problem; empty (the default) is errors only.')
@allowed([ '', 'verbose', 'info', 'warning', 'error' ])
param azureSdkLogLevel string = ''

@description('Working days an offer may wait before its coordinator is reminded (LAC_REMINDER_WORKING_DAYS).')
@minValue(1)
@maxValue(20)
param reminderWorkingDays int = 2

param botDisplayName string = 'LAC Front Door'

@description('Who is told when something is wrong (alerts and the budget): a team mailbox, not a person.')
@minLength(3)
param alertEmail string

@description('The monthly budget for this resource group, in the billing currency: told at 80% spent and when the forecast passes it.')
@minValue(1)
param monthlyBudget int = 50

@description('The first month the budget counts (YYYY-MM-01). Azure refuses to change a budget\'s start date, so it is fixed once: `npm run provision:check` writes BUDGET_START_DATE into the env file at the first provision, and every later provision passes the same date.')
@minLength(10)
@maxLength(10)
param budgetStartDate string

var baseName = toLower(resourceBaseName)
// Comma-separated lists, with stray spaces and commas ignored (an empty entry would fail to deploy).
var operatorIpAddresses = filter(map(split(cosmosOperatorIpAddresses, ','), address => trim(address)), address => !empty(address))
var dataOperators = filter(map(split(cosmosDataOperators, ','), id => trim(id)), id => !empty(id))
var verifiers = filter(map(split(auditVerifiers, ','), id => trim(id)), id => !empty(id))
var databaseName = 'lac-front-door'

// The containers, exactly as src/storage/containers.ts defines them (checked by a test).
var containers = [
  {
    id: 'introductions'
    partitionKeyPath: '/id'
    includedPaths: [ '/type/?', '/status/?', '/introducerId/?', '/coordinatorEmail/?', '/createdAt/?', '/duplicateKeys/[]/?', '/outboxDue/?', '/deliveryProblem/?', '/needsCoordinator/since/?', '/retainUntil/?', '/reference/?', '/legalHold/at/?', '/activeUntil/?', '/wellbeingLatestOn/?', '/restriction/at/?', '/routing/patch/id/?', '/firstConversation/on/?' ]
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
    id: 'reports'
    partitionKeyPath: '/id'
    includedPaths: [ '/type/?', '/expiresAt/?' ]
  }
  {
    id: 'records'
    partitionKeyPath: '/id'
    includedPaths: [ '/type/?' ]
  }
  {
    id: 'throttle'
    partitionKeyPath: '/id'
    includedPaths: [ '/type/?' ]
  }
  {
    id: 'drafts'
    partitionKeyPath: '/id'
    includedPaths: [ '/type/?' ]
  }
  {
    id: 'audit'
    partitionKeyPath: '/subjectId'
    includedPaths: [ '/subjectId/?', '/type/?', '/_ts/?', '/reference/?' ]
  }
]
var excludedPaths = [ '/*', '/"_etag"/?' ]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${baseName}-identity'
  location: location
}

@description('Days audit entries are kept (ids, no personal data: they outlive the records they describe), enforced by Cosmos DB\'s TTL on the audit container. 7 years by default.')
@minValue(365)
param auditRetentionDays int = 2557

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
    workspaceCapping: { dailyQuotaGb: dailyLogCapGb }
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
    // Telemetry only from Entra ID identities (the app's, with Monitoring Metrics Publisher below):
    // the connection string alone cannot send data.
    DisableLocalAuth: true
  }
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: '${baseName}-cosmos'
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    // Reached through the private endpoint below; from the internet only from the addresses an
    // operator opens on purpose, and by no Azure service by exception.
    publicNetworkAccess: empty(operatorIpAddresses) ? 'Disabled' : 'Enabled'
    ipRules: [for address in operatorIpAddresses: { ipAddressOrRange: address }]
    networkAclBypass: 'None'
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

// Cosmos DB takes one control-plane operation on an account at a time (a second in parallel fails
// with 412): the containers, the role assignments, the audit role and the private endpoint are
// created one after another, each loop one element at a time (@batchSize(1)), each step waiting for
// the one before. tests/unit/infra.test.ts holds them to one order.
@batchSize(1)
resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [for container in containers: {
  parent: database
  name: container.id
  properties: {
    resource: union(
      {
        id: container.id
        partitionKey: { paths: [ container.partitionKeyPath ], kind: 'Hash' }
        indexingPolicy: {
          indexingMode: 'consistent'
          automatic: true
          includedPaths: [for path in container.includedPaths: { path: path }]
          excludedPaths: [for path in excludedPaths: { path: path }]
        }
      },
      // Audit entries outlive the records they describe, for their own retention: Cosmos DB's TTL on
      // that container alone.
      container.id == 'audit' ? { defaultTtl: auditRetentionDays * 86400 } : {},
      // The rate limits' counters and residents' drafts: TTL on, each document saying its own.
      container.id == 'throttle' || container.id == 'drafts' ? { defaultTtl: -1 } : {}
    )
  }
}]

// Cosmos DB Built-in Data Contributor (data plane only: it cannot create containers, which is why
// they are declared here), on each container the app uses but the audit trail: the database the app
// uses, not the whole account, and nothing that could rewrite the audit.
@batchSize(1)
resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = [for container in filter(containers, c => c.id != 'audit'): {
  parent: cosmos
  name: guid(cosmos.id, identity.id, container.id, '00000000-0000-0000-0000-000000000002')
  dependsOn: [ sqlContainers ]
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'
    principalId: identity.properties.principalId
    scope: '${cosmos.id}/dbs/${databaseName}/colls/${container.id}'
  }
}]

// The audit trail: the app may add entries and read them, never replace or delete one.
resource auditAppender 'Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions@2024-05-15' = {
  parent: cosmos
  name: guid(cosmos.id, 'lac-front-door-audit-appender')
  dependsOn: [ dataContributor ]
  properties: {
    roleName: 'LAC Front Door audit appender'
    type: 'CustomRole'
    assignableScopes: [ '${cosmos.id}/dbs/${databaseName}/colls/audit' ]
    permissions: [
      {
        dataActions: [
          'Microsoft.DocumentDB/databaseAccounts/readMetadata'
          'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/create'
          'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/read'
          'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/executeQuery'
          'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/readChangeFeed'
        ]
      }
    ]
  }
}

resource auditAppenderAssignment 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: cosmos
  name: guid(cosmos.id, identity.id, 'audit', auditAppender.id)
  dependsOn: [ sqlContainers ]
  properties: {
    roleDefinitionId: auditAppender.id
    principalId: identity.properties.principalId
    scope: '${cosmos.id}/dbs/${databaseName}/colls/audit'
  }
}

// Operators who run `postcodes:import` from their own machine: the postcodes container, and nothing
// of the introductions. Give it a group and change the group's members, not this list.
@batchSize(1)
resource operatorDataContributors 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = [for operator in dataOperators: {
  parent: cosmos
  name: guid(cosmos.id, operator, 'postcodes', '00000000-0000-0000-0000-000000000002')
  dependsOn: [ auditAppenderAssignment ]
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'
    principalId: operator
    scope: '${cosmos.id}/dbs/${databaseName}/colls/postcodes'
  }
}]

// ---- The network: App Service in, Cosmos DB by a private endpoint ----

// In a landing zone the network and the private DNS zones are kept centrally (a hub), and policy may
// forbid creating them in a spoke: give existing subnets and an existing zone instead, and nothing
// of the network is created here. The default is a standalone estate with its own network and zone.
var createNetwork = empty(existingAppSubnetId)
var createPrivateDnsZone = empty(existingCosmosPrivateDnsZoneId)
var appSubnetId = createNetwork ? resourceId('Microsoft.Network/virtualNetworks/subnets', '${baseName}-vnet', 'app') : existingAppSubnetId
var privateEndpointSubnetId = createNetwork ? resourceId('Microsoft.Network/virtualNetworks/subnets', '${baseName}-vnet', 'private-endpoints') : existingPrivateEndpointSubnetId
// The virtual network the app's subnet is in (the zone is linked to it when the zone is created here).
var appNetworkId = createNetwork ? resourceId('Microsoft.Network/virtualNetworks', '${baseName}-vnet') : split(existingAppSubnetId, '/subnets/')[0]
var cosmosPrivateDnsZoneId = createPrivateDnsZone ? resourceId('Microsoft.Network/privateDnsZones', 'privatelink.documents.azure.com') : existingCosmosPrivateDnsZoneId

resource network 'Microsoft.Network/virtualNetworks@2023-11-01' = if (createNetwork) {
  name: '${baseName}-vnet'
  location: location
  properties: {
    addressSpace: { addressPrefixes: [ networkAddressSpace ] }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: cidrSubnet(networkAddressSpace, 26, 0)
          delegations: [ { name: 'app-service', properties: { serviceName: 'Microsoft.Web/serverFarms' } } ]
        }
      }
      {
        name: 'private-endpoints'
        properties: {
          addressPrefix: cidrSubnet(networkAddressSpace, 28, 4)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource cosmosPrivateEndpoint 'Microsoft.Network/privateEndpoints@2023-11-01' = {
  name: '${baseName}-cosmos-endpoint'
  location: location
  // Its connection to the account is a control-plane change on the account too: last, alone.
  dependsOn: [ network, operatorDataContributors, auditAppenderAssignment, auditReaders ]
  properties: {
    subnet: { id: privateEndpointSubnetId }
    privateLinkServiceConnections: [
      { name: 'cosmos', properties: { privateLinkServiceId: cosmos.id, groupIds: [ 'Sql' ] } }
    ]
  }
}

// The account's name resolves to the private endpoint's address inside the network.
resource cosmosPrivateDns 'Microsoft.Network/privateDnsZones@2020-06-01' = if (createPrivateDnsZone) {
  name: 'privatelink.documents.azure.com'
  location: 'global'
}

resource cosmosPrivateDnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = if (createPrivateDnsZone) {
  parent: cosmosPrivateDns
  name: '${baseName}-vnet'
  location: 'global'
  dependsOn: [ network ]
  properties: {
    virtualNetwork: { id: appNetworkId }
    registrationEnabled: false
  }
}

resource cosmosPrivateDnsGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-11-01' = {
  parent: cosmosPrivateEndpoint
  name: 'default'
  // The zone is named by id (it may be the hub's): wait for it when it is made here.
  dependsOn: [ cosmosPrivateDns ]
  properties: {
    // With a central zone, the deploying identity needs join rights on it (privateDnsZones/join/action).
    privateDnsZoneConfigs: [ { name: 'documents', properties: { privateDnsZoneId: cosmosPrivateDnsZoneId } } ]
  }
}

// ---- The audit's seals and key: outside Cosmos DB, beyond the app's reach to rewrite ----

// Seals of every audit chain (src/domain/records/seal.ts) and held records' audit copies, in blob
// storage under a version-level immutability (WORM) policy: a blob cannot be changed or deleted
// for sealRetentionDays, an overwrite only adds a version (which audit:verify counts). No shared
// keys (Entra ID only), no public network: the app reaches it by its private endpoint.
resource sealStorage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: '${take(replace(baseName, '-', ''), 19)}seals'
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_ZRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    publicNetworkAccess: 'Disabled'
    networkAcls: { defaultAction: 'Deny', bypass: 'None' }
    immutableStorageWithVersioning: {
      enabled: true
      immutabilityPolicy: {
        immutabilityPeriodSinceCreationInDays: sealRetentionDays
        // Created Unlocked (Azure accepts nothing else at creation); Locked by a later provision.
        state: sealPolicyState
        allowProtectedAppendWrites: false
      }
    }
  }
}

resource sealBlobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: sealStorage
  name: 'default'
  properties: { isVersioningEnabled: true }
}

resource sealContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: sealBlobs
  name: 'audit-seals'
  properties: { publicAccess: 'None', immutableStorageWithVersioning: { enabled: true } }
}

// The app may create and read seals, and nothing else: no delete, no policy change, no key.
resource sealWriter 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'lac-front-door-seal-writer')
  properties: {
    roleName: 'LAC Front Door seal writer (${baseName})'
    description: 'Creates and reads blobs in the audit seal container; cannot delete them.'
    type: 'CustomRole'
    assignableScopes: [ resourceGroup().id ]
    permissions: [
      {
        actions: []
        dataActions: [
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'
          'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'
        ]
        notDataActions: []
      }
    ]
  }
}

resource sealWriterAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(sealContainer.id, identity.id, sealWriter.id)
  scope: sealContainer
  properties: {
    roleDefinitionId: sealWriter.id
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Blob Data Reader for those who check the audit: they read seals, write nothing.
resource sealReaders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for verifier in verifiers: {
  name: guid(sealContainer.id, verifier, '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
  scope: sealContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1')
    principalId: verifier
  }
}]

// Cosmos DB Built-in Data Reader on the audit container, for the same people.
@batchSize(1)
resource auditReaders 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = [for verifier in verifiers: {
  parent: cosmos
  name: guid(cosmos.id, verifier, 'audit', '00000000-0000-0000-0000-000000000001')
  dependsOn: [ operatorDataContributors ]
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000001'
    principalId: verifier
    scope: '${cosmos.id}/dbs/${databaseName}/colls/audit'
  }
}]

// The audit key in Key Vault (RBAC, purge protection, no public network); the app reads it as a
// Key Vault reference in its settings, resolved through its network.
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  // Letters and digits only, then 'kv' (a name ending in '-' before '-kv' would be refused). With
  // purge protection a deleted vault keeps its name for 90 days: docs/deploying.md.
  name: '${take(replace(baseName, '-', ''), 22)}kv'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Disabled'
    networkAcls: { defaultAction: 'Deny', bypass: 'None' }
  }
}

resource auditKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'audit-key'
  properties: { value: auditKey, contentType: 'base64; HMAC-SHA-256 key for the audit' }
}

// Key Vault Secrets User, on this one secret: the app's identity, and those who check the audit.
resource auditKeyReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(auditKeySecret.id, identity.id, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: auditKeySecret
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource auditKeyVerifiers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for verifier in verifiers: {
  name: guid(auditKeySecret.id, verifier, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: auditKeySecret
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: verifier
  }
}]

var blobPrivateDnsZoneId = createPrivateDnsZone ? resourceId('Microsoft.Network/privateDnsZones', 'privatelink.blob.${environment().suffixes.storage}') : existingBlobPrivateDnsZoneId
var vaultPrivateDnsZoneId = createPrivateDnsZone ? resourceId('Microsoft.Network/privateDnsZones', 'privatelink.vaultcore.azure.net') : existingKeyVaultPrivateDnsZoneId

resource sealPrivateEndpoint 'Microsoft.Network/privateEndpoints@2023-11-01' = {
  name: '${baseName}-seals-endpoint'
  location: location
  dependsOn: [ network ]
  properties: {
    subnet: { id: privateEndpointSubnetId }
    privateLinkServiceConnections: [
      { name: 'blob', properties: { privateLinkServiceId: sealStorage.id, groupIds: [ 'blob' ] } }
    ]
  }
}

resource vaultPrivateEndpoint 'Microsoft.Network/privateEndpoints@2023-11-01' = {
  name: '${baseName}-vault-endpoint'
  location: location
  dependsOn: [ network ]
  properties: {
    subnet: { id: privateEndpointSubnetId }
    privateLinkServiceConnections: [
      { name: 'vault', properties: { privateLinkServiceId: vault.id, groupIds: [ 'vault' ] } }
    ]
  }
}

resource blobPrivateDns 'Microsoft.Network/privateDnsZones@2020-06-01' = if (createPrivateDnsZone) {
  name: 'privatelink.blob.${environment().suffixes.storage}'
  location: 'global'
}

resource vaultPrivateDns 'Microsoft.Network/privateDnsZones@2020-06-01' = if (createPrivateDnsZone) {
  name: 'privatelink.vaultcore.azure.net'
  location: 'global'
}

resource blobPrivateDnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = if (createPrivateDnsZone) {
  parent: blobPrivateDns
  name: '${baseName}-vnet'
  location: 'global'
  dependsOn: [ network ]
  properties: { virtualNetwork: { id: appNetworkId }, registrationEnabled: false }
}

resource vaultPrivateDnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = if (createPrivateDnsZone) {
  parent: vaultPrivateDns
  name: '${baseName}-vnet'
  location: 'global'
  dependsOn: [ network ]
  properties: { virtualNetwork: { id: appNetworkId }, registrationEnabled: false }
}

resource sealPrivateDnsGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-11-01' = {
  parent: sealPrivateEndpoint
  name: 'default'
  dependsOn: [ blobPrivateDns ]
  properties: {
    privateDnsZoneConfigs: [ { name: 'blob', properties: { privateDnsZoneId: blobPrivateDnsZoneId } } ]
  }
}

resource vaultPrivateDnsGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-11-01' = {
  parent: vaultPrivateEndpoint
  name: 'default'
  dependsOn: [ vaultPrivateDns ]
  properties: {
    privateDnsZoneConfigs: [ { name: 'vault', properties: { privateDnsZoneId: vaultPrivateDnsZoneId } } ]
  }
}

// The app sends telemetry as its managed identity (Application Insights' local auth is off).
resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(insights.id, identity.id, '3913510d-42f4-4e42-8a64-420c390055eb')
  scope: insights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '3913510d-42f4-4e42-8a64-420c390055eb')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
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
  // The app checks Cosmos DB at start, reads its audit key and seals: the private endpoints, their
  // names and its roles must be in place first.
  dependsOn: [ cosmosPrivateDnsGroup, cosmosPrivateDnsLink, sealPrivateDnsGroup, blobPrivateDnsLink, vaultPrivateDnsGroup, vaultPrivateDnsLink, auditKeyReader, sealWriterAssignment, network ]
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Outbound through the network (and so to Cosmos DB's private endpoint, by the private DNS
    // zone); internet traffic (the Bot Connector, Entra ID, Application Insights) still leaves from
    // the app's own outbound addresses.
    virtualNetworkSubnetId: appSubnetId
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'NODE|24-lts'
      appCommandLine: 'node lib/index.js'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      remoteDebuggingEnabled: false
      vnetRouteAllEnabled: true
      healthCheckPath: '/readyz'
      // Replaced whole on every provision: every setting the app reads is here, from a parameter
      // (env/.env.<env> through azure.parameters.json) or from the resources above, so nothing is
      // set by hand to be wiped. Fixed on purpose: HOST, BOT_TYPE and APPLICATIONINSIGHTS_AUTH (what
      // this template builds), LAC_BACKGROUND_WORKERS=on (production always runs them; a staging
      // slot sets 'off' in the slot, sticky). tests/unit/infra.test.ts holds this to the code.
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
        { name: 'APPLICATIONINSIGHTS_AUTH', value: 'entra' }
        { name: 'LOG_LEVEL', value: logLevel }
        { name: 'LAC_PUBLIC_URL', value: publicUrl }
        { name: 'AZURE_LOG_LEVEL', value: azureSdkLogLevel }
        { name: 'LAC_BACKGROUND_WORKERS', value: 'on' }
        { name: 'AUDIT_KEY', value: '@Microsoft.KeyVault(SecretUri=${auditKeySecret.properties.secretUri})' }
        { name: 'SEAL_STORAGE_URL', value: sealStorage.properties.primaryEndpoints.blob }
        { name: 'LAC_FRONT_DOOR_ID', value: frontDoorId }
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

// ---- Alerts: one action group, told by email ----

resource alerts 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${baseName}-alerts'
  location: 'global'
  properties: {
    groupShortName: 'lacalerts'
    enabled: true
    emailReceivers: [ { name: 'team', emailAddress: alertEmail, useCommonAlertSchema: true } ]
  }
}

// App Service's own health check (/readyz: Cosmos DB reachable) failing on any instance.
resource healthAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${baseName}-health-check'
  location: 'global'
  properties: {
    // Over 15 minutes, on average below 75%: an instance unhealthy for more than half of that time
    // (with two instances). App Service takes an unhealthy instance out of rotation and replaces it
    // only after about an hour: someone should look before then. A restart or a deploy takes an
    // instance out for a minute or two and stays above it. A stopped app sends no health metric at
    // all: the availability alert below catches that.
    description: 'An instance has failed its health check (/readyz: it cannot reach Cosmos DB, or is not answering) for most of 15 minutes.'
    severity: 1
    enabled: true
    scopes: [ web.id ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'health'
          metricNamespace: 'Microsoft.Web/sites'
          metricName: 'HealthCheckStatus'
          operator: 'LessThan'
          threshold: 75
          timeAggregation: 'Average'
        }
      ]
    }
    actions: [ { actionGroupId: alerts.id } ]
  }
}

resource http5xxAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${baseName}-http-5xx'
  location: 'global'
  properties: {
    description: 'The app answered with server errors: see the "request failed" and "turn failed" log lines.'
    severity: 2
    enabled: true
    scopes: [ web.id ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'http5xx'
          metricNamespace: 'Microsoft.Web/sites'
          metricName: 'Http5xx'
          operator: 'GreaterThan'
          threshold: 5
          timeAggregation: 'Total'
        }
      ]
    }
    actions: [ { actionGroupId: alerts.id } ]
  }
}

// Cosmos DB throttling (429): the outbox and the SDK retry, but sustained throttling needs capacity.
resource cosmosThrottledAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${baseName}-cosmos-429'
  location: 'global'
  properties: {
    description: 'Cosmos DB is throttling requests (429): consider autoscale or a higher maximum.'
    severity: 2
    enabled: true
    scopes: [ cosmos.id ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'throttled'
          metricNamespace: 'Microsoft.DocumentDB/databaseAccounts'
          metricName: 'TotalRequests'
          dimensions: [ { name: 'StatusCode', operator: 'Include', values: [ '429' ] } ]
          operator: 'GreaterThan'
          threshold: 10
          timeAggregation: 'Count'
        }
      ]
    }
    actions: [ { actionGroupId: alerts.id } ]
  }
}

// Is the app answering at all, from outside: /healthz (not /readyz, which reads Cosmos DB and costs
// request units) from the two UK locations Azure tests from (UK South, UK West), every 15 minutes.
// It is also what catches a stopped app, which sends no health metric.
resource availability 'Microsoft.Insights/webtests@2022-06-15' = {
  name: '${baseName}-healthz'
  location: location
  tags: { 'hidden-link:${insights.id}': 'Resource' }
  kind: 'standard'
  properties: {
    SyntheticMonitorId: '${baseName}-healthz'
    Name: 'LAC Front Door answers /healthz'
    Enabled: true
    Frequency: 900
    Timeout: 30
    Kind: 'standard'
    RetryEnabled: true
    // Azure's population tags: emea-ru-msa-edge is UK South, emea-se-sto-edge UK West.
    Locations: [ { Id: 'emea-ru-msa-edge' }, { Id: 'emea-se-sto-edge' } ]
    Request: {
      RequestUrl: 'https://${web.properties.defaultHostName}/healthz'
      HttpVerb: 'GET'
      ParseDependentRequests: false
    }
    ValidationRules: { ExpectedHttpStatusCode: 200, SSLCheck: true, SSLCertRemainingLifetimeCheck: 7 }
  }
}

resource availabilityAlert 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: '${baseName}-healthz-unavailable'
  location: 'global'
  tags: { 'hidden-link:${insights.id}': 'Resource', 'hidden-link:${availability.id}': 'Resource' }
  properties: {
    description: 'The app does not answer /healthz from outside Azure.'
    severity: 1
    enabled: true
    scopes: [ availability.id, insights.id ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.WebtestLocationAvailabilityCriteria'
      webTestId: availability.id
      componentId: insights.id
      failedLocationCount: 2
    }
    actions: [ { actionGroupId: alerts.id } ]
  }
}

// Messages the outbox gave up on (after its retries, or refused for good): someone was not told.
resource failedDeliveriesAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${baseName}-deliveries-failed'
  location: location
  // A new workspace has no AppServiceConsoleLogs table until the first console log arrives through
  // the diagnostic setting: the rule waits for the setting, and Azure does not validate the query.
  dependsOn: [ webDiagnostics ]
  properties: {
    skipQueryValidation: true
    displayName: 'LAC Front Door: messages that could not be delivered'
    description: 'A notification failed for good (the team queue shows who was not reached).'
    severity: 2
    enabled: true
    scopes: [ logs.id ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: 'AppServiceConsoleLogs | extend entry = parse_json(ResultDescription) | where tostring(entry.msg) == "notification" and tostring(entry.outcome) == "failed"'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    actions: { actionGroups: [ alerts.id ] }
  }
}

// The workspace stopped taking data because the daily cap (dailyLogCapGb) was reached: until the cap
// resets, the app's logs, the audit logs and the delivery alert above see nothing. Log Analytics
// records it in its own operation log, which the cap does not stop.
resource dailyCapAlert 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = {
  name: '${baseName}-log-cap-reached'
  location: location
  properties: {
    displayName: 'LAC Front Door: the daily log cap was reached'
    description: 'Log Analytics stopped taking data for today (the daily cap): logs, audit logs and the delivery alert are blind until it resets. Raise DAILY_LOG_CAP_GB or find what is logging so much.'
    severity: 1
    enabled: true
    scopes: [ logs.id ]
    evaluationFrequency: 'PT15M'
    windowSize: 'PT15M'
    skipQueryValidation: true
    criteria: {
      allOf: [
        {
          query: '_LogOperation | where Category =~ "Ingestion" | where Detail has "OverQuota"'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    actions: { actionGroups: [ alerts.id ] }
  }
}

// What it costs, every month: told at 80% spent, and when the forecast passes the budget.
resource budget 'Microsoft.Consumption/budgets@2023-05-01' = {
  name: '${baseName}-monthly'
  properties: {
    category: 'Cost'
    amount: monthlyBudget
    timeGrain: 'Monthly'
    timePeriod: { startDate: budgetStartDate }
    notifications: {
      actualOver80: {
        enabled: true
        operator: 'GreaterThan'
        threshold: 80
        thresholdType: 'Actual'
        contactEmails: [ alertEmail ]
        contactGroups: [ alerts.id ]
      }
      forecastOver100: {
        enabled: true
        operator: 'GreaterThan'
        threshold: 100
        thresholdType: 'Forecasted'
        contactEmails: [ alertEmail ]
        contactGroups: [ alerts.id ]
      }
    }
  }
}

output BOT_ID string = identity.properties.clientId
output BOT_DOMAIN string = web.properties.defaultHostName
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = web.id
output COSMOS_ENDPOINT string = cosmos.properties.documentEndpoint
output SEAL_STORAGE_URL string = sealStorage.properties.primaryEndpoints.blob
