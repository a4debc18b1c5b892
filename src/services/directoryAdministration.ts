/**
 * The directory kept in Teams: an administrator gives a new version of the council's file, it is
 * checked with the same checker as `npm run patches:check`, its effect shown in people's words
 * (src/domain/directoryChanges.ts), and only Confirm puts it into force (src/services/
 * directoryService.ts applyConfirmed), on every instance within its reload period. An earlier
 * version is restored the same way.
 *
 * Nobody is orphaned: when a version comes into force,
 * - each offer waiting for a coordinator who is no longer in its patch is routed again as routing
 *   would choose now ("coordinator left"), through the outbox like any offer;
 * - the people a leaving coordinator had accepted or walks alongside show in the team queue as
 *   "needs a coordinator", oldest first, until a triage manager assigns someone (a hand-over: the
 *   person's status and history stay as they are);
 * - time away set in Teams for someone who left is ended.
 * Introductions already routed otherwise keep their decision. The introducer is told only what
 * routing always tells them.
 */
import { randomUUID } from 'node:crypto';
import { type Directory, type DirectoryProblem, parseDirectory } from '../domain/directory';
import {
  changeWords,
  type DirectoryChanges,
  directoryChanges,
  type Holding,
} from '../domain/directoryChanges';
import {
  type Actor,
  type Introduction,
  offerNotification,
  type Status,
  withEvent,
} from '../domain/introduction';
import { changeStatus } from '../domain/lifecycle';
import { enqueue } from '../domain/outbox';
import type { Logger } from '../logger';
import type { DirectoryHistoryEntry, DirectoryRepository } from '../storage/directoryRepository';
import type { IntroductionRepository } from '../storage/introductionRepository';
import type { DirectoryService } from './directoryService';
import type { RoutingService } from './routingService';

/** Accepted, in touch, walked alongside: a coordinator is with the person now. */
export const WITH_A_COORDINATOR: readonly Status[] = ['accepted', 'in-touch', 'walking-alongside'];

/** A checked proposal is kept this long for Confirm; after that, check it again. */
export const PROPOSAL_HOURS = 24;

export type CheckResult =
  | { ok: false; problems: DirectoryProblem[] }
  | { ok: true; proposalId: string; version: string; changes: DirectoryChanges; words: string[] };

export type ConfirmResult =
  | { outcome: 'gone' | 'stale' | 'unchanged' }
  | { outcome: 'problems'; problems: DirectoryProblem[] }
  | { outcome: 'applied'; version: string; words: string[]; rerouted: number; needCoordinator: number };

