/**
 * Introductions in Cosmos DB (`introductions`, partition key /id).
 *
 * Queries and the indexed paths they use:
 * - by introducer: /type, /introducerId, ordered in code by /createdAt (no OFFSET/LIMIT: the local
 *   server lacks it; an introducer's own list is small);
 * - likely duplicates: /type, /duplicateKeys/[], /createdAt;
 * - by coordinator: /type, /coordinatorEmail, /status; by status: /type, /status;
 * - notifications due (the outbox): /type, /outboxDue;
 * - the team queue: /type, /status, /deliveryProblem;
 * - records due for review: /type, /retainUntil; held records: /type, /legalHold/at;
 * - by reference (records leads): /type, /reference;
 * - what a monthly report reads: /type, /createdAt, /activeUntil (src/storage/reports/monitoringRepository.ts).
 */

import type { Container } from '@azure/cosmos';
import { ukToday } from '../../domain/directory/routing';
import type { FirstConversationSample } from '../../domain/introductions/expectedContact';
import type { Introduction, Status } from '../../domain/introductions/introduction';
import { compactHistory, type RecordClass } from '../../domain/introductions/introduction';
import { withDeliveryProblem } from '../../domain/outbox/outbox';
import { DEFAULT_RETENTION, type RetentionPolicy, withRetention } from '../../domain/records/retention';
import { withActivity } from '../../domain/reports/reportActivity';

export interface IntroductionSummary {
  id: string;
  reference: string;
  status: Status;
  createdAt: string;
  /** First name and initial only. */
  fullName: string;
  preferredName?: string;
  patchName?: string;
  patchId?: string;
  coordinatorName?: string;
}

/** A record past its retention date, as the review shows it: no name, no details. */
export type DueRecord = Pick<
  Introduction,
  'id' | 'reference' | 'recordClass' | 'retainUntil' | 'legalHold' | 'otherHolds' | 'disposalApproval'
> & {
  patchName?: string;
};

export type CreateOutcome =
  | { created: true; introduction: Introduction }
  | { created: false; existing: Introduction };

/** What an introduction's retention was stamped with on its last write. */
export interface RetentionStamp {
  id: string;
  recordClass?: RecordClass;
  lastContactAt?: string;
  retainUntil?: string;
}

export interface IntroductionRepository {
  /** Creates it, or returns the one already stored with the same id (a repeated submit). */
  create(introduction: Introduction): Promise<CreateOutcome>;
  get(id: string): Promise<Introduction | undefined>;
  listByIntroducer(introducerId: string): Promise<IntroductionSummary[]>;
  /** A coordinator's introductions in the given states (/type, /coordinatorEmail, /status indexed). */
  listByCoordinator(email: string, statuses: readonly Status[]): Promise<Introduction[]>;
  /** Every introduction in the given states (/type, /status indexed), oldest first. */
  listByStatus(statuses: readonly Status[]): Promise<Introduction[]>;
  /** Ids of introductions with a notification due at or before `now` (the outbox), earliest first. */
  listDue(now: string): Promise<string[]>;
  /** Waiting for someone to act (in the given states) or with someone unreachable, oldest first. */
  listForTeamQueue(statuses: readonly Status[]): Promise<Introduction[]>;
  /** An introduction by its reference ("LAC-7K4M-Q2"; /type, /reference indexed), for records leads. */
  findByReference(reference: string): Promise<Introduction | undefined>;
  /** Introductions whose retention date is on or before `today` (/type, /retainUntil), held ones included. */
  listDueForReview(today: string): Promise<DueRecord[]>;
  /** Every introduction's retention stamp (class, last contact, review date), for re-stamping. */
  listRetentionStamps(): Promise<RetentionStamp[]>;
  /**
   * Up to `limit` introductions written before `activeUntil` was stamped, stamped now (each
   * rewritten as it is, the repository stamping it): how many were found.
   */
  stampActivity(limit: number): Promise<number>;
  /** Records under a legal hold, due or not, as the review shows them (no name, no details). */
  listHeld(): Promise<DueRecord[]>;
  /**
   * Introductions made since `since` that have had their first conversation, as the expectation of
   * contact needs them (patch, day made, day of the first conversation): an indexed range on
   * `createdAt`, so its cost follows the six months asked for, not the whole history.
   */
  listFirstConversationsSince(since: string): Promise<FirstConversationSample[]>;
  /** Deletes it (disposal, src/services/records/disposalService.ts); false when it was gone already. */
  delete(id: string): Promise<boolean>;
  /** Ids of introductions sharing any of `keys`, created at or after `since`. */
  findByDuplicateKeys(keys: string[], since: string): Promise<string[]>;
  /**
   * Changes an introduction with optimistic concurrency (ETag, If-Match): `change` is applied to the
   * stored version and retried on the newer one if someone else changed it first. `change` may
   * return undefined to leave it as it is. Undefined when there is no such introduction.
   */
  update(
    id: string,
    change: (current: Introduction) => Introduction | undefined,
  ): Promise<Introduction | undefined>;
}

