/**
 * Working a directory version through: what the version in force means for what people hold, run
 * in the background under the `directory-changes` lease, one instance at a time, after a version
 * comes into force (confirmed in Teams, on another instance, or a deployed file). Nobody is
 * orphaned:
 * - each offer waiting for a coordinator who is no longer in its patch is routed again as routing
 *   would choose now ("coordinator left"), through the outbox like any offer;
 * - the people a leaving coordinator had accepted or walks alongside show in the team queue as
 *   "needs a coordinator", until a triage manager assigns someone;
 * - a coordinator whose email changed (the same Entra object id) keeps what they hold;
 * - when the retention periods changed, every record's review date follows.
 * Introductions already routed otherwise keep their decision.
 */
import type { Directory } from '../../domain/directory/directory';
import { type EmailChange, emailChanges, followEmailChange } from '../../domain/directory/directoryChanges';
import {
  type Actor,
  type Introduction,
  STATUSES,
  type Status,
  withEvent,
} from '../../domain/introductions/introduction';
import { changeStatus } from '../../domain/introductions/lifecycle';
import { enqueue } from '../../domain/outbox/outbox';
import { offerNotification } from '../../domain/outbox/recipients';
import { type RetentionPolicy, retainUntil, retainUntilOf } from '../../domain/records/retention';
import type { Logger } from '../../logger';
import type { DirectoryRepository } from '../../storage/directory/directoryRepository';
import type { IntroductionRepository } from '../../storage/introductions/introductionRepository';
import type { LeaseRepository } from '../../storage/leaseRepository';
import type { DirectoryService } from './directoryService';
import type { RoutingService } from './routingService';

/** Accepted, in touch, walked alongside: a coordinator is with the person now. */
export const WITH_A_COORDINATOR: readonly Status[] = ['accepted', 'in-touch', 'walking-alongside'];

/** The lease under which one instance at a time works a version through. */
export const DIRECTORY_CHANGES_LEASE = 'directory-changes';
/** How long the lease lasts without renewal; renewed while working, at most every GUARD_MS. */
const LEASE_MS = 60_000;
const GUARD_MS = 2_000;

/** What the records a pass changed add up to. */
export interface Worked {
  rerouted: number;
  needCoordinator: number;
  followed: number;
  /** Records whose review date changed with the retention periods. */
  restamped: number;
  /** Records that failed (logged): the pass is not complete, and is run again. */
  failed: number;
  /** Stopped part-way: a newer version came into force, or the lease was lost. */
  interrupted: boolean;
}

/**
 * What working the version in force through came to:
 * - `done`: every record looked at and changed as needed; remembered as worked through;
 * - `already`: that version was worked through before;
 * - `busy`: another instance is working a version through (it holds the lease);
 * - `superseded`: a newer version came into force part-way (work it through now);
 * - `incomplete`: some records failed (run it again later).
 */
export type WorkThroughOutcome =
  | ({ outcome: 'done'; version: string } & Worked)
  | { outcome: 'already' | 'busy' | 'superseded' }
  | ({ outcome: 'incomplete'; version: string } & Worked);

export interface WorkThroughDependencies {
  directories: DirectoryService;
  repository: DirectoryRepository;
  introductions: Pick<
    IntroductionRepository,
    'get' | 'listByCoordinator' | 'listByStatus' | 'listRetentionStamps' | 'update'
  >;
  routing: Pick<RoutingService, 'inBatch'>;
  /** An audit entry on an introduction this changed. */
  audit: (subjectId: string, actor: Actor, action: 'changed') => Promise<void>;
  notify: (introductionId: string) => void;
  /** One instance at a time works a version through (the `directory-changes` lease). */
  leases: LeaseRepository;
  instanceId: string;
  logger: Logger;
  clock?: () => Date;
}

export class DirectoryWorkThrough {
  constructor(private readonly deps: WorkThroughDependencies) {}

  private now(): Date {
    return (this.deps.clock ?? (() => new Date()))();
  }

