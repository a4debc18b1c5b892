/**
 * The Cosmos DB containers the app uses: the single source of truth for their ids, partition keys
 * and indexing. `ensureSchema` creates them from here, and infra/azure.bicep declares the same
 * definitions (a test keeps the two in step).
 *
 * Why these partition keys (see README, "Data in Cosmos DB"):
 * - A council handles hundreds to a few thousand introductions a year, so every container stays far
 *   below one physical partition (50 GB, 10,000 RU/s); the choice is about point reads and about
 *   keys that never change, not about spreading load.
 * - Keys that can change (an introduction's patch, status, coordinator) are never partition keys:
 *   moving a document between partitions is a delete plus a create, which cannot be atomic.
 * - So most containers use `/id`: every read by id is a 1 RU point read, and optimistic concurrency
 *   (ETag + If-Match) works per document. Lists ("my introductions", the triage queue) are
 *   cross-partition queries over indexed fields; at this volume they cost a few RU.
 *
 * Indexing: consistent, with only the paths that queries filter or sort on included and everything
 * else (free text about residents, nested card data) excluded. That keeps writes cheap (RU cost of
 * a write grows with the number of indexed paths) and keeps personal free text out of the index.
 * The local server ignores indexing policies, so every query the repositories make is listed with
 * the paths it needs in their doc comments.
 */

export interface IndexingPolicyDefinition {
  indexingMode: 'consistent';
  automatic: true;
  includedPaths: { path: string }[];
  excludedPaths: { path: string }[];
}

export interface ContainerDefinition {
  id: string;
  partitionKeyPath: string;
  indexingPolicy: IndexingPolicyDefinition;
  /** One line for the README and for operators. */
  purpose: string;
  /** Time to live: -1, on with no default (each item says its own); absent: off. */
  defaultTtl?: number;
}

function indexOnly(paths: string[]): IndexingPolicyDefinition {
  return {
    indexingMode: 'consistent',
    automatic: true,
    includedPaths: paths.map((path) => ({ path })),
    excludedPaths: [{ path: '/*' }, { path: '/"_etag"/?' }],
  };
}

export const CONTAINERS = {
  introductions: {
    id: 'introductions',
    partitionKeyPath: '/id',
    indexingPolicy: indexOnly([
      '/type/?',
      '/status/?',
      '/introducerId/?',
      '/coordinatorEmail/?',
      '/createdAt/?',
      '/duplicateKeys/[]/?',
      '/outboxDue/?',
      '/deliveryProblem/?',
      '/needsCoordinator/since/?',
      '/retainUntil/?',
      '/reference/?',
      '/legalHold/at/?',
      '/activeUntil/?',
      '/wellbeingLatestOn/?',
      '/restriction/at/?',
      '/routing/patch/id/?',
      '/firstConversation/on/?',
    ]),
    purpose: 'Introductions, each with its routing decision and its event history embedded.',
  },
  directory: {
    id: 'directory',
    partitionKeyPath: '/id',
    indexingPolicy: indexOnly(['/type/?']),
    purpose:
      'The patch directory loaded from the council file: the current version and past versions by hash.',
  },
  postcodes: {
    id: 'postcodes',
    partitionKeyPath: '/id',
    indexingPolicy: indexOnly(['/type/?']),
    purpose:
      'Postcode → ward from the imported ONS Postcode Directory, for ward-based patches (1 RU point reads).',
  },
  people: {
    id: 'people',
    partitionKeyPath: '/id',
    indexingPolicy: indexOnly(['/type/?', '/emailLower/?']),
    purpose: 'Teams users and channels the bot can reach: conversation references keyed by Entra object id.',
  },
  leases: {
    id: 'leases',
    partitionKeyPath: '/id',
    indexingPolicy: indexOnly(['/type/?']),
    purpose:
      'Leases that let one instance at a time run scheduled work (reminders), taken over when it stops.',
  },
  reports: {
    id: 'reports',
    partitionKeyPath: '/id',
    indexingPolicy: indexOnly(['/type/?', '/expiresAt/?']),
    purpose:
      'Download links, kept until they expire: monthly reports (counts only, never a person) and subject access exports (which records and who asked: the export is made when downloaded).',
  },
  records: {
    id: 'records',
    partitionKeyPath: '/id',
    indexingPolicy: indexOnly(['/type/?']),
    purpose: 'The records review state (what the daily review last told records leads).',
  },
  throttle: {
    id: 'throttle',
    partitionKeyPath: '/id',
    indexingPolicy: indexOnly(['/type/?']),
    purpose:
      "Counters for the residents' pages' rate limits, shared by every instance: one a hashed client address (or the whole service) and window, each deleted by its own TTL.",
    defaultTtl: -1,
  },
  drafts: {
    id: 'drafts',
    partitionKeyPath: '/id',
    indexingPolicy: indexOnly(['/type/?']),
    purpose:
      "A resident's answers between the residents' pages, sealed with a key only their browser's cookie gives, kept for two hours (TTL) and deleted once sent.",
    defaultTtl: -1,
  },
  audit: {
    id: 'audit',
    partitionKeyPath: '/subjectId',
    // `_ts`: what Cosmos DB took in since the last seal; `reference`: a destruction log entry by record.
    indexingPolicy: indexOnly(['/subjectId/?', '/type/?', '/_ts/?', '/reference/?']),
    purpose:
      'Append-only audit trail of every view and change of personal data, partitioned by what was seen; and the destruction log (chain destruction-log), kept for good.',
  },
} as const satisfies Record<string, ContainerDefinition>;

export type ContainerName = keyof typeof CONTAINERS;

export const ALL_CONTAINERS: readonly ContainerDefinition[] = Object.values(CONTAINERS);
