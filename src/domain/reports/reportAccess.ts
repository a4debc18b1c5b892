/**
 * Who sees which monthly report. Roles come from the directory by Entra object id (src/domain/
 * roles.ts), never from card data:
 *
 * - triage managers: the whole service, by patch, every number;
 * - coordinators: their own patches (`my patch`; `monthly report` gives them the same), every number;
 * - report viewers (heads of service, commissioners, the performance team): the whole service, with
 *   small numbers suppressed, as everything that leaves the team is (src/domain/reports/smallNumbers.ts);
 * - everyone else, introducers and partners included: no reports.
 *
 * Someone with two roles gets the widest: a triage manager who also coordinates a patch sees the
 * whole service with `monthly report`, and their patch with `my patch`.
 */
import type { Viewer } from '../introductions/introduction';
import { type ReportScope, scopeKey } from './reportModel';

export type ReportRequest = 'monthly report' | 'my patch';

export type ReportAccess =
  | { allowed: true; scope: ReportScope; suppressSmallNumbers: boolean }
  | { allowed: false; reason: string };

export const REPORTS_REFUSED =
  'Monthly reports are for the LAC team and the people the council names to read them.';

export function reportAccess(viewer: Viewer, request: ReportRequest): ReportAccess {
  const ownPatches = viewer.coordinatesPatches;
  if (request === 'my patch' && ownPatches.length > 0)
    return { allowed: true, scope: { kind: 'patches', patchIds: ownPatches }, suppressSmallNumbers: false };
  if (viewer.isTriageManager)
    return { allowed: true, scope: { kind: 'service' }, suppressSmallNumbers: false };
  if (ownPatches.length > 0)
    return { allowed: true, scope: { kind: 'patches', patchIds: ownPatches }, suppressSmallNumbers: false };
  if (viewer.isReportViewer) return { allowed: true, scope: { kind: 'service' }, suppressSmallNumbers: true };
  return { allowed: false, reason: REPORTS_REFUSED };
}

/**
 * The scopes a month is frozen for, so that every report someone is shown of a past month is read
 * as it was frozen: the whole service (triage managers, report viewers), each patch, and each set of
 * patches one coordinator covers (their `my patch`, as the directory has them when the month is
 * frozen; a coordinator whose patches change later sees past months counted afresh).
 */
export function frozenScopes(
  patches: readonly {
    id: string;
    coordinators: readonly { email: string }[];
  }[],
): ReportScope[] {
  const byPerson = new Map<string, string[]>();
  for (const patch of patches)
    for (const c of patch.coordinators) {
      // By email: a coordinator may be listed with an object id in one patch and without in another.
      const who = c.email.toLowerCase();
      byPerson.set(who, [...(byPerson.get(who) ?? []), patch.id]);
    }
  const scopes = new Map<string, ReportScope>([['service', { kind: 'service' }]]);
  for (const patch of patches) scopes.set(patch.id, { kind: 'patches', patchIds: [patch.id] });
  for (const ids of byPerson.values()) {
    const scope: ReportScope = { kind: 'patches', patchIds: [...new Set(ids)].sort() };
    if (scope.patchIds.length > 1) scopes.set(scopeKey(scope), scope);
  }
  return [...scopes.values()];
}
