/**
 * What a new version of the patch directory would change, in people's words, before anyone
 * confirms it: patches added, removed or renamed; rules moving between patches (how many postcodes,
 * sectors, districts and wards); coordinators joining, leaving or moving; capacity changes; other
 * roles; and what that means now for the people a leaving coordinator walks alongside and the
 * offers waiting for them.
 *
 * A coordinator is the same person in both versions by their Entra object id where both versions
 * give one (how every role is granted), else by their email (the directory's key). So a coordinator
 * whose email changes (a new surname, a merged mail domain) keeps what they hold: their records
 * follow the new email (`followEmailChange`). One who is in no patch of the new version leaves: the
 * offers waiting for them are routed again, and the people they accepted or walk alongside need a
 * coordinator (src/services/directory/directoryAdministration.ts). One who stays, but no longer in the patch
 * an offer is in, has that offer routed again too.
 *
 * No I/O: what each coordinator holds now is given.
 */

import { type Introduction, withEvent } from '../introductions/introduction';
import type { Directory, Person } from './directory';

/** What a coordinator holds now: offers waiting for them, and people they accepted or walk alongside. */
export interface Holding {
  offers: number;
  people: number;
}

export interface DirectoryChanges {
  patchesAdded: string[];
  patchesRemoved: string[];
  patchesRenamed: { from: string; to: string }[];
  rulesMoved: {
    from: string;
    to: string;
    postcode: number;
    sector: number;
    district: number;
    ward: number;
    /** What moves, as the file writes it (RM3 7, DE22 1, a ward code), in the file's order. */
    values: string[];
  }[];
  joining: { name: string; patches: string[] }[];
  /** The same coordinator (by Entra object id) with another email: what they hold stays theirs. */
  emailChanged: EmailChange[];
  leaving: { name: string; email: string; patches: string[]; holding: Holding }[];
  /** Coordinators who stay, in other patches: those they join, leave, and still cover. */
  moving: { name: string; joins: string[]; leaves: string[]; stays: string[] }[];
  capacity: { name: string; from: number; to: number }[];
  roles: string[];
  /** Nothing that routing or any role depends on changes (only wording or time away, say). */
  nothing: boolean;
}

type Where = { patchId: string; patchName: string };

/** A coordinator whose email changes between two versions. */
export interface EmailChange {
  name: string;
  from: string;
  to: string;
}

/**
 * Coordinators with the same Entra object id in both versions and another email. Only where the
 * old email is gone from the new version and the new one was not in the old (so two people swapping
 * emails, or one taking over another's, are never taken for one person changing theirs).
 */
export function emailChanges(before: Directory, after: Directory): EmailChange[] {
  const all = (d: Directory) => d.patches.flatMap((p) => p.coordinators);
  const byId = (d: Directory) =>
    new Map(all(d).flatMap((c) => (c.aadObjectId ? [[c.aadObjectId.toLowerCase(), c] as const] : [])));
  const emailsBefore = new Set(all(before).map((c) => c.email));
  const emailsAfter = new Set(all(after).map((c) => c.email));
  const was = byId(before);
  const changes: EmailChange[] = [];
  for (const [id, now] of byId(after)) {
    const then = was.get(id);
    if (then && then.email !== now.email && !emailsAfter.has(then.email) && !emailsBefore.has(now.email))
      changes.push({ name: now.name, from: then.email, to: now.email });
  }
  return changes;
}

/**
 * An introduction held under a coordinator's former email, moved to their new one: who holds it,
 * whom its routing chose or covered for, and its messages to them (not yet sent, or failed). An event says so (for
 * the team, not the introducer). Undefined when nothing of it is under the former email.
 */