  /**
   * Works through what the directory in force means for what people hold, and can be run any number
   * of times (each change is checked again on the latest record): after a confirm here, and on any
   * instance whose directory changed some other way (another instance's confirm, a deployed file),
   * once per version (workThroughInForce). A record that fails is logged and counted: the pass is
   * then incomplete and run again (src/services/directory/directoryChangeWorker.ts).
   *
   * - An offer waiting for someone who is no longer a coordinator of its patch (and is not covering
   *   there for one who is) is routed again within its patch if the patch is still there, else by
   *   its postcode: "coordinator left".
   * - A person accepted or walked alongside by someone in no patch any more needs a coordinator.
   */
  async reconcile(
    actor: Actor,
    options: {
      /** The version last worked through: coordinators whose email changed since are followed. */
      since?: Directory;
      /** Asked before each record: false stops the pass (a newer version, the lease lost). */
      goOn?: () => Promise<boolean>;
      /** Bring every record's review date up to the periods in force (only those that differ are written). */
      restamp?: boolean;
      /** Called before restamping begins (to forget that the dates were known to follow). */
      beforeRestamp?: () => Promise<void>;
    } = {},
  ): Promise<Worked> {
    const { since } = options;
    const goOn = options.goOn ?? (async () => true);
    const directory = this.deps.directories.directory;
    const at = this.now().toISOString();
    const by = { aadObjectId: actor.aadObjectId, name: actor.name };
    const worked: Worked = {
      rerouted: 0,
      needCoordinator: 0,
      followed: 0,
      restamped: 0,
      failed: 0,
      interrupted: false,
    };
    const moves = since ? emailChanges(since, directory) : [];
    for (const change of moves) {
      const followed = await this.followEmailChange(change, actor, at, goOn);
      worked.followed += followed.moved;
      worked.failed += followed.failed;
      if (followed.interrupted) return { ...worked, interrupted: true };
    }
    const is = directory.records.retention;
    if (options.restamp) {
      await options.beforeRestamp?.();
      const restamped = await this.restamp(is, goOn);
      worked.restamped += restamped.restamped;
      worked.failed += restamped.failed;
      if (restamped.interrupted) return { ...worked, interrupted: true };
    }
    const everyone = new Set(directory.patches.flatMap((p) => p.coordinators.map((c) => c.email)));
    // Anything still under a former email (its move failed) is left for the next pass, not taken
    // for a leaver's.
    const moving = new Set(moves.map((c) => c.from));
    const stillMoving = (i: Introduction) =>
      (i.coordinatorEmail !== undefined && moving.has(i.coordinatorEmail)) ||
      moving.has(i.routing.coordinator?.coveringFor?.email ?? '');
    const inPlace = inPlaceIn(directory);

    const away = (await this.deps.introductions.listByStatus(['offered'])).filter(
      (offer) => !offer.restriction && !inPlace(offer) && !stillMoving(offer),
    );
    // Caseloads counted once for them all, and only when there is something to route.
    const routing = away.length > 0 ? await this.deps.routing.inBatch() : undefined;
    for (const offer of away) {
      if (!routing) break;
      if (!(await goOn())) return { ...worked, interrupted: true };
      try {
        if (await this.routeAgain(offer, actor, at, inPlace, routing)) worked.rerouted++;
      } catch (error) {
        worked.failed++;
        this.deps.logger.error({ err: error, introductionId: offer.id }, 'offer not routed again');
      }
    }

    for (const person of await this.deps.introductions.listByStatus(WITH_A_COORDINATOR)) {
      if (person.needsCoordinator || person.coordinatorEmail === undefined) continue;
      if (everyone.has(person.coordinatorEmail) || stillMoving(person)) continue;
      if (!(await goOn())) return { ...worked, interrupted: true };
      try {
        let flagged = false;
        await this.deps.introductions.update(person.id, (latest) => {
          const email = latest.coordinatorEmail;
          flagged = email !== undefined && !everyone.has(email) && !latest.needsCoordinator;
          if (!flagged) return undefined;
          const left =
            latest.acceptedBy?.name ??
            (latest.routing.coordinator?.email === email ? latest.routing.coordinator?.name : undefined) ??
            'Their coordinator';
          const { coordinatorEmail: _was, ...rest } = latest;
          return withEvent(
            { ...rest, needsCoordinator: { since: at, formerCoordinator: left } },
            {
              at,
              by,
              type: 'coordinator-left',
              note: `${left} left the directory: this person needs a coordinator.`,
            },
          );
        });
        if (flagged) {
          worked.needCoordinator++;
          await this.deps.audit(person.id, actor, 'changed');
        }
      } catch (error) {
        worked.failed++;
        this.deps.logger.error(
          { err: error, introductionId: person.id },
          'person not flagged as needing a coordinator',
        );
      }
    }
    return worked;
  }

  /**
   * A restricted offer is left alone while restricted (nothing but storage); when its restriction
   * is lifted, it is looked at as a directory change would have: routed again if its coordinator is
   * no longer in its patch. True if it was.
   */
  async routeAgainIfLeft(id: string, actor: Actor): Promise<boolean> {
    const offer = await this.deps.introductions.get(id);
    const directory = this.deps.directories.directory;
    const inPlace = inPlaceIn(directory);
    if (offer?.status !== 'offered' || offer.restriction || inPlace(offer)) return false;
    // Its coordinator still in the patch under another email (the change not yet worked through):
    // theirs still; the background pass moves it to their new email.
    const holder = offer.routing.coordinator;
    const holderId = holder?.email === offer.coordinatorEmail ? holder?.aadObjectId : undefined;
    const patch = directory.patches.find((p) => p.id === offer.routing.patch?.id);
    if (holderId && patch?.coordinators.some((c) => c.aadObjectId === holderId)) return false;
    const routing = await this.deps.routing.inBatch();
    return this.routeAgain(offer, actor, this.now().toISOString(), inPlace, routing);
  }

