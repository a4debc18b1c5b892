/**
 * Monthly monitoring: what Local Area Coordination is funded on, computed from the introductions
 * the bot already holds. A pure function from records to a report: no I/O, no clock (`asAt` is
 * passed in), no people (a report is counts, never a person).
 *
 * Every measure is defined once, here, in words beside its code; docs/monitoring.md repeats the
 * definitions for the people who read the reports. The rules every measure shares:
 *
 * - A **month** is a calendar month in Europe/London; an event belongs to the month of its London
 *   date (src/domain/reports/reportPeriod.ts). The **year to date** is the financial year (April to March)
 *   up to the end of the month reported.
 * - An introduction is **counted in** the month it was made (its creation), whatever happened
 *   after; a **movement** (offered, accepted, a first conversation, stepping back, an outcome) is
 *   counted in the month it happened, whenever the introduction was made.
 * - Counts are of introductions (people introduced), not of events: an introduction offered twice
 *   in a month is one introduction offered.
 * - The **patch** of an introduction is the one it is with now (its latest routing decision): a
 *   report answers "where is the work", and past months are frozen when they end (the reports
 *   container), so a later pass does not rewrite them. A frozen month's part in a later month's
 *   trend and year to date (`earlier`, src/domain/reports/monthParts.ts) is likewise by the patch
 *   each introduction had when that month was frozen, as are its counts of a first conversation
 *   recorded later with an earlier date, or of a record restricted later: what a frozen month says
 *   is the same wherever it is shown, until a correction recounts it.
 * - **Working days** are Monday to Friday except bank holidays in England and Wales.
 */

import type { UnitCosts } from '../directory/directory';
import type { Status } from '../introductions/introduction';
import { ONS4_QUESTIONS, type Ons4Question } from '../introductions/monitoringData';
import { workingDaysBetween } from '../workingDays';
import { addPart, emptyPart, type MonthParts, monthParts, type PatchPart, partsInScope } from './monthParts';
import {
  moreThanWorkingDays,
  NOT_YET_TALKED,
  type QuietCounts,
  reportMoment,
  WAITING_WORKING_DAYS,
} from './reportActivity';
import {
  type Acceptance,
  costsFromCounts,
  countAvoided,
  countBy,
  countEqualities,
  countIntroductions,
  equalitiesFromCounts,
  FLOW_CHANGES,
  type FlowCounts,
  type FlowKey,
  firstAcceptance,
  flowFromCounts,
  inPeriod,
  introductionsFromCounts,
  median,
  nearestRank,
  outcomesFromCounts,
  type Period,
  type Prepared,
  prepare,
} from './reportCounting';
import type {
  CoordinatorLoad,
  CostsAvoidedMeasures,
  EqualitiesMeasures,
  FirstConversationMeasures,
  FlowMeasures,
  IntroductionsMeasures,
  MonthlyReport,
  OutcomeMeasures,
  ReportDirectory,
  ReportInput,
  ReportRecord,
  ReportScope,
  WalkingAlongsideMeasures,
  WellbeingMeasures,
} from './reportModel';
import {
  addMonths,
  financialYearStart,
  londonDay,
  type Month,
  monthEnd,
  monthsBetween,
} from './reportPeriod';

/**
 * What a report can take from the frozen months instead of counting records
 * (src/domain/reports/monthParts.ts): the months before those the records were read for.
 */
export interface FromFrozen {
  /** Months of the trend frozen with their parts: taken from them, not counted from `records`. */
  earlier?: readonly MonthParts[];
  /**
   * The introductions with a wellbeing measure in the year to date, when `records` holds only the
   * months not frozen (absent: `records` holds them).
   */
  wellbeing?: readonly ReportRecord[];
  /**
   * What the introductions not read count in the scope: those nothing happened to since before the
   * first month read, still with the team (src/domain/reports/reportActivity.ts). Absent: none.
   */
  quiet?: QuietCounts;
}

