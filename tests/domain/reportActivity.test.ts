/**
 * What a report reads (src/domain/reports/reportActivity.ts): a report over only the introductions
 * active in its window says exactly what the report over every introduction says, on random
 * histories of eight years, for random months, scopes and moments; and someone walked alongside for
 * years is always read.
 */
import { STATUSES, type Status } from '../../src/domain/introductions/introduction';
import { monthlyReport, partsOfMonth, periodMeasures } from '../../src/domain/reports/monthlyReport';
import {
  activeUntil,
  monthStart,
  type QuietCounts,
  quietCountsOf,
  quietCriteria,
  reportWindow,
} from '../../src/domain/reports/reportActivity';
import { prepare } from '../../src/domain/reports/reportCounting';
import type { ReportChange, ReportRecord, ReportScope } from '../../src/domain/reports/reportModel';
import { addMonths, financialYearStart, monthEnd } from '../../src/domain/reports/reportPeriod';
import {
  DIRECTORY,
  RECORDS,
  record,
  routed,
  STEPPED_BACK_2019,
  TAMMY,
  WALKED_SINCE_2018,
} from '../helpers/reportFixture';

/** A seeded generator (mulberry32), so a failure can be run again. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const START = Date.parse('2019-01-01T00:00:00Z');
const SPAN = 8 * 365 * 86_400_000;
const PATCHES = DIRECTORY.patches.map((p) => p.id);
const FINISHED: readonly Status[] = ['stepped-back', 'did-not-want-support', 'consent-withdrawn', 'in-touch'];
const MOVES = [undefined, undefined, 'passed', 'assigned', 'sent-back-to-triage'] as const;

/** One introduction's random history: any statuses in any order, outcomes, measures, decisions. */
function randomRecord(i: number, next: () => number): ReportRecord {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  // Long quiet gaps as well as busy weeks: a history of days to years.
  const gap = () => Math.floor((next() < 0.5 ? next() * 20 : next() * 700) * 86_400_000);
  let at = START + Math.floor(next() * SPAN);
  const iso = (ms: number) => new Date(ms).toISOString();
  const createdAt = iso(at);
  const changes: ReportChange[] = [{ at: createdAt, type: 'routed', to: pick(['offered', 'with-triage']) }];
  for (let n = Math.floor(next() * 6); n > 0; n--) {
    at += gap();
    if (next() < 0.15) changes.push({ at: iso(at), type: 'raised-with-triage' });
    else {
      const move = pick(MOVES);
      changes.push({ at: iso(at), type: 'status-changed', to: pick(STATUSES), ...(move ? { move } : {}) });
    }
  }
  // Most stories end (stepped back, did not want support...), as a programme's do; some never.
  if (next() < 0.6) {
    at += gap();
    changes.push({ at: iso(at), type: 'status-changed', to: pick(FINISHED) });
  }
  const status = ([...changes].reverse().find((c) => c.to)?.to ?? 'with-triage') as Status;
  const later = () => iso(Date.parse(createdAt) + gap() + gap());
  const day = () => later().slice(0, 10);
  const wellbeing = Array.from({ length: Math.floor(next() * 3) }, () => day())
    .sort()
    .map((on) => ({ on, scores: { lifeSatisfaction: 5, worthwhile: 6, happy: 4, anxious: 3 } }));
  return {
    id: `r${i}`,
    createdAt,
    source: next() < 0.2 ? 'gp-practice' : 'introduction',
    status,
    partner: next() < 0.1,
    themes: next() < 0.5 ? ['isolation'] : ['money', 'housing'],
    changes,
    outcomes: next() < 0.3 ? [{ outcome: 'arrears-reduced', at: later() }] : [],
    ...(next() < 0.85
      ? { patchId: pick(PATCHES), coordinatorEmail: pick([TAMMY, 'amira.khan@demo.gov.uk']) }
      : {}),
    ...(next() < 0.4 ? { firstConversationOn: day() } : {}),
    ...(wellbeing.length > 0 ? { wellbeing } : {}),
    ...(next() < 0.2
      ? { avoided: [{ kind: 'eviction', status: 'confirmed' as const, decidedAt: later() }] }
      : {}),
  };
}

