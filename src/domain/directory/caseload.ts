/**
 * Which introductions count towards a coordinator's caseload: offered to them and not yet
 * declined, or accepted and not stepped back. The introduction states themselves are defined with
 * the introduction lifecycle; this list must name only states that exist there.
 */
export const CASELOAD_STATUSES = ['offered', 'accepted', 'in-touch', 'walking-alongside'] as const;
