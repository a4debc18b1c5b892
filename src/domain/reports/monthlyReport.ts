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
 *   container), so a later pass does not rewrite them.
 * - **Working days** are Monday to Friday except bank holidays in England and Wales.
 */

import type { UnitCosts } from '../directory/directory';
import type { Outcome, Status, Theme } from '../introductions/introduction';
import { AGE_BANDS, INTRODUCER_KINDS, OUTCOMES, THEMES } from '../introductions/introduction';
import {
  AVOIDED_KINDS,
  ETHNIC_GROUPS,
  ETHNICITIES,
  ONS4_QUESTIONS,
  type Ons4Question,
  PREFER_NOT_TO_SAY,
} from '../introductions/monitoringData';
import { addWorkingDays, workingDaysBetween } from '../workingDays';
import { NOT_YET_TALKED } from './reportActivity';
import type {
  CoordinatorLoad,
  CostsAvoidedMeasures,
  Count,
  EqualitiesMeasures,
  FirstConversationMeasures,
  FlowMeasures,
  IntroductionsMeasures,
  MonthlyReport,
  OutcomeMeasures,
  ReportChange,
  ReportDirectory,
  ReportInput,
  ReportRecord,
  ReportScope,
  TrendPoint,
  WalkingAlongsideMeasures,
  WellbeingMeasures,
} from './reportModel';
import {
  addMonths,
  financialYearStart,
  londonDay,
  londonMonth,
  type Month,
  monthEnd,
  monthsBetween,
} from './reportPeriod';

/**
 * A record with its dates already in London months and days: a report compares each many times,
 * and converting once keeps a report over 50,000 introductions well under a second.
 */
type Prepared = Omit<ReportRecord, 'changes' | 'outcomes'> & {
  createdMonth: Month;
  createdDay: string;
  changes: readonly (ReportChange & { month: Month })[];
  outcomes: readonly { outcome: Outcome; at: string; month: Month }[];
};

const preparedOf = new WeakMap<readonly ReportRecord[], readonly Prepared[]>();

/** The records prepared once, however many reports are made from them (a freeze makes nine). */
function prepare(records: readonly ReportRecord[]): readonly Prepared[] {
  let prepared = preparedOf.get(records);
  if (!prepared) {
    prepared = records.map((r) => {
      const createdDay = londonDay(r.createdAt);
      return {
        ...r,
        createdDay,
        createdMonth: createdDay.slice(0, 7),
        changes: r.changes.map((c) => ({ ...c, month: londonMonth(c.at) })),
        outcomes: r.outcomes.map((o) => ({ ...o, month: londonMonth(o.at) })),
      };
    });
    preparedOf.set(records, prepared);
  }
  return prepared;
}

export const NO_PATCH_COVERS = 'no-patch-covers';
export const WITH_TRIAGE = 'with-triage';
const NOT_GIVEN = 'not-given';

interface Period {
  first: Month;
  last: Month;
}

const inPeriod = (month: Month, period: Period) => month >= period.first && month <= period.last;

