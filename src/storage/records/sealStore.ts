/**
 * Where seals (src/domain/records/seal.ts) and legal holds' audit copies are kept: a blob
 * container, `audit-seals`. In Azure it is a storage account under a version-level immutability
 * (WORM) policy, reached through a private endpoint, where the app's identity may create and read
 * blobs and nothing else (a custom role without delete, infra/azure.bicep); locally and in tests,
 * Azurite (src/storage/localBlob.ts). Every write is create-once (If-None-Match: *), so the app
 * never overwrites a seal, and the check counts each blob's versions, so an overwrite by anyone
 * else (which Azure keeps as a new version) is seen.
 */
import { DefaultAzureCredential } from '@azure/identity';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';

export const SEALS_CONTAINER = 'audit-seals';

export interface SealStore {
  /** Names under a prefix, in order, with how many versions each has (1 unless overwritten). */
  list(prefix: string): Promise<{ name: string; versions: number }[]>;
  read(name: string): Promise<string>;
  /** Writes a new blob; refuses (throws) if one of that name exists. */
  create(name: string, text: string): Promise<void>;
}

export class BlobSealStore implements SealStore {
  constructor(private readonly container: ContainerClient) {}

  async list(prefix: string): Promise<{ name: string; versions: number }[]> {
    const versions = new Map<string, number>();
    for await (const blob of this.container.listBlobsFlat({ prefix, includeVersions: true }))
      versions.set(blob.name, (versions.get(blob.name) ?? 0) + 1);
    return [...versions]
      .map(([name, count]) => ({ name, versions: count }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async read(name: string): Promise<string> {
    return (await this.container.getBlockBlobClient(name).downloadToBuffer()).toString('utf8');
  }

  async create(name: string, text: string): Promise<void> {
    const body = Buffer.from(text, 'utf8');
    await this.container.getBlockBlobClient(name).upload(body, body.length, {
      conditions: { ifNoneMatch: '*' },
      blobHTTPHeaders: { blobContentType: 'application/json' },
    });
  }
}

/**
 * The seal store in Azure: SEAL_STORAGE_URL (the account's blob endpoint), as the app's managed
 * identity (AZURE_CLIENT_ID). The container is made by infra/azure.bicep, never by the app.
 */
export function azureSealStore(url: string): SealStore {
  const service = new BlobServiceClient(url, new DefaultAzureCredential());
  return new BlobSealStore(service.getContainerClient(SEALS_CONTAINER));
}
