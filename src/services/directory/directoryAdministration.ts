/**
 * The directory kept in Teams: an administrator gives a new version of the council's file, it is
 * checked with the same checker as `npm run patches:check`, its effect shown in people's words
 * (src/domain/directory/directoryChanges.ts), and only Confirm puts it into force (src/services/
 * directoryService.ts applyConfirmed), on every instance within its reload period. An earlier
 * version is restored the same way.
 *
 * Nobody is orphaned: when a version comes into force, time away set in Teams for someone who left
 * is ended here, and what the leavers hold is worked through in the background
 * (src/services/directory/directoryWorkThrough.ts): their offers routed again, their people shown
 * to the triage team as needing a coordinator (a hand-over: the person's status and history stay as
 * they are), and the records of a coordinator whose email changed following them. The introducer is
 * told only what routing always tells them.
 */
import { randomUUID } from 'node:crypto';
import { type Directory, type DirectoryProblem, parseDirectory } from '../../domain/directory/directory';
import {
  changeWords,
  type DirectoryChanges,
  directoryChanges,
  type Holding,
} from '../../domain/directory/directoryChanges';
import type { Actor } from '../../domain/introductions/introduction';
import { type DirectoryHistoryEntry, StaleDirectoryError } from '../../storage/directory/directoryRepository';
import {
  DirectoryWorkThrough,
  WITH_A_COORDINATOR,
  type Worked,
  type WorkThroughDependencies,
  type WorkThroughOutcome,
} from './directoryWorkThrough';

/** A checked proposal is kept this long for Confirm; after that, check it again. */
export const PROPOSAL_HOURS = 24;

export type CheckResult =
  | { ok: false; problems: DirectoryProblem[] }
  | {
      ok: true;
      proposalId: string;
      version: string;
      changes: DirectoryChanges;
      words: string[];
      /** What `patches:check` warns of (a person without an object id, a patch without anyone). */
      warnings: DirectoryProblem[];
    };

export type ConfirmResult =
  | { outcome: 'gone' | 'stale' | 'unchanged' }
  | { outcome: 'problems'; problems: DirectoryProblem[] }
  | {
      outcome: 'applied';
      version: string;
      words: string[];
      /** What the leavers held, now being worked through in the background. */
      offers: number;
      people: number;
    };

export class DirectoryAdministration {
  private readonly work: DirectoryWorkThrough;

  constructor(
    private readonly deps: WorkThroughDependencies & {
      /** The directory's own audit entry (written before a version comes into force). */
      auditDirectory: (actor: Actor, detail: string) => Promise<void>;
      /** The demo council's directory: never in force where real people are (src/config.ts). */
      isRefused: (version: string) => boolean;
      /**
       * Works the version in force through in the background (src/services/directory/
       * directoryChangeWorker.ts: serialised, once per version, with workThroughInForce). A leaver
       * can hold hundreds of records, far more than a card action's few seconds.
       */
      workThrough: (actor: Actor) => void;
    },
  ) {
    this.work = new DirectoryWorkThrough(deps);
  }

  private now(): Date {
    return (this.deps.clock ?? (() => new Date()))();
  }

  /** What the leavers hold now: offers waiting, people accepted or walked alongside. */
  private async changes(before: Directory, after: Directory): Promise<DirectoryChanges> {
    const first = directoryChanges(before, after, () => ({ offers: 0, people: 0 }));
    const holdings = new Map<string, Holding>();
    for (const leaver of first.leaving) {
      const [offers, people] = await Promise.all([
        this.deps.introductions.listByCoordinator(leaver.email, ['offered']),
        this.deps.introductions.listByCoordinator(leaver.email, WITH_A_COORDINATOR),
      ]);
      holdings.set(leaver.email, {
        offers: offers.filter((i) => !i.restriction).length,
        people: people.length,
      });
    }
    return directoryChanges(before, after, (email) => holdings.get(email) ?? { offers: 0, people: 0 });
  }

