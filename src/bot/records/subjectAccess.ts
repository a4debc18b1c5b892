/**
 * "subject access …": a records lead finds a person's records by reference, or by name with date of
 * birth or postcode, and gets the export's download buttons (src/services/records/subjectAccessService.ts).
 * The card in the lead's chat names no one: how many records, how they were found, and each
 * record's reference, date and status. The name typed stays in the message the lead sent.
 */
import type { TurnContext } from 'botbuilder';
import { formatDate } from '../../domain/directory/routing';
import { STATUS_WORDS } from '../../domain/introductions/introduction';
import { parseSubjectAccessQuery, type SubjectAccessQuery } from '../../domain/records/subjectAccess';
import type { IntroductionService } from '../../services/introductions/introductionService';
import {
  SUBJECT_ACCESS_LINK_MINUTES,
  type SubjectAccessService,
} from '../../services/records/subjectAccessService';
import type { AdaptiveCardJson } from '../cards/adaptiveCards';
import { downloadUrl } from '../downloadLinks';
import { subjectAccessCard } from './cards';
import { RECORDS_REFUSED, recordsLead } from './records';

function foundBy(query: SubjectAccessQuery): string {
  if (query.kind === 'reference') return `by reference ${query.reference}`;
  return query.dateOfBirth ? 'by name with date of birth' : 'by name with postcode';
}

export class SubjectAccess {
  constructor(
    private readonly deps: {
      subjectAccess: SubjectAccessService;
      service: Pick<IntroductionService, 'viewerFor'>;
      publicUrl: () => string;
    },
  ) {}

  async request(context: TurnContext, typed: string): Promise<AdaptiveCardJson | string> {
    const actor = await recordsLead(context, this.deps.service);
    if (!actor) return RECORDS_REFUSED;
    // A name and date of birth typed in a channel are seen by everyone in it: refused before any search.
    if (context.activity.conversation?.conversationType !== 'personal')
      return 'Type this in your own chat with the bot, not here: what is typed in a channel or group chat stays there.';
    const parsed = parseSubjectAccessQuery(typed);
    if (!parsed.ok) return parsed.problem;
    const found = await this.deps.subjectAccess.find(parsed.query);
    const how = foundBy(parsed.query);
    if (found.length === 0)
      return `Nothing is held ${how}. Check the spelling and the ${parsed.query.kind === 'reference' ? 'reference' : 'date of birth or postcode'}, or try the other (a postcode may have changed). If nothing is held, the answer to the person is that no information is held about them here.`;
    // Only in the lead's own chat: what is typed in a channel stays there, and so would the answer.
    const records = [];
    for (const introduction of found) {
      // One link a button: each works once (src/storage/downloadLinks.ts).
      const link = async (file: string) =>
        downloadUrl(
          this.deps.publicUrl(),
          'subject-access',
          await this.deps.subjectAccess.shareLink([introduction], how, actor),
          file,
        );
      records.push({
        reference: introduction.reference,
        introduced: formatDate(introduction.createdAt.slice(0, 10)),
        status: STATUS_WORDS[introduction.status],
        html: await link('subject-access.html'),
        json: await link('subject-access.json'),
      });
    }
    return subjectAccessCard({
      summary: `Found ${found.length} record${found.length === 1 ? '' : 's'} ${how}. ${found.length > 1 ? 'A name can match someone else: open each and export only those that are the requester’s. ' : ''}Each export holds everything held in that record, with other people's details marked for your redaction review. Making it and each download are in the audit trail.`,
      records,
      downloadNote: `Each button works once, for ${SUBJECT_ACCESS_LINK_MINUTES} minutes: after that, ask again. The person must have an answer within one calendar month of their request.`,
    });
  }
}
