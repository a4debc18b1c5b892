/**
 * Subject access (UK GDPR Art. 15): everything the service holds about a person, for a records lead
 * to review and send them within one calendar month.
 *
 * - Found by reference, or by name with date of birth or postcode (people ask by name), through the
 *   same hashed keys that find likely duplicates: the search index holds no names.
 * - The export is made from the record as it is at that moment, field by field, so a detail added to
 *   an introduction later is exported without anyone remembering to add it here: only what
 *   `LEFT_OUT` names (with its reason) is not copied as it is stored.
 * - Other people's details inside it (the introducer, coordinators, managers, anyone who acted on
 *   it, whoever viewed it) are marked `thirdParty`, for the lead's redaction review before release.
 *   Free text (notes, what matters) can name other people too: the export says so.
 *
 * No I/O: the caller supplies the access history, the words of what was posted, and who is who.
 */

import { typedDate } from '../directory/away';
import type { Directory } from '../directory/directory';
import { isNoFixedAbode, parsePostcode } from '../directory/postcodes';
import {
  duplicateKeys,
  type Introduction,
  REFERENCE_ALPHABET,
  STATUS_WORDS,
} from '../introductions/introduction';
import { RECORD_CLASS_WORDS } from './retention';
import {
  type AboutTheProcessing,
  aboutTheProcessing,
  FREE_TEXT_KEYS,
  inWords,
  MAY_NAME_OTHERS,
} from './subjectAccessWords';

// ---------------------------------------------------------------------------------------------
// Finding the person

export type SubjectAccessQuery =
  | { kind: 'reference'; reference: string }
  | { kind: 'name'; fullName: string; dateOfBirth?: string; postcode?: string; keys: string[] };

export const SUBJECT_ACCESS_EXAMPLES =
  'subject access LAC-7K4M-QX, or subject access Joan Smith, 14/03/1958, or subject access Joan Smith, RM3 7AB';

const REFERENCE = new RegExp(`^LAC-[${REFERENCE_ALPHABET}]{4}-[${REFERENCE_ALPHABET}]{2}$`);

/**
 * What a records lead typed after "subject access": a reference, or a name, a comma, and a date of
 * birth or a postcode. A name alone is refused: two people share a name far too often.
 */
export function parseSubjectAccessQuery(
  typed: string,
): { ok: true; query: SubjectAccessQuery } | { ok: false; problem: string } {
  const text = typed.trim();
  const asReference = text.toUpperCase();
  if (REFERENCE.test(asReference)) return { ok: true, query: { kind: 'reference', reference: asReference } };
  const comma = text.lastIndexOf(',');
  const fullName = comma > 0 ? text.slice(0, comma).trim() : '';
  const other = comma > 0 ? text.slice(comma + 1).trim() : '';
  if (!fullName || !other || !/\p{L}/u.test(fullName))
    return {
      ok: false,
      problem: `Give a reference, or a name with their date of birth or postcode after a comma: ${SUBJECT_ACCESS_EXAMPLES}.`,
    };
  const dateOfBirth = typedDate(other);
  if (dateOfBirth)
    return {
      ok: true,
      query: { kind: 'name', fullName, dateOfBirth, keys: duplicateKeys({ fullName, dateOfBirth }) },
    };
  const postcode = parsePostcode(other);
  if (postcode && !isNoFixedAbode(postcode.value))
    return {
      ok: true,
      query: {
        kind: 'name',
        fullName,
        postcode: postcode.value,
        keys: duplicateKeys({ fullName, postcode: postcode.value }),
      },
    };
  return {
    ok: false,
    // Not echoed: what was typed names a person.
    problem: 'What follows the comma is neither a date of birth (14/03/1958) nor a full postcode (RM3 7AB).',
  };
}

// ---------------------------------------------------------------------------------------------
// Who is who

/**
 * Someone other than the person: marked `thirdParty` for the records lead's redaction review, or,
 * for staff acting in their job (introducers, coordinators, managers) unless the council's file
 * says otherwise, marked `staff`: their names are usually released (Data Protection Act 2018
 * Schedule 2 paragraphs 16 and 17).
 */