export function followEmailChange(
  introduction: Introduction,
  change: EmailChange,
  at: string,
  by: { aadObjectId: string; name: string },
): Introduction | undefined {
  const { coordinator } = introduction.routing;
  const holds = introduction.coordinatorEmail === change.from;
  const covered = coordinator?.coveringFor?.email === change.from;
  // Only what is theirs: a record handed over to someone else keeps its routing as it was decided.
  if (!holds && !covered) return undefined;
  const routing = coordinator
    ? {
        ...introduction.routing,
        coordinator: {
          ...coordinator,
          ...(holds && coordinator.email === change.from ? { email: change.to } : {}),
          ...(coordinator.coveringFor && covered
            ? { coveringFor: { ...coordinator.coveringFor, email: change.to } }
            : {}),
        },
      }
    : introduction.routing;
  // Messages still to send go to the new email; failed ones are kept to the same person, so the
  // team queue still shows that they were not reached.
  const outbox = introduction.outbox?.map((n) =>
    n.to.kind === 'person' && n.to.email === change.from ? { ...n, to: { ...n.to, email: change.to } } : n,
  );
  return withEvent(
    {
      ...introduction,
      routing,
      ...(introduction.coordinatorEmail === change.from ? { coordinatorEmail: change.to } : {}),
      ...(outbox ? { outbox } : {}),
    },
    {
      at,
      by,
      type: 'coordinator-email-changed',
      note: `${change.name}'s email changed in the directory; what they hold stays with them.`,
    },
  );
}

/** Each rule and ward, by a key, to the patch that has it. */
function ruleOwners(directory: Directory): Map<string, Where & { kind: string }> {
  const owners = new Map<string, Where & { kind: string }>();
  for (const patch of directory.patches) {
    for (const rule of patch.rules)
      owners.set(`${rule.kind}:${rule.value}`, { patchId: patch.id, patchName: patch.name, kind: rule.kind });
    for (const ward of patch.wards)
      owners.set(`ward:${ward}`, { patchId: patch.id, patchName: patch.name, kind: 'ward' });
  }
  return owners;
}

function coordinators(directory: Directory) {
  const byEmail = new Map<string, { name: string; patches: Where[]; capacity: number }>();
  for (const patch of directory.patches)
    for (const c of patch.coordinators) {
      const entry = byEmail.get(c.email) ?? { name: c.name, patches: [], capacity: c.capacity };
      entry.patches.push({ patchId: patch.id, patchName: patch.name });
      byEmail.set(c.email, entry);
    }
  return byEmail;
}

/**
 * A role is granted by the Entra object id (src/domain/directory/roles.ts), so a person whose object id
 * changes is named too: that is who the role now goes to.
 */
function roleChanges(what: string, before: Person[], after: Person[]): string[] {
  const was = new Map(before.map((p) => [p.email, p]));
  const is = new Map(after.map((p) => [p.email, p]));
  return [
    ...after.filter((p) => !was.has(p.email)).map((p) => `${p.name} becomes ${what}.`),
    ...before.filter((p) => !is.has(p.email)).map((p) => `${p.name} is no longer ${what}.`),
    ...after
      .filter((p) => was.has(p.email) && (was.get(p.email)?.aadObjectId ?? '') !== (p.aadObjectId ?? ''))
      .map(
        (p) =>
          `${p.name} (${what}): the Entra object id changes to ${p.aadObjectId ?? 'none (matched by email)'}: the role goes to that account.`,
      ),
  ];
}

/** What else the file says that people see or the service counts by. */
function otherChanges(before: Directory, after: Directory): string[] {
  const words: string[] = [];
  if (before.area !== after.area) words.push(`The area becomes ${after.area}.`);
  if (before.safeguarding !== after.safeguarding)
    words.push(`The safeguarding text every card shows changes to: ${after.safeguarding}`);
  if (before.triage.name !== after.triage.name) words.push(`The triage team is called ${after.triage.name}.`);
  const r = { was: before.records.retention, is: after.records.retention };
  if (
    r.was.neverBecameSupportYears !== r.is.neverBecameSupportYears ||
    r.was.supportYears !== r.is.supportYears
  )
    words.push(
      `Retention changes to ${r.is.neverBecameSupportYears} years (never became support) and ${r.is.supportYears} years (support happened) after last contact: every record's review date follows, and any now past it comes up for review (nothing is disposed of without a records lead).`,
    );
  if (before.records.approvals !== after.records.approvals)
    words.push(
      after.records.approvals === 2
        ? 'Each disposal and erasure then needs two records leads: a second must approve what the first did.'
        : 'Each disposal and erasure then needs one records lead: approvals waiting for a second go ahead when approved again.',
    );
  if ((before.records.staffAreThirdParties ?? false) !== (after.records.staffAreThirdParties ?? false))
    words.push(
      after.records.staffAreThirdParties
        ? 'Subject access exports then mark staff acting in their job for redaction, like anyone else.'
        : 'Subject access exports then mark staff acting in their job as staff (usually released).',
    );
  if (
    before.records.privacyNotice !== after.records.privacyNotice ||
    before.records.dataProtectionOfficer !== after.records.dataProtectionOfficer
  )
    words.push('The privacy notice or the data protection officer that subject access exports name changes.');
  if (JSON.stringify(before.unitCosts ?? null) !== JSON.stringify(after.unitCosts ?? null))
    words.push('The unit costs for "costs avoided" change.');
  const coordinatorIds = (d: Directory) =>
    new Map(d.patches.flatMap((p) => p.coordinators).map((c) => [c.email, c]));
  const was = coordinatorIds(before);
  for (const [email, c] of coordinatorIds(after)) {
    const then = was.get(email);
    if (then && (then.aadObjectId ?? '') !== (c.aadObjectId ?? ''))
      words.push(`${c.name} (coordinator): the Entra object id changes: the role goes to that account.`);
  }
  return words;
}

