/**
 * The residents' pages (the open door): the start and privacy pages, and the journey that makes an
 * introduction on the council's website into the same service a Teams introduction goes through,
 * with its drafts and its shared rate limits in Cosmos DB.
 */
import { CosmosDraftRepository } from '../storage/residents/drafts';
import { CosmosThrottle } from '../storage/residents/throttle';
import { formKey } from '../web/residents/formGuard';
import type { ResidentPagesOptions } from '../web/residents/residentPages';
import type { DirectoryWiring } from './directory';
import type { IntroductionsWiring } from './introductions';
import type { Shared } from './shared';

export function wireResidents(
  shared: Shared,
  directory: DirectoryWiring,
  introductions: IntroductionsWiring,
): Omit<ResidentPagesOptions, 'behindProxy'> {
  const key = formKey(shared.auditKey);
  return {
    directory: directory.directory,
    journey: {
      drafts: new CosmosDraftRepository(shared.store.container('drafts'), key, shared.clock),
      throttle: new CosmosThrottle(shared.store.container('throttle')),
      submit: (formId, answers) => introductions.service.submitFromWeb(formId, answers),
      expectedContact: (patchId, welsh) => introductions.expectedContact.forPatch(patchId, welsh),
      formKey: key,
      logger: shared.logger,
      clock: shared.clock,
      ...(shared.options.minimumJourneyMs !== undefined
        ? { minimumJourneyMs: shared.options.minimumJourneyMs }
        : {}),
    },
  };
}
