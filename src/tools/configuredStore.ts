/**
 * The Cosmos DB a command-line tool works on: the account in COSMOS_ENDPOINT (with COSMOS_KEY, or as
 * whoever `DefaultAzureCredential` finds, for example after `az login`), or, without one, the
 * embedded local Cosmos DB's snapshot in LAC_DATA_DIR (stop `npm start` first: both would own it).
 */
import type { AppConfig } from '../config';
import type { ContainerName } from '../storage/containers';
import { openStore, type Store } from '../storage/cosmos';

export interface ToolStore {
  store: Store;
  /** Where it is, in words, for the tool's output. */
  where: string;
  close(): Promise<void>;
}

/**
 * Opens the named containers only (least privilege: a tool's identity may have a role on nothing
 * else, as the postcode importers' group has on `postcodes` alone).
 */
export async function openConfiguredStore(
  config: AppConfig,
  containers: readonly ContainerName[],
): Promise<ToolStore> {
  if (config.cosmos.endpoint) {
    const { createCosmosClient } = await import('../storage/cosmos');
    const client = createCosmosClient({
      endpoint: config.cosmos.endpoint,
      key: config.cosmos.key,
      database: config.cosmos.database,
    });
    const store = await openStore(client, config.cosmos.database, Boolean(config.cosmos.key), containers);
    return { store, where: config.cosmos.endpoint, close: async () => client.dispose() };
  }
  const { startLocalCosmos } = await import('../storage/localCosmos');
  const local = await startLocalCosmos({ dataDir: config.dataDir, snapshotEveryMs: 0 });
  const store = await openStore(local.client, config.cosmos.database, true, containers);
  return {
    store,
    where: `the local Cosmos DB snapshot in ${config.dataDir} (stop npm start first)`,
    close: () => local.stop(),
  };
}