function isConflict(error: unknown): boolean {
  return (error as { code?: number }).code === 409;
}

export class CosmosIntroductionRepository implements IntroductionRepository {
  /** `retention`: the council's periods (its file's `records.retention`), read at every write. */
  constructor(
    private readonly container: Container,
    private readonly retention: () => RetentionPolicy = () => DEFAULT_RETENTION,
  ) {}

  async findByReference(reference: string): Promise<Introduction | undefined> {
    const { resources } = await this.container.items
      .query<Introduction>({
        query: "SELECT * FROM c WHERE c.type = 'introduction' AND c.reference = @reference",
        parameters: [{ name: '@reference', value: reference.toUpperCase() }],
      })
      .fetchAll();
    return resources[0];
  }

  /** Query: /type (indexed), projecting four small fields. */
  async listRetentionStamps(): Promise<RetentionStamp[]> {
    const { resources } = await this.container.items
      .query<RetentionStamp>(
        "SELECT c.id, c.recordClass, c.lastContactAt, c.retainUntil FROM c WHERE c.type = 'introduction'",
        { maxItemCount: -1 },
      )
      .fetchAll();
    return resources;
  }

  /** Query: /type and /activeUntil (indexed), ids only. */
  async stampActivity(limit: number): Promise<number> {
    const { resources } = await this.container.items
      .query<string>(
        {
          query:
            "SELECT TOP @limit VALUE c.id FROM c WHERE c.type = 'introduction' AND NOT IS_DEFINED(c.activeUntil)",
          parameters: [{ name: '@limit', value: limit }],
        },
        { maxItemCount: -1 },
      )
      .fetchAll();
    // How many were found, not how many were still there to stamp: the caller looks again while a
    // full batch comes back.
    for (const id of resources) await this.update(id, (current) => current);
    return resources.length;
  }

  /** Query: /type and /legalHold/at (indexed). */
  async listHeld(): Promise<DueRecord[]> {
    const { resources } = await this.container.items
      .query<DueRecord>(
        "SELECT c.id, c.reference, c.recordClass, c.retainUntil, c.legalHold, c.otherHolds, c.routing.patch.name AS patchName FROM c WHERE c.type = 'introduction' AND IS_DEFINED(c.legalHold.at)",
        { maxItemCount: -1 },
      )
      .fetchAll();
    return resources.sort((a, b) => ((a.legalHold?.at ?? '') < (b.legalHold?.at ?? '') ? -1 : 1));
  }

  async listFirstConversationsSince(since: string): Promise<FirstConversationSample[]> {
    const { resources } = await this.container.items
      .query<{ patchId?: string; createdAt: string; firstOn?: string }>(
        {
          query:
            "SELECT c.routing.patch.id AS patchId, c.createdAt, c.firstConversation['on'] AS firstOn FROM c WHERE c.type = 'introduction' AND c.createdAt >= @since AND IS_DEFINED(c.firstConversation)",
          parameters: [{ name: '@since', value: since }],
        },
        { maxItemCount: 1000 },
      )
      .fetchAll();
    return resources
      .filter((r) => r.firstOn !== undefined)
      .map((r) => ({
        ...(r.patchId ? { patchId: r.patchId } : {}),
        madeOn: ukToday(new Date(r.createdAt)),
        firstOn: r.firstOn ?? '',
      }));
  }

  async listDueForReview(today: string): Promise<DueRecord[]> {
    // What the review shows and nothing else: no name, no details.
    const { resources } = await this.container.items
      .query<DueRecord>(
        {
          query:
            "SELECT c.id, c.reference, c.recordClass, c.retainUntil, c.legalHold, c.otherHolds, c.disposalApproval, c.routing.patch.name AS patchName FROM c WHERE c.type = 'introduction' AND c.retainUntil <= @today",
          parameters: [{ name: '@today', value: today }],
        },
        { maxItemCount: -1 },
      )
      .fetchAll();
    return resources.sort((a, b) => ((a.retainUntil ?? '') < (b.retainUntil ?? '') ? -1 : 1));
  }

