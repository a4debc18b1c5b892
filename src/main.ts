/**
 * Composition root: configuration → logger → Cosmos DB (Azure, or the embedded local server) →
 * Teams application → HTTP server → the outbox dispatcher and the nudge scheduler. `startBot`
 * returns a handle whose `stop` undoes it all in order, so `npm start`, `npm run start:bot` and the
 * tests start and stop the same thing.
 */

import { hostname } from 'node:os';
import { createAdapter } from './bot/adapter';
import { createBotApplication } from './bot/app';
import { CardAudience } from './bot/cardAudience';
import { TeamsDelivery } from './bot/delivery';
import { DIRECTORY_SUBJECT, DirectoryAdmin } from './bot/directory/directoryAdmin';
import { TimeAway } from './bot/directory/timeAway';
import { TriageChannelSetup } from './bot/directory/triageChannel';
import { IntroducerUpdates } from './bot/introductions/introducerUpdates';
import { IntroductionsBot } from './bot/introductions/introductions';
import { TimelineRecords } from './bot/introductions/timelineRecords';
import { Messenger } from './bot/messenger';
import { CaseLists } from './bot/offers/caseLists';
import { OfferCards } from './bot/offers/offerCards';
import { Offers } from './bot/offers/offers';
import { postedCardReplacer, Records } from './bot/records/records';
import { SubjectAccess } from './bot/records/subjectAccess';
import { TeamsReportPoster } from './bot/reports/reportPosting';
import { Reports } from './bot/reports/reports';
import { type AppConfig, ConfigError, isDemoDirectory } from './config';
import type { Actor } from './domain/introductions/introduction';
import type { RetryPolicy } from './domain/outbox/retries';
import type { Logger } from './logger';
import { createServer, listen, type RunningServer } from './server';
import { DirectoryAdministration } from './services/directory/directoryAdministration';
import { DirectoryChangeWorker } from './services/directory/directoryChangeWorker';
import { DirectoryIdentity } from './services/directory/directoryIdentity';
import { DirectoryService } from './services/directory/directoryService';
import { RoutingService } from './services/directory/routingService';
import { IntroductionService } from './services/introductions/introductionService';
import { NudgeScheduler } from './services/outbox/nudgeScheduler';
import { OutboxDispatcher } from './services/outbox/outboxDispatcher';
import { DisposalService } from './services/records/disposalService';
import { RecordsReviewScheduler } from './services/records/recordsReviewScheduler';
import { SubjectAccessService } from './services/records/subjectAccessService';
import { MonthlyReportScheduler } from './services/reports/monthlyReportScheduler';
import { ReportService } from './services/reports/reportService';
import { createCosmosClient, openStore, type Store } from './storage/cosmos';
import { CosmosCaseloadRepository } from './storage/directory/caseloadRepository';
import { CosmosDirectoryRepository } from './storage/directory/directoryRepository';
import { CosmosPostcodeRepository } from './storage/directory/postcodeRepository';
import { CosmosIntroductionRepository } from './storage/introductions/introductionRepository';
import { CosmosLeaseRepository } from './storage/leaseRepository';
import type { LocalCosmos } from './storage/localCosmos';
import { CosmosPeopleRepository } from './storage/peopleRepository';
import { CosmosAuditRepository } from './storage/records/auditRepository';
import { CosmosDestructionLog } from './storage/records/destructionLog';
import { CosmosReviewState } from './storage/records/reviewState';
import { subjectAccessLinks } from './storage/records/subjectAccessLinkRepository';
import { CosmosFrozenReportRepository } from './storage/reports/frozenReportRepository';
import { CosmosMonitoringRepository } from './storage/reports/monitoringRepository';
import { reportLinks } from './storage/reports/reportLinkRepository';
import { noTelemetry, type Telemetry } from './telemetry';

export interface RunningBot {
  config: AppConfig;
  server: RunningServer;
  store: Store;
  /** Set when the embedded local Cosmos DB is in use. */
  localCosmos?: LocalCosmos;
  directories: DirectoryService;
  routing: RoutingService;
  offers: Offers;
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
  /** Milliseconds from the call to startBot until the server accepted connections. */
  startupMs: number;
  stop(): Promise<void>;
}

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
  /** Retries of notifications Teams did not take (default: src/domain/outbox/outbox.ts). */
  retryPolicy?: RetryPolicy;
  /** How often to look for offers not accepted in time (ms; default 5 minutes; 0: never). */
  nudgeEveryMs?: number;
  /** How often to look whether last month is to be frozen and posted (ms; default 10 minutes; 0: never). */
  monthlyReportEveryMs?: number;
  /** How often to look for records due for review (ms; default an hour, at most one message a day; 0: never). */
  recordsReviewEveryMs?: number;
  /** This instance's name in claims and leases (default: host name, process id and a random part). */
  instanceId?: string;
}