const partsCache = new WeakMap<readonly Prepared[], Map<string, MonthParts>>();

/** A month's parts counted from the records, once however many scopes are reported. */
function countedParts(records: readonly Prepared[], month: Month, reminderWorkingDays: number): MonthParts {
  let byMonth = partsCache.get(records);
  if (!byMonth) {
    byMonth = new Map();
    partsCache.set(records, byMonth);
  }
  const key = `${month}:${reminderWorkingDays}`;
  let parts = byMonth.get(key);
  if (!parts) {
    parts = monthParts(records, month, reminderWorkingDays);
    byMonth.set(key, parts);
  }
  return parts;
}

/** A month's parts of the records (every introduction active in the month, whole). */
export function partsOfMonth(
  records: readonly ReportRecord[],
  month: Month,
  reminderWorkingDays: number,
): MonthParts {
  return countedParts(prepare(records), month, reminderWorkingDays);
}

export function monthlyReport(input: ReportInput & FromFrozen): MonthlyReport {
  const { month, directory, scope } = input;
  const patches =
    scope.kind === 'service'
      ? directory.patches.map(({ id, name }) => ({ id, name }))
      : directory.patches.filter((p) => scope.patchIds.includes(p.id)).map(({ id, name }) => ({ id, name }));
  const all = prepare(input.records);
  const keys = scope.kind === 'service' ? undefined : new Set(scope.patchIds);
  const inScope = (r: Prepared) => !keys || (r.patchId !== undefined && keys.has(r.patchId));
  const records = keys ? all.filter(inScope) : all;
  const end = monthEnd(month);
  // The month's last moment (its end is the next month's first), or now, if sooner.
  const asAt = reportMoment(month, input.asAt);
  const thisMonth: Period = { first: month, last: month };
  const yearToDate: Period = { first: financialYearStart(month), last: month };
  // Each month of the trend, as frozen or counted from the records; the year to date adds them up.
  const frozen = new Map((input.earlier ?? []).map((parts) => [parts.month, parts]));
  const partOf = (m: Month): PatchPart =>
    partsInScope(frozen.get(m) ?? countedParts(all, m, input.reminderWorkingDays), keys);
  const trendMonths = monthsBetween(addMonths(month, -11), month);
  const parts = new Map(trendMonths.map((m) => [m, partOf(m)]));
  const year = emptyPart();
  // The financial year to date lies within the trend's twelve months.
  for (const m of monthsBetween(yearToDate.first, month)) addPart(year, parts.get(m) as PatchPart);
  const month_ = periodMeasures(records, thisMonth, patches, input.reminderWorkingDays, directory.unitCosts);
  const wellbeingRecords = input.wellbeing ? prepare(input.wellbeing).filter(inScope) : records;

  return {
    month,
    scope,
    patches,
    yearStart: yearToDate.first,
    asAt: asAt.toISOString(),
    partial: input.asAt.getTime() < end.getTime(),
    introductions: {
      month: month_.introductions,
      yearToDate: introductionsFromCounts(year.introductions, patches),
    },
    flow: { month: month_.flow, yearToDate: flowFromCounts(year.flow) },
    firstConversation: firstConversationMeasures(records, month, asAt, input.quiet),
    walkingAlongside: walkingAlongsideMeasures(records, month, asAt, directory, scope, input.quiet),
    outcomes: { month: month_.outcomes, yearToDate: outcomesFromCounts(year.outcomes) },
    trend: trendMonths.map((m) => ({ month: m, ...(parts.get(m) as PatchPart).trend })),
    equalities: { month: month_.equalities, yearToDate: equalitiesFromCounts(year.equalities) },
    wellbeing: wellbeingMeasures(wellbeingRecords, yearToDate),
    costsAvoided: {
      month: month_.costsAvoided,
      yearToDate: costsFromCounts(year.avoided, directory.unitCosts),
      ...(directory.unitCosts
        ? {
            unitCosts: {
              version: directory.version ?? '',
              asOf: directory.unitCosts.asOf,
              illustrative: directory.unitCosts.illustrative,
            },
          }
        : {}),
    },
  };
}