/** A ReportRecord as the stored document it came from says when it was last active. */
const activityOf = (r: ReportRecord) =>
  activeUntil({
    status: r.status,
    createdAt: r.createdAt,
    events: r.changes,
    outcomes: r.outcomes,
    ...(r.firstConversationOn ? { firstConversation: { on: r.firstConversationOn } } : {}),
    ...(r.wellbeing ? { wellbeing: r.wellbeing } : {}),
    ...(r.avoided ? { avoided: r.avoided } : {}),
  });

/**
 * What the repository gives a report read from `from`: the introductions made before the month's
 * end and active since, and the quiet counts of the rest in the scope.
 */
function read(
  everything: readonly ReportRecord[],
  month: string,
  scope: ReportScope,
  asAt: Date,
  from = reportWindow(month).from,
): { records: ReportRecord[]; quiet: QuietCounts } {
  const records = everything.filter((r) => activityOf(r) >= from);
  const inScope = everything.filter(
    (r) => scope.kind === 'service' || (r.patchId !== undefined && scope.patchIds.includes(r.patchId)),
  );
  const quiet = quietCountsOf(
    inScope.map((r) => ({
      status: r.status,
      createdAt: r.createdAt,
      activeUntil: activityOf(r),
      ...(r.coordinatorEmail ? { coordinatorEmail: r.coordinatorEmail } : {}),
      ...(r.firstConversationOn ? { firstConversation: { on: r.firstConversationOn } } : {}),
      restricted: false,
    })),
    quietCriteria(month, asAt, from),
  );
  return { records, quiet };
}

it('says exactly what the report over every introduction says, on random histories', () => {
  let left = 0;
  let all = 0;
  for (const { month, asAt, everything } of moments(24, 16)) {
    for (const scope of SCOPES) {
      const narrowed = read(everything, month, scope, asAt);
      if (scope.kind === 'service') {
        left += everything.length - narrowed.records.length;
        all += everything.length;
      }
      const input = { month, directory: DIRECTORY, scope, reminderWorkingDays: 2, asAt };
      expect(monthlyReport({ ...input, ...narrowed })).toEqual(
        monthlyReport({ ...input, records: everything }),
      );
    }
  }
  // The narrowing is real: much of eight years is left out of a month's report.
  expect(left / all).toBeGreaterThan(0.2);
});

/**
 * Random months of random histories, each at a moment within the month (a month not over) or days
 * to years after it, with the introductions made before the month's end as they stood then
 * (nothing made, changed or recorded after the moment), and how many of its trend's months to
 * take as frozen.
 */
function moments(seed: number, rounds: number) {
  const next = seeded(seed);
  const records = Array.from({ length: 2_000 }, (_, i) => randomRecord(i, next));
  return Array.from({ length: rounds }, () => {
    const month = addMonths('2020-01', Math.floor(next() * 84));
    const asAt = new Date(
      next() < 0.4
        ? monthStart(month).getTime() + next() * 27 * 86_400_000
        : monthEnd(month).getTime() + next() * 900 * 86_400_000,
    );
    const now = asAt.toISOString();
    const end = monthEnd(month).toISOString();
    const everything = records
      .filter((r) => r.createdAt < now && r.createdAt < end)
      .map((r) => asItWas(r, now));
    return { month, asAt, everything, frozen: Math.floor(next() * 12) };
  });
}

const SCOPES: ReportScope[] = [
  { kind: 'service' },
  { kind: 'patches', patchIds: ['harold-hill-north'] },
  { kind: 'patches', patchIds: PATCHES },
];

it('adds the year to date up from months, as it counts it over the whole year', () => {
  for (const { month, asAt, everything } of moments(7, 12)) {
    for (const scope of SCOPES) {
      const report = monthlyReport({
        month,
        records: everything,
        directory: DIRECTORY,
        scope,
        reminderWorkingDays: 2,
        asAt,
      });
      const inScope = prepare(everything).filter(
        (r) => scope.kind === 'service' || (r.patchId !== undefined && scope.patchIds.includes(r.patchId)),
      );
      const year = periodMeasures(
        inScope,
        { first: financialYearStart(month), last: month },
        report.patches,
        2,
        DIRECTORY.unitCosts,
      );
      expect(report.introductions.yearToDate).toEqual(year.introductions);
      expect(report.flow.yearToDate).toEqual(year.flow);
      expect(report.outcomes.yearToDate).toEqual(year.outcomes);
      expect(report.equalities.yearToDate).toEqual(year.equalities);
      expect(report.costsAvoided.yearToDate).toEqual(year.costsAvoided);
    }
  }
});

