/**
 * The Cosmos DB client and schema. The app talks to Azure Cosmos DB and to the embedded local
 * server through the same `@azure/cosmos` client; only the endpoint and credential differ.
 */
import { type Container, CosmosClient, type Database } from '@azure/cosmos';
import { DefaultAzureCredential } from '@azure/identity';
import { ALL_CONTAINERS, CONTAINERS, type ContainerDefinition, type ContainerName } from './containers';

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

/** The database and its containers, created if missing. */
export interface Store {
  client: CosmosClient;
  database: Database;
  container(name: ContainerName): Container;
  /** Cheap reachability check for /readyz. */
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
  });
  return container;
}

/**
 * Creates the database and every container if missing. On Azure the account should already have
 * them (infra/azure.bicep), and a managed identity with the data-plane role cannot create them: so
 * creation is attempted only when `create` is true (local server, or a key with rights to do so),
 * and otherwise each container is only checked to exist.
 */
export async function openStore(client: CosmosClient, databaseId: string, create: boolean): Promise<Store> {
  let database: Database;
  if (create) {
    database = (await client.databases.createIfNotExists({ id: databaseId })).database;
    for (const definition of ALL_CONTAINERS) await ensureContainer(database, definition);
  } else {
    database = client.database(databaseId);
    for (const definition of ALL_CONTAINERS) await database.container(definition.id).read();
  }
  return {
    client,
    database,
    container: (name) => database.container(CONTAINERS[name].id),
    ping: async (timeoutMs = 2_000) => {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      try {
        await database.read({ abortSignal: abort.signal });
        return true;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