export class DirectoryAdministration {
  constructor(
    private readonly deps: {
      directories: DirectoryService;
      repository: DirectoryRepository;
      introductions: Pick<IntroductionRepository, 'listByCoordinator' | 'listByStatus' | 'update'>;
      routing: Pick<RoutingService, 'route'>;
      audit: (subjectId: string, actor: Actor, action: 'changed') => Promise<void>;
      notify: (introductionId: string) => void;
      logger: Logger;
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return (this.deps.clock ?? (() => new Date()))();
  }

  /** What each coordinator holds now: offers waiting, people accepted or walked alongside. */
  private async holdings(directory: Directory): Promise<Map<string, Holding>> {
    const holdings = new Map<string, Holding>();
    for (const patch of directory.patches)
      for (const c of patch.coordinators) {
        if (holdings.has(c.email)) continue;
        const [offers, people] = await Promise.all([
          this.deps.introductions.listByCoordinator(c.email, ['offered']),
          this.deps.introductions.listByCoordinator(c.email, WITH_A_COORDINATOR),
        ]);
        holdings.set(c.email, {
          offers: offers.filter((i) => !i.restriction).length,
          people: people.filter((i) => !i.restriction).length,
        });
      }
    return holdings;
  }

  /** Checks a file (pasted, or an earlier version's) and, if it is good, what it would change. */
  async check(content: string, actor: Actor, kind: 'new' | 'restore' = 'new'): Promise<CheckResult> {
    const parsed = parseDirectory(content);
    if (!parsed.ok) return { ok: false, problems: parsed.errors };
    const before = this.deps.directories.directory;
    const holdings = await this.holdings(before);
    const changes = directoryChanges(
      before,
      parsed.directory,
      (email) => holdings.get(email) ?? { offers: 0, people: 0 },
    );
    const proposalId = randomUUID();
    await this.deps.repository.saveProposal({
      id: proposalId,
      content,
      basedOn: before.version,
      kind,
      by: { aadObjectId: actor.aadObjectId, name: actor.name },
      at: this.now().toISOString(),
    });
    return { ok: true, proposalId, version: parsed.directory.version, changes, words: changeWords(changes) };
  }

  /** Cancel: the proposal goes, nothing changes. */
  cancel(proposalId: string): Promise<void> {
    return this.deps.repository.deleteProposal(proposalId);
  }

  /**
   * Confirm: the proposal comes into force, with who, when and why, if nothing changed since it was
   * checked; then nobody is left without a coordinator. Pressed twice, the second finds it gone.
   */
  async confirm(proposalId: string, actor: Actor, reason: string): Promise<ConfirmResult> {
    const proposal = await this.deps.repository.loadProposal(proposalId);
    if (!proposal || proposal.by.aadObjectId !== actor.aadObjectId) return { outcome: 'gone' };
    const expired = Date.parse(proposal.at) + PROPOSAL_HOURS * 3_600_000 < this.now().getTime();
    const before = this.deps.directories.directory;
    if (expired || proposal.basedOn !== before.version) {
      await this.deps.repository.deleteProposal(proposalId);
      return { outcome: expired ? 'gone' : 'stale' };
    }
    const parsed = parseDirectory(proposal.content);
    if (!parsed.ok) return { outcome: 'problems', problems: parsed.errors };
    await this.deps.repository.deleteProposal(proposalId);
    if (parsed.directory.version === before.version) return { outcome: 'unchanged' };
    const holdings = await this.holdings(before);
    const changes = directoryChanges(
      before,
      parsed.directory,
      (email) => holdings.get(email) ?? { offers: 0, people: 0 },
    );
    await this.deps.directories.applyConfirmed({
      directory: parsed.directory,
      content: proposal.content,
      loadedAt: this.now().toISOString(),
      source: proposal.kind === 'restore' ? 'restored in Teams' : 'confirmed in Teams',
      by: { aadObjectId: actor.aadObjectId, name: actor.name },
      reason,
    });
    this.deps.logger.info(
      { version: parsed.directory.version, leaving: changes.leaving.length, kind: proposal.kind },
      'patch directory changed in Teams',
    );
    const followed = await this.nobodyOrphaned(before, parsed.directory, changes, actor);
    return {
      outcome: 'applied',
      version: parsed.directory.version,
      words: changeWords(changes),
      ...followed,
    };
  }

  /** After a change: offers routed again, a leaver's people flagged, a leaver's time away ended. */
  private async nobodyOrphaned(
    before: Directory,
    after: Directory,
    changes: DirectoryChanges,
    actor: Actor,
  ): Promise<{ rerouted: number; needCoordinator: number }> {
    const at = this.now().toISOString();
    const by = { aadObjectId: actor.aadObjectId, name: actor.name };
    const inPatch = (patchId: string | undefined, email: string | undefined) =>
      email !== undefined &&
      (after.patches.find((p) => p.id === patchId)?.coordinators.some((c) => c.email === email) ?? false);
    const nameOf = (email: string) =>
      before.patches.flatMap((p) => p.coordinators).find((c) => c.email === email)?.name ??
      'Their coordinator';

    let rerouted = 0;
    for (const offer of await this.deps.introductions.listByStatus(['offered'])) {
      if (offer.restriction || inPatch(offer.routing.patch?.id, offer.coordinatorEmail)) continue;
      const left = nameOf(offer.coordinatorEmail ?? '');
      const decision = await this.deps.routing.route({
        ...(offer.person.postcode ? { postcode: offer.person.postcode } : {}),
        noFixedAddress: offer.person.noFixedAddress,
      });
      const why = `Routed again: ${left} is no longer a coordinator of ${offer.routing.patch?.name ?? 'its patch'} (coordinator left). ${decision.explanation}`;
      let routedAgain = false;
      await this.deps.introductions.update(offer.id, (latest) => {
        routedAgain = false;
        if (latest.status !== 'offered' || latest.restriction) return undefined;
        if (inPatch(latest.routing.patch?.id, latest.coordinatorEmail)) return undefined;
        const changed = changeStatus(
          latest,
          decision.coordinator ? 'offered' : 'with-triage',
          actor,
          at,
          why,
        );
        if (!changed.ok) return undefined;
        const { coordinatorEmail: _was, ...rest } = changed.introduction;
        const routed: Introduction = {
          ...rest,
          routing: decision,
          ...(decision.coordinator ? { coordinatorEmail: decision.coordinator.email } : {}),
        };
        routedAgain = true;
        return enqueue(routed, at, offerNotification(routed));
      });
      if (routedAgain) {
        rerouted++;
        this.deps.notify(offer.id);
        await this.deps.audit(offer.id, actor, 'changed');
      }
    }

    let needCoordinator = 0;
    for (const leaver of changes.leaving) {
      for (const person of await this.deps.introductions.listByCoordinator(
        leaver.email,
        WITH_A_COORDINATOR,
      )) {
        if (person.restriction || person.needsCoordinator) continue;
        let flagged = false;
        await this.deps.introductions.update(person.id, (latest) => {
          flagged = latest.coordinatorEmail === leaver.email && !latest.needsCoordinator;
          if (!flagged) return undefined;
          const { coordinatorEmail: _was, ...rest } = latest;
          return withEvent(
            { ...rest, needsCoordinator: { since: at, formerCoordinator: leaver.name } },
            {
              at,
              by,
              type: 'coordinator-left',
              note: `${leaver.name} left the directory: this person needs a coordinator.`,
            },
          );
        });
        if (flagged) {
          needCoordinator++;
          await this.deps.audit(person.id, actor, 'changed');
        }
      }
      // Time away set in Teams for someone who has left is ended.
      await this.deps.directories.setAway({ email: leaver.email, away: null, setBy: by, at });
    }
    return { rerouted, needCoordinator };
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
