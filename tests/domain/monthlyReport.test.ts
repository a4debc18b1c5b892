/**
 * Monthly monitoring, computed by hand: nine introductions, each number of October 2026's report
 * worked out below and checked; then a property test that every breakdown adds up to its total.
 */
import fc from 'fast-check';
import type { Status } from '../../src/domain/introduction';
import { AGE_BANDS, INTRODUCER_KINDS, OUTCOMES, THEMES } from '../../src/domain/introduction';
import { TRANSITIONS } from '../../src/domain/lifecycle';
import {
  type MonthlyReport,
  monthlyReport,
  type ReportChange,
  type ReportDirectory,
  type ReportRecord,
} from '../../src/domain/monthlyReport';
import { chooseMonth, financialYearLabel, londonMonth, monthLabel } from '../../src/domain/reportPeriod';

const DIRECTORY: ReportDirectory = {
  patches: [
    {
      id: 'harold-hill-north',
      name: 'Harold Hill North',
      coordinators: [{ email: 'tammy.hughes@demo.gov.uk', name: 'Tammy Hughes', capacity: 3 }],
    },
    {
      id: 'collier-row',
      name: 'Collier Row',
      coordinators: [{ email: 'amira.khan@demo.gov.uk', name: 'Amira Khan', capacity: 2 }],
    },
  ],
};
const TAMMY = 'tammy.hughes@demo.gov.uk';
const AMIRA = 'amira.khan@demo.gov.uk';

const routed = (at: string, to: Status): ReportChange => ({ at, type: 'routed', to });
const changed = (at: string, from: Status, to: Status, move?: ReportChange['move']): ReportChange => ({
  at,
  type: 'status-changed',
  from,
  to,
  ...(move ? { move } : {}),
});

function record(
  fields: Partial<ReportRecord> & Pick<ReportRecord, 'id' | 'createdAt' | 'changes'>,
): ReportRecord {
  const last = [...fields.changes].reverse().find((c) => c.to)?.to ?? 'with-triage';
  return { source: 'introduction', status: last, partner: false, themes: [], outcomes: [], ...fields };
}

// October 2026: British Summer Time until 01:00 UTC on Sunday 25 October, GMT after.
const R1 = record({
  id: 'r1',
  createdAt: '2026-10-05T09:00:00Z', // Monday
  introducerKind: 'council',
  patchId: 'harold-hill-north',
  ageBand: '75-84',
  themes: ['isolation', 'money'],
  coordinatorEmail: TAMMY,
  firstConversationOn: '2026-10-07', // 2 working days
  outcomes: [{ outcome: 'arrears-reduced', at: '2026-10-21T10:00:00Z' }],
  changes: [
    routed('2026-10-05T09:00:00Z', 'offered'),
    changed('2026-10-05T15:00:00Z', 'offered', 'accepted'), // 6 hours: in time
    changed('2026-10-07T10:00:00Z', 'accepted', 'in-touch'),
    changed('2026-10-20T10:00:00Z', 'in-touch', 'walking-alongside'),
  ],
});
const R2 = record({
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
  changes: [
    routed('2026-10-06T10:00:00Z', 'offered'),
    // Due by Thursday 11:00 BST (10:00 UTC); accepted on Friday, 73 hours after: not in time.
    changed('2026-10-09T11:00:00Z', 'offered', 'accepted'),
    changed('2026-10-12T09:00:00Z', 'accepted', 'in-touch'),
  ],
});
const R3 = record({
  id: 'r3',
  createdAt: '2026-10-31T23:30:00Z', // 23:30 GMT on 31 October: October
  introducerKind: 'housing',
  triageReason: 'no-rule',
  themes: ['housing'],
  changes: [routed('2026-10-31T23:30:00Z', 'with-triage')],
});
const R4 = record({
  id: 'r4',
  createdAt: '2026-09-30T23:30:00Z', // 00:30 BST on 1 October: October
  patchId: 'collier-row',
  ageBand: '18-24',
  coordinatorEmail: AMIRA,
  changes: [
    routed('2026-09-30T23:30:00Z', 'offered'),
    changed('2026-10-02T10:00:00Z', 'offered', 'offered', 'passed'),
    changed('2026-10-02T12:00:00Z', 'offered', 'accepted'), // 2 hours after the offer it accepted
    changed('2026-10-15T10:00:00Z', 'accepted', 'consent-withdrawn'),
  ],
});
const R5 = record({
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
  changes: [
    routed('2026-08-10T09:00:00Z', 'offered'),
    changed('2026-08-10T12:00:00Z', 'offered', 'accepted'),
    changed('2026-08-12T10:00:00Z', 'accepted', 'walking-alongside'),
    changed('2026-10-14T10:00:00Z', 'walking-alongside', 'stepped-back'), // 63 days alongside
  ],
});
const R6 = record({
  id: 'r6',
  createdAt: '2026-09-01T09:00:00Z',
  introducerKind: 'council',
  patchId: 'collier-row',
  coordinatorEmail: AMIRA,
  changes: [
    routed('2026-09-01T09:00:00Z', 'offered'),
    { at: '2026-10-01T09:00:00Z', type: 'raised-with-triage' },
    changed('2026-10-02T09:00:00Z', 'offered', 'with-triage', 'sent-back-to-triage'),
    changed('2026-10-03T09:00:00Z', 'with-triage', 'offered', 'assigned'),
  ],
});
const R7 = record({
  id: 'r7',
  createdAt: '2026-10-20T09:00:00Z',
  introducerKind: 'community',
  patchId: 'collier-row',
  ageBand: '35-44',
  themes: ['neighbours', 'isolation'],
  changes: [
    routed('2026-10-20T09:00:00Z', 'offered'),
    changed('2026-10-22T09:00:00Z', 'offered', 'did-not-want-support'),
  ],
});
const R8 = record({
  id: 'r8',
  createdAt: '2025-11-10T10:00:00Z',
  introducerKind: 'council',
  patchId: 'harold-hill-north',
  coordinatorEmail: TAMMY,
  firstConversationOn: '2025-11-20',
  outcomes: [{ outcome: 'volunteering', at: '2026-03-10T10:00:00Z' }], // the last financial year
  changes: [
    routed('2025-11-10T10:00:00Z', 'offered'),
    changed('2025-11-11T10:00:00Z', 'offered', 'accepted'),
    changed('2025-11-20T10:00:00Z', 'accepted', 'walking-alongside'),
  ],
});
const R9 = record({
  id: 'r9',
  createdAt: '2026-11-02T10:00:00Z', // after October: in none of its numbers
  introducerKind: 'council',
  patchId: 'harold-hill-north',
  changes: [routed('2026-11-02T10:00:00Z', 'offered')],
});
const RECORDS = [R1, R2, R3, R4, R5, R6, R7, R8, R9];