export function monthlyReport(input: ReportInput): MonthlyReport {
  const { month, directory, scope } = input;
  const patches =
    scope.kind === 'service'
      ? directory.patches.map(({ id, name }) => ({ id, name }))
      : directory.patches.filter((p) => scope.patchIds.includes(p.id)).map(({ id, name }) => ({ id, name }));
  const all = prepare(input.records);
  const records =
    scope.kind === 'service'
      ? all
      : all.filter((r) => r.patchId !== undefined && scope.patchIds.includes(r.patchId));
  const end = monthEnd(month);
  // The month's last moment (its end is the next month's first), or now, if sooner.
  const asAt = new Date(Math.min(end.getTime() - 1, input.asAt.getTime()));
  const thisMonth: Period = { first: month, last: month };
  const yearToDate: Period = { first: financialYearStart(month), last: month };

  return {
    month,
    scope,
    patches,
    yearStart: yearToDate.first,
    asAt: asAt.toISOString(),
    partial: input.asAt.getTime() < end.getTime(),
    introductions: {
      month: introductionsMeasures(records, thisMonth, patches),
      yearToDate: introductionsMeasures(records, yearToDate, patches),
    },
    flow: {
      month: flowMeasures(records, thisMonth, input.reminderWorkingDays),
      yearToDate: flowMeasures(records, yearToDate, input.reminderWorkingDays),
    },
    firstConversation: firstConversationMeasures(records, month, asAt),
    walkingAlongside: walkingAlongsideMeasures(records, month, asAt, directory, scope),
    outcomes: {
      month: outcomeMeasures(records, thisMonth),
      yearToDate: outcomeMeasures(records, yearToDate),
    },
    trend: trend(records, monthsBetween(addMonths(month, -11), month)),
    equalities: {
      month: equalitiesMeasures(records, thisMonth),
      yearToDate: equalitiesMeasures(records, yearToDate),
    },
    wellbeing: wellbeingMeasures(records, yearToDate),
    costsAvoided: {
      month: costsAvoidedMeasures(records, thisMonth, directory.unitCosts),
      yearToDate: costsAvoidedMeasures(records, yearToDate, directory.unitCosts),
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

function tally<K extends string>(
  keys: readonly K[],
  labels: Record<K, string>,
  values: Iterable<K>,
): Count[] {
  const counts = new Map<K, number>(keys.map((k) => [k, 0]));
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return keys.map((key) => ({ key, label: labels[key], count: counts.get(key) ?? 0 }));
}

/** Introductions made on the council's website, each its own source. */
const WEB_SOURCES = {
  'web-self': "Themselves, on the council's website",
  'web-someone': "Someone who knows them, on the council's website",
  'web-group': "A community group, on the council's website",
} as const;
const SOURCE_LABELS = { ...INTRODUCER_KINDS, ...WEB_SOURCES, [NOT_GIVEN]: 'Not given' } as Record<
  string,
  string
>;

/** Who introduced a record, as the report counts it. */
const sourceOf = (r: Pick<Prepared, 'introducerKind' | 'introducerWeb'>): string =>
  r.introducerWeb ? `web-${r.introducerWeb}` : (r.introducerKind ?? NOT_GIVEN);
const AGE_LABELS = {
  ...Object.fromEntries(AGE_BANDS.map((b) => [b, b === '85+' ? '85 and over' : b.replace('-', ' to ')])),
  [NOT_GIVEN]: 'Not given',
} as Record<string, string>;

function patchKey(record: Prepared): string {
  if (record.patchId) return record.patchId;
  return record.triageReason === 'no-rule' ? NO_PATCH_COVERS : WITH_TRIAGE;
}

function introductionsMeasures(
  records: readonly Prepared[],
  period: Period,
  patches: readonly { id: string; name: string }[],
): IntroductionsMeasures {
  const made = records.filter((r) => inPeriod(r.createdMonth, period));
  const sourceKeys = [...Object.keys(INTRODUCER_KINDS), ...Object.keys(WEB_SOURCES), NOT_GIVEN];
  const ageKeys = [...AGE_BANDS, NOT_GIVEN];
  const patchLabels: Record<string, string> = {
    ...Object.fromEntries(patches.map((p) => [p.id, p.name])),
    [NO_PATCH_COVERS]: 'No patch covers this postcode',
    [WITH_TRIAGE]: 'With the triage team (no patch chosen)',
  };
  // Patches no longer in the directory still count, by their id.
  const patchKeys = [...patches.map((p) => p.id), NO_PATCH_COVERS, WITH_TRIAGE];
  for (const record of made) {
    const key = patchKey(record);
    if (!patchKeys.includes(key)) {
      patchKeys.push(key);
      patchLabels[key] = `${key} (no longer in the directory)`;
    }
  }
  const themeCounts = tally(
    Object.keys(THEMES) as Theme[],
    THEMES,
    made.flatMap((r) => [...new Set(r.themes)]),
  );
  return {
    total: made.length,
    bySource: tally(sourceKeys, SOURCE_LABELS, made.map(sourceOf)),
    byPatch: tally(patchKeys, patchLabels, made.map(patchKey)),
    byAgeBand: tally(
      ageKeys,
      AGE_LABELS,
      made.map((r) => r.ageBand ?? NOT_GIVEN),
    ),
    byTheme: themeCounts.map((c) => ({ ...c, share: made.length > 0 ? c.count / made.length : 0 })),
    frequentAttenders: made.filter((r) => r.source === 'gp-practice').length,
    fromPartners: made.filter((r) => r.partner).length,
  };
}

/** Introductions with at least one change in the period that matches. */
function countWith(
  records: readonly Prepared[],
  period: Period,
  matches: (change: Prepared['changes'][number]) => boolean,
): number {
  return records.filter((r) => r.changes.some((c) => matches(c) && inPeriod(c.month, period))).length;
}

function flowMeasures(
  records: readonly Prepared[],
  period: Period,
  reminderWorkingDays: number,
): FlowMeasures {
  const to = (status: Status) => (c: Prepared['changes'][number]) =>
    c.type !== 'raised-with-triage' && c.to === status;
  // One per introduction, as `accepted` counts them: its first acceptance in the period.
  const acceptances: { inTime: boolean; hours: number }[] = [];
  for (const record of records) {
    let offeredAt: string | undefined;
    for (const change of record.changes) {
      if (change.type !== 'raised-with-triage' && change.to === 'offered') offeredAt = change.at;
      if (change.type === 'status-changed' && change.to === 'accepted') {
        if (offeredAt && inPeriod(change.month, period)) {
          const deadline = addWorkingDays(new Date(offeredAt), reminderWorkingDays);
          acceptances.push({
            inTime: Date.parse(change.at) <= deadline.getTime(),
            hours: (Date.parse(change.at) - Date.parse(offeredAt)) / 3_600_000,
          });
          break;
        }
        offeredAt = undefined;
      }
    }
  }
  const inTime = acceptances.filter((a) => a.inTime).length;
  const accepted = countWith(records, period, to('accepted'));
  const hours = median(acceptances.map((a) => a.hours));
  return {
    offered: countWith(records, period, to('offered')),
    accepted,
    passed: countWith(records, period, (c) => c.move === 'passed'),
    assigned: countWith(records, period, (c) => c.move === 'assigned'),
    backToTriage: countWith(records, period, (c) => c.move === 'sent-back-to-triage'),
    notAcceptedInTime: countWith(records, period, (c) => c.type === 'raised-with-triage'),
    didNotWantSupport: countWith(records, period, to('did-not-want-support')),
    consentWithdrawn: countWith(records, period, to('consent-withdrawn')),
    acceptedInTime: inTime,
    ...(acceptances.length > 0 ? { acceptedInTimeShare: inTime / acceptances.length } : {}),
    ...(hours !== undefined ? { medianHoursToAccept: Math.round(hours * 10) / 10 } : {}),
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
      status !== undefined && NOT_YET_TALKED.has(status) && moreThanWorkingDays(r.createdDay, asAtDay, 10)
    );
  }).length;
  const middle = median(days);
  return {
    count: days.length,
    ...(middle !== undefined ? { medianWorkingDays: middle } : {}),
    ...(days.length > 0 ? { percentile90WorkingDays: nearestRank(days, 0.9) } : {}),
    waitingOver10WorkingDays: waiting,
  };
}

/**
 * More than `n` working days from one London day to another, `to`. Ten working days never span more
 * than three calendar weeks (Christmas and Easter included), so a longer gap is not counted day by
 * day: reports look at every introduction ever made.
 */
function moreThanWorkingDays(from: string, to: string, n: number): boolean {
  const calendarDays = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (calendarDays > 3 * n) return true;
  return workingDaysBetween(from, to) > n;
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
): WalkingAlongsideMeasures {
  const alongside = records.filter((r) => statusAt(r, asAt) === 'walking-alongside');
  const perCoordinator = new Map<string, number>();
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
    atMonthEnd: alongside.length,
    byCoordinator: [...coordinators.values()],
    newLevel1: records.filter((r) => inMonth(firstTo(r, 'in-touch'))).length,
    newLevel2: records.filter((r) => inMonth(firstTo(r, 'walking-alongside'))).length,
    steppedBack: steppedBack.length,
    ...(middle !== undefined ? { medianDaysWalkedAlongside: Math.round(middle) } : {}),
  };
}

