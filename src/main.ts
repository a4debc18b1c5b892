/**
 * Composition root: configuration → logger → Cosmos DB (Azure, or the embedded local server) →
 * Teams application → HTTP server. `startBot` returns a handle whose `stop` undoes it all in order,
 * so `npm start`, `npm run start:bot` and the tests start and stop the same thing.
 */

import { createAdapter } from './bot/adapter';
import { createBotApplication } from './bot/app';
import { IntroducerUpdates } from './bot/introducerUpdates';
import { IntroductionsBot } from './bot/introductions';
import { Messenger } from './bot/messenger';
import { Offers } from './bot/offers';
import type { AppConfig } from './config';
import type { Logger } from './logger';
import { createServer, listen, type RunningServer } from './server';
import { DirectoryService } from './services/directoryService';
import { IntroductionService } from './services/introductionService';
import { RoutingService } from './services/routingService';
import { CosmosAuditRepository } from './storage/auditRepository';
import { CosmosCaseloadRepository } from './storage/caseloadRepository';
import { createCosmosClient, openStore, type Store } from './storage/cosmos';
import { CosmosDirectoryRepository } from './storage/directoryRepository';
import { CosmosIntroductionRepository } from './storage/introductionRepository';
import type { LocalCosmos } from './storage/localCosmos';
import { CosmosPeopleRepository } from './storage/peopleRepository';
import { CosmosPostcodeRepository } from './storage/postcodeRepository';
import { noTelemetry, type Telemetry } from './telemetry';

export interface RunningBot {
  config: AppConfig;
  server: RunningServer;
  store: Store;
  /** Set when the embedded local Cosmos DB is in use. */
  localCosmos?: LocalCosmos;
  directories: DirectoryService;
  routing: RoutingService;
  /** Tells introducers what happened (used by coordinators' actions, and tests). */
  updates: IntroducerUpdates;
  /** Offers introductions to coordinators (background work: `settled()` waits for it). */
  offers: Offers;
  /** Milliseconds from the call to startBot until the server accepted connections. */
  startupMs: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Memory-only local Cosmos (tests): no snapshot file. */
  ephemeralLocalCosmos?: boolean;
  /** How often to look for changes to the patch file and to the stored directory (ms). */
  directoryWatchMs?: number;
  directoryPollMs?: number;
  /** The clock routing uses (tests). */
  clock?: () => Date;
  telemetry?: Telemetry;
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
  if (config.cosmos.endpoint) {
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

  let server: RunningServer;
  let directories: DirectoryService;
  let routing: RoutingService;
  let updates: IntroducerUpdates;
  let offers: Offers;
  try {
    directories = new DirectoryService(new CosmosDirectoryRepository(store.container('directory')), logger, {
      file: config.patchesFile,
      watchFileMs: options.directoryWatchMs,
      pollStoreMs: options.directoryPollMs,
    });
    await directories.start();
    routing = new RoutingService(
      directories,
      new CosmosCaseloadRepository(store.container('introductions')),
      new CosmosPostcodeRepository(store.container('postcodes')),
      options.clock,
    );
    const adapter = createAdapter(config);
    const council = () => {
      const directory = directories.directory;
      return {
        area: directory.area,
        safeguarding: directory.safeguarding,
        triageName: directory.triage.name,
      };
    };
    const introductionRepository = new CosmosIntroductionRepository(store.container('introductions'));
    const people = new CosmosPeopleRepository(store.container('people'));
    const messenger = new Messenger(adapter, people, logger, config.bot.id ?? '');
    updates = new IntroducerUpdates(introductionRepository, people, messenger, logger, options.clock);
    const introductions = new IntroductionService(
      introductionRepository,
      new CosmosAuditRepository(store.container('audit')),
      routing,
      directories,
      logger,
      options.clock,
      options.telemetry ?? noTelemetry,
    );
    offers = new Offers({
      introductions: introductionRepository,
      service: introductions,
      people,
      messenger,
      updates,
      directories,
      routing,
      logger,
      clock: options.clock,
      telemetry: options.telemetry,
    });
    const offering = offers;
    const introductionsBot = new IntroductionsBot({
      afterCreated: (introduction) => offering.offerInBackground(introduction),
      introductions,
      logger,
      safeguarding: () => directories.directory.safeguarding,
      triageName: () => directories.directory.triage.name,
      directory: () => directories.directory,
      homeTenantId: config.bot.tenantId,
    });
    const app = createBotApplication({
      adapter,
      logger,
      council,
      routing,
      introductions: introductionsBot,
      messenger,
      updates,
      offers,
      homeTenantId: config.bot.tenantId,
    });
    const restifyServer = createServer({
      adapter,
      app,
      logger,
      allowedTenantIds: config.allowedTenantIds,
      ready: () => store.ping(),
    });
    server = await listen(restifyServer, config.port, config.host);
  } catch (error) {
    await localCosmos?.stop();
    if (!localCosmos) store.client.dispose();
    throw error;
  }
  const startupMs = Math.round(performance.now() - started);
  logger.info({ url: server.url, startupMs, localMode: config.localMode }, 'bot listening');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      directories.stop();
      await server.close();
      await offers.settled();
      if (localCosmos) {
        await localCosmos.stop();
        logger.info({ snapshotFile: localCosmos.snapshotFile }, 'local cosmos saved and stopped');
      } else {
        store.client.dispose();
      }
    })();
    return stopping;
  };
  return { config, server, store, localCosmos, directories, routing, updates, offers, startupMs, stop };
}