export function directoryChanges(
  before: Directory,
  after: Directory,
  holding: (email: string) => Holding,
): DirectoryChanges {
  const beforePatches = new Map(before.patches.map((p) => [p.id, p]));
  const afterPatches = new Map(after.patches.map((p) => [p.id, p]));
  const patchesAdded = after.patches.filter((p) => !beforePatches.has(p.id)).map((p) => p.name);
  const patchesRemoved = before.patches.filter((p) => !afterPatches.has(p.id)).map((p) => p.name);
  const patchesRenamed = after.patches.flatMap((p) => {
    const was = beforePatches.get(p.id);
    return was && was.name !== p.name ? [{ from: was.name, to: p.name }] : [];
  });

  const was = ruleOwners(before);
  const is = ruleOwners(after);
  const moves = new Map<string, DirectoryChanges['rulesMoved'][number]>();
  for (const key of new Set([...was.keys(), ...is.keys()])) {
    const from = was.get(key);
    const to = is.get(key);
    if (from?.patchId === to?.patchId) continue;
    const kind = (from ?? to)?.kind ?? 'postcode';
    const fromName = from?.patchName ?? 'no patch';
    const toName = to?.patchName ?? 'no patch (LAC team triage)';
    const pair = `${fromName}→${toName}`;
    const move = moves.get(pair) ?? {
      from: fromName,
      to: toName,
      postcode: 0,
      sector: 0,
      district: 0,
      ward: 0,
      values: [],
    };
    if (kind === 'postcode' || kind === 'sector' || kind === 'district' || kind === 'ward') move[kind]++;
    move.values.push(key.slice(key.indexOf(':') + 1));
    moves.set(pair, move);
  }

  const people = { before: coordinators(before), after: coordinators(after) };
  const emailChanged = emailChanges(before, after);
  const formerEmail = new Map(emailChanged.map((c) => [c.to, c.from]));
  const joining: DirectoryChanges['joining'] = [];
  const leaving: DirectoryChanges['leaving'] = [];
  const moving: DirectoryChanges['moving'] = [];
  const capacity: DirectoryChanges['capacity'] = [];
  for (const [email, now] of people.after) {
    const then = people.before.get(formerEmail.get(email) ?? email);
    if (!then) {
      joining.push({ name: now.name, patches: now.patches.map((p) => p.patchName) });
      continue;
    }
    const was = new Set(then.patches.map((p) => p.patchId));
    const is = new Set(now.patches.map((p) => p.patchId));
    const joins = now.patches.filter((p) => !was.has(p.patchId)).map((p) => p.patchName);
    const leaves = then.patches.filter((p) => !is.has(p.patchId)).map((p) => p.patchName);
    const stays = now.patches.filter((p) => was.has(p.patchId)).map((p) => p.patchName);
    if (joins.length + leaves.length > 0) moving.push({ name: now.name, joins, leaves, stays });
    if (then.capacity !== now.capacity)
      capacity.push({ name: now.name, from: then.capacity, to: now.capacity });
  }
  const changedFrom = new Set(formerEmail.values());
  for (const [email, then] of people.before)
    if (!people.after.has(email) && !changedFrom.has(email))
      leaving.push({
        name: then.name,
        email,
        patches: then.patches.map((p) => p.patchName),
        holding: holding(email),
      });

  const roles = [
    ...roleChanges('a triage manager', before.triage.managers, after.triage.managers),
    ...roleChanges('a records lead', before.records.leads, after.records.leads),
    ...roleChanges('a report viewer', before.reportViewers, after.reportViewers),
    ...roleChanges('an administrator', before.administrators, after.administrators),
    ...otherChanges(before, after),
  ];
  const rulesMoved = [...moves.values()];
  return {
    patchesAdded,
    patchesRemoved,
    patchesRenamed,
    rulesMoved,
    joining,
    emailChanged,
    leaving,
    moving,
    capacity,
    roles,
    nothing:
      patchesAdded.length +
        patchesRemoved.length +
        patchesRenamed.length +
        rulesMoved.length +
        joining.length +
        emailChanged.length +
        leaving.length +
        moving.length +
        capacity.length +
        roles.length ===
      0,
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * The changes, one sentence each: first who leaves and what they hold (and whose email changes),
 * which a card must never cut, then in the order a manager reads them.
 */
/**
 * The changes in words, in the order they are read: who leaves, then every change of role (a new
 * administrator, triage manager, records lead or report viewer matters most and is never the line
 * a card leaves out), then the rest.
 */
/** How many of the postcodes, sectors, districts or wards that move between two patches are named. */
const MOVES_NAMED = 5;

export function changeWords(changes: DirectoryChanges): string[] {
  const words: string[] = [];
  for (const c of changes.leaving) {
    const { people, offers } = c.holding;
    const need = [
      people > 0
        ? `${plural(people, 'person', 'people')} ${c.name.split(' ')[0]} accepted or walks alongside`
        : '',
      offers > 0 ? `${plural(offers, 'offer')} waiting` : '',
    ].filter(Boolean);
    words.push(
      need.length > 0
        ? `${c.name} leaves ${list(c.patches)}: ${list(need)} will need someone. Offers are routed again at once; the people show in the team queue as needing a coordinator.`
        : `${c.name} leaves ${list(c.patches)}: nobody is waiting for them.`,
    );
  }
  words.push(...changes.roles);
  for (const c of changes.emailChanged)
    words.push(
      `${c.name}'s email changes from ${c.from} to ${c.to} (the same Entra account): the people and offers they hold stay with them.`,
    );
  for (const name of changes.patchesAdded) words.push(`New patch: ${name}.`);
  for (const name of changes.patchesRemoved) words.push(`Patch removed: ${name}.`);
  for (const { from, to } of changes.patchesRenamed) words.push(`${from} is renamed ${to}.`);
  for (const move of changes.rulesMoved) {
    const what = [
      move.postcode ? plural(move.postcode, 'postcode') : '',
      move.sector ? plural(move.sector, 'sector') : '',
      move.district ? plural(move.district, 'district') : '',
      move.ward ? plural(move.ward, 'ward') : '',
    ].filter(Boolean);
    // What moves, named, up to five: "DE22 1 moves from no patch to Normanton Park".
    const shown = move.values.slice(0, MOVES_NAMED);
    const more = move.values.length - shown.length;
    const named = more > 0 ? `${shown.join(', ')} and ${more} more` : list(shown);
    words.push(
      move.values.length === 1
        ? `${named} moves from ${move.from} to ${move.to}.`
        : `${list(what)} move from ${move.from} to ${move.to}: ${named}.`,
    );
  }
  for (const c of changes.joining) words.push(`${c.name} joins ${list(c.patches)}.`);
  for (const c of changes.moving) {
    const still = c.stays.length > 0 ? ` (still ${list(c.stays)})` : '';
    if (c.leaves.length === 0) words.push(`${c.name} also covers ${list(c.joins)}${still}.`);
    else if (c.joins.length === 0)
      words.push(
        `${c.name} no longer covers ${list(c.leaves)}${still}: offers waiting for them there are routed again.`,
      );
    else
      words.push(
        `${c.name} moves from ${list(c.leaves)} to ${list(c.joins)}${still}: offers waiting for them in ${list(c.leaves)} are routed again.`,
      );
  }
  for (const c of changes.capacity)
    words.push(`${c.name}'s capacity changes from ${c.from} to ${c.to} people.`);
  if (changes.nothing) words.push('Nothing that routing or anyone’s role depends on changes.');
  return words;
}
