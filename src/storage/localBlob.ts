/**
 * The embedded local Blob Storage: Azurite's blob server in this process on 127.0.0.1, spoken to
 * through `@azure/storage-blob` exactly like Azure, for the audit seals (src/storage/records/
 * sealStore.ts). It keeps its data under the local data folder (`seals/`), or in memory for tests.
 * For local use only: Azurite does not enforce immutability, so locally a seal is protected by the
 * app writing each one once, and by the check, not by the store.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { BlobServiceClient, type ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import BlobConfiguration from 'azurite/dist/src/blob/BlobConfiguration';
import BlobServer from 'azurite/dist/src/blob/BlobServer';
import { BlobSealStore, SEALS_CONTAINER, type SealStore } from './records/sealStore';

/** Azurite's own development account: published by Microsoft, for local use only. */
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface LocalBlob {
  /** The account's blob endpoint. */
  url: string;
  seals: SealStore;
  /** The container itself, with the development account's full rights (tests play the intruder). */
  container: ContainerClient;
  /** Where its data lives, or undefined in memory. */
  folder?: string;
  stop(): Promise<void>;
}

export async function startLocalBlob(options: { dataDir?: string } = {}): Promise<LocalBlob> {
  const folder = options.dataDir ? path.join(options.dataDir, 'seals') : undefined;
  if (folder) await mkdir(path.join(folder, 'blobs'), { recursive: true });
  const config = new BlobConfiguration(
    '127.0.0.1',
    0,
    undefined,
    folder ? path.join(folder, 'azurite-blob.json') : undefined,
    folder ? path.join(folder, 'azurite-blob-extents.json') : undefined,
    folder
      ? [{ locationId: 'Default', locationPath: path.join(folder, 'blobs'), maxConcurrency: 1 }]
      : undefined,
    false, // no access log
    undefined,
    false, // no debug log
    undefined,
    false, // strict
    // The SDK speaks a newer service version than Azurite knows; what the seals use, it serves.
    true,
    '',
    '',
    '',
    undefined,
    false,
    folder === undefined, // in memory
  );
  const server = new BlobServer(config);
  await server.start();
  const url = `${server.getHttpServerAddress()}/${ACCOUNT}`;
  const service = new BlobServiceClient(url, new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY));
  const container = service.getContainerClient(SEALS_CONTAINER);
  await container.createIfNotExists();
  return {
    url,
    seals: new BlobSealStore(container),
    container,
    ...(folder ? { folder } : {}),
    stop: async () => {
      await server.close();
      if (!folder) await server.clean();
    },
  };
}
