/**
 * Who someone is in the patch directory: triage manager, coordinator of which patches.
 *
 * A role is granted by the Entra object id on the Teams activity, which Microsoft signs. An email is
 * only a claim: it comes from the user's own tenant (TeamsInfo reports the `mail` attribute its
 * administrators set), so a partner tenant could report anybody's address. Therefore:
 *
 * - a directory entry with an `aadObjectId` matches that object id and nothing else;
 * - an entry without one matches by email only for a person of the council's own tenant
 *   (BOT_TENANT_ID), and only until an object id has been pinned to that email: from then on the
 *   pinned object id is the entry's (src/services/directory/directoryIdentity.ts learns and stores pins);
 * - a person of any other tenant (a partner, such as NHSmail) never holds a role, whatever their
 *   object id or email;
 * - with no home tenant configured (multi-tenant without BOT_TENANT_ID), only object ids count.
 */

import type { Actor, Viewer } from '../introductions/introduction';
import type { Directory, Person } from './directory';

export interface Claimant {
  aadObjectId: string;
  /** False for a person of another tenant than the council's: they never hold a role. */
  mayHoldRoles: boolean;
  /** Their email as Teams reports it, lower-cased: set only for the council's own tenant. */
  email?: string;
}

/** Object ids are GUIDs: compared without regard to case. */
export function sameObjectId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function claimantOf(
  actor: Actor,
  email: string | undefined,
  homeTenantId: string | undefined,
): Claimant {
  if (homeTenantId === undefined) return { aadObjectId: actor.aadObjectId, mayHoldRoles: true };
  const home = actor.tenantId.toLowerCase() === homeTenantId.toLowerCase();
  return {
    aadObjectId: actor.aadObjectId,
    mayHoldRoles: home,
    ...(home && email ? { email: email.toLowerCase() } : {}),
  };
}

/** Every person in the directory: the triage managers, each patch's coordinators, the report viewers. */
export function directoryPeople(directory: Directory): Person[] {
  return [
    ...directory.triage.managers,
    ...directory.patches.flatMap((p) => p.coordinators),
    ...directory.reportViewers,
    ...directory.records.leads,
    ...directory.administrators,
  ];
}

/**
 * Entries without an object id whose email this claimant may claim now (home tenant, same email,
 * nothing pinned yet): the caller pins them to the claimant's object id before they count.
 */
export function claimableEmails(
  directory: Directory,
  claimant: Claimant,
  pinned: (email: string) => string | undefined,
): string[] {
  if (!claimant.mayHoldRoles || !claimant.email) return [];
  const emails = new Set<string>();
  for (const person of directoryPeople(directory)) {
    if (!person.aadObjectId && person.email === claimant.email && pinned(person.email) === undefined) {
      emails.add(person.email);
    }
  }
  return [...emails];
}

/** Is this directory entry this claimant? `pinned` gives the object id learnt for an email, if any. */
export function isEntryFor(
  person: Pick<Person, 'aadObjectId' | 'email'>,
  claimant: Claimant,
  pinned: (email: string) => string | undefined,
): boolean {
  if (!claimant.mayHoldRoles) return false;
  if (person.aadObjectId) return sameObjectId(person.aadObjectId, claimant.aadObjectId);
  const learnt = pinned(person.email);
  return learnt !== undefined && sameObjectId(learnt, claimant.aadObjectId);
}

/** Who the claimant is in the directory. Pins must be settled first (claimableEmails). */
export function viewerFrom(
  directory: Directory,
  claimant: Claimant,
  pinned: (email: string) => string | undefined,
): Viewer {
  const mine = (person: Person) => isEntryFor(person, claimant, pinned);
  const directoryEmails = new Set(
    directoryPeople(directory)
      .filter(mine)
      .map((p) => p.email),
  );
  return {
    aadObjectId: claimant.aadObjectId,
    isTriageManager: directory.triage.managers.some(mine),
    isReportViewer: directory.reportViewers.some(mine),
    isRecordsLead: directory.records.leads.some(mine),
    isAdministrator: directory.administrators.some(mine),
    coordinatesPatches: directory.patches.filter((p) => p.coordinators.some(mine)).map((p) => p.id),
    directoryEmails: [...directoryEmails],
  };
}
