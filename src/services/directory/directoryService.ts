/**
 * Keeps the patch directory loaded: from the council's file into Cosmos DB at start (the directory
 * is data, shared by every instance), compiled into the in-memory routing index, and reloaded
 * without a restart when the file changes or another instance stores a new version. Introductions
 * already routed keep the decision they were given: a new directory only changes routing from then
 * on (src/services/directory/directoryAdministration.ts re-routes what a leaving coordinator held).
 *
 * Which version is in force: the deployed file seeds the first. A version an administrator confirms
 * in Teams wins over the deployed file until the deployed file's content changes again (a redeploy
 * with a different file is a deliberate change too, and the newer decision wins); `directory` says
 * which is in force and why.
 */
import { unwatchFile, watchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type Directory,
  type DirectoryProblem,
  formatProblem,
  parseDirectory,
  withDefaults,
} from '../../domain/directory/directory';
import { compileIndex, type RoutingIndex } from '../../domain/directory/routing';
import type { Logger } from '../../logger';
import type {
  AwayOverride,
  DirectoryRepository,
  StoredDirectory,
} from '../../storage/directory/directoryRepository';

export class DirectoryFileError extends Error {
  override name = 'DirectoryFileError';
  constructor(
    readonly file: string,
    readonly problems: DirectoryProblem[],
  ) {
    super(
      `The patch directory ${file} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems
        .map((p) => `  ${formatProblem(path.basename(file), p)}`)
        .join('\n')}`,
    );
  }
}

export interface DirectoryServiceOptions {
  file: string;
  /** How often to check the file for changes (ms); 0: never. */
  watchFileMs?: number;
  /** How often to check Cosmos DB for a version stored by another instance (ms); 0: never. */
  pollStoreMs?: number;
}

export type ReloadOutcome =
  | { outcome: 'loaded'; version: string }
  | { outcome: 'unchanged'; version: string }
  | { outcome: 'rejected'; problems: DirectoryProblem[] };

export class DirectoryService {
  private index?: RoutingIndex;
  private timers: NodeJS.Timeout[] = [];
  private watching = false;
  private reloading?: Promise<ReloadOutcome>;

  constructor(
    private readonly repository: DirectoryRepository,
    private readonly logger: Logger,
    private readonly options: DirectoryServiceOptions,
  ) {}

  /** Loads the file (failing with every problem listed if it is wrong), stores it, compiles it. */
  async start(): Promise<Directory> {
    this.away = new Map((await this.repository.loadAway()).map((o) => [o.email, o]));
    const outcome = await this.reloadFromFile();
    if (outcome.outcome === 'rejected') throw new DirectoryFileError(this.options.file, outcome.problems);
    const watchMs = this.options.watchFileMs ?? 2_000;
    if (watchMs > 0) {
      watchFile(this.options.file, { interval: watchMs, persistent: false }, (now, before) => {
        // Whatever goes wrong (Cosmos DB unreachable while storing it), never an unhandled rejection,
        // which would stop the process: logged, and the directory in force kept.
        if (now.mtimeMs !== before.mtimeMs || now.size !== before.size)
          void this.reloadFromFile().catch((error: unknown) =>
            this.logger.error(
              { err: error },
              'patch directory reload failed; keeping the directory in force',
            ),
          );
      });
      this.watching = true;
    }
    const pollMs = this.options.pollStoreMs ?? 30_000;
    if (pollMs > 0) {
      const timer = setInterval(() => void this.refreshFromStore().catch(() => undefined), pollMs);
      timer.unref();
      this.timers.push(timer);
    }
    return this.directory;
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    if (this.watching) unwatchFile(this.options.file);
    this.watching = false;
  }

  get routingIndex(): RoutingIndex {
    if (!this.index) throw new Error('the patch directory is not loaded yet');
    return this.index;
  }

  get directory(): Directory {
    return this.routingIndex.directory;
  }

