/** The records lead's cards: records due for review, and subject access. */

import { type AdaptiveCardJson, expand } from '../cards/adaptiveCards';
import recordsDueTemplate from './recordsDue.json';
import subjectAccessTemplate from './subjectAccess.json';

export interface RecordsDueData {
  summary: string;
  /** What the last action did, in words ('' when none). */
  notice: string;
  /** This rendering's own id: each press handled once. */
  actionId: string;
  /** No names: reference, class, trigger date, patch; held ones with their hold. */
  records: { reference: string; recordClass: string; triggerDate: string; patch: string; held: string }[];
  /** Those that may be disposed of or held (not held already). */
  choices: { title: string; value: string }[];
}

/** "records due": the review queue for records leads. */
export function recordsDueCard(data: RecordsDueData): AdaptiveCardJson {
  return expand(recordsDueTemplate, data);
}

export interface SubjectAccessData {
  /** How many records were found, and how (never the name typed). */
  summary: string;
  /**
   * Reference, date introduced and status (no names in the chat), each with its own downloads: a
   * name can match someone else, so the lead exports only the records that are the requester's.
   */
  records: { reference: string; introduced: string; status: string; html: string; json: string }[];
  downloadNote: string;
}

/** "subject access …": the records found, with the export's download buttons, for a records lead. */
export function subjectAccessCard(data: SubjectAccessData): AdaptiveCardJson {
  return expand(subjectAccessTemplate, data);
}