const october = (scope: MonthlyReport['scope'] = { kind: 'service' }, asAt = '2026-11-30T12:00:00Z') =>
  monthlyReport({
    month: '2026-10',
    records: RECORDS,
    directory: DIRECTORY,
    scope,
    reminderWorkingDays: 2,
    asAt: new Date(asAt),
  });
const counts = (list: { key: string; count: number }[]) =>
  Object.fromEntries(list.filter((c) => c.count > 0).map((c) => [c.key, c.count]));

describe("October 2026's report for the whole service, by hand", () => {
  const report = october();

  it('covers October, from the financial year starting in April, as at its last moment', () => {
    expect(report.month).toBe('2026-10');
    expect(report.yearStart).toBe('2026-04');
    expect(report.partial).toBe(false);
    expect(londonMonth(report.asAt)).toBe('2026-10');
  });

  it("counts October's introductions in London time: R1, R2, R3 (23:30 GMT on the 31st), R4 (00:30 BST on the 1st), R7", () => {
    const m = report.introductions.month;
    expect(m.total).toBe(5);
    expect(counts(m.bySource)).toEqual({
      council: 1,
      'gp-practice': 1,
      housing: 1,
      community: 1,
      'not-given': 1,
    });
    expect(counts(m.byPatch)).toEqual({ 'harold-hill-north': 2, 'collier-row': 2, 'no-patch-covers': 1 });
    expect(counts(m.byAgeBand)).toEqual({ '75-84': 1, '85+': 1, '18-24': 1, '35-44': 1, 'not-given': 1 });
    expect(m.byTheme.filter((t) => t.count > 0).map((t) => [t.key, t.count, t.share])).toEqual([
      ['isolation', 3, 0.6],
      ['money', 1, 0.2],
      ['housing', 1, 0.2],
      ['neighbours', 1, 0.2],
    ]);
    expect(m.frequentAttenders).toBe(1);
    expect(m.fromPartners).toBe(1);
    expect(m.byPatch.find((p) => p.key === 'no-patch-covers')?.label).toBe('No patch covers this postcode');
  });

  it('counts the year to date from April: October, and R5 (August) and R6 (September)', () => {
    const y = report.introductions.yearToDate;
    expect(y.total).toBe(7);
    expect(counts(y.bySource)).toEqual({
      council: 3,
      'gp-practice': 1,
      housing: 1,
      community: 1,
      'not-given': 1,
    });
  });

  it('counts the flow of October by when each thing happened', () => {
    expect(report.flow.month).toEqual({
      offered: 5, // R1, R2, R4 (routed at 00:30 BST on the 1st, passed on the 2nd), R6 (assigned), R7
      accepted: 3, // R1, R2, R4
      passed: 1, // R4
      assigned: 1, // R6
      backToTriage: 1, // R6
      notAcceptedInTime: 1, // R6
      didNotWantSupport: 1, // R7
      consentWithdrawn: 1, // R4
      acceptedInTime: 2, // R1 (6 h), R4 (2 h after the offer it accepted); not R2 (73 h)
      acceptedInTimeShare: 2 / 3,
      medianHoursToAccept: 6, // 2, 6, 73
    });
  });

  it('times first conversations in working days, and counts who has waited more than 10', () => {
    expect(report.firstConversation).toEqual({
      count: 2, // R1, R2
      medianWorkingDays: 3, // 2 and 4
      percentile90WorkingDays: 4,
      waitingOver10WorkingDays: 1, // R6: introduced on 1 September, still offered, never talked with
    });
  });

  it('counts who is walked alongside at the end of October, against capacity', () => {
    expect(report.walkingAlongside).toEqual({
      atMonthEnd: 2, // R1 (from the 20th), R8 (since November 2025); not R5, who stepped back
      byCoordinator: [
        { email: TAMMY, name: 'Tammy Hughes', walkingAlongside: 2, capacity: 3 },
        { email: AMIRA, name: 'Amira Khan', walkingAlongside: 0, capacity: 2 },
      ],
      newLevel1: 2, // R1, R2 first in touch in October
      newLevel2: 1, // R1
      steppedBack: 1, // R5
      medianDaysWalkedAlongside: 63, // 12 August to 14 October
    });
  });

  it('counts outcomes in October and in the year to date (not those of the last financial year)', () => {
    expect(counts(report.outcomes.month.byOutcome)).toEqual({ 'arrears-reduced': 1, 'tenancy-kept': 1 });
    expect(report.outcomes.month.total).toBe(2);
    expect(report.outcomes.month.people).toBe(2);
    expect(counts(report.outcomes.yearToDate.byOutcome)).toEqual({
      'arrears-reduced': 1,
      'tenancy-kept': 1,
      'connected-to-community': 1,
    });
    expect(report.outcomes.yearToDate.people).toBe(2); // R1, R5
  });

  it('gives the twelve months ending in October as a trend', () => {
    expect(report.trend.map((t) => t.month)).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
    expect(report.trend[0]).toEqual({
      month: '2025-11',
      introduced: 1,
      accepted: 1,
      firstConversations: 1,
      steppedBack: 0,
    });
    expect(report.trend[11]).toEqual({
      month: '2026-10',
      introduced: 5,
      accepted: 3,
      firstConversations: 2,
      steppedBack: 1,
    });
  });
});

