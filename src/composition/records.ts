/**
 * Records: subject access (with its exports), the daily review of records due, and disposal with
 * its destruction log, legal holds and restriction, for records leads in Teams.
 */
import { postedCardReplacer, Records } from '../bot/records/records';
import { SubjectAccess } from '../bot/records/subjectAccess';
import type { DirectoryAdministration } from '../services/directory/directoryAdministration';
import type { IntroductionService } from '../services/introductions/introductionService';
import { AuditSealer, copyHeldAudit } from '../services/records/auditSealer';
import { DisposalService } from '../services/records/disposalService';
import { RecordsReviewScheduler } from '../services/records/recordsReviewScheduler';
import { SubjectAccessService } from '../services/records/subjectAccessService';
import { CosmosDestructionLog } from '../storage/records/destructionLog';
import { CosmosReviewState } from '../storage/records/reviewState';
import { subjectAccessLinks } from '../storage/records/subjectAccessLinkRepository';
import { CosmosSubjectAccessRequests } from '../storage/records/subjectAccessRequestRepository';
import type { DirectoryWiring } from './directory';
import type { IntroductionStores } from './introductions';
import { leases, type Shared } from './shared';
import type { TeamsWiring } from './teams';

export interface RecordsWiring {
  subjectAccessService: SubjectAccessService;
  recordsReview: RecordsReviewScheduler;
  /** Seals the audit outside Cosmos DB (every six hours and at stop). */
  auditSealer: AuditSealer;
  records: Records;
  subjectAccess: SubjectAccess;
}

export function wireRecords(
  shared: Shared,
  directory: DirectoryWiring,
  stores: IntroductionStores,
  teams: TeamsWiring,
  deps: {
    introductions: IntroductionService;
    administration: DirectoryAdministration;
    notify: (introductionId: string) => void;
  },
): RecordsWiring {
  const { config, logger, store, options, clock, instanceId } = shared;
  const { introductions } = deps;
  const { introductionRepository } = stores;
  const disposal = new DisposalService({
    introductions: introductionRepository,
    destructionLog: new CosmosDestructionLog(stores.auditRepository, store.container('records')),
    preserveAudit: (id, at) =>
      copyHeldAudit({ chainOf: (s) => stores.auditRepository.chainOf(s), seals: shared.seals }, id, at),
    replacePosted: postedCardReplacer(teams.messenger),
    audit: (id, actor, action, detail) => introductions.recordRecordsAction(id, actor, action, detail),
    notify: deps.notify,
    restrictionLifted: (id, actor) => deps.administration.routeAgainIfLeft(id, actor),
    approvalsNeeded: () => directory.directory().records.approvals,
    logger,
    clock,
  });
  const subjectAccessService = new SubjectAccessService({
    introductions: introductionRepository,
    audit: stores.auditRepository,
    links: subjectAccessLinks(store.container('reports'), logger),
    postedWords: (introduction) => teams.delivery.wordsAbout(introduction),
    isRecordsLead: async (who) => (await introductions.viewerFor(who)).isRecordsLead,
    directory: directory.directory,
    ...(config.bot.tenantId ? { homeTenantId: config.bot.tenantId } : {}),
    requests: new CosmosSubjectAccessRequests(store.container('records')),
    hold: (id, actor, reason) => disposal.hold(id, actor, reason),
    liftHold: (id, actor, reason, holdReason) =>
      disposal.releaseHolds(id, actor, reason, (h) => h.reason === holdReason),
    logger,
    clock,
  });
  const recordsReview = new RecordsReviewScheduler(
    {
      due: (today) => introductionRepository.listDueForReview(today),
      state: new CosmosReviewState(store.container('records')),
      tellLeads: async (words) => {
        let told = 0;
        for (const lead of directory.directory().records.leads) {
          const objectId = await directory.identity.objectIdOf(lead);
          const address = objectId ? (await directory.people.get(objectId))?.address : undefined;
          if (address && (await teams.messenger.send(address, { type: 'message', text: words })).ok) told++;
        }
        return told;
      },
      requestsDueSoon: (now) => subjectAccessService.dueSoon(now),
      leases: leases(shared),
      logger,
    },
    { everyMs: options.recordsReviewEveryMs, instanceId, clock },
  );
  const records = new Records({ service: introductions, disposal });
  const subjectAccess = new SubjectAccess({
    subjectAccess: subjectAccessService,
    service: introductions,
    publicUrl: shared.publicUrl,
    clock,
  });
  const auditSealer = new AuditSealer(
    {
      heads: (since) => stores.auditRepository.headsSince(since),
      seals: shared.seals,
      key: shared.auditKey,
      leases: leases(shared),
      logger,
    },
    { everyMs: options.auditSealEveryMs, instanceId, clock },
  );
  return { subjectAccessService, recordsReview, auditSealer, records, subjectAccess };
}
