/**
 * The patch directory in Cosmos DB: the version in force ("current") and every version ever loaded
 * ("version-<hash>"), so a routing decision made months ago can still be explained and an
 * administrator can restore one; and proposals an administrator has checked but not yet confirmed
 * ("proposal-<id>", deleted when confirmed or cancelled).
 */
import type { Container } from '@azure/cosmos';
import type { Directory } from '../../domain/directory/directory';

export interface StoredDirectory {
  directory: Directory;
  loadedAt: string;
  /** The file's name (not its path): where the version came from. */
  source: string;
  /** The file's text, for `directory` (get the file) and restoring it. Absent on older versions. */
  content?: string;
  /** The deployed file, or confirmed in Teams by an administrator. Absent: the deployed file. */
  origin?: 'file' | 'teams';
  /** Who confirmed it in Teams, and why. */
  by?: { aadObjectId: string; name: string };
  reason?: string;
  /**
   * The deployed file's version when this one came into force: a version confirmed in Teams stays in
   * force until the deployed file's content differs from this (src/services/directory/directoryService.ts).
   */
  deployedFileVersion?: string;
}

/** A version coming into force: which, when, from where, who and why (no directory, no file). */
export type DirectoryHistoryEntry = Omit<StoredDirectory, 'directory' | 'content'> & { version: string };

/** A new version an administrator checked, waiting for Confirm or Cancel. */
export interface DirectoryProposal {
  id: string;
  content: string;
  /** The version in force when it was checked: confirming after another change is refused. */
  basedOn: string;
  /** "restore" when it is an earlier version brought back. */
  kind: 'new' | 'restore';
  by: { aadObjectId: string; name: string };
  at: string;
}

/**
 * The version last worked through, the version it was worked through against (so a look again at
 * it follows the same email changes), and the retention periods every record's review date is
 * known to follow (absent while a restamp is under way or was never done: then it is done again).
 */
export interface WorkedThrough {
  version: string;
  since?: string;
  retention?: { neverBecameSupportYears: number; supportYears: number };
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
  /** Ends time away set in Teams (the file's own applies again, if any). */
  deleteAway(email: string): Promise<void>;
  /** What was last worked through (offers routed again, people flagged, dates restamped). */
  loadReconciled(): Promise<WorkedThrough | undefined>;
  saveReconciled(marker: WorkedThrough): Promise<void>;
  loadAway(): Promise<AwayOverride[]>;
  /**
   * Stores the directory as current; `changed` is false when that version was already current.
   * With `expected`, only if the version current in the store is still that one (conditional on the
   * document's etag): otherwise it throws StaleDirectoryError and nothing is stored.
   */
  saveCurrent(entry: StoredDirectory, expected?: string): Promise<{ changed: boolean }>;
  loadCurrent(): Promise<StoredDirectory | undefined>;
  loadVersion(version: string): Promise<StoredDirectory | undefined>;
  /** Each time a version came into force, newest first (what `directory history` lists). */
  listHistory(): Promise<DirectoryHistoryEntry[]>;
  saveProposal(proposal: DirectoryProposal): Promise<void>;
  loadProposal(id: string): Promise<DirectoryProposal | undefined>;
  deleteProposal(id: string): Promise<boolean>;
  /** Deletes proposals checked before `before` (nobody can confirm them any more); how many. */
  deleteProposalsBefore(before: string): Promise<number>;
}

/** The directory in force changed since a proposal was checked: check it again. */
export class StaleDirectoryError extends Error {
  override name = 'StaleDirectoryError';
  constructor() {
    super('the patch directory in force changed meanwhile');
  }
}

interface DirectoryDocument extends StoredDirectory {
  id: string;
  type: 'directory';
  version: string;
  loadedAt: string;
}

export class CosmosDirectoryRepository implements DirectoryRepository {
  constructor(private readonly container: Container) {}