export interface ThirdParty {
  thirdParty?: true;
  staff?: true;
  name: string;
  /** What they are to the service: "Local Area Coordinator, Harold Hill North", "Introducer, …". */
  role: string;
  [detail: string]: unknown;
}

export interface WhoIsWho {
  directory: Directory;
  /** Staff acting in their job marked as other people (the council's file; off by default). */
  staffAreThirdParties?: boolean;
  /** The council's own Microsoft 365 tenant. */
  homeTenantId?: string;
}

/** The bot itself, which writes some events (deliveries, reminders, month ends). */
const THE_BOT = new Set(['lac-front-door', 'system']);

/** Someone's role, from the directory by object id or email, or from this introduction. */
export function roleOf(
  who: { aadObjectId?: string; email?: string },
  introduction: Pick<Introduction, 'introducer'>,
  context: WhoIsWho,
): string {
  const { directory } = context;
  const same = (p: { aadObjectId?: string; email?: string }) =>
    (who.aadObjectId !== undefined && p.aadObjectId === who.aadObjectId) ||
    (who.email !== undefined && p.email === who.email.toLowerCase());
  if (who.aadObjectId && THE_BOT.has(who.aadObjectId)) return 'LAC Front Door (the bot)';
  const roles: string[] = [];
  if (directory.triage.managers.some(same)) roles.push(`Triage manager, ${directory.triage.name}`);
  for (const patch of directory.patches)
    if (patch.coordinators.some(same)) roles.push(`Local Area Coordinator, ${patch.name}`);
  if (directory.records.leads.some(same)) roles.push('Records lead');
  if (directory.reportViewers.some(same)) roles.push('Sees monthly reports');
  if (introduction.introducer.aadObjectId === who.aadObjectId)
    roles.push(`Introducer, ${introduction.introducer.organisation}`);
  return roles.length > 0 ? roles.join('; ') : 'Not in the directory now';
}

/** Whose tenant: the council's own, or a partner organisation's (for example NHSmail). */
export function organisationOf(tenantId: string, context: WhoIsWho): string {
  if (context.homeTenantId && tenantId === context.homeTenantId) return "The council's own Microsoft 365";
  return `A partner organisation's Microsoft 365 (tenant ${tenantId})`;
}

// ---------------------------------------------------------------------------------------------
// The export

/** An entry of the access history, as the audit trail holds it (ids only). */
export interface AccessEntry {
  actorId: string;
  tenantId: string;
  action: string;
  at: string;
  detail?: string;
}

/** Words of something the bot posted or sent about the person. */
export interface PostedWords {
  where: string;
  at?: string;
  words: string;
}

export const ACCESS_WORDS: Record<string, string> = {
  created: 'made the introduction',
  viewed: 'saw its details',
  listed: 'saw it in a list',
  changed: 'changed it',
  denied: 'asked to see it and was refused',
  held: 'placed a legal hold',
  disposed: 'disposed of it',
  exported: 'exported it (subject access)',
};

/**
 * Fields not copied as stored, and why. Everything else an introduction holds is exported as it is
 * (with other people marked). A test checks that every field of a fully recorded introduction is
 * either exported or named here.
 */
export const LEFT_OUT: Readonly<Record<string, string>> = {
  type: 'the kind of document, the same for every record',
  duplicateKeys:
    'one-way hashes of the name with the date of birth and with the postcode, used to notice a second introduction of the same person; they show nothing that is not above',
  possibleDuplicates:
    'other records that may be of the same person: each is found and exported by its own search, not inside this one',
  outbox: 'what the bot was still to send: its words are under "What the bot sent"',
  outboxDue: 'when the bot next tries to send something: internal',
  deliveryProblem: 'a flag for the team that someone could not be reached: the events say so',
  postedCards:
    'where the bot posted cards (Teams conversation ids): their words are under "What the bot posted"',
  sentMessages:
    'where the bot sent messages (Teams conversation ids), so they can be replaced when the record is disposed of: their words are under "What the bot sent"',
  handledActions: 'ids of button presses already handled, so a double click changes nothing: internal',
  listedIn:
    'where the bot showed the record in lists (Teams conversation and message ids), so those lists can be replaced when the record is disposed of: internal',
  disposalApproval:
    'a records lead’s first approval of its disposal, where the council asks for two: internal to the review',
};