describe("a coordinator's own patch (my patch)", () => {
  const report = october({ kind: 'patches', patchIds: ['collier-row'] });

  it('counts only the introductions with that patch, and only its coordinators', () => {
    expect(report.patches).toEqual([{ id: 'collier-row', name: 'Collier Row' }]);
    expect(report.introductions.month.total).toBe(2); // R4, R7
    expect(report.firstConversation.waitingOver10WorkingDays).toBe(1); // R6
    expect(report.walkingAlongside.byCoordinator.map((c) => c.email)).toEqual([AMIRA]);
    expect(report.flow.month.accepted).toBe(1); // R4
  });
});

describe('the month not yet over', () => {
  it('is reported up to now, and says so', () => {
    const report = october({ kind: 'service' }, '2026-10-10T12:00:00Z');
    expect(report.partial).toBe(true);
    expect(report.asAt).toBe('2026-10-10T12:00:00.000Z');
    // R5 (until the 14th) and R8; not R1, who starts on the 20th.
    expect(report.walkingAlongside.atMonthEnd).toBe(2);
  });
});

describe('choosing the month', () => {
  it.each([
    ['', '2026-10'],
    ['last month', '2026-10'],
    ['this month', '2026-11'],
    ['October 2026', '2026-10'],
    ['oct 2026', '2026-10'],
    ['october', '2026-10'],
    ['december', '2025-12'],
    ['2026-03', '2026-03'],
    ['3/2026', '2026-03'],
  ])('"%s" is %s', (typed, month) => {
    expect(chooseMonth(typed, '2026-11-30')).toEqual({ ok: true, month });
  });

  it.each([
    ['December 2026', 'December 2026 has not begun yet.'],
    ['Smarch 2026', '"Smarch 2026" is not a month I know: try "October 2026" or "last month".'],
    ['2026-13', '"2026-13" is not a month I know: try "October 2026" or "last month".'],
  ])('"%s" is refused: %s', (typed, problem) => {
    expect(chooseMonth(typed, '2026-11-30')).toEqual({ ok: false, problem });
  });

  it('names months and financial years as councils write them', () => {
    expect(monthLabel('2026-10')).toBe('October 2026');
    expect(financialYearLabel('2026-10')).toBe('2026/27');
    expect(financialYearLabel('2027-03')).toBe('2026/27');
    expect(financialYearLabel('2027-04')).toBe('2027/28');
  });
});