/** The measures of a period counted from its records (the month's; a test's year to date). */
export function periodMeasures(
  records: readonly Prepared[],
  period: Period,
  patches: readonly { id: string; name: string }[],
  reminderWorkingDays: number,
  unitCosts: UnitCosts | undefined,
): {
  introductions: IntroductionsMeasures;
  flow: FlowMeasures;
  outcomes: OutcomeMeasures;
  equalities: EqualitiesMeasures;
  costsAvoided: CostsAvoidedMeasures;
} {
  const made = records.filter((r) => inPeriod(r.createdMonth, period));
  const recorded = records.map((r) => r.outcomes.filter((o) => inPeriod(o.month, period)));
  return {
    introductions: introductionsFromCounts(countIntroductions(made), patches),
    flow: flowFromCounts(flowCounts(records, period, reminderWorkingDays)),
    outcomes: outcomesFromCounts({
      byOutcome: countBy(recorded.flat().map((o) => o.outcome)),
      people: recorded.filter((list) => list.length > 0).length,
    }),
    equalities: equalitiesFromCounts(countEqualities(made)),
    costsAvoided: costsFromCounts(countAvoided(records, period), unitCosts),
  };
}

/** Introductions with at least one change of each kind in the period; their first acceptances. */
function flowCounts(records: readonly Prepared[], period: Period, reminderWorkingDays: number): FlowCounts {
  const counts = Object.fromEntries(
    (Object.keys(FLOW_CHANGES) as FlowKey[]).map((key) => [
      key,
      records.filter((r) => r.changes.some((c) => FLOW_CHANGES[key](c) && inPeriod(c.month, period))).length,
    ]),
  ) as Record<FlowKey, number>;
  const acceptances = records
    .map((r) => firstAcceptance(r, period, reminderWorkingDays))
    .filter((a): a is Acceptance => a !== undefined);
  return {
    ...counts,
    acceptedInTime: acceptances.filter((a) => a.inTime).length,
    acceptanceHours: acceptances.map((a) => a.hours),
  };
}

/** The status an introduction had at an instant, from its changes (undefined before it existed). */
export function statusAt(record: ReportRecord, at: Date): Status | undefined {
  if (Date.parse(record.createdAt) > at.getTime()) return undefined;
  let status: Status | undefined;
  for (const change of record.changes) {
    if (Date.parse(change.at) > at.getTime()) break;
    if (change.type !== 'raised-with-triage' && change.to) status = change.to;
  }
  return status ?? record.status;
}

function firstConversationMeasures(
  records: readonly Prepared[],
  month: Month,
  asAt: Date,
  quiet: QuietCounts | undefined,
): FirstConversationMeasures {
  const days = records
    .filter((r) => r.firstConversationOn?.slice(0, 7) === month)
    .map((r) => workingDaysBetween(r.createdDay, r.firstConversationOn as string))
    .sort((a, b) => a - b);
  const asAtDay = londonDay(asAt.toISOString());
  const waiting = records.filter((r) => {
    if (r.firstConversationOn !== undefined && r.firstConversationOn <= asAtDay) return false;
    const status = statusAt(r, asAt);
    return (
      status !== undefined &&
      NOT_YET_TALKED.has(status) &&
      moreThanWorkingDays(r.createdDay, asAtDay, WAITING_WORKING_DAYS)
    );
  }).length;
  const middle = median(days);
  return {
    count: days.length,
    ...(middle !== undefined ? { medianWorkingDays: middle } : {}),
    ...(days.length > 0 ? { percentile90WorkingDays: nearestRank(days, 0.9) } : {}),
    waitingOver10WorkingDays: waiting + (quiet?.waiting ?? 0),
  };
}