/** Where a card was posted, in words. */
export const POSTED_WHERE: Record<string, string> = {
  coordinator: "A coordinator's chat with the bot",
  triage: "The triage team's channel, or a triage manager's chat",
};

export interface SubjectAccessRecord {
  reference: string;
  /** Where it stands, in words. */
  status: string;
  /** The record as held, other people marked (see LEFT_OUT for what is not copied as stored). */
  record: Record<string, unknown>;
  retention: { recordClass: string; lastContact?: string; reviewFrom?: string };
  /** The words of each card the bot posted about the person, as it reads now (each is kept current). */
  posted: PostedWords[];
  /** The words of messages the bot sent or is sending (it keeps the latest; the events list every one). */
  sent: PostedWords[];
  accessHistory: { at: string; what: string; who: ThirdParty; detail?: string }[];
}

export interface SubjectAccessExport {
  title: string;
  /** What Article 15(1) gives the person beside their data. */
  aboutTheProcessing: AboutTheProcessing;
  madeAt: string;
  madeBy: ThirdParty;
  /** How it was found: "by reference LAC-…" or "by name with date of birth". */
  foundBy: string;
  notes: string[];
  records: SubjectAccessRecord[];
}

/** Keys whose value is another person (an object with a name, or an email). */
const PERSON_KEYS = new Set([
  'by',
  'obtainedBy',
  'acceptedBy',
  'decidedBy',
  'introducer',
  'coordinator',
  'coordinatorEmail',
  'practiceContact',
]);

type Json = unknown;

/** How someone other than the person is marked: staff in their job, or another person. */
const markOf = (context: WhoIsWho) =>
  context.staffAreThirdParties || context.directory.records.staffAreThirdParties
    ? { thirdParty: true as const }
    : { staff: true as const };

/**
 * The introduction as held, with every other person marked, its codes in words and its free text
 * marked for review. `key` is the key the value sits under; `inEvent`, whether it is in an event.
 */
function marked(
  value: Json,
  key: string,
  introduction: Introduction,
  context: WhoIsWho,
  inEvent = false,
): Json {
  if (Array.isArray(value))
    return value.map((item) => marked(item, key, introduction, context, inEvent || key === 'events'));
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const isPerson =
      (typeof object.name === 'string' && typeof object.aadObjectId === 'string') ||
      (PERSON_KEYS.has(key) && typeof object.name === 'string');
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(object)) copy[k] = marked(v, k, introduction, context, inEvent);
    if (!isPerson) return copy;
    const { name: _name, ...rest } = copy;
    // Someone with no Teams identity is the website's introducer: the person themselves (their own
    // data, nothing to mark), or someone who knows them or a community group's volunteer: a private
    // third party, always marked for redaction, never matched to a role by the email they typed.
    const web = introduction.introducer.web;
    if (object.aadObjectId === '' && web)
      return web === 'self'
        ? { ...rest, name: String(object.name), role: "The person themselves, on the council's website" }
        : {
            thirdParty: true,
            ...rest,
            name: String(object.name),
            role:
              web === 'group'
                ? `Introduced them for a community group, on the council's website`
                : "Someone who knows them, on the council's website",
          };
    return {
      ...markOf(context),
      name: String(object.name),
      role: roleOf(
        {
          ...(typeof object.aadObjectId === 'string' ? { aadObjectId: object.aadObjectId } : {}),
          ...(typeof object.email === 'string' ? { email: object.email } : {}),
        },
        introduction,
        context,
      ),
      ...rest,
    } satisfies ThirdParty;
  }
  if (typeof value === 'string' && PERSON_KEYS.has(key))
    return {
      ...markOf(context),
      name: value,
      role:
        key === 'practiceContact' ? 'GP practice contact' : roleOf({ email: value }, introduction, context),
    };
  if (typeof value === 'string' && FREE_TEXT_KEYS.has(key)) return { text: value, review: MAY_NAME_OTHERS };
  return inWords(key, value, inEvent);
}