  /**
   * Works the version in force through, under the `directory-changes` lease so one instance at a
   * time does it: the latest version in the store, against the version last worked through (so an
   * email change since then is followed, not taken for a leaver and a joiner). Before each record it
   * checks (at most every GUARD_MS, renewing the lease) that the version is still the one in force,
   * the lease still its own and the instance not stopping, and stops if not: a pass on a version no
   * longer in force would take a newer version's joiners for leavers. Remembered as worked through
   * only when every record was. `again` looks once more at a version already worked through, against
   * the same earlier version (for records an instance made before it had loaded the version:
   * src/services/directory/directoryChangeWorker.ts). Review dates are restamped when the periods changed, or
   * when it is not known that every record follows them (a restamp interrupted, or never done).
   */
  async workThroughInForce(
    actor: Actor,
    options: { again?: boolean; stopping?: () => boolean } = {},
  ): Promise<WorkThroughOutcome> {
    const { leases, instanceId, directories, repository } = this.deps;
    if (!(await leases.acquire(DIRECTORY_CHANGES_LEASE, instanceId, this.now(), LEASE_MS)))
      return { outcome: 'busy' };
    try {
      await directories.refreshFromStore();
      const version = directories.directory.version;
      const marker = await repository.loadReconciled();
      if (marker?.version === version && !options.again) return { outcome: 'already' };
      const sinceVersion = marker && marker.version !== version ? marker.version : marker?.since;
      const since = sinceVersion ? (await repository.loadVersion(sinceVersion))?.directory : undefined;
      const retention = directories.directory.records.retention;
      const restamp =
        !samePeriods(marker?.retention, retention) ||
        (since !== undefined && !samePeriods(since.records.retention, retention));
      let checked = Date.now();
      const goOn = async () => {
        if (options.stopping?.()) return false;
        if (Date.now() - checked < GUARD_MS) return directories.directory.version === version;
        checked = Date.now();
        const ours = await leases.acquire(DIRECTORY_CHANGES_LEASE, instanceId, this.now(), LEASE_MS);
        const current = (await repository.loadCurrent())?.directory.version;
        return ours && current === version && directories.directory.version === version;
      };
      const worked = await this.reconcile(actor, {
        ...(since ? { since } : {}),
        goOn,
        restamp,
        // Until this pass is done, nobody may take the dates for following any periods.
        beforeRestamp: async () => {
          if (marker?.retention) {
            const { retention: _known, ...rest } = marker;
            await repository.saveReconciled(rest);
          }
        },
      });
      if (worked.rerouted + worked.needCoordinator + worked.followed + worked.restamped + worked.failed > 0)
        this.deps.logger.info({ version, ...worked }, 'directory change worked through');
      if (worked.interrupted) return { outcome: 'superseded' };
      if (worked.failed > 0) return { outcome: 'incomplete', version, ...worked };
      // Remembered only while it is still the version in force and the lease still ours.
      checked = 0;
      if (!(await goOn())) return { outcome: 'superseded' };
      await repository.saveReconciled({
        version,
        ...(sinceVersion ? { since: sinceVersion } : {}),
        retention: { ...retention },
      });
      return { outcome: 'done', version, ...worked };
    } finally {
      await leases.release(DIRECTORY_CHANGES_LEASE, instanceId).catch(() => undefined);
    }
  }

  /**
   * Moves what a coordinator holds under their former email to their new one. Restricted records
   * too: who holds a record is bookkeeping, not processing of the person, and a restriction lifted
   * later must find its coordinator. Their time away set in Teams moves with them.
   */
  private async followEmailChange(
    change: EmailChange,
    actor: Actor,
    at: string,
    goOn: () => Promise<boolean>,
  ): Promise<{ moved: number; failed: number; interrupted: boolean }> {
    const by = { aadObjectId: actor.aadObjectId, name: actor.name };
    const held = await this.deps.introductions.listByCoordinator(change.from, STATUSES);
    const covering = (await this.deps.introductions.listByStatus(['offered'])).filter(
      (offer) => offer.routing.coordinator?.coveringFor?.email === change.from,
    );
    const result = { moved: 0, failed: 0, interrupted: false };
    for (const id of new Set([...held, ...covering].map((i) => i.id))) {
      if (!(await goOn())) return { ...result, interrupted: true };
      try {
        let moved = false;
        await this.deps.introductions.update(id, (latest) => {
          const next = followEmailChange(latest, change, at, by);
          moved = next !== undefined;
          return next;
        });
        if (moved) {
          result.moved++;
          await this.deps.audit(id, actor, 'changed');
        }
      } catch (error) {
        result.failed++;
        this.deps.logger.error({ err: error, introductionId: id }, 'record not moved to a new email');
      }
    }
    await this.deps.directories.moveAway(change.from, change.to);
    return result;
  }