describe('every breakdown adds up (property)', () => {
  const instant = fc
    .integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2026-12-31T23:59:59Z') })
    .map((ms) => new Date(ms).toISOString());
  const arbitraryRecord = fc
    .record({
      createdAt: instant,
      kind: fc.option(
        fc.constantFrom(...(Object.keys(INTRODUCER_KINDS) as (keyof typeof INTRODUCER_KINDS)[])),
        {
          nil: undefined,
        },
      ),
      patch: fc.option(fc.constantFrom('harold-hill-north', 'collier-row', 'gone-patch'), { nil: undefined }),
      age: fc.option(fc.constantFrom(...AGE_BANDS), { nil: undefined }),
      themes: fc.uniqueArray(fc.constantFrom(...(Object.keys(THEMES) as (keyof typeof THEMES)[])), {
        maxLength: 4,
      }),
      outcomes: fc.array(
        fc.record({
          outcome: fc.constantFrom(...(Object.keys(OUTCOMES) as (keyof typeof OUTCOMES)[])),
          at: instant,
        }),
        { maxLength: 3 },
      ),
      // Each step is one the lifecycle allows from where it is, some time later.
      steps: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 2_000_000_000 })), { maxLength: 5 }),
    })
    .map(({ createdAt, kind, patch, age, themes, outcomes, steps }) => {
      let at = Date.parse(createdAt);
      let from: Status = 'offered';
      const changes: ReportChange[] = [routed(createdAt, 'offered')];
      for (const [choice, gap] of steps) {
        const allowed = TRANSITIONS[from];
        if (allowed.length === 0) break;
        const to = allowed[choice % allowed.length] as Status;
        at += gap;
        changes.push(changed(new Date(at).toISOString(), from, to));
        from = to;
      }
      return record({
        id: createdAt,
        createdAt,
        changes,
        themes,
        outcomes,
        ...(kind ? { introducerKind: kind } : {}),
        ...(patch ? { patchId: patch } : { triageReason: 'no-rule' as const }),
        ...(age ? { ageBand: age } : {}),
      });
    });

  it('sources, patches and age bands each add up to the total; themes and outcomes to no more', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryRecord, { maxLength: 40 }),
        fc.constantFrom('2026-04', '2026-10', '2025-12'),
        (records, month) => {
          const report = monthlyReport({
            month,
            records,
            directory: DIRECTORY,
            scope: { kind: 'service' },
            reminderWorkingDays: 2,
            asAt: new Date('2027-01-01T00:00:00Z'),
          });
          for (const measures of [report.introductions.month, report.introductions.yearToDate]) {
            const sum = (list: { count: number }[]) => list.reduce((n, c) => n + c.count, 0);
            expect(sum(measures.bySource)).toBe(measures.total);
            expect(sum(measures.byPatch)).toBe(measures.total);
            expect(sum(measures.byAgeBand)).toBe(measures.total);
            for (const theme of measures.byTheme) expect(theme.count).toBeLessThanOrEqual(measures.total);
          }
          expect(report.introductions.month.total).toBeLessThanOrEqual(report.introductions.yearToDate.total);
          for (const outcomes of [report.outcomes.month, report.outcomes.yearToDate]) {
            expect(outcomes.byOutcome.reduce((n, c) => n + c.count, 0)).toBe(outcomes.total);
            expect(outcomes.people).toBeLessThanOrEqual(outcomes.total);
          }
          expect(report.trend[11]?.introduced).toBe(report.introductions.month.total);
          expect(report.flow.month.acceptedInTime).toBeLessThanOrEqual(report.flow.month.accepted);
        },
      ),
    );
  });
});