/** Names the record itself gives to object ids (for the access history's entries, which hold ids). */
function namesIn(introduction: Introduction, directory: Directory): Map<string, string> {
  const names = new Map<string, string>();
  const walk = (value: unknown) => {
    if (Array.isArray(value)) for (const item of value) walk(item);
    else if (value !== null && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (typeof o.aadObjectId === 'string' && typeof o.name === 'string') names.set(o.aadObjectId, o.name);
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(directory);
  walk(introduction);
  return names;
}

/** One introduction, exported. */
export function subjectAccessRecord(
  introduction: Introduction,
  held: {
    accessHistory: readonly AccessEntry[];
    posted: readonly PostedWords[];
    sent: readonly PostedWords[];
  },
  context: WhoIsWho,
): SubjectAccessRecord {
  const record: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(introduction)) {
    // The store's own fields (_etag, _ts...) are not information about the person.
    if (key in LEFT_OUT || key.startsWith('_') || value === undefined) continue;
    record[key] = marked(value, key, introduction, context);
  }
  const names = namesIn(introduction, context.directory);
  return {
    reference: introduction.reference,
    status: STATUS_WORDS[introduction.status],
    record,
    retention: {
      recordClass: RECORD_CLASS_WORDS[introduction.recordClass ?? 'never-became-support'],
      ...(introduction.lastContactAt ? { lastContact: introduction.lastContactAt } : {}),
      ...(introduction.retainUntil ? { reviewFrom: introduction.retainUntil } : {}),
    },
    posted: [...held.posted],
    sent: [...held.sent],
    accessHistory: [...held.accessHistory]
      .sort((a, b) => a.at.localeCompare(b.at))
      .map((entry) => ({
        at: entry.at,
        what: ACCESS_WORDS[entry.action] ?? entry.action,
        who: {
          ...markOf(context),
          name: THE_BOT.has(entry.actorId)
            ? 'LAC Front Door'
            : (names.get(entry.actorId) ?? 'Not named in this record'),
          role: roleOf({ aadObjectId: entry.actorId }, introduction, context),
          organisation: organisationOf(entry.tenantId, context),
          objectId: entry.actorId,
        },
        ...(entry.detail ? { detail: entry.detail } : {}),
      })),
  };
}

/** The notes every export carries, for the records lead and the person. */
export function exportNotes(): string[] {
  return [
    'Made for a subject access request (UK GDPR Article 15). The council must answer within one calendar month of receiving the request (extendable by two further months where requests are complex or numerous).',
    'Staff who acted on or saw the record in their job (the introducer, coordinators, managers) are marked "staff": their names and roles are usually released (Data Protection Act 2018 Schedule 2 paragraphs 16 and 17), unless the council decides otherwise for someone (a risk to them, for example). Anyone marked "thirdParty" is another person: review before release, and redact where the law requires.',
    `Every field typed in free words (what matters to the person, notes, reasons, questions and answers) is marked "${MAY_NAME_OTHERS}": it can name family, neighbours or others.`,
    'Codes are given in words (where the record stands, kinds of event, how consent was given, outcomes, themes).',
    "Cards the bot posted are shown with their words as they read now: the bot keeps each copy up to date, so that is what the chat shows. Teams itself may hold copies under the council's own retention policy (Microsoft Purview), which this export cannot see.",
    `Not copied as stored: ${Object.entries(LEFT_OUT)
      .map(([key, why]) => `${key} (${why})`)
      .join('; ')}.`,
  ];
}

export function subjectAccessExport(
  records: SubjectAccessRecord[],
  meta: { madeAt: string; madeBy: ThirdParty; foundBy: string; directory: Directory },
): SubjectAccessExport {
  return {
    title: 'Local Area Coordination: information held about a person',
    aboutTheProcessing: aboutTheProcessing(meta.directory),
    madeAt: meta.madeAt,
    madeBy: meta.madeBy,
    foundBy: meta.foundBy,
    notes: exportNotes(),
    records,
  };
}
