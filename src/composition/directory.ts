/**
 * The patch directory and routing: the directory kept loaded (from the deployed file and what was
 * confirmed in Teams), routing by postcode with caseloads and wards, who people are (Entra object
 * ids pinned to directory emails); and, once introductions exist, the directory kept in Teams:
 * administrators' changes, their consequences worked through in the background, time away and the
 * triage channel.
 */
import { DIRECTORY_SUBJECT, DirectoryAdmin } from '../bot/directory/directoryAdmin';
import { TimeAway } from '../bot/directory/timeAway';
import { TriageChannelSetup } from '../bot/directory/triageChannel';
import type { Messenger } from '../bot/messenger';
import { type AppConfig, ConfigError, isDemoDirectory } from '../config';
import type { Directory } from '../domain/directory/directory';
import type { Actor } from '../domain/introductions/introduction';
import { DirectoryAdministration } from '../services/directory/directoryAdministration';
import { DirectoryChangeWorker } from '../services/directory/directoryChangeWorker';
import { DirectoryIdentity } from '../services/directory/directoryIdentity';
import { DirectoryService } from '../services/directory/directoryService';
import { RoutingService } from '../services/directory/routingService';
import type { IntroductionService } from '../services/introductions/introductionService';
import { CosmosCaseloadRepository } from '../storage/directory/caseloadRepository';
import { CosmosDirectoryRepository } from '../storage/directory/directoryRepository';
import { CosmosPostcodeRepository } from '../storage/directory/postcodeRepository';
import type { IntroductionRepository } from '../storage/introductions/introductionRepository';
import { CosmosPeopleRepository } from '../storage/peopleRepository';
import type { AuditRepository } from '../storage/records/auditRepository';
import { leases, type Shared, theBot } from './shared';

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

export interface DirectoryWiring {
  directories: DirectoryService;
  repository: CosmosDirectoryRepository;
  /** The directory in force now. */
  directory: () => Directory;
  routing: RoutingService;
  people: CosmosPeopleRepository;
  identity: DirectoryIdentity;
  /** The council's area, safeguarding text and triage team, for the welcome and help cards. */
  council: () => { area?: string; safeguarding?: string; triageName?: string };
}

export async function wireDirectory(shared: Shared): Promise<DirectoryWiring> {
  const { config, logger, store, options, clock } = shared;
  const repository = new CosmosDirectoryRepository(store.container('directory'));
  const directories = new DirectoryService(repository, logger, {
    file: config.patchesFile,
    watchFileMs: options.directoryWatchMs,
    pollStoreMs: options.directoryPollMs,
  });
  await directories.start();
  // The deployed file, and whatever is in force (a version confirmed in Teams may be).
  refuseDemoDirectory(config, directories.deployedFileVersion, directories.directory.version);
  const directory = () => directories.directory;
  const routing = new RoutingService(
    directories,
    new CosmosCaseloadRepository(store.container('introductions')),
    new CosmosPostcodeRepository(store.container('postcodes')),
    options.clock,
  );
  const people = new CosmosPeopleRepository(store.container('people'));
  const identity = new DirectoryIdentity({
    pins: people,
    directory,
    homeTenantId: config.bot.tenantId,
    logger,
    clock,
  });
  const council = () => ({
    area: directory().area,
    safeguarding: directory().safeguarding,
    triageName: directory().triage.name,
  });
  return { directories, repository, directory, routing, people, identity, council };
}

export interface DirectoryAdministrationWiring {
  administration: DirectoryAdministration;
  /** Works each version that comes into force through, one instance at a time. */
  changes: DirectoryChangeWorker;
  directoryAdmin: DirectoryAdmin;
  timeAway: TimeAway;
  triage: TriageChannelSetup;
}

export function wireDirectoryAdministration(
  shared: Shared,
  directory: DirectoryWiring,
  deps: {
    introductions: IntroductionService;
    introductionRepository: IntroductionRepository;
    auditRepository: AuditRepository;
    messenger: Messenger;
    notify: (introductionId: string) => void;
  },
): DirectoryAdministrationWiring {
  const { config, logger, options, clock, instanceId } = shared;
  const { introductions, auditRepository } = deps;
  const administration = new DirectoryAdministration({
    directories: directory.directories,
    repository: directory.repository,
    introductions: deps.introductionRepository,
    routing: directory.routing,
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
    notify: deps.notify,
    workThrough: (actor) => reconcile(actor),
    leases: leases(shared),
    instanceId,
    logger,
    clock,
  });
  // Whenever a version comes into force (confirmed here or on another instance, a deployed file),
  // its consequences for what people hold are worked through in the background, one instance at
  // a time (src/services/directory/directoryChangeWorker.ts). Never in a staging slot.
  const pollMs = options.directoryPollMs ?? 30_000;
  const changes = new DirectoryChangeWorker(administration, {
    bot: theBot(config.bot.tenantId),
    retryMs: pollMs,
    settleMs: 2 * pollMs,
    logger,
  });
  const reconcile = (actor?: Actor) => {
    if (config.backgroundWorkers) changes.kick(actor);
  };
  directory.directories.onChange = () => reconcile();
  reconcile();
  return {
    administration,
    changes,
    directoryAdmin: new DirectoryAdmin({
      directories: directory.directories,
      administration,
      service: introductions,
      audit: auditRepository,
      ...(config.bot.tenantId ? { homeTenantId: config.bot.tenantId } : {}),
      clock,
    }),
    timeAway: new TimeAway({ service: introductions, directories: directory.directories, logger, clock }),
    triage: new TriageChannelSetup({
      people: directory.people,
      service: introductions,
      messenger: deps.messenger,
      logger,
      clock,
    }),
  };
}