  async delete(id: string): Promise<boolean> {
    try {
      await this.container.item(id, id).delete();
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === 404) return false;
      throw error;
    }
  }

  async create(introduction: Introduction): Promise<CreateOutcome> {
    try {
      await this.container.items.create(withActivity(withRetention(introduction, this.retention())));
      return { created: true, introduction };
    } catch (error) {
      if (!isConflict(error)) throw error;
      const existing = await this.get(introduction.id);
      if (!existing) throw error;
      return { created: false, existing };
    }
  }

  async get(id: string): Promise<Introduction | undefined> {
    const { resource } = await this.container.item(id, id).read<Introduction>();
    return resource ?? undefined;
  }

  async listByIntroducer(introducerId: string): Promise<IntroductionSummary[]> {
    // Only what the list shows: the person's name is cut to first name and initial for display.
    const { resources } = await this.container.items
      .query<IntroductionSummary>({
        query:
          "SELECT c.id, c.reference, c.status, c.createdAt, c.person.fullName AS fullName, c.person.preferredName AS preferredName, c.routing.patch.name AS patchName, c.routing.patch.id AS patchId, c.routing.coordinator.name AS coordinatorName, c.restriction.at AS restrictedAt FROM c WHERE c.type = 'introduction' AND c.introducerId = @introducerId",
        parameters: [{ name: '@introducerId', value: introducerId }],
      })
      .fetchAll();
    // A restricted record is in no list, the introducer's own included.
    return resources
      .filter((r) => !(r as { restrictedAt?: string }).restrictedAt)
      .map(({ restrictedAt: _r, ...summary }: IntroductionSummary & { restrictedAt?: string }) => summary)
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }

  async listByCoordinator(email: string, statuses: readonly Status[]): Promise<Introduction[]> {
    const { resources } = await this.container.items
      .query<Introduction>({
        query:
          "SELECT * FROM c WHERE c.type = 'introduction' AND c.coordinatorEmail = @email AND ARRAY_CONTAINS(@statuses, c.status)",
        parameters: [
          { name: '@email', value: email.toLowerCase() },
          { name: '@statuses', value: [...statuses] },
        ],
      })
      .fetchAll();
    return resources.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  }

  async listByStatus(statuses: readonly Status[]): Promise<Introduction[]> {
    const { resources } = await this.container.items
      .query<Introduction>({
        query: "SELECT * FROM c WHERE c.type = 'introduction' AND ARRAY_CONTAINS(@statuses, c.status)",
        parameters: [{ name: '@statuses', value: [...statuses] }],
      })
      .fetchAll();
    return resources.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  }

  async listDue(now: string): Promise<string[]> {
    const { resources } = await this.container.items
      .query<{ id: string; outboxDue: string }>({
        query: "SELECT c.id, c.outboxDue FROM c WHERE c.type = 'introduction' AND c.outboxDue <= @now",
        parameters: [{ name: '@now', value: now }],
      })
      .fetchAll();
    return resources.sort((a, b) => (a.outboxDue < b.outboxDue ? -1 : 1)).map((r) => r.id);
  }

  async listForTeamQueue(statuses: readonly Status[]): Promise<Introduction[]> {
    const { resources } = await this.container.items
      .query<Introduction>({
        query:
          "SELECT * FROM c WHERE c.type = 'introduction' AND (ARRAY_CONTAINS(@statuses, c.status) OR c.deliveryProblem = true OR IS_DEFINED(c.needsCoordinator.since))",
        parameters: [{ name: '@statuses', value: [...statuses] }],
      })
      .fetchAll();
    return resources.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  }

  async update(
    id: string,
    change: (current: Introduction) => Introduction | undefined,
  ): Promise<Introduction | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { resource } = await this.container.item(id, id).read<Introduction & { _etag?: string }>();
      if (!resource) return undefined;
      const proposed = change(resource);
      if (!proposed) return resource;
      // Kept well under Cosmos DB's 2 MB item limit (src/domain/introductions/introduction.ts); its retention date
      // kept current with its last contact (src/domain/records/retention.ts); the team queue's flag for
      // someone not reached kept to whoever still matters (src/domain/outbox/outbox.ts); when a
      // monthly report last has to read it (src/domain/reports/reportActivity.ts).
      const changed = withActivity(
        withDeliveryProblem(withRetention(compactHistory(proposed), this.retention())),
      );
      try {
        const { resource: saved } = await this.container.item(id, id).replace(changed, {
          accessCondition: { type: 'IfMatch', condition: resource._etag ?? '' },
        });
        return saved as Introduction;
      } catch (error) {
        if ((error as { code?: number }).code !== 412) throw error;
      }
    }
    throw new Error(`introduction ${id} changed too often to update`);
  }

  async findByDuplicateKeys(keys: string[], since: string): Promise<string[]> {
    const ids = new Set<string>();
    for (const key of keys) {
      const { resources } = await this.container.items
        .query<{ id: string }>({
          query:
            "SELECT c.id FROM c WHERE c.type = 'introduction' AND ARRAY_CONTAINS(c.duplicateKeys, @key) AND c.createdAt >= @since",
          parameters: [
            { name: '@key', value: key },
            { name: '@since', value: since },
          ],
        })
        .fetchAll();
      for (const { id } of resources) ids.add(id);
    }
    return [...ids];
  }
}