  /**
   * The retention periods changed: every record's review date follows at once (each write stamps it
   * with the periods in force, src/storage/introductions/introductionRepository.ts), not only when it is next
   * written, so a shortened period brings records to review and a lengthened one takes them out.
   * Only records whose date changes are written.
   */
  private async restamp(
    policy: RetentionPolicy,
    goOn: () => Promise<boolean>,
  ): Promise<{ restamped: number; failed: number; interrupted: boolean }> {
    const result = { restamped: 0, failed: 0, interrupted: false };
    for (const stamp of await this.deps.introductions.listRetentionStamps()) {
      const expected =
        stamp.recordClass && stamp.lastContactAt
          ? retainUntilOf(stamp.recordClass, stamp.lastContactAt, policy)
          : undefined;
      if (expected !== undefined && expected === stamp.retainUntil) continue;
      if (!(await goOn())) return { ...result, interrupted: true };
      try {
        let changed = false;
        await this.deps.introductions.update(stamp.id, (latest) => {
          changed = retainUntil(latest, policy) !== latest.retainUntil;
          return changed ? latest : undefined;
        });
        if (changed) result.restamped++;
      } catch (error) {
        result.failed++;
        this.deps.logger.error(
          { err: error, introductionId: stamp.id },
          'review date not brought up to date',
        );
      }
    }
    return result;
  }

  /**
   * One offer, routed again as routing would choose now, its offer sent and the change audited;
   * true if it was.
   */
  private async routeAgain(
    offer: Introduction,
    actor: Actor,
    at: string,
    inPlace: (i: Introduction) => boolean,
    routing: Pick<RoutingService, 'route' | 'passTo'>,
  ): Promise<boolean> {
    const left = offer.routing.coordinator?.name ?? 'Its coordinator';
    const patch = offer.routing.patch;
    const why = `${left} is no longer a coordinator of ${patch?.name ?? 'its patch'} (coordinator left)`;
    // Within its patch (where people decided it belongs) while the patch is there; else by postcode.
    const decision =
      (patch && (await routing.passTo(patch.id, actor.name, why))) ||
      (await routing.route({
        ...(offer.person.postcode ? { postcode: offer.person.postcode } : {}),
        noFixedAddress: offer.person.noFixedAddress,
      }));
    let routedAgain = false;
    await this.deps.introductions.update(offer.id, (latest) => {
      routedAgain = false;
      if (latest.status !== 'offered' || latest.restriction || inPlace(latest)) return undefined;
      const changed = changeStatus(
        latest,
        decision.coordinator ? 'offered' : 'with-triage',
        actor,
        at,
        `Routed again: ${why}. ${decision.explanation}`,
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
      this.deps.notify(offer.id);
      await this.deps.audit(offer.id, actor, 'changed');
    }
    return routedAgain;
  }
}

/**
 * Whether an introduction is where the directory would have it: held by a coordinator of its patch,
 * or by someone covering for a coordinator of its patch who is away (while both are in the
 * directory).
 */
function inPlaceIn(directory: Directory): (i: Pick<Introduction, 'routing' | 'coordinatorEmail'>) => boolean {
  const coordinatorsOf = (patchId: string | undefined) =>
    directory.patches.find((p) => p.id === patchId)?.coordinators.map((c) => c.email) ?? [];
  const everyone = new Set(directory.patches.flatMap((p) => p.coordinators.map((c) => c.email)));
  return (i) => {
    const patch = coordinatorsOf(i.routing.patch?.id);
    if (i.coordinatorEmail !== undefined && patch.includes(i.coordinatorEmail)) return true;
    const covered = i.routing.coordinator?.coveringFor?.email;
    return (
      covered !== undefined &&
      patch.includes(covered) &&
      i.coordinatorEmail !== undefined &&
      everyone.has(i.coordinatorEmail)
    );
  };
}

/** Whether two retention policies are the same periods (undefined: not known, never the same). */
function samePeriods(a: RetentionPolicy | undefined, b: RetentionPolicy): boolean {
  return (
    a !== undefined &&
    a.neverBecameSupportYears === b.neverBecameSupportYears &&
    a.supportYears === b.supportYears
  );
}
