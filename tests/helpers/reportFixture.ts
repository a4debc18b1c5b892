/**
 * Nine introductions whose October 2026 report is worked out by hand in
 * tests/domain/monthlyReport.test.ts, for every test of monthly monitoring.
 */
import type { Status } from '../../src/domain/introductions/introduction';
import type { ReportChange, ReportDirectory, ReportRecord } from '../../src/domain/reports/reportModel';

export const DIRECTORY: ReportDirectory = {
  version: 'fixture-1',
  unitCosts: {
    illustrative: true,
    asOf: '2026-04-01',
    rows: [
      { kind: 'eviction', label: 'An eviction', cost: 7000, source: 'Illustrative' },
      { kind: 'ae-attendance', label: 'An A&E attendance', cost: 300, source: 'Illustrative' },
    ],
  },
  patches: [
    {
      id: 'harold-hill-north',
      name: 'Harold Hill North',
      coordinators: [{ email: 'tammy.hughes@demo.gov.uk', name: 'Tammy Hughes', capacity: 3 }],
    },
    {
      id: 'collier-row-havering-park',
      name: 'Collier Row and Havering Park',
      coordinators: [{ email: 'amira.khan@demo.gov.uk', name: 'Amira Khan', capacity: 2 }],
    },
  ],
};
export const TAMMY = 'tammy.hughes@demo.gov.uk';
export const AMIRA = 'amira.khan@demo.gov.uk';

export const routed = (at: string, to: Status): ReportChange => ({ at, type: 'routed', to });
export const changed = (at: string, from: Status, to: Status, move?: ReportChange['move']): ReportChange => ({
  at,
  type: 'status-changed',
  from,
  to,
  ...(move ? { move } : {}),
});

export function record(
  fields: Partial<ReportRecord> & Pick<ReportRecord, 'id' | 'createdAt' | 'changes'>,
): ReportRecord {
  const last = [...fields.changes].reverse().find((c) => c.to)?.to ?? 'with-triage';
  return { source: 'introduction', status: last, partner: false, themes: [], outcomes: [], ...fields };
}