it('says the same when earlier months come from their frozen parts and only the rest from records', () => {
  let read_ = 0;
  let all = 0;
  for (const { month, asAt, everything, frozen } of moments(11, 16)) {
    const first = addMonths(month, -11);
    // The first `frozen` months of the trend were frozen (with the records as they are now).
    const earlier = Array.from({ length: frozen }, (_, n) =>
      partsOfMonth(everything, addMonths(first, n), 2),
    );
    const from = monthStart(addMonths(first, frozen)).toISOString();
    // The wellbeing read: whoever has a measure in the financial year (an indexed date).
    const yearStart = financialYearStart(month);
    const wellbeing = everything.filter((r) => (r.wellbeing?.at(-1)?.on ?? '') >= `${yearStart}-01`);
    for (const scope of SCOPES) {
      const { records, quiet } = read(everything, month, scope, asAt, from);
      if (scope.kind === 'service') {
        read_ += records.length;
        all += everything.length;
      }
      const input = { month, directory: DIRECTORY, scope, reminderWorkingDays: 2, asAt };
      expect(monthlyReport({ ...input, records, earlier, wellbeing, quiet })).toEqual(
        monthlyReport({ ...input, records: everything }),
      );
    }
  }
  expect(read_ / all).toBeLessThan(0.6);
});

/** The record as it stood at `now`: later changes, outcomes, measures and decisions not yet made. */
function asItWas(r: ReportRecord, now: string): ReportRecord {
  const changes = r.changes.filter((c) => c.at < now);
  const status = ([...changes].reverse().find((c) => c.to)?.to ?? 'with-triage') as Status;
  const wellbeing = r.wellbeing?.filter((w) => w.on < now.slice(0, 10));
  const avoided = r.avoided?.filter((a) => (a.decidedAt ?? '') < now);
  const { firstConversationOn, wellbeing: _w, avoided: _a, ...rest } = r;
  return {
    ...rest,
    status,
    changes,
    outcomes: r.outcomes.filter((o) => o.at < now),
    ...(firstConversationOn && firstConversationOn < now.slice(0, 10) ? { firstConversationOn } : {}),
    ...(wellbeing?.length ? { wellbeing } : {}),
    ...(avoided?.length ? { avoided } : {}),
  };
}

it('counts someone walked alongside for years in this month, without reading them', () => {
  const years = WALKED_SINCE_2018;
  const quiet = STEPPED_BACK_2019;
  expect(activityOf(years)).toBe('2018-04-20T10:00:00Z');
  expect(activityOf(quiet)).toBe('2019-06-03T10:00:00Z');
  const input = {
    month: '2026-10',
    directory: DIRECTORY,
    scope: { kind: 'service' } as const,
    reminderWorkingDays: 2,
    asAt: new Date('2026-11-15T12:00:00Z'),
  };
  const narrowed = read([...RECORDS, years, quiet], '2026-10', input.scope, input.asAt);
  // Neither is read; the one still walked alongside is counted.
  expect(narrowed.records.map((r) => r.id)).not.toContain(years.id);
  expect(narrowed.records.map((r) => r.id)).not.toContain(quiet.id);
  expect(narrowed.quiet).toEqual({ alongside: 1, alongsideBy: { [TAMMY]: 1 }, waiting: 0 });
  const without = monthlyReport({ ...input, ...read(RECORDS, '2026-10', input.scope, input.asAt) });
  const withThem = monthlyReport({ ...input, ...narrowed });
  expect(withThem.walkingAlongside.atMonthEnd).toBe(without.walkingAlongside.atMonthEnd + 1);
  const tammy = (r: typeof withThem) =>
    r.walkingAlongside.byCoordinator.find((c) => c.name === 'Tammy Hughes')?.walkingAlongside ?? 0;
  expect(tammy(withThem)).toBe(tammy(without) + 1);
  expect(withThem).toEqual(monthlyReport({ ...input, records: [...RECORDS, years, quiet] }));
});

