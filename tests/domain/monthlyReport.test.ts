/**
 * Monthly monitoring, computed by hand: nine introductions, each number of October 2026's report
 * worked out below and checked; then a property test that every breakdown adds up to its total.
 */
import fc from 'fast-check';
import type { Status } from '../../src/domain/introductions/introduction';
import { AGE_BANDS, INTRODUCER_KINDS, OUTCOMES, THEMES } from '../../src/domain/introductions/introduction';
import { TRANSITIONS } from '../../src/domain/introductions/lifecycle';
import { monthlyReport } from '../../src/domain/reports/monthlyReport';
import type { MonthlyReport, ReportChange } from '../../src/domain/reports/reportModel';
import {
  chooseMonth,
  financialYearLabel,
  londonDay,
  londonMonth,
  monthLabel,
} from '../../src/domain/reports/reportPeriod';
import { londonDayAndTime } from '../../src/domain/workingDays';
import { changed, DIRECTORY, RECORDS, record, routed } from '../helpers/reportFixture';

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
    expect(counts(m.byPatch)).toEqual({
      'harold-hill-north': 2,
      'collier-row-havering-park': 2,
      'no-patch-covers': 1,
    });
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
        { name: 'Tammy Hughes', walkingAlongside: 2, capacity: 3 },
        { name: 'Amira Khan', walkingAlongside: 0, capacity: 2 },
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

  it('counts equalities among October\'s introductions, "prefer not to say" and "not asked" apart', () => {
    const { month } = report.equalities;
    expect(counts(month.ethnicity)).toEqual({ white: 1, 'prefer-not-to-say': 1, 'not-asked': 3 });
    expect(counts(month.disability)).toEqual({ no: 1, yes: 1, 'not-asked': 3 });
    expect(counts(month.carer)).toEqual({ yes: 1, 'not-asked': 4 });
    expect(month.ethnicity.find((c) => c.key === 'white')?.label).toBe('White');
  });

  it('measures the change in wellbeing of people with two ONS4 measures, the latest this year', () => {
    // R5: +2, +2, +3, anxious -4 (better); R8: 0, +1, -1, anxious 0.
    expect(report.wellbeing).toEqual({
      people: 2,
      meanChange: { lifeSatisfaction: 1, worthwhile: 1.5, happy: 1, anxious: -2 },
      improved: { lifeSatisfaction: 1, worthwhile: 2, happy: 1, anxious: 1 },
    });
  });

  it('estimates costs avoided from confirmed events only, at the unit costs, with the table used', () => {
    const { month, yearToDate, unitCosts } = report.costsAvoided;
    // October: R5's eviction (confirmed on the 15th), R1's A&E attendance (confirmed at 00:30 BST on
    // the 1st); not R1's rejected crisis, not R5's proposed attendance.
    expect(month.events).toBe(2);
    expect(month.estimate).toBe(7_300);
    expect(month.byKind.filter((k) => k.count > 0)).toEqual([
      { key: 'eviction', label: 'An eviction', count: 1, unitCost: 7_000, estimate: 7_000 },
      { key: 'ae-attendance', label: 'An A&E attendance', count: 1, unitCost: 300, estimate: 300 },
    ]);
    // The year to date adds R8's eviction confirmed in May.
    expect(yearToDate.events).toBe(3);
    expect(yearToDate.estimate).toBe(14_300);
    expect(unitCosts).toEqual({ version: 'fixture-1', asOf: '2026-04-01', illustrative: true });
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
  const report = october({ kind: 'patches', patchIds: ['collier-row-havering-park'] });

  it('counts only the introductions with that patch, and only its coordinators', () => {
    expect(report.patches).toEqual([
      { id: 'collier-row-havering-park', name: 'Collier Row and Havering Park' },
    ]);
    expect(report.introductions.month.total).toBe(2); // R4, R7
    expect(report.firstConversation.waitingOver10WorkingDays).toBe(1); // R6
    expect(report.walkingAlongside.byCoordinator.map((c) => c.name)).toEqual(['Amira Khan']);
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
      patch: fc.option(fc.constantFrom('harold-hill-north', 'collier-row-havering-park', 'gone-patch'), {
        nil: undefined,
      }),
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

describe('London time, by arithmetic', () => {
  it('gives the same day as Intl for any instant from 1996 to 2100, the clock changes included (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('1996-01-01T00:00:00Z'), max: Date.parse('2100-12-31T23:59:59Z') }),
        (ms) => {
          const iso = new Date(ms).toISOString();
          expect(londonDay(iso)).toBe(londonDayAndTime(new Date(ms)).day);
        },
      ),
      { numRuns: 20_000 },
    );
    for (const iso of [
      '2026-03-29T00:59:59.999Z', // the last moment of GMT before the clocks go forward
      '2026-03-29T01:00:00.000Z',
      '2026-10-24T23:00:00.000Z', // midnight in BST, the day before they go back
      '2026-10-25T00:59:59.999Z',
      '2026-10-25T01:00:00.000Z',
      '2026-12-31T23:59:59.999Z',
    ])
      expect(londonDay(iso)).toBe(londonDayAndTime(new Date(iso)).day);
  });
});