// October 2026: British Summer Time until 01:00 UTC on Sunday 25 October, GMT after.
export const R1 = record({
  id: 'r1',
  createdAt: '2026-10-05T09:00:00Z', // Monday
  introducerKind: 'council',
  patchId: 'harold-hill-north',
  ageBand: '75-84',
  themes: ['isolation', 'money'],
  coordinatorEmail: TAMMY,
  firstConversationOn: '2026-10-07', // 2 working days
  outcomes: [{ outcome: 'arrears-reduced', at: '2026-10-21T10:00:00Z' }],
  equalities: { ethnicity: 'white-british', disability: 'no', carer: 'yes' },
  avoided: [
    // Confirmed at 00:30 BST on 1 October: October.
    { kind: 'ae-attendance', status: 'confirmed', decidedAt: '2026-09-30T23:30:00Z' },
    { kind: 'mental-health-crisis', status: 'rejected', decidedAt: '2026-10-20T10:00:00Z' },
  ],
  changes: [
    routed('2026-10-05T09:00:00Z', 'offered'),
    changed('2026-10-05T15:00:00Z', 'offered', 'accepted'), // 6 hours: in time
    changed('2026-10-07T10:00:00Z', 'accepted', 'in-touch'),
    changed('2026-10-20T10:00:00Z', 'in-touch', 'walking-alongside'),
  ],
});
export const R2 = record({
  id: 'r2',
  createdAt: '2026-10-06T10:00:00Z', // Tuesday
  source: 'gp-practice',
  introducerKind: 'gp-practice',
  partner: true,
  patchId: 'harold-hill-north',
  ageBand: '85+',
  themes: ['isolation'],
  coordinatorEmail: TAMMY,
  firstConversationOn: '2026-10-12', // Wed, Thu, Fri, Mon: 4 working days
  equalities: { ethnicity: 'prefer-not-to-say', disability: 'yes' }, // carer: not asked
  changes: [
    routed('2026-10-06T10:00:00Z', 'offered'),
    // Due by Thursday 11:00 BST (10:00 UTC); accepted on Friday, 73 hours after: not in time.
    changed('2026-10-09T11:00:00Z', 'offered', 'accepted'),
    changed('2026-10-12T09:00:00Z', 'accepted', 'in-touch'),
  ],
});
export const R3 = record({
  id: 'r3',
  createdAt: '2026-10-31T23:30:00Z', // 23:30 GMT on 31 October: October
  introducerKind: 'housing',
  triageReason: 'no-rule',
  themes: ['housing'],
  changes: [routed('2026-10-31T23:30:00Z', 'with-triage')],
});
export const R4 = record({
  id: 'r4',
  createdAt: '2026-09-30T23:30:00Z', // 00:30 BST on 1 October: October
  patchId: 'collier-row-havering-park',
  ageBand: '18-24',
  coordinatorEmail: AMIRA,
  changes: [
    routed('2026-09-30T23:30:00Z', 'offered'),
    changed('2026-10-02T10:00:00Z', 'offered', 'offered', 'passed'),
    changed('2026-10-02T12:00:00Z', 'offered', 'accepted'), // 2 hours after the offer it accepted
    changed('2026-10-15T10:00:00Z', 'accepted', 'consent-withdrawn'),
  ],
});
export const R5 = record({
  id: 'r5',
  createdAt: '2026-08-10T09:00:00Z',
  introducerKind: 'council',
  patchId: 'harold-hill-north',
  ageBand: '55-64',
  themes: ['mental-health'],
  coordinatorEmail: TAMMY,
  firstConversationOn: '2026-08-12',
  outcomes: [
    { outcome: 'connected-to-community', at: '2026-09-20T10:00:00Z' },
    { outcome: 'tenancy-kept', at: '2026-10-14T10:00:00Z' },
  ],
  wellbeing: [
    { on: '2026-08-12', scores: { lifeSatisfaction: 6, worthwhile: 5, happy: 4, anxious: 7 } },
    { on: '2026-10-14', scores: { lifeSatisfaction: 8, worthwhile: 7, happy: 7, anxious: 3 } },
  ],
  avoided: [
    { kind: 'eviction', status: 'confirmed', decidedAt: '2026-10-15T10:00:00Z' },
    { kind: 'ae-attendance', status: 'proposed' }, // not confirmed: never counted
  ],
  changes: [
    routed('2026-08-10T09:00:00Z', 'offered'),
    changed('2026-08-10T12:00:00Z', 'offered', 'accepted'),
    changed('2026-08-12T10:00:00Z', 'accepted', 'walking-alongside'),
    changed('2026-10-14T10:00:00Z', 'walking-alongside', 'stepped-back'), // 63 days alongside
  ],
});
export const R6 = record({
  id: 'r6',
  createdAt: '2026-09-01T09:00:00Z',
  introducerKind: 'council',
  patchId: 'collier-row-havering-park',
  coordinatorEmail: AMIRA,
  changes: [
    routed('2026-09-01T09:00:00Z', 'offered'),
    { at: '2026-10-01T09:00:00Z', type: 'raised-with-triage' },
    changed('2026-10-02T09:00:00Z', 'offered', 'with-triage', 'sent-back-to-triage'),
    changed('2026-10-03T09:00:00Z', 'with-triage', 'offered', 'assigned'),
  ],
});
export const R7 = record({
  id: 'r7',
  createdAt: '2026-10-20T09:00:00Z',
  introducerKind: 'community',
  patchId: 'collier-row-havering-park',
  ageBand: '35-44',
  themes: ['neighbours', 'isolation'],
  changes: [
    routed('2026-10-20T09:00:00Z', 'offered'),
    changed('2026-10-22T09:00:00Z', 'offered', 'did-not-want-support'),
  ],
});
export const R8 = record({
  id: 'r8',
  createdAt: '2025-11-10T10:00:00Z',
  introducerKind: 'council',
  patchId: 'harold-hill-north',
  coordinatorEmail: TAMMY,
  firstConversationOn: '2025-11-20',
  outcomes: [{ outcome: 'volunteering', at: '2026-03-10T10:00:00Z' }], // the last financial year
  wellbeing: [
    { on: '2025-11-20', scores: { lifeSatisfaction: 5, worthwhile: 5, happy: 5, anxious: 5 } },
    { on: '2026-10-01', scores: { lifeSatisfaction: 5, worthwhile: 6, happy: 4, anxious: 5 } },
  ],
  avoided: [{ kind: 'eviction', status: 'confirmed', decidedAt: '2026-05-01T10:00:00Z' }],
  changes: [
    routed('2025-11-10T10:00:00Z', 'offered'),
    changed('2025-11-11T10:00:00Z', 'offered', 'accepted'),
    changed('2025-11-20T10:00:00Z', 'accepted', 'walking-alongside'),
  ],
});
export const R9 = record({
  id: 'r9',
  createdAt: '2026-11-02T10:00:00Z', // after October: in none of its numbers
  introducerKind: 'council',
  patchId: 'harold-hill-north',
  changes: [routed('2026-11-02T10:00:00Z', 'offered')],
});
export const RECORDS = [R1, R2, R3, R4, R5, R6, R7, R8, R9];

