/**
 * The store: Azure Cosmos DB when COSMOS_ENDPOINT is set, a local Cosmos DB server a test shares, or
 * else the embedded local server (memory, with a snapshot in the data folder unless ephemeral).
 */
import type { AppConfig } from '../config';
import type { Logger } from '../logger';
import { createCosmosClient, openStore, type Store } from '../storage/cosmos';
import type { LocalCosmos } from '../storage/localCosmos';
import type { StartOptions } from './options';

export interface OpenedStore {
  store: Store;
  /** Set when the embedded local Cosmos DB is in use (started here, stopped by `close`). */
  localCosmos?: LocalCosmos;
  /** Stops the embedded server (saving its snapshot) or lets the client go; a shared server is left running. */
  close(): Promise<void>;
}

/**
 * Whether the app creates what is missing: only with a key (the local server, or an account key a
 * council chose). With Entra ID (the managed identity) the data roles cannot create databases or
 * containers, which infra/azure.bicep declares: the app only reads each container.
 */
export function createsContainers(config: Pick<AppConfig, 'cosmos'>): boolean {
  return Boolean(config.cosmos.key);
}

export async function openTheStore(
  config: AppConfig,
  logger: Logger,
  options: StartOptions,
): Promise<OpenedStore> {
  if (options.sharedLocalCosmos) {
    const store = await openStore(options.sharedLocalCosmos.client, config.cosmos.database, true);
    return { store, close: async () => undefined };
  }
  if (config.cosmos.endpoint) {
    const client = createCosmosClient({
      endpoint: config.cosmos.endpoint,
      key: config.cosmos.key,
      database: config.cosmos.database,
    });
    const store = await openStore(client, config.cosmos.database, createsContainers(config));
    logger.info(
      { database: config.cosmos.database, auth: config.cosmos.key ? 'key' : 'entra-id' },
      'cosmos connected',
    );
    return { store, close: async () => store.client.dispose() };
  }
  // Loaded only here: the local server is a development dependency, absent in Azure.
  const { startLocalCosmos } = await import('../storage/localCosmos');
  const localCosmos = await startLocalCosmos({
    dataDir: options.ephemeralLocalCosmos ? undefined : config.dataDir,
  });
  const store = await openStore(localCosmos.client, config.cosmos.database, true);
  logger.warn(
    {
      endpoint: localCosmos.endpoint,
      snapshotFile: localCosmos.snapshotFile ?? 'none (memory only)',
      restoredDocuments: localCosmos.restoredDocuments,
    },
    'LOCAL COSMOS DB: COSMOS_ENDPOINT is not set, so an embedded Cosmos DB server is running in this process, for local use only.',
  );
  return {
    store,
    localCosmos,
    close: async () => {
      await localCosmos.stop();
      logger.info({ snapshotFile: localCosmos.snapshotFile }, 'local cosmos saved and stopped');
    },
  };
}