function outcomeMeasures(records: readonly Prepared[], period: Period): OutcomeMeasures {
  const recorded = records.map((r) => r.outcomes.filter((o) => inPeriod(o.month, period)));
  return {
    byOutcome: tally(
      Object.keys(OUTCOMES) as Outcome[],
      OUTCOMES,
      recorded.flat().map((o) => o.outcome),
    ),
    total: recorded.flat().length,
    people: recorded.filter((list) => list.length > 0).length,
  };
}

/**
 * The trend, by the same rules as the month's own measures (an introduction counts once in a month
 * however many times it moved), in one pass over the records rather than one per month.
 */
function trend(records: readonly Prepared[], months: readonly Month[]): TrendPoint[] {
  const points = new Map<Month, TrendPoint>(
    months.map((month) => [
      month,
      { month, introduced: 0, accepted: 0, firstConversations: 0, steppedBack: 0 },
    ]),
  );
  for (const r of records) {
    const created = points.get(r.createdMonth);
    if (created) created.introduced++;
    const talked = r.firstConversationOn ? points.get(r.firstConversationOn.slice(0, 7)) : undefined;
    if (talked) talked.firstConversations++;
    const accepted = new Set<Month>();
    const stepped = new Set<Month>();
    for (const c of r.changes) {
      if (c.type !== 'status-changed' || !points.has(c.month)) continue;
      if (c.to === 'accepted') accepted.add(c.month);
      if (c.to === 'stepped-back') stepped.add(c.month);
    }
    for (const m of accepted) (points.get(m) as TrendPoint).accepted++;
    for (const m of stepped) (points.get(m) as TrendPoint).steppedBack++;
  }
  return [...points.values()];
}

