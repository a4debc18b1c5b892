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
import type { ReportScope } from './reportModel';

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
