/**
 * "subject access …": a records lead finds a person's records by reference, or by name with date of
 * birth or postcode, and gets the export's download buttons (src/services/records/subjectAccessService.ts).
 * The card in the lead's chat names no one: how many records, how they were found, and each
 * record's reference, date and status. The name typed stays in the message the lead sent.
 */
import type { TurnContext } from 'botbuilder';
import { formatDate, ukToday } from '../../domain/directory/routing';
import { STATUS_WORDS } from '../../domain/introductions/introduction';
import { parseSubjectAccessQuery, type SubjectAccessQuery } from '../../domain/records/subjectAccess';
import {
  daysLeftWords,
  REQUEST_REFERENCE,
  receivedOnOf,
  type SubjectAccessRequest,
} from '../../domain/records/subjectAccessRequest';
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
      clock?: () => Date;
    },
  ) {}

  private today(): string {
    return ukToday((this.deps.clock ?? (() => new Date()))());
  }

  private requestWords(request: SubjectAccessRequest): string {
    return `Request **${request.reference}**: received ${formatDate(request.receivedOn)}, to be answered by ${formatDate(request.dueOn)} (${daysLeftWords(request.dueOn, this.today())}).`;
  }

  /** "subject access requests": every open request, soonest due first, with days left. */
  async requests(context: TurnContext): Promise<string> {
    const actor = await recordsLead(context, this.deps.service);
    if (!actor) return RECORDS_REFUSED;
    const open = await this.deps.subjectAccess.openRequests();
    if (open.length === 0) return 'No subject access request is open.';
    const today = this.today();
    return [
      `${open.length === 1 ? 'One subject access request is' : `${open.length} subject access requests are`} open, soonest due first:`,
      ...open.map(
        (r) =>
          `- **${r.reference}**: received ${formatDate(r.receivedOn)}, due ${formatDate(r.dueOn)} (${daysLeftWords(r.dueOn, today)}); ${r.records.length} record${r.records.length === 1 ? '' : 's'} found (${r.records.map((x) => x.reference).join(', ') || 'none'}), ${r.exported.length} exported; ${r.lead.name} has it.`,
      ),
      'Close one, once answered, with **close subject access SAR-… because …**: its holds are lifted.',
    ].join('\n');
  }

  /** "close subject access SAR-… because …": answered (or withdrawn); its holds are lifted. */
  async close(context: TurnContext, typed: string): Promise<string> {
    const actor = await recordsLead(context, this.deps.service);
    if (!actor) return RECORDS_REFUSED;
    const match = /^(\S+)\s+because\s+(.{1,500})$/i.exec(typed.trim());
    if (!match?.[1] || !match[2] || !REQUEST_REFERENCE.test(match[1].toUpperCase()))
      return 'Give the request and why, for example: close subject access SAR-7K4M-QX because the export was sent on 3 December.';
    const reference = match[1].toUpperCase();
    const closed = await this.deps.subjectAccess.closeRequest(reference, actor, match[2].trim());
    if (closed === undefined) return `There is no subject access request ${reference}.`;
    if (closed === 'closed-already') return `${reference} was closed already: nothing changed.`;
    return `${reference} closed, with your reason. The holds it placed are lifted: each record comes up for review again when its retention date is past.`;
  }

  async request(context: TurnContext, typed: string): Promise<AdaptiveCardJson | string> {
    const actor = await recordsLead(context, this.deps.service);
    if (!actor) return RECORDS_REFUSED;
    // A name and date of birth typed in a channel are seen by everyone in it: refused before any search.
    if (context.activity.conversation?.conversationType !== 'personal')
      return 'Type this in your own chat with the bot, not here: what is typed in a channel or group chat stays there.';
    // "… for SAR-…": another search for a request already open.
    const forRequest = /^(.*?)\s+for\s+(SAR-[A-Z0-9]{4}-[A-Z0-9]{2})\s*$/i.exec(typed.trim());
    const addTo = forRequest?.[2]?.toUpperCase();
    const received = receivedOnOf(forRequest?.[1] ?? typed, this.today());
    if (!received.ok) return received.problem;
    const parsed = parseSubjectAccessQuery(received.query);
    if (!parsed.ok) return parsed.problem;
    const found = await this.deps.subjectAccess.find(parsed.query);
    const how = foundBy(parsed.query);
    const request = await this.deps.subjectAccess.openRequest(found, how, received.receivedOn, actor, addTo);
    if (!request) return `There is no open subject access request ${addTo}.`;
    if (found.length === 0)
      return `${this.requestWords(request)}\n\nNothing is held ${how}. Check the spelling and the ${parsed.query.kind === 'reference' ? 'reference' : 'date of birth or postcode'}, or try the other (a postcode may have changed), adding **for ${request.reference}** so it joins this request. If nothing is held, the answer to the person is that no information is held about them here; then **close subject access ${request.reference} because …**.`;
    // Only in the lead's own chat: what is typed in a channel stays there, and so would the answer.
    const records = [];
    for (const introduction of found) {
      // One link a button: each works once (src/storage/downloadLinks.ts).
      const link = async (file: string) =>
        downloadUrl(
          this.deps.publicUrl(),
          'subject-access',
          await this.deps.subjectAccess.shareLink([introduction], how, actor, request.reference),
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
      summary: `${this.requestWords(request)} Found ${found.length} record${found.length === 1 ? '' : 's'} ${how}${addTo ? ', added to it' : ''}; each is held until you close the request. A name can match someone else: read each first (**open ${found[0]?.reference ?? 'LAC-…'}**) and export only those that are the requester’s. Each export holds everything held in that record, with other people's details marked for your redaction review. Each download is in the audit trail.`,
      records,
      downloadNote: `Each button works once, for ${SUBJECT_ACCESS_LINK_MINUTES} minutes: after that, search again adding **for ${request.reference}**, so it stays this request (a new search opens a new one, received today). Answer by ${formatDate(request.dueOn)}; then **close subject access ${request.reference} because …**.`,
    });
  }
}