/** The first change to a status, if any. */
function firstTo(record: Prepared, status: Status): Prepared['changes'][number] | undefined {
  return record.changes.find((c) => c.type === 'status-changed' && c.to === status);
}

function walkingAlongsideMeasures(
  records: readonly Prepared[],
  month: Month,
  asAt: Date,
  directory: ReportDirectory,
  scope: ReportScope,
  quiet: QuietCounts | undefined,
): WalkingAlongsideMeasures {
  const alongside = records.filter((r) => statusAt(r, asAt) === 'walking-alongside');
  // Those not read, walked alongside since before the months read (reportActivity.ts).
  const perCoordinator = new Map<string, number>(Object.entries(quiet?.alongsideBy ?? {}));
  for (const r of alongside)
    if (r.coordinatorEmail)
      perCoordinator.set(r.coordinatorEmail, (perCoordinator.get(r.coordinatorEmail) ?? 0) + 1);
  const coordinators = new Map<string, CoordinatorLoad>();
  for (const patch of directory.patches) {
    if (scope.kind === 'patches' && !scope.patchIds.includes(patch.id)) continue;
    for (const c of patch.coordinators)
      if (!coordinators.has(c.email))
        coordinators.set(c.email, {
          name: c.name,
          walkingAlongside: perCoordinator.get(c.email) ?? 0,
          capacity: c.capacity,
        });
  }
  const inMonth = (change: Prepared['changes'][number] | undefined) =>
    change !== undefined && change.month === month;
  const steppedBack = records.flatMap((r) =>
    r.changes
      .filter((c) => c.type === 'status-changed' && c.to === 'stepped-back' && c.month === month)
      .slice(-1)
      .map((c) => ({ record: r, at: c.at })),
  );
  const walkedDays = steppedBack.flatMap(({ record, at }) => {
    const started = firstTo(record, 'walking-alongside');
    return started && started.at <= at ? [(Date.parse(at) - Date.parse(started.at)) / 86_400_000] : [];
  });
  const middle = median(walkedDays);
  return {
    atMonthEnd: alongside.length + (quiet?.alongside ?? 0),
    byCoordinator: [...coordinators.values()],
    newLevel1: records.filter((r) => inMonth(firstTo(r, 'in-touch'))).length,
    newLevel2: records.filter((r) => inMonth(firstTo(r, 'walking-alongside'))).length,
    steppedBack: steppedBack.length,
    ...(middle !== undefined ? { medianDaysWalkedAlongside: Math.round(middle) } : {}),
  };
}

/**
 * ONS4 wellbeing: people with two measures or more whose latest was taken in the period; the
 * change on each question from their first measure to their latest.
 */
function wellbeingMeasures(records: readonly Prepared[], period: Period): WellbeingMeasures {
  const questions = Object.keys(ONS4_QUESTIONS) as Ons4Question[];
  const changes = records.flatMap((r) => {
    const measures = r.wellbeing ?? [];
    const first = measures[0];
    const latest = measures.at(-1);
    if (measures.length < 2 || !first || !latest || !inPeriod(latest.on.slice(0, 7), period)) return [];
    return [
      Object.fromEntries(questions.map((q) => [q, latest.scores[q] - first.scores[q]])) as Record<
        Ons4Question,
        number
      >,
    ];
  });
  const improved = Object.fromEntries(
    questions.map((q) => [q, changes.filter((c) => (q === 'anxious' ? c[q] < 0 : c[q] > 0)).length]),
  ) as Record<Ons4Question, number>;
  if (changes.length === 0) return { people: 0, improved };
  const meanChange = Object.fromEntries(
    questions.map((q) => [q, Math.round((changes.reduce((n, c) => n + c[q], 0) / changes.length) * 10) / 10]),
  ) as Record<Ons4Question, number>;
  return { people: changes.length, meanChange, improved };
}
