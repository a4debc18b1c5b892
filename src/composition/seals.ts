/**
 * The audit's key and its seal store: AUDIT_KEY and SEAL_STORAGE_URL in Azure (both required with
 * COSMOS_ENDPOINT, src/config.ts); locally, the data folder's key and an embedded Azurite beside the
 * embedded Cosmos DB, started and stopped with it; a test's run, a key and an Azurite of its own in
 * memory.
 */
import type { AppConfig } from '../config';
import type { Logger } from '../logger';
import type { LocalBlob } from '../storage/localBlob';
import { auditKeyFrom, localAuditKey } from '../storage/records/auditKey';
import { azureSealStore, type SealStore } from '../storage/records/sealStore';
import type { StartOptions } from './options';

export interface OpenedSeals {
  auditKey: Buffer;
  seals: SealStore;
  /** Set when the embedded Azurite is in use (started here, stopped by `close`). */
  localBlob?: LocalBlob;
  close(): Promise<void>;
}

export async function openTheSeals(
  config: AppConfig,
  logger: Logger,
  options: StartOptions,
): Promise<OpenedSeals> {
  const memoryOnly = Boolean(options.ephemeralLocalCosmos || options.sharedLocalCosmos);
  const auditKey = config.auditKey
    ? auditKeyFrom(config.auditKey)
    : await localAuditKey(memoryOnly ? undefined : config.dataDir);
  if (config.sealStorageUrl)
    return { auditKey, seals: azureSealStore(config.sealStorageUrl), close: async () => undefined };
  // Loaded only here: Azurite is a development dependency, absent in Azure.
  const { startLocalBlob } = await import('../storage/localBlob');
  const localBlob = await startLocalBlob(memoryOnly ? {} : { dataDir: config.dataDir });
  logger.info(
    { url: localBlob.url, folder: localBlob.folder ?? 'none (memory only)' },
    'local seal store: Azurite in this process, for local use only',
  );
  return { auditKey, seals: localBlob.seals, localBlob, close: () => localBlob.stop() };
}
