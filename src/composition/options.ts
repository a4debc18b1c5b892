/** How a test, a benchmark or `npm start` may start the bot differently from production. */
import type { RetryPolicy } from '../domain/outbox/retries';
import type { LocalCosmos } from '../storage/localCosmos';
import type { Telemetry } from '../telemetry';

export interface StartOptions {
  /** Memory-only local Cosmos (tests): no snapshot file. */
  ephemeralLocalCosmos?: boolean;
  /**
   * A local Cosmos DB server already running, shared with other bots in this process (tests of
   * several instances, and of restarts): used as it is, and left running at stop.
   */
  sharedLocalCosmos?: LocalCosmos;
  /** How often to look for changes to the patch file and to the stored directory (ms). */
  directoryWatchMs?: number;
  directoryPollMs?: number;
  /** The clock routing, the outbox and reminders use (tests). */
  clock?: () => Date;
  telemetry?: Telemetry;
  /** How often each instance sweeps the outbox for anything due (ms; default 30 s; 0: never). */
  outboxPollMs?: number;
  /** Retries of notifications Teams did not take (default: src/domain/outbox/retries.ts). */
  retryPolicy?: RetryPolicy;
  /** How often to look for offers not accepted in time (ms; default 5 minutes; 0: never). */
  nudgeEveryMs?: number;
  /** How often to look whether last month is to be frozen and posted (ms; default 10 minutes; 0: never). */
  monthlyReportEveryMs?: number;
  /** How often to look for records due for review (ms; default an hour, at most one message a day; 0: never). */
  recordsReviewEveryMs?: number;
  /** How often to seal the audit (ms; default six hours, and at stop; 0: only at stop). */
  auditSealEveryMs?: number;
  /**
   * The least time a resident's journey takes from its first answer to sending (ms; default 20 s):
   * tests that drive the pages faster than a person set it lower.
   */
  minimumJourneyMs?: number;
  /** This instance's name in claims and leases (default: host name, process id and a random part). */
  instanceId?: string;
}