  /** Checks a file (pasted, or an earlier version's) and, if it is good, what it would change. */
  async check(content: string, actor: Actor, kind: 'new' | 'restore' = 'new'): Promise<CheckResult> {
    // A proposal holds a whole file (staff names, emails, object ids): once nobody can confirm it,
    // it goes. Swept whenever a file is checked, as report links are when one is made.
    const expired = new Date(this.now().getTime() - PROPOSAL_HOURS * 3_600_000).toISOString();
    await this.deps.repository
      .deleteProposalsBefore(expired)
      .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'expired proposals not swept'));
    const parsed = parseDirectory(content);
    if (!parsed.ok) return { ok: false, problems: parsed.errors };
    if (this.deps.isRefused(parsed.directory.version))
      return {
        ok: false,
        problems: [
          {
            line: 0,
            column: 0,
            path: '',
            message:
              "this is the demo council's directory, with fictional people: it is never put into force here",
          },
        ],
      };
    const before = this.deps.directories.directory;
    const changes = await this.changes(before, parsed.directory);
    const proposalId = randomUUID();
    await this.deps.repository.saveProposal({
      id: proposalId,
      content,
      basedOn: before.version,
      kind,
      by: { aadObjectId: actor.aadObjectId, name: actor.name },
      at: this.now().toISOString(),
    });
    return {
      ok: true,
      proposalId,
      version: parsed.directory.version,
      changes,
      words: changeWords(changes),
      warnings: parsed.warnings,
    };
  }

  /** Cancel, by whoever checked it: the proposal goes, nothing changes. */
  async cancel(proposalId: string, actor: Actor): Promise<void> {
    const proposal = await this.deps.repository.loadProposal(proposalId);
    if (proposal?.by.aadObjectId === actor.aadObjectId) await this.deps.repository.deleteProposal(proposalId);
  }

  /**
   * Confirm: the proposal comes into force, with who, when and why, if the version in force (in the
   * store, whichever instance confirmed last) is still the one it was checked against; then nobody is
   * left without a coordinator. Pressed twice, or on two devices at once, it applies once.
   */
  async confirm(proposalId: string, actor: Actor, reason: string): Promise<ConfirmResult> {
    const proposal = await this.deps.repository.loadProposal(proposalId);
    if (!proposal || proposal.by.aadObjectId !== actor.aadObjectId) return { outcome: 'gone' };
    // Claimed by deleting it: of two presses at once, one finds it gone.
    if (!(await this.deps.repository.deleteProposal(proposalId))) return { outcome: 'gone' };
    if (Date.parse(proposal.at) + PROPOSAL_HOURS * 3_600_000 < this.now().getTime())
      return { outcome: 'gone' };
    const stored = (await this.deps.repository.loadCurrent())?.directory ?? this.deps.directories.directory;
    if (proposal.basedOn !== stored.version) return { outcome: 'stale' };
    const parsed = parseDirectory(proposal.content);
    if (!parsed.ok) return { outcome: 'problems', problems: parsed.errors };
    if (parsed.directory.version === stored.version) return { outcome: 'unchanged' };
    if (this.deps.isRefused(parsed.directory.version)) return { outcome: 'gone' };
    const changes = await this.changes(stored, parsed.directory);
    // Audited before it is in force: a change that is in force is always in the trail.
    await this.deps.auditDirectory(actor, `version ${parsed.directory.version} (${proposal.kind})`);
    try {
      await this.deps.directories.applyConfirmed(
        {
          directory: parsed.directory,
          content: proposal.content,
          loadedAt: this.now().toISOString(),
          source: proposal.kind === 'restore' ? 'restored in Teams' : 'confirmed in Teams',
          by: { aadObjectId: actor.aadObjectId, name: actor.name },
          reason,
        },
        stored.version,
      );
    } catch (error) {
      if (error instanceof StaleDirectoryError) return { outcome: 'stale' };
      throw error;
    }
    this.deps.logger.info(
      { version: parsed.directory.version, leaving: changes.leaving.length, kind: proposal.kind },
      'patch directory changed in Teams',
    );
    // Time away set in Teams for someone who has left is ended.
    for (const leaver of changes.leaving) await this.deps.directories.clearAway(leaver.email);
    this.deps.workThrough(actor);
    return {
      outcome: 'applied',
      version: parsed.directory.version,
      words: changeWords(changes),
      offers: changes.leaving.reduce((n, l) => n + l.holding.offers, 0),
      people: changes.leaving.reduce((n, l) => n + l.holding.people, 0),
    };
  }

  /** Works the directory in force through (src/services/directory/directoryWorkThrough.ts). */
  reconcile(actor: Actor, options?: Parameters<DirectoryWorkThrough['reconcile']>[1]): Promise<Worked> {
    return this.work.reconcile(actor, options);
  }

  /** A restricted offer whose restriction is lifted, routed again if its coordinator left. */
  routeAgainIfLeft(id: string, actor: Actor): Promise<boolean> {
    return this.work.routeAgainIfLeft(id, actor);
  }

  /** The version in force worked through under the `directory-changes` lease. */
  workThroughInForce(
    actor: Actor,
    options?: Parameters<DirectoryWorkThrough['workThroughInForce']>[1],
  ): Promise<WorkThroughOutcome> {
    return this.work.workThroughInForce(actor, options);
  }

  /** `directory history`: each version that came into force, newest first. */
  history(): Promise<DirectoryHistoryEntry[]> {
    return this.deps.repository.listHistory();
  }

  /** The text of a stored version (to get the file, or restore it). */
  async contentOf(version: string): Promise<string | undefined> {
    return (await this.deps.repository.loadVersion(version))?.content;
  }
}
