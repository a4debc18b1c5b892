/** The coordinator's cards: the offer, and lists of introductions (my people, team queue). */

import { type AdaptiveCardJson, expand } from '../cards/adaptiveCards';
import caseListTemplate from './caseList.json';
import offerTemplate from './offer.json';

/**
 * The offer card. Posted (to a coordinator's chat or the triage channel) it is the base card: the
 * chat is a permanent, searchable record, so it carries the least that works (reference, first name
 * and initial, neighbourhood, themes) and no actions but "Show details and actions". Refreshed for
 * each person in `userIds` (Universal Actions `refresh`), it becomes their own view: full details
 * and the actions they may take for people who may act on it, the status only for its introducer.
 */
export interface OfferCardData {
  id: string;
  /** This rendering's own id, sent back with every action: the same press twice is handled once. */
  actionId?: string;
  heading: string;
  /** First name and initial only. */
  who: string;
  reference: string;
  /** Why this card is here, when it is not the plain offer (for the triage team). */
  notice?: string;
  /** Where it is now, in words. */
  status: string;
  statusStyle: 'default' | 'good' | 'accent' | 'attention' | 'emphasis';
  where: string;
  themes: string;
  introducer: string;
  why: string;
  safety?: string;
  duplicates?: string;
  /** In the view of someone who may act: the likely earlier introductions, to open (access checked then). */
  duplicateLinks?: { id: string; label: string }[];
  /** What the action just taken did ("Accepted by you at 10:42"). */
  outcome?: string;
  /** The person's details: only in the view of someone who may see them. */
  details?: { title: string; value: string }[];
  hint?: string;
  /** Teams user ids whose clients fetch their own view (at most 60). */
  userIds: string[];
  canAct: boolean;
  canAssign: boolean;
  canOpen: boolean;
  showDetailsButton: boolean;
  /** The other patches it can be passed to. */
  patches: { id: string; name: string }[];
  /** Every coordinator, "Name (Patch)", for Assign to. */
  coordinators: { name: string; email: string }[];
}

export function offerCard(data: OfferCardData): AdaptiveCardJson {
  return expand(offerTemplate, {
    actionId: '',
    notice: '',
    safety: '',
    duplicates: '',
    outcome: '',
    hint: '',
    details: [],
    duplicateLinks: [],
    ...data,
    userIds: data.userIds.slice(0, 60),
  });
}

export interface CaseListData {
  title: string;
  summary: string;
  items: { id: string; who: string; reference: string; detail: string; status: string }[];
  /**
   * Set when the list is posted (it stays in the chat): the verb that fetches the reader's own
   * view, and who that is. The posted list carries no themes, reasons or caseloads.
   */
  viewVerb?: string;
  userIds?: string[];
}

/** A coordinator's or manager's list of introductions ("my people", "team queue"). */
export function caseListCard(data: CaseListData): AdaptiveCardJson {
  return expand(caseListTemplate, { viewVerb: '', userIds: [], ...data });
}
