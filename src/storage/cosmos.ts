/**
 * The Cosmos DB client and schema. The app talks to Azure Cosmos DB and to the embedded local
 * server through the same `@azure/cosmos` client; only the endpoint and credential differ.
 */
import { type Container, CosmosClient, type Database } from '@azure/cosmos';
import { DefaultAzureCredential } from '@azure/identity';
import { CONTAINERS, type ContainerDefinition, type ContainerName } from './containers';

/** Every container, `introductions` first (the one readiness reads when the app opens them all). */
const CONTAINER_NAMES = Object.keys(CONTAINERS) as ContainerName[];

export interface CosmosConnection {
  endpoint: string;
  /** Absent: Entra ID through DefaultAzureCredential (managed identity on App Service). */
  key?: string;
  database: string;
  /** True for the embedded local server: plain HTTP, no endpoint discovery. */
  local?: boolean;
}

export function createCosmosClient(connection: CosmosConnection): CosmosClient {
  // The embedded server scans every document for every query, more slowly the more there are: at
  // 50,000 introductions a monthly report's read takes about a minute (docs/measured.md).
  const connectionPolicy = connection.local
    ? { enableEndpointDiscovery: false, requestTimeout: 180_000 }
    : { requestTimeout: 10_000 };
  if (connection.key) {
    return new CosmosClient({ endpoint: connection.endpoint, key: connection.key, connectionPolicy });
  }
  // With a user-assigned identity, AZURE_CLIENT_ID names it (set by infra/azure.bicep).
  return new CosmosClient({
    endpoint: connection.endpoint,
    aadCredentials: new DefaultAzureCredential(),
    connectionPolicy,
  });
}

/** The database and the containers opened, created if missing. */
export interface Store {
  client: CosmosClient;
  database: Database;
  /** A container opened with the store (asking for another is a programming error). */
  container(name: ContainerName): Container;
  /**
   * Cheap reachability check for /readyz: reads one opened container's metadata, which a data role
   * scoped to that container allows. Reading the database would need a role at database scope,
   * which the app's identity does not have (infra/azure.bicep).
   */
  ping(timeoutMs?: number): Promise<boolean>;
}

export async function ensureContainer(
  database: Database,
  definition: ContainerDefinition,
): Promise<Container> {
  const { container } = await database.containers.createIfNotExists({
    id: definition.id,
    partitionKey: { paths: [definition.partitionKeyPath] },
    indexingPolicy: definition.indexingPolicy,
    ...(definition.defaultTtl !== undefined ? { defaultTtl: definition.defaultTtl } : {}),
  });
  return container;
}

/**
 * Opens the database and the named containers (every one, by default), creating what is missing.
 * On Azure the account should already have them (infra/azure.bicep), and a managed identity with a
 * data-plane role cannot create them: so creation is attempted only when `create` is true (local
 * server, or a key with rights to do so), and otherwise each named container is only read, which its
 * container-scoped role allows. A tool opens only what it touches: `postcodes:import` opens
 * `postcodes` alone, the only container its operators' group has a role on.
 */
export async function openStore(
  client: CosmosClient,
  databaseId: string,
  create: boolean,
  names: readonly ContainerName[] = CONTAINER_NAMES,
): Promise<Store> {
  const opened = new Set<ContainerName>(names);
  const first = names[0];
  if (!first) throw new Error('openStore needs at least one container');
  let database: Database;
  if (create) {
    database = (await client.databases.createIfNotExists({ id: databaseId })).database;
    for (const name of names) await ensureContainer(database, CONTAINERS[name]);
  } else {
    database = client.database(databaseId);
    for (const name of names) await database.container(CONTAINERS[name].id).read();
  }
  const container = (name: ContainerName) => {
    if (!opened.has(name)) throw new Error(`the ${name} container was not opened with this store`);
    return database.container(CONTAINERS[name].id);
  };
  return {
    client,
    database,
    container,
    ping: async (timeoutMs = 2_000) => {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      try {
        await container(first).read({ abortSignal: abort.signal });
        return true;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