  async saveCurrent(entry: StoredDirectory, expected?: string): Promise<{ changed: boolean }> {
    const { resource: stored } = await this.container
      .item('current', 'current')
      .read<DirectoryDocument & { _etag?: string }>();
    if (expected !== undefined && stored?.version !== expected) throw new StaleDirectoryError();
    const current = stored ? await this.loadCurrent() : undefined;
    if (
      current?.directory.version === entry.directory.version &&
      (current.origin ?? 'file') === (entry.origin ?? 'file') &&
      current.deployedFileVersion === entry.deployedFileVersion
    )
      return { changed: false };
    const document = (id: string, type = 'directory'): DirectoryDocument => ({
      id,
      type: type as 'directory',
      version: entry.directory.version,
      ...entry,
    });
    // The version first: "current" must never point at a version that is not stored.
    await this.container.items.upsert(document(`version-${entry.directory.version}`));
    if (expected !== undefined && stored?._etag) {
      try {
        await this.container
          .item('current', 'current')
          .replace(document('current'), { accessCondition: { type: 'IfMatch', condition: stored._etag } });
      } catch (error) {
        if ((error as { code?: number }).code === 412) throw new StaleDirectoryError();
        throw error;
      }
    } else await this.container.items.upsert(document('current'));
    // Each time a version comes into force, for `directory history` (without the directory itself).
    const { directory: _directory, content: _content, ...facts } = entry;
    await this.container.items.upsert({
      id: `history-${entry.loadedAt}-${entry.directory.version}`,
      type: 'directory-history',
      version: entry.directory.version,
      ...facts,
    });
    return { changed: true };
  }

  loadCurrent(): Promise<StoredDirectory | undefined> {
    return this.read('current');
  }

  async saveAway(override: AwayOverride): Promise<void> {
    await this.container.items.upsert({ id: `away-${override.email}`, type: 'away', ...override });
  }

  async deleteAway(email: string): Promise<void> {
    await this.container
      .item(`away-${email}`, `away-${email}`)
      .delete()
      .catch((error: { code?: number }) => {
        if (error.code !== 404) throw error;
      });
  }

  async loadReconciled(): Promise<WorkedThrough | undefined> {
    const { resource } = await this.container.item('reconciled', 'reconciled').read<WorkedThrough>();
    if (!resource) return undefined;
    const { version, since, retention } = resource;
    return { version, ...(since ? { since } : {}), ...(retention ? { retention } : {}) };
  }

  async saveReconciled(marker: WorkedThrough): Promise<void> {
    await this.container.items.upsert({ id: 'reconciled', type: 'reconciled', ...marker });
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

  async listHistory(): Promise<DirectoryHistoryEntry[]> {
    // Whole documents: `by` is a reserved word in Cosmos DB's SQL, and these are small.
    const { resources } = await this.container.items
      .query<DirectoryHistoryEntry>("SELECT * FROM c WHERE c.type = 'directory-history'")
      .fetchAll();
    return resources
      .map(({ version, loadedAt, source, origin, by, reason, deployedFileVersion }) => ({
        version,
        loadedAt,
        source,
        ...(origin ? { origin } : {}),
        ...(by ? { by } : {}),
        ...(reason ? { reason } : {}),
        ...(deployedFileVersion ? { deployedFileVersion } : {}),
      }))
      .sort((a, b) => b.loadedAt.localeCompare(a.loadedAt));
  }

  async saveProposal(proposal: DirectoryProposal): Promise<void> {
    await this.container.items.upsert({ ...proposal, id: `proposal-${proposal.id}`, type: 'proposal' });
  }

  async loadProposal(id: string): Promise<DirectoryProposal | undefined> {
    const key = `proposal-${id}`;
    const { resource } = await this.container.item(key, key).read<DirectoryProposal & { type: string }>();
    if (resource?.type !== 'proposal') return undefined;
    const { content, basedOn, kind, by, at } = resource;
    return { id, content, basedOn, kind, by, at };
  }

  /** Deletes it; false when it was gone already (so of two presses at once, one wins). */
  async deleteProposal(id: string): Promise<boolean> {
    const key = `proposal-${id}`;
    try {
      await this.container.item(key, key).delete();
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 404) return false;
      throw error;
    }
  }

  /** Query: /type (indexed); proposals are few, so `at` is compared without an index. */
  async deleteProposalsBefore(before: string): Promise<number> {
    const { resources } = await this.container.items
      .query<{ id: string }>({
        query: "SELECT c.id FROM c WHERE c.type = 'proposal' AND c.at < @before",
        parameters: [{ name: '@before', value: before }],
      })
      .fetchAll();
    let deleted = 0;
    for (const { id } of resources) if (await this.deleteProposal(id.slice('proposal-'.length))) deleted++;
    return deleted;
  }

  private async read(id: string): Promise<StoredDirectory | undefined> {
    const { resource } = await this.container.item(id, id).read<DirectoryDocument>();
    if (!resource) return undefined;
    const { directory, loadedAt, source, content, origin, by, reason, deployedFileVersion } = resource;
    return {
      directory,
      loadedAt,
      source,
      ...(content !== undefined ? { content } : {}),
      ...(origin ? { origin } : {}),
      ...(by ? { by } : {}),
      ...(reason ? { reason } : {}),
      ...(deployedFileVersion ? { deployedFileVersion } : {}),
    };
  }
}
