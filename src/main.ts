/**
 * Composition root: configuration → logger → Cosmos DB (Azure, or the embedded local server) → each
 * feature's storage, services and Teams handlers (one module per feature in src/composition/) →
 * the Teams application → the HTTP server → the background workers. `startBot` returns a handle
 * whose `stop` undoes it all in order, so `npm start`, `npm run start:bot` and the tests start and
 * stop the same thing. A new feature adds its module in src/composition/ and a few lines here.
 */

import { hostname } from 'node:os';
import { createBotApplication } from './bot/app';
import type { Offers } from './bot/offers/offers';
import { wireDirectory, wireDirectoryAdministration } from './composition/directory';
import { introductionStores, wireIntroductions } from './composition/introductions';
import type { StartOptions } from './composition/options';
import { wireOutbox } from './composition/outbox';
import { wireRecords } from './composition/records';
import { wireReports } from './composition/reports';
import { wireResidents } from './composition/residents';
import { openTheSeals } from './composition/seals';
import type { Shared, Worker } from './composition/shared';
import { openTheStore } from './composition/store';
import { wireTeams } from './composition/teams';
import type { AppConfig } from './config';
import type { Logger } from './logger';
import { createServer, listen, type RunningServer } from './server';
import type { DirectoryService } from './services/directory/directoryService';
import type { RoutingService } from './services/directory/routingService';
import type { IntroductionService } from './services/introductions/introductionService';
import type { NudgeScheduler } from './services/outbox/nudgeScheduler';
import type { OutboxDispatcher } from './services/outbox/outboxDispatcher';
import type { AuditSealer } from './services/records/auditSealer';
import type { RecordsReviewScheduler } from './services/records/recordsReviewScheduler';
import type { MonthlyReportScheduler } from './services/reports/monthlyReportScheduler';
import type { ReportService } from './services/reports/reportService';
import type { Store } from './storage/cosmos';
import type { LocalBlob } from './storage/localBlob';
import type { LocalCosmos } from './storage/localCosmos';

export type { StartOptions } from './composition/options';

export interface RunningBot {
  config: AppConfig;
  server: RunningServer;
  store: Store;
  /** Set when the embedded local Cosmos DB is in use. */
  localCosmos?: LocalCosmos;
  /** Set when the embedded Azurite keeps the audit's seals. */
  localBlob?: LocalBlob;
  directories: DirectoryService;
  routing: RoutingService;
  offers: Offers;
  /** Introductions: made in Teams or on the council's website, seen, changed. */
  introductionService: IntroductionService;
  /** Sends what the introductions' outboxes hold (`settled()` waits for sends under way). */
  outbox: OutboxDispatcher;
  /** Reminds coordinators of offers not accepted in time, and raises them with triage. */
  nudges: NudgeScheduler;
  /** Freezes last month and posts its report to the triage team on the first working day. */
  monthlyReports: MonthlyReportScheduler;
  /** Monthly reports: live, frozen, corrected, downloaded. */
  reports: ReportService;
  /** Tells records leads, once a day, when records fall due for review. */
  recordsReview: RecordsReviewScheduler;
  /** Seals the audit outside Cosmos DB. */
  auditSealer: AuditSealer;
  /** Milliseconds from the call to startBot until the server accepted connections. */
  startupMs: number;
  stop(): Promise<void>;
}