/** The bot itself, when it acts on its own (working through a directory change another made). */
const THE_BOT = (tenantId: string | undefined): Actor => ({
  aadObjectId: 'lac-front-door',
  name: 'LAC Front Door',
  tenantId: tenantId ?? '',
});

/**
 * With credentials (a real deployment) the demo council's directory is refused, even copied under
 * another name: real introductions would go to fictional coordinators. (The path is refused by
 * config; this catches the same content anywhere.)
 */

function refuseDemoDirectory(config: AppConfig, ...versions: (string | undefined)[]): void {
  if (!config.localMode && versions.some((v) => v !== undefined && isDemoDirectory(v))) {
    throw new ConfigError(
      `Configuration error: LAC_PATCHES_FILE is the demo council's patch directory (${config.patchesFile}): set it to the council's own`,
    );
  }
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

  let localCosmos: LocalCosmos | undefined;
  let store: Store;
  if (options.sharedLocalCosmos) {
    store = await openStore(options.sharedLocalCosmos.client, config.cosmos.database, true);
  } else if (config.cosmos.endpoint) {
    const client = createCosmosClient({
      endpoint: config.cosmos.endpoint,
      key: config.cosmos.key,
      database: config.cosmos.database,
    });
    // With a key we may create what is missing; with Entra ID the data-plane role cannot, so the
    // database and containers must come from infra/azure.bicep.
    store = await openStore(client, config.cosmos.database, Boolean(config.cosmos.key));
    logger.info(
      { database: config.cosmos.database, auth: config.cosmos.key ? 'key' : 'entra-id' },
      'cosmos connected',
    );
  } else {
    // Loaded only here: the local server is a development dependency, absent in Azure.
    const { startLocalCosmos } = await import('./storage/localCosmos');
    localCosmos = await startLocalCosmos({
      dataDir: options.ephemeralLocalCosmos ? undefined : config.dataDir,
    });
    store = await openStore(localCosmos.client, config.cosmos.database, true);
    logger.warn(
      {
        endpoint: localCosmos.endpoint,
        snapshotFile: localCosmos.snapshotFile ?? 'none (memory only)',
        restoredDocuments: localCosmos.restoredDocuments,
      },
      'LOCAL COSMOS DB: COSMOS_ENDPOINT is not set, so an embedded Cosmos DB server is running in this process, for local use only.',
    );
  }

  const clock = options.clock ?? (() => new Date());
  const instanceId =
    options.instanceId ?? `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  let server: RunningServer;
  let directories: DirectoryService;
  let routing: RoutingService;
  let offers: Offers;
  let outbox: OutboxDispatcher;
  let nudges: NudgeScheduler;
  let monthlyReports: MonthlyReportScheduler;
  let recordsReview: RecordsReviewScheduler;
  let directoryChanges: DirectoryChangeWorker | undefined;
  let reportService: ReportService;
  try {
    const directoryRepository = new CosmosDirectoryRepository(store.container('directory'));
    directories = new DirectoryService(directoryRepository, logger, {
      file: config.patchesFile,
      watchFileMs: options.directoryWatchMs,
      pollStoreMs: options.directoryPollMs,
    });
    await directories.start();
    // The deployed file, and whatever is in force (a version confirmed in Teams may be).
    refuseDemoDirectory(config, directories.deployedFileVersion, directories.directory.version);
    const directory = () => directories.directory;
    routing = new RoutingService(
      directories,
      new CosmosCaseloadRepository(store.container('introductions')),
      new CosmosPostcodeRepository(store.container('postcodes')),
      options.clock,
    );
    const adapter = createAdapter(config);
    const council = () => ({
      area: directory().area,
      safeguarding: directory().safeguarding,
      triageName: directory().triage.name,
    });
    const introductionRepository = new CosmosIntroductionRepository(
      store.container('introductions'),
      () => directory().records.retention,
    );
    const people = new CosmosPeopleRepository(store.container('people'));
    const identity = new DirectoryIdentity({
      pins: people,
      directory,
      homeTenantId: config.bot.tenantId,
      logger,
      clock,
    });
    const messenger = new Messenger(adapter, people, logger, config.bot.id ?? '', clock);
    const audience = new CardAudience(people, directory, identity);
    const cards = new OfferCards(directory);
    const delivery = new TeamsDelivery({ messenger, people, audience, cards, logger, clock });
    const auditRepository = new CosmosAuditRepository(store.container('audit'));
    outbox = new OutboxDispatcher(introductionRepository, delivery, logger, {
      instanceId,
      pollMs: options.outboxPollMs,
      retry: options.retryPolicy,
      clock,
    });
    const sending = outbox;
    const notify = (introductionId: string) => sending.kick(introductionId);
    const introductions = new IntroductionService(
      introductionRepository,
      auditRepository,
      routing,
      identity,
      logger,
      options.clock,
      options.telemetry ?? noTelemetry,
      notify,
    );
    // A failed audit write after a change that is already stored is an operator's problem, never
    // hidden: logged as an error, while the person is told what happened to their change.
    const updates = new IntroducerUpdates(introductionRepository, notify, clock, (id, actor, action) =>
      (action === 'viewed'
        ? introductions.recordView(id, actor)
        : introductions.recordChange(id, actor)
      ).catch((error: unknown) =>
        logger.error({ err: error, introductionId: id, action }, 'audit entry not written'),
      ),
    );
    offers = new Offers({
      introductions: introductionRepository,
      service: introductions,
      updates,
      directories,
      routing,
      cards,
      audience,
      notify,
      logger,
      reminderWorkingDays: config.reminderWorkingDays,
      clock: options.clock,
      telemetry: options.telemetry,
    });
    nudges = new NudgeScheduler(
      introductionRepository,
      new CosmosLeaseRepository(store.container('leases')),
      logger,
      {
        policy: { workingDays: config.reminderWorkingDays },
        everyMs: options.nudgeEveryMs,
        instanceId,
        clock,
        onNudged: notify,
      },
    );
    const introductionsBot = new IntroductionsBot({
      introductions,
      logger,
      safeguarding: () => directory().safeguarding,
      triageName: () => directory().triage.name,
      directory,
      homeTenantId: config.bot.tenantId,
    });
    const directoryAdministration = new DirectoryAdministration({
      directories,
      repository: directoryRepository,
      introductions: introductionRepository,
      routing,
      audit: (id, actor, action) => introductions.recordRecordsAction(id, actor, action),
      auditDirectory: (actor, detail) =>
        auditRepository.record({
          subjectId: DIRECTORY_SUBJECT,
          actorId: actor.aadObjectId,
          tenantId: actor.tenantId,
          action: 'changed',
          at: clock().toISOString(),
          detail,
        }),
      isRefused: (version) => !config.localMode && isDemoDirectory(version),
      notify,
      workThrough: (actor) => reconcile(actor),
      leases: new CosmosLeaseRepository(store.container('leases')),
      instanceId,
      logger,
      clock,
    });
    // Whenever a version comes into force (confirmed here or on another instance, a deployed file),
    // its consequences for what people hold are worked through in the background, one instance at
    // a time (src/services/directory/directoryChangeWorker.ts). Never in a staging slot.
    const pollMs = options.directoryPollMs ?? 30_000;
    directoryChanges = new DirectoryChangeWorker(directoryAdministration, {
      bot: THE_BOT(config.bot.tenantId),
      retryMs: pollMs,
      settleMs: 2 * pollMs,
      logger,
    });
    const reconcile = (actor?: Actor) => {
      if (config.backgroundWorkers) directoryChanges?.kick(actor);
    };
    directories.onChange = () => reconcile();
    reconcile();
    const frozen = new CosmosFrozenReportRepository(store.container('reports'));
    const subjectAccessService = new SubjectAccessService({
      introductions: introductionRepository,
      audit: auditRepository,
      links: subjectAccessLinks(store.container('reports'), logger),
      postedWords: (introduction) => delivery.wordsAbout(introduction),
      isRecordsLead: async (who) => (await introductions.viewerFor(who)).isRecordsLead,
      directory,
      ...(config.bot.tenantId ? { homeTenantId: config.bot.tenantId } : {}),
      logger,
      clock,
    });
    reportService = new ReportService({
      monitoring: new CosmosMonitoringRepository(store.container('introductions')),
      links: reportLinks(store.container('reports'), logger),
      frozen,
      directory,
      reminderWorkingDays: config.reminderWorkingDays,
      logger,
      clock,
    });
    monthlyReports = new MonthlyReportScheduler(
      {
        reports: reportService,
        frozen,
        leases: new CosmosLeaseRepository(store.container('leases')),
        poster: new TeamsReportPoster({
          people,
          audience,
          messenger,
          logger,
          reminderWorkingDays: config.reminderWorkingDays,
        }),
        logger,
      },
      { everyMs: options.monthlyReportEveryMs, instanceId, clock, retry: options.retryPolicy },
    );
    recordsReview = new RecordsReviewScheduler(
      {
        due: (today) => introductionRepository.listDueForReview(today),
        state: new CosmosReviewState(store.container('records')),
        tellLeads: async (words) => {
          let told = 0;
          for (const lead of directory().records.leads) {
            const objectId = await identity.objectIdOf(lead);
            const address = objectId ? (await people.get(objectId))?.address : undefined;
            if (address && (await messenger.send(address, { type: 'message', text: words })).ok) told++;
          }
          return told;
        },
        leases: new CosmosLeaseRepository(store.container('leases')),
        logger,
      },
      { everyMs: options.recordsReviewEveryMs, instanceId, clock },
    );
    const app = createBotApplication({
      adapter,
      logger,
      council,
      routing,
      introductions: introductionsBot,
      messenger,
      updates,
      offers,
      caseLists: new CaseLists({
        introductions: introductionRepository,
        service: introductions,
        directory,
        reminderWorkingDays: config.reminderWorkingDays,
        clock,
      }),
      timeAway: new TimeAway({ service: introductions, directories, logger, clock }),
      records: new Records({
        service: introductions,
        disposal: new DisposalService({
          introductions: introductionRepository,
          destructionLog: new CosmosDestructionLog(store.container('records')),
          replacePosted: postedCardReplacer(messenger),
          audit: (id, actor, action) => introductions.recordRecordsAction(id, actor, action),
          notify,
          restrictionLifted: (id, actor) => directoryAdministration.routeAgainIfLeft(id, actor),
          logger,
          clock,
        }),
      }),
      monitoring: new TimelineRecords({
        introductions: introductionRepository,
        service: introductions,
        directory,
        timeline: (introduction, actor, email) => introductionsBot.timeline(introduction, actor, email),
        logger,
        clock,
      }),
      directoryAdmin: new DirectoryAdmin({
        directories,
        administration: directoryAdministration,
        service: introductions,
        audit: auditRepository,
        clock,
      }),
      subjectAccess: new SubjectAccess({
        subjectAccess: subjectAccessService,
        service: introductions,
        publicUrl: () => config.publicUrl ?? server.url,
      }),
      reports: new Reports({
        reports: reportService,
        service: introductions,
        reminderWorkingDays: config.reminderWorkingDays,
        publicUrl: () => config.publicUrl ?? server.url,
        clock,
      }),
      triage: new TriageChannelSetup({ people, service: introductions, messenger, logger, clock }),
      personalChatOf: async (aadObjectId) => (await people.get(aadObjectId))?.address,
      homeTenantId: config.bot.tenantId,
      allowedTenantIds: config.allowedTenantIds,
      localMode: config.localMode,
    });
    const restifyServer = createServer({
      subjectAccess: subjectAccessService,
      adapter,
      app,
      logger,
      allowedTenantIds: config.allowedTenantIds,
      localMode: config.localMode,
      ready: () => store.ping(),
      reports: reportService,
    });
    server = await listen(restifyServer, config.port, config.host);
  } catch (error) {
    await localCosmos?.stop();
    if (!localCosmos && !options.sharedLocalCosmos) store.client.dispose();
    throw error;
  }
  // Anything left unsent before a restart (or by an instance that stopped) goes out now. Not in a
  // staging slot (LAC_BACKGROUND_WORKERS=off): what this instance changes itself is still sent.
  if (config.backgroundWorkers) {
    outbox.start();
    nudges.start();
    monthlyReports.start();
    recordsReview.start();
  } else {
    logger.warn(
      {},
      'background workers off (LAC_BACKGROUND_WORKERS): no outbox sweeps, reminders, monthly post or records review',
    );
  }
  const startupMs = Math.round(performance.now() - started);
  logger.info({ url: server.url, startupMs, localMode: config.localMode, instanceId }, 'bot listening');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      directories.stop();
      await server.close();
      await directoryChanges?.stop();
      await nudges.stop();
      await monthlyReports.stop();
      await recordsReview.stop();
      await outbox.stop();
      if (localCosmos) {
        await localCosmos.stop();
        logger.info({ snapshotFile: localCosmos.snapshotFile }, 'local cosmos saved and stopped');
      } else if (!options.sharedLocalCosmos) {
        store.client.dispose();
      }
    })();
    return stopping;
  };
  return {
    config,
    server,
    store,
    localCosmos,
    directories,
    routing,
    offers,
    outbox,
    nudges,
    monthlyReports,
    reports: reportService,
    recordsReview,
    startupMs,
    stop,
  };
}