/** Walked alongside by Tammy since April 2018 and untouched since: counted, not read, by 2026. */
export const WALKED_SINCE_2018 = record({
  id: 'walked-since-2018',
  createdAt: '2018-03-05T10:00:00Z',
  patchId: 'harold-hill-north',
  coordinatorEmail: TAMMY,
  changes: [
    routed('2018-03-05T10:00:00Z', 'offered'),
    changed('2018-03-06T10:00:00Z', 'offered', 'accepted'),
    changed('2018-04-20T10:00:00Z', 'accepted', 'walking-alongside'),
  ],
});

/** Stepped back from in June 2019 and untouched since: in no report of 2026. */
export const STEPPED_BACK_2019 = record({
  id: 'stepped-back-2019',
  createdAt: '2018-05-01T10:00:00Z',
  changes: [
    routed('2018-05-01T10:00:00Z', 'offered'),
    changed('2019-06-03T10:00:00Z', 'offered', 'stepped-back'),
  ],
});

/** The fixture's patches as the whole directory a ReportService reads. */
export function serviceDirectory(directory: ReportDirectory = DIRECTORY): never {
  return {
    ...directory,
    area: 'Test',
    safeguarding: '',
    triage: { name: 'Triage', managers: [] },
    reportViewers: [],
    version: 'test',
  } as never;
}

const SOMEONE = { aadObjectId: '00000000-0000-4000-8000-000000000001', name: 'Someone' };

/**
 * The record as an introduction document holds it (only the fields a report reads, and a name and
 * a note that a report must never read), for seeding Cosmos DB in storage and adapter tests.
 */
export function storedIntroduction(r: ReportRecord): Record<string, unknown> {
  return {
    id: r.id,
    type: 'introduction',
    reference: `LAC-${r.id.toUpperCase()}`,
    source: r.source,
    status: r.status,
    createdAt: r.createdAt,
    updatedAt: r.changes.at(-1)?.at ?? r.createdAt,
    person: {
      fullName: `Resident ${r.id}`,
      noFixedAddress: false,
      ...(r.ageBand ? { ageBand: r.ageBand } : {}),
    },
    whatMatters: { themes: [...r.themes], goodLife: 'Something only their coordinator should read' },
    introducer: {
      ...(r.introducerKind ? { kind: r.introducerKind } : {}),
      partner: r.partner,
      name: 'Jo Carter',
    },
    introducerId: SOMEONE.aadObjectId,
    routing: {
      outcome: r.patchId ? 'patch' : 'triage',
      ...(r.patchId ? { patch: { id: r.patchId, name: r.patchId } } : {}),
      ...(r.triageReason ? { triageReason: r.triageReason } : {}),
    },
    ...(r.coordinatorEmail ? { coordinatorEmail: r.coordinatorEmail } : {}),
    ...(r.firstConversationOn ? { firstConversation: { on: r.firstConversationOn, by: SOMEONE } } : {}),
    outcomes: r.outcomes.map((o) => ({ ...o, by: SOMEONE })),
    ...(r.equalities ? { equalities: { ...r.equalities, recordedAt: r.createdAt, by: SOMEONE } } : {}),
    ...(r.wellbeing
      ? { wellbeing: r.wellbeing.map((w) => ({ ...w, at: `${w.on}T10:00:00Z`, by: SOMEONE })) }
      : {}),
    ...(r.avoided
      ? {
          avoided: r.avoided.map((a, i) => ({
            id: `${r.id}-avoided-${i}`,
            ...a,
            evidence: 'Evidence a report never reads',
            at: r.createdAt,
            by: SOMEONE,
          })),
        }
      : {}),
    duplicateKeys: [],
    events: [
      { at: r.createdAt, by: SOMEONE, type: 'introduced' },
      ...r.changes.map((c) => ({ ...c, by: SOMEONE, note: 'A note a report never reads' })),
      { at: r.createdAt, by: SOMEONE, type: 'note', note: 'Not a change a report reads' },
    ],
  };
}