  /** Re-reads the file. A file with problems is refused and the directory in force is kept. */
  reloadFromFile(): Promise<ReloadOutcome> {
    this.reloading ??= this.doReload().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  private async doReload(): Promise<ReloadOutcome> {
    const file = this.options.file;
    let content: string;
    try {
      content = await readFile(file, 'utf8');
    } catch (error) {
      const problem = {
        line: 0,
        column: 0,
        path: '',
        message: `cannot read the file: ${(error as Error).message}`,
      };
      this.logger.error(
        { file: path.basename(file) },
        'patch directory unreadable; keeping the directory in force',
      );
      return { outcome: 'rejected', problems: [problem] };
    }
    const parsed = parseDirectory(content);
    // Where, not what: a problem's words can name a coordinator or give their email, and logs
    // carry no personal data. `npm run patches:check -- FILE` prints every problem in full.
    for (const warning of parsed.warnings) {
      this.logger.warn({ file: path.basename(file), ...whereIs(warning) }, 'patch directory warning');
    }
    if (!parsed.ok) {
      this.logger.error(
        { file: path.basename(file), problems: parsed.errors.map(whereIs) },
        'patch directory refused; keeping the directory in force',
      );
      return { outcome: 'rejected', problems: parsed.errors };
    }
    const { directory } = parsed;
    this.deployedFileVersion = directory.version;
    // A version confirmed in Teams stays in force while the deployed file is the one it was
    // confirmed over; once the deployed file's content changes, the file is in force again.
    const stored = await this.repository.loadCurrent();
    if (stored?.origin === 'teams' && stored.deployedFileVersion === directory.version) {
      if (this.index?.directory.version === stored.directory.version)
        return { outcome: 'unchanged', version: stored.directory.version };
      this.inForce = stored;
      this.use(stored.directory);
      this.logger.info(
        { version: stored.directory.version },
        'patch directory confirmed in Teams kept in force',
      );
      return { outcome: 'loaded', version: stored.directory.version };
    }
    if (this.index?.directory.version === directory.version && this.inForce?.origin !== 'teams')
      return { outcome: 'unchanged', version: directory.version };
    const entry: StoredDirectory = {
      directory,
      loadedAt: new Date().toISOString(),
      source: path.basename(file),
      content,
      origin: 'file',
      deployedFileVersion: directory.version,
    };
    const { changed } = await this.repository.saveCurrent(entry);
    this.inForce = entry;
    this.use(directory);
    this.logger.info(
      { version: directory.version, patches: directory.patches.length, stored: changed },
      'patch directory loaded',
    );
    return { outcome: 'loaded', version: directory.version };
  }

  /** The deployed file's version (undefined until it has been read). */
  deployedFileVersion?: string;
  /** What is in force, where it came from, and who made it. */
  inForce?: StoredDirectory;

  /**
   * Puts a version an administrator confirmed in Teams into force, here and (through Cosmos DB)
   * on every instance within its reload period, if the version in force in the store is still
   * `expected` (StaleDirectoryError otherwise). It stays in force until the deployed file changes:
   * the deployed file it was confirmed over is the store's (during a rolling deploy, instances may
   * hold different files for a while; the one the store says is deployed counts).
   */
  async applyConfirmed(
    entry: Omit<StoredDirectory, 'origin' | 'deployedFileVersion'>,
    expected?: string,
  ): Promise<void> {
    const deployed = (await this.repository.loadCurrent())?.deployedFileVersion ?? this.deployedFileVersion;
    const confirmed: StoredDirectory = {
      ...entry,
      origin: 'teams',
      ...(deployed ? { deployedFileVersion: deployed } : {}),
    };
    await this.repository.saveCurrent(confirmed, expected);
    this.inForce = confirmed;
    // Whoever confirmed it works its consequences through themselves (and counts them for the card).
    this.use(confirmed.directory, false);
    this.logger.info({ version: confirmed.directory.version }, 'patch directory confirmed in Teams');
  }

  /** Called whenever the version in force here changes (to work through its consequences). */
  onChange?: (directory: Directory) => void;

  /** Picks up a version another instance stored. */
  async refreshFromStore(): Promise<boolean> {
    await this.refreshAway();
    const stored = await this.repository.loadCurrent();
    if (!stored || stored.directory.version === this.index?.directory.version) return false;
    this.inForce = stored;
    this.use(stored.directory);
    this.logger.info({ version: stored.directory.version }, 'patch directory refreshed from Cosmos DB');
    return true;
  }

  /** Time away set in Teams, by coordinator email; applied over the file's. */
  private away = new Map<string, AwayOverride>();
  private fileDirectory?: Directory;

  private use(stored: Directory, tell = true): void {
    // One stored by an earlier version: what the file has gained since, at its defaults.
    const directory = withDefaults(stored);
    const changed = tell && this.fileDirectory?.version !== directory.version;
    this.fileDirectory = directory;
    this.index = compileIndex(withAway(directory, this.away));
    if (changed) this.onChange?.(directory);
  }

  /** Ends time away set in Teams for someone (who left the directory); routing follows at once. */
  async clearAway(email: string): Promise<void> {
    await this.repository.deleteAway(email);
    this.away.delete(email);
    if (this.fileDirectory) this.use(this.fileDirectory);
  }

  /**
   * A coordinator's email changed: their time away set in Teams moves to the new one, and anyone's
   * time away naming them as cover names the new one.
   */
  async moveAway(from: string, to: string): Promise<void> {
    const overrides = await this.repository.loadAway();
    // Time away set under the new email since is theirs now: the old is only removed.
    const setSince = overrides.some((o) => o.email === to);
    for (const override of overrides) {
      if (override.email === from && setSince) {
        await this.repository.deleteAway(from);
        continue;
      }
      const cover = override.away?.cover === from ? { cover: to } : {};
      if (override.email !== from && !('cover' in cover)) continue;
      const moved: AwayOverride = {
        ...override,
        email: override.email === from ? to : override.email,
        away: override.away ? { ...override.away, ...cover } : null,
      };
      await this.repository.saveAway(moved);
      if (override.email === from) await this.repository.deleteAway(from);
    }
    await this.refreshAway();
  }

  /** Sets (or clears, with null) a coordinator's time away and cover; routing uses it at once. */
  async setAway(override: AwayOverride): Promise<void> {
    await this.repository.saveAway(override);
    this.away.set(override.email, override);
    if (this.fileDirectory) this.use(this.fileDirectory);
  }

  /** Reads time away set in Teams (at start, and when polling for other instances' changes). */
  async refreshAway(): Promise<void> {
    const overrides = await this.repository.loadAway();
    this.away = new Map(overrides.map((o) => [o.email, o]));
    if (this.fileDirectory) this.use(this.fileDirectory);
  }
}

/** The directory with time away set in Teams applied over the file's. */
export function withAway(directory: Directory, away: ReadonlyMap<string, AwayOverride>): Directory {
  if (away.size === 0) return directory;
  return {
    ...directory,
    patches: directory.patches.map((patch) => ({
      ...patch,
      coordinators: patch.coordinators.map((c) => {
        const override = away.get(c.email);
        if (!override) return c;
        const { away: _fromFile, ...rest } = c;
        return override.away ? { ...rest, away: override.away } : rest;
      }),
    })),
  };
}

/** A problem's place in the file, for the logs: line, column and path (no names, no emails). */
function whereIs(problem: DirectoryProblem): { line: number; column: number; path: string } {
  return { line: problem.line, column: problem.column, path: problem.path };
}
