/**
 * The patch directory in Cosmos DB: the version in force ("current") and every version ever loaded
 * ("version-<hash>"), so a routing decision made months ago can still be explained.
 */
import type { Container } from '@azure/cosmos';
import type { Directory } from '../domain/directory';

export interface StoredDirectory {
  directory: Directory;
  loadedAt: string;
  /** The file's name (not its path): where the version came from. */
  source: string;
}

/** Time away a coordinator set in Teams ("away from … to … cover …"); it overrides the file. */
export interface AwayOverride {
  email: string;
  /** Null: cleared ("back"), the file's own time away no longer applies either. */
  away: { from: string; to: string; cover?: string } | null;
  setBy: { aadObjectId: string; name: string };
  at: string;
}

export interface DirectoryRepository {
  saveAway(override: AwayOverride): Promise<void>;
  loadAway(): Promise<AwayOverride[]>;
  /** Stores the directory as current; `changed` is false when that version was already current. */
  saveCurrent(entry: StoredDirectory): Promise<{ changed: boolean }>;
  loadCurrent(): Promise<StoredDirectory | undefined>;
  loadVersion(version: string): Promise<StoredDirectory | undefined>;
}

interface DirectoryDocument extends StoredDirectory {
  id: string;
  type: 'directory';
  version: string;
  loadedAt: string;
}

export class CosmosDirectoryRepository implements DirectoryRepository {
  constructor(private readonly container: Container) {}

  async saveCurrent(entry: StoredDirectory): Promise<{ changed: boolean }> {
    const current = await this.loadCurrent();
    if (current?.directory.version === entry.directory.version) return { changed: false };
    const document = (id: string): DirectoryDocument => ({
      id,
      type: 'directory',
      version: entry.directory.version,
      ...entry,
    });
    // The version first: "current" must never point at a version that is not stored.
    await this.container.items.upsert(document(`version-${entry.directory.version}`));
    await this.container.items.upsert(document('current'));
    return { changed: true };
  }

  loadCurrent(): Promise<StoredDirectory | undefined> {
    return this.read('current');
  }

  async saveAway(override: AwayOverride): Promise<void> {
    await this.container.items.upsert({ id: `away-${override.email}`, type: 'away', ...override });
  }

  /** Query: /type (indexed). */
  async loadAway(): Promise<AwayOverride[]> {
    const { resources } = await this.container.items
      .query<AwayOverride>("SELECT c.email, c.away, c.setBy, c.at FROM c WHERE c.type = 'away'")
      .fetchAll();
    return resources;
  }

  loadVersion(version: string): Promise<StoredDirectory | undefined> {
    return this.read(`version-${version}`);
  }

  private async read(id: string): Promise<StoredDirectory | undefined> {
    const { resource } = await this.container.item(id, id).read<DirectoryDocument>();
    if (!resource) return undefined;
    return { directory: resource.directory, loadedAt: resource.loadedAt, source: resource.source };
  }
}