it('counts as waiting whoever was introduced more than 10 working days before the moment', () => {
  // Friday 20 November 2026: ten working days before is Friday 6 November.
  const criteria = quietCriteria('2026-11', new Date('2026-11-20T15:00:00Z'), '2026-11-01T00:00:00.000Z');
  expect(criteria).toEqual({
    from: '2026-11-01T00:00:00.000Z',
    waitingMadeBefore: '2026-11-06T00:00:00.000Z',
    momentDay: '2026-11-20',
  });
  // A month ended: counted at its last moment; in summer time a London day starts at 23:00 UTC.
  expect(quietCriteria('2026-07', new Date('2026-09-01T10:00:00Z'), 'x').waitingMadeBefore).toBe(
    '2026-07-16T23:00:00.000Z',
  );
});

it('is active until its last change, outcome, measure, decision or first conversation', () => {
  const base = { status: 'stepped-back' as const, createdAt: '2024-01-10T09:00:00Z' };
  expect(activeUntil(base)).toBe(base.createdAt);
  expect(activeUntil({ ...base, events: [{ at: '2024-05-01T09:00:00Z' }] })).toBe('2024-05-01T09:00:00Z');
  expect(activeUntil({ ...base, outcomes: [{ at: '2024-07-01T09:00:00Z' }] })).toBe('2024-07-01T09:00:00Z');
  // A date is read as late as it can be: its last moment in UTC.
  expect(activeUntil({ ...base, firstConversation: { on: '2024-02-01' } })).toBe('2024-02-01T23:59:59.999Z');
  expect(activeUntil({ ...base, wellbeing: [{ on: '2024-03-01', at: '2024-03-04T10:00:00Z' }] })).toBe(
    '2024-03-04T10:00:00Z',
  );
  expect(
    activeUntil({ ...base, avoided: [{ at: '2024-03-01T10:00:00Z', decidedAt: '2024-09-01T10:00:00Z' }] }),
  ).toBe('2024-09-01T10:00:00Z');
  // Whatever its status: someone still with the team is counted without being read.
  for (const status of ['with-triage', 'offered', 'walking-alongside', 'did-not-want-support'] as const)
    expect(activeUntil({ ...base, status })).toBe(base.createdAt);
});

it("reads from the twelve-month trend's first month, in London time", () => {
  expect(reportWindow('2026-10')).toEqual({
    from: '2025-11-01T00:00:00.000Z', // 1 November 2025, in GMT
    before: '2026-11-01T00:00:00.000Z',
  });
  // 1 May 2026 begins at 23:00 UTC the day before, in British Summer Time.
  expect(reportWindow('2027-04').from).toBe('2026-04-30T23:00:00.000Z');
});

it("keeps a frozen month's part as it was frozen when an introduction moves patch later", () => {
  // Made in October with the triage team; frozen so; routed to Harold Hill North in November.
  const made = record({
    id: 'moved',
    createdAt: '2026-10-12T10:00:00Z',
    changes: [routed('2026-10-12T10:00:00Z', 'with-triage')],
  });
  const moved = record({
    ...made,
    patchId: 'harold-hill-north',
    changes: [...made.changes, routed('2026-11-03T10:00:00Z', 'offered')],
  });
  const october = partsOfMonth([made], '2026-10', 2);
  const input = {
    month: '2026-11',
    directory: DIRECTORY,
    scope: { kind: 'service' } as const,
    reminderWorkingDays: 2,
    asAt: new Date('2026-11-20T12:00:00Z'),
  };
  const byPatch = (r: ReturnType<typeof monthlyReport>) =>
    Object.fromEntries(
      r.introductions.yearToDate.byPatch.filter((c) => c.count > 0).map((c) => [c.key, c.count]),
    );
  // Counting everything now: where it is now. From October as frozen: where it was then.
  expect(byPatch(monthlyReport({ ...input, records: [moved] }))).toEqual({ 'harold-hill-north': 1 });
  const fromFrozen = monthlyReport({
    ...input,
    records: [moved],
    earlier: Array.from({ length: 11 }, (_, n) => addMonths('2025-12', n)).map((m) =>
      m === '2026-10' ? october : partsOfMonth([], m, 2),
    ),
  });
  expect(byPatch(fromFrozen)).toEqual({ 'with-triage': 1 });
  // The service's own totals are the same either way.
  expect(fromFrozen.introductions.yearToDate.total).toBe(1);
});