const NOT_ASKED = 'not-asked';
const ANSWER_LABELS: Record<string, string> = {
  yes: 'Yes',
  no: 'No',
  [PREFER_NOT_TO_SAY]: 'Prefer not to say',
  [NOT_ASKED]: 'Not asked',
};

/**
 * Equalities, among the introductions made in the period: each answer counted; "prefer not to say"
 * and "not asked" (no answer recorded) counted apart, so the distribution of those who chose to
 * answer can be read on its own.
 */
function equalitiesMeasures(records: readonly Prepared[], period: Period): EqualitiesMeasures {
  const made = records.filter((r) => inPeriod(r.createdMonth, period));
  const groupOf = (r: Prepared) => {
    const answer = r.equalities?.ethnicity;
    if (answer === undefined) return NOT_ASKED;
    return answer === PREFER_NOT_TO_SAY ? PREFER_NOT_TO_SAY : ETHNICITIES[answer].group;
  };
  const yesNo = (pick: (r: Prepared) => string | undefined) =>
    tally(
      ['yes', 'no', PREFER_NOT_TO_SAY, NOT_ASKED],
      ANSWER_LABELS,
      made.map((r) => pick(r) ?? NOT_ASKED),
    );
  return {
    ethnicity: tally(
      [...(Object.keys(ETHNIC_GROUPS) as string[]), PREFER_NOT_TO_SAY, NOT_ASKED],
      { ...ETHNIC_GROUPS, ...ANSWER_LABELS },
      made.map(groupOf),
    ),
    disability: yesNo((r) => r.equalities?.disability),
    carer: yesNo((r) => r.equalities?.carer),
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

/**
 * Costs avoided, an estimate: avoided events a triage manager confirmed in the period, each at the
 * council's unit cost for its kind. Kinds without a unit cost are counted but not costed.
 */
function costsAvoidedMeasures(
  records: readonly Prepared[],
  period: Period,
  unitCosts: UnitCosts | undefined,
): CostsAvoidedMeasures {
  const confirmed = records.flatMap((r) =>
    (r.avoided ?? []).filter(
      (a) =>
        a.status === 'confirmed' && a.decidedAt !== undefined && inPeriod(londonMonth(a.decidedAt), period),
    ),
  );
  const labels: Record<string, string> = { ...AVOIDED_KINDS };
  const costs = new Map<string, number>();
  for (const row of unitCosts?.rows ?? []) {
    labels[row.kind] = row.label;
    costs.set(row.kind, row.cost);
  }
  for (const a of confirmed) labels[a.kind] ??= a.kind;
  const byKind = tally(
    Object.keys(labels),
    labels,
    confirmed.map((a) => a.kind),
  ).map((c) => {
    const unitCost = costs.get(c.key);
    return unitCost === undefined ? c : { ...c, unitCost, estimate: unitCost * c.count };
  });
  return {
    byKind,
    events: confirmed.length,
    estimate: byKind.reduce((n, c) => n + ((c as { estimate?: number }).estimate ?? 0), 0),
  };
}

/** The middle value (the mean of the two middle ones for an even count); undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The nearest-rank percentile of sorted values (0 < p ≤ 1). */
export function nearestRank(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
}