/** Every feature's storage, services and Teams handlers, the Teams application and the server. */
async function build(shared: Shared) {
  const { config, logger, store } = shared;
  const directory = await wireDirectory(shared);
  const stores = introductionStores(shared, directory);
  const teams = wireTeams(shared, directory);
  const { outbox, notify, nudges } = wireOutbox(shared, stores.introductionRepository, teams.delivery);
  const introductions = wireIntroductions(shared, directory, stores, teams, notify);
  const administration = wireDirectoryAdministration(shared, directory, {
    introductions: introductions.service,
    ...stores,
    messenger: teams.messenger,
    notify,
  });
  const reports = wireReports(shared, directory, teams, introductions.service, stores);
  const records = wireRecords(shared, directory, stores, teams, {
    introductions: introductions.service,
    administration: administration.administration,
    notify,
  });
  const app = createBotApplication({
    adapter: teams.adapter,
    logger,
    council: directory.council,
    routing: directory.routing,
    introductions: introductions.introductionsBot,
    messenger: teams.messenger,
    updates: introductions.updates,
    offers: introductions.offers,
    caseLists: introductions.caseLists,
    timeAway: administration.timeAway,
    records: records.records,
    monitoring: introductions.timeline,
    directoryAdmin: administration.directoryAdmin,
    subjectAccess: records.subjectAccess,
    reports: reports.reports,
    triage: administration.triage,
    personalChatOf: async (aadObjectId) => (await directory.people.get(aadObjectId))?.address,
    rememberListCard: (ids, address, activityId) =>
      introductions.service.rememberListCard(ids, address, activityId),
    homeTenantId: config.bot.tenantId,
    allowedTenantIds: config.allowedTenantIds,
    localMode: config.localMode,
  });
  const server = await listen(
    createServer({
      subjectAccess: records.subjectAccessService,
      adapter: teams.adapter,
      app,
      logger,
      allowedTenantIds: config.allowedTenantIds,
      localMode: config.localMode,
      ready: () => store.ping(),
      ...(config.frontDoorId ? { frontDoorId: config.frontDoorId } : {}),
      reports: reports.reportService,
      residents: wireResidents(shared, directory, introductions),
    }),
    config.port,
    config.host,
  );
  return { directory, outbox, nudges, administration, reports, records, introductions, server };
}

export async function startBot(
  config: AppConfig,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningBot> {
  const started = performance.now();
  if (config.localMode) {
    logger.warn(
      { host: config.host },
      'LOCAL MODE: BOT_ID is not set, so /api/messages accepts unauthenticated requests. Listening on loopback only. Never run like this in Azure.',
    );
  }
  const opened = await openTheStore(config, logger, options);
  const { store } = opened;
  let sealing: Awaited<ReturnType<typeof openTheSeals>>;
  try {
    sealing = await openTheSeals(config, logger, options);
  } catch (error) {
    await opened.close();
    throw error;
  }
  const instanceId =
    options.instanceId ?? `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  let server: RunningServer | undefined;
  const shared: Shared = {
    config,
    logger,
    store,
    auditKey: sealing.auditKey,
    seals: sealing.seals,
    options,
    clock: options.clock ?? (() => new Date()),
    instanceId,
    publicUrl: () => config.publicUrl ?? server?.url ?? '',
  };

  let built: Awaited<ReturnType<typeof build>>;
  try {
    built = await build(shared);
  } catch (error) {
    await sealing.close();
    await opened.close();
    throw error;
  }
  server = built.server;
  const { directory, outbox, nudges, administration, reports, records, introductions } = built;

  // Anything left unsent before a restart (or by an instance that stopped) goes out now. Not in a
  // staging slot (LAC_BACKGROUND_WORKERS=off): what this instance changes itself is still sent.
  // Stopped in the reverse order, the outbox last, so what the others queue is still sent.
  const workers: Worker[] = [
    outbox,
    nudges,
    reports.monthlyReports,
    records.recordsReview,
    records.auditSealer,
  ];
  if (config.backgroundWorkers) {
    for (const worker of workers) worker.start();
  } else {
    logger.warn(
      {},
      'background workers off (LAC_BACKGROUND_WORKERS): no outbox sweeps, reminders, monthly post or records review',
    );
  }
  const startupMs = Math.round(performance.now() - started);
  logger.info({ url: built.server.url, startupMs, localMode: config.localMode, instanceId }, 'bot listening');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      directory.directories.stop();
      await built.server.close();
      await administration.changes.stop();
      for (const worker of [...workers].reverse()) await worker.stop();
      await sealing.close();
      await opened.close();
    })();
    return stopping;
  };
  return {
    config,
    server: built.server,
    store,
    ...(opened.localCosmos ? { localCosmos: opened.localCosmos } : {}),
    ...(sealing.localBlob ? { localBlob: sealing.localBlob } : {}),
    directories: directory.directories,
    routing: directory.routing,
    offers: introductions.offers,
    introductionService: introductions.service,
    outbox,
    nudges,
    monthlyReports: reports.monthlyReports,
    reports: reports.reportService,
    recordsReview: records.recordsReview,
    auditSealer: records.auditSealer,
    startupMs,
    stop,
  };
}
