/**
 * Introductions: where they are kept (with the audit trail of who saw and changed each), making and
 * seeing them, telling introducers what happened, the coordinator's offers and lists, and what a
 * coordinator records from the timeline.
 */
import { IntroducerUpdates } from '../bot/introductions/introducerUpdates';
import { IntroductionsBot } from '../bot/introductions/introductions';
import { TimelineRecords } from '../bot/introductions/timelineRecords';
import { CaseLists } from '../bot/offers/caseLists';
import { Offers } from '../bot/offers/offers';
import { ExpectedContactService } from '../services/introductions/expectedContactService';
import { IntroductionService } from '../services/introductions/introductionService';
import { CosmosIntroductionRepository } from '../storage/introductions/introductionRepository';
import { CosmosAuditRepository } from '../storage/records/auditRepository';
import { noTelemetry } from '../telemetry';
import type { DirectoryWiring } from './directory';
import type { Shared } from './shared';
import type { TeamsWiring } from './teams';

export interface IntroductionStores {
  introductionRepository: CosmosIntroductionRepository;
  auditRepository: CosmosAuditRepository;
}

/** Introductions are kept to the retention periods of the directory in force. */
export function introductionStores(shared: Shared, directory: DirectoryWiring): IntroductionStores {
  return {
    introductionRepository: new CosmosIntroductionRepository(
      shared.store.container('introductions'),
      () => directory.directory().records.retention,
    ),
    auditRepository: new CosmosAuditRepository(shared.store.container('audit'), shared.auditKey),
  };
}

export interface IntroductionsWiring {
  service: IntroductionService;
  updates: IntroducerUpdates;
  offers: Offers;
  introductionsBot: IntroductionsBot;
  caseLists: CaseLists;
  timeline: TimelineRecords;
  /** When someone introduced can expect a first conversation (cached; Teams and the residents' pages). */
  expectedContact: ExpectedContactService;
}

export function wireIntroductions(
  shared: Shared,
  directory: DirectoryWiring,
  stores: IntroductionStores,
  teams: TeamsWiring,
  notify: (introductionId: string) => void,
): IntroductionsWiring {
  const { config, logger, options, clock } = shared;
  const { introductionRepository, auditRepository } = stores;
  const service = new IntroductionService(
    introductionRepository,
    auditRepository,
    directory.routing,
    directory.identity,
    logger,
    options.clock,
    options.telemetry ?? noTelemetry,
    notify,
  );
  // A failed audit write after a change that is already stored is an operator's problem, never
  // hidden: logged as an error, while the person is told what happened to their change.
  const updates = new IntroducerUpdates(introductionRepository, notify, clock, (id, actor, action) =>
    (action === 'viewed' ? service.recordView(id, actor) : service.recordChange(id, actor)).catch(
      (error: unknown) => logger.error({ err: error, introductionId: id, action }, 'audit entry not written'),
    ),
  );
  const offers = new Offers({
    introductions: introductionRepository,
    service,
    updates,
    directories: directory.directories,
    routing: directory.routing,
    cards: teams.cards,
    audience: teams.audience,
    notify,
    logger,
    reminderWorkingDays: config.reminderWorkingDays,
    clock: options.clock,
    telemetry: options.telemetry,
  });
  const expectedContact = new ExpectedContactService({
    firstConversationsSince: (since) => introductionRepository.listFirstConversationsSince(since),
    directory: directory.directory,
    logger,
    clock,
  });
  const introductionsBot = new IntroductionsBot({
    introductions: service,
    logger,
    safeguarding: () => directory.directory().safeguarding,
    triageName: () => directory.directory().triage.name,
    directory: directory.directory,
    homeTenantId: config.bot.tenantId,
    expectedContact: (patchId) => expectedContact.forPatch(patchId),
    clock,
  });
  const caseLists = new CaseLists({
    expectedContact: (patchId) => expectedContact.forPatch(patchId),
    introductions: introductionRepository,
    service,
    directory: directory.directory,
    reminderWorkingDays: config.reminderWorkingDays,
    clock,
  });
  const timeline = new TimelineRecords({
    introductions: introductionRepository,
    service,
    directory: directory.directory,
    timeline: (introduction, actor, email) => introductionsBot.timeline(introduction, actor, email),
    logger,
    clock,
  });
  return { service, updates, offers, introductionsBot, caseLists, timeline, expectedContact };
}
