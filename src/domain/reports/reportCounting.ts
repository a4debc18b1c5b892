/**
 * How the monthly report counts: records prepared once, and the counts behind each breakdown with
 * the one way each is turned into the measures people read. A month's measures count its records
 * (src/domain/reports/monthlyReport.ts); the year to date adds up the months' counts, each month
 * counted from records or read as it was frozen (src/domain/reports/monthParts.ts). Both go through
 * the same `…FromCounts` functions, so a breakdown reads the same whichever way it was counted.
 *
 * No I/O.
 */
import type { UnitCosts } from '../directory/directory';
import type { Outcome, Status, Theme } from '../introductions/introduction';
import { AGE_BANDS, INTRODUCER_KINDS, OUTCOMES, THEMES } from '../introductions/introduction';
import {
  AVOIDED_KINDS,
  ETHNIC_GROUPS,
  ETHNICITIES,
  PREFER_NOT_TO_SAY,
} from '../introductions/monitoringData';
import { addWorkingDays } from '../workingDays';
import type {
  CostsAvoidedMeasures,
  Count,
  EqualitiesMeasures,
  FlowMeasures,
  IntroductionsMeasures,
  OutcomeMeasures,
  ReportChange,
  ReportRecord,
} from './reportModel';
import { londonDay, londonMonth, type Month } from './reportPeriod';

/**
 * A record with its dates already in London months and days: a report compares each many times,
 * and converting once keeps a report over 50,000 introductions well under a second.
 */
export type Prepared = Omit<ReportRecord, 'changes' | 'outcomes'> & {
  createdMonth: Month;
  createdDay: string;
  changes: readonly (ReportChange & { month: Month })[];
  outcomes: readonly { outcome: Outcome; at: string; month: Month }[];
};
export type PreparedChange = Prepared['changes'][number];

const preparedOf = new WeakMap<readonly ReportRecord[], readonly Prepared[]>();

/** The records prepared once, however many reports are made from them (a freeze makes nine). */
export function prepare(records: readonly ReportRecord[]): readonly Prepared[] {
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
export const NOT_GIVEN = 'not-given';
const NOT_ASKED = 'not-asked';

export interface Period {
  first: Month;
  last: Month;
}

export const inPeriod = (month: Month, period: Period) => month >= period.first && month <= period.last;

/** Counts by key (a key never seen is 0). */
export type Counts = Record<string, number>;

export function countBy(values: Iterable<string>): Counts {
  const counts: Counts = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** Adds counts into `into`. */
export function addCounts(into: Counts, counts: Counts): Counts {
  for (const [key, n] of Object.entries(counts)) into[key] = (into[key] ?? 0) + n;
  return into;
}

function tally(keys: readonly string[], labels: Record<string, string>, counts: Counts): Count[] {
  return keys.map((key) => ({ key, label: labels[key] as string, count: counts[key] ?? 0 }));
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
const AGE_LABELS = {
  ...Object.fromEntries(AGE_BANDS.map((b) => [b, b === '85+' ? '85 and over' : b.replace('-', ' to ')])),
  [NOT_GIVEN]: 'Not given',
} as Record<string, string>;

/** Who introduced a record, as the report counts it. */
const sourceOf = (r: Pick<Prepared, 'introducerKind' | 'introducerWeb'>): string =>
  r.introducerWeb ? `web-${r.introducerWeb}` : (r.introducerKind ?? NOT_GIVEN);

/** The patch a record counts in: the one it is with now, or why it has none. */
export function patchKey(record: Pick<Prepared, 'patchId' | 'triageReason'>): string {
  if (record.patchId) return record.patchId;
  return record.triageReason === 'no-rule' ? NO_PATCH_COVERS : WITH_TRIAGE;
}

/** What introductions made in a period are counted by. */
export interface IntroductionCounts {
  total: number;
  bySource: Counts;
  byPatch: Counts;
  byAgeBand: Counts;
  /** Each theme once per introduction. */
  byTheme: Counts;
  frequentAttenders: number;
  fromPartners: number;
}

export function countIntroductions(made: readonly Prepared[]): IntroductionCounts {
  return {
    total: made.length,
    bySource: countBy(made.map(sourceOf)),
    byPatch: countBy(made.map(patchKey)),
    byAgeBand: countBy(made.map((r) => r.ageBand ?? NOT_GIVEN)),
    byTheme: countBy(made.flatMap((r) => [...new Set(r.themes)])),
    frequentAttenders: made.filter((r) => r.source === 'gp-practice').length,
    fromPartners: made.filter((r) => r.partner).length,
  };
}

export function introductionsFromCounts(
  counts: IntroductionCounts,
  patches: readonly { id: string; name: string }[],
): IntroductionsMeasures {
  const patchLabels: Record<string, string> = {
    ...Object.fromEntries(patches.map((p) => [p.id, p.name])),
    [NO_PATCH_COVERS]: 'No patch covers this postcode',
    [WITH_TRIAGE]: 'With the triage team (no patch chosen)',
  };
  // Patches no longer in the directory still count, by their id (in order of id).
  const patchKeys = [...patches.map((p) => p.id), NO_PATCH_COVERS, WITH_TRIAGE];
  for (const key of Object.keys(counts.byPatch).sort()) {
    if (patchKeys.includes(key) || (counts.byPatch[key] ?? 0) === 0) continue;
    patchKeys.push(key);
    patchLabels[key] = `${key} (no longer in the directory)`;
  }
  const { total } = counts;
  return {
    total,
    bySource: tally(
      [...Object.keys(INTRODUCER_KINDS), ...Object.keys(WEB_SOURCES), NOT_GIVEN],
      SOURCE_LABELS,
      counts.bySource,
    ),
    byPatch: tally(patchKeys, patchLabels, counts.byPatch),
    byAgeBand: tally([...AGE_BANDS, NOT_GIVEN], AGE_LABELS, counts.byAgeBand),
    byTheme: tally(Object.keys(THEMES) as Theme[], THEMES, counts.byTheme).map((c) => ({
      ...c,
      share: total > 0 ? c.count / total : 0,
    })),
    frequentAttenders: counts.frequentAttenders,
    fromPartners: counts.fromPartners,
  };
}

const to = (status: Status) => (c: PreparedChange) => c.type !== 'raised-with-triage' && c.to === status;

/** The changes each flow measure counts introductions by (an introduction once, however many). */
export const FLOW_CHANGES = {
  offered: to('offered'),
  accepted: to('accepted'),
  passed: (c: PreparedChange) => c.move === 'passed',
  assigned: (c: PreparedChange) => c.move === 'assigned',
  backToTriage: (c: PreparedChange) => c.move === 'sent-back-to-triage',
  notAcceptedInTime: (c: PreparedChange) => c.type === 'raised-with-triage',
  didNotWantSupport: to('did-not-want-support'),
  consentWithdrawn: to('consent-withdrawn'),
} as const;
export type FlowKey = keyof typeof FLOW_CHANGES;

/** An introduction's first acceptance in a period: whether in time, and after how many hours. */
export interface Acceptance {
  inTime: boolean;
  hours: number;
  month: Month;
}

/**
 * The first acceptance in the period that followed an offer (the offer it accepted may be before
 * the period); accepted within the reminder period is "in time".
 */
export function firstAcceptance(
  record: Prepared,
  period: Period,
  reminderWorkingDays: number,
): Acceptance | undefined {
  let offeredAt: string | undefined;
  for (const change of record.changes) {
    if (change.type !== 'raised-with-triage' && change.to === 'offered') offeredAt = change.at;
    if (change.type === 'status-changed' && change.to === 'accepted') {
      if (offeredAt && inPeriod(change.month, period)) {
        const deadline = addWorkingDays(new Date(offeredAt), reminderWorkingDays);
        return {
          inTime: Date.parse(change.at) <= deadline.getTime(),
          hours: (Date.parse(change.at) - Date.parse(offeredAt)) / 3_600_000,
          month: change.month,
        };
      }
      offeredAt = undefined;
    }
  }
  return undefined;
}

/** What the flow measures of a period are counted by. */
export type FlowCounts = Record<FlowKey, number> & {
  /** Of the first acceptances counted: how many were in time, and the hours each took. */
  acceptedInTime: number;
  acceptanceHours: number[];
};

export function flowFromCounts(counts: FlowCounts): FlowMeasures {
  const { acceptedInTime, acceptanceHours, ...byChange } = counts;
  const hours = median(acceptanceHours);
  return {
    ...byChange,
    acceptedInTime,
    ...(acceptanceHours.length > 0 ? { acceptedInTimeShare: acceptedInTime / acceptanceHours.length } : {}),
    ...(hours !== undefined ? { medianHoursToAccept: Math.round(hours * 10) / 10 } : {}),
  };
}

/** Outcomes recorded in a period: each by kind, and the people with one. */
export interface OutcomeCounts {
  byOutcome: Counts;
  people: number;
}

export function outcomesFromCounts(counts: OutcomeCounts): OutcomeMeasures {
  const byOutcome = tally(Object.keys(OUTCOMES) as Outcome[], OUTCOMES, counts.byOutcome);
  return {
    byOutcome,
    total: Object.values(counts.byOutcome).reduce((n, c) => n + c, 0),
    people: counts.people,
  };
}

const ANSWER_LABELS: Record<string, string> = {
  yes: 'Yes',
  no: 'No',
  [PREFER_NOT_TO_SAY]: 'Prefer not to say',
  [NOT_ASKED]: 'Not asked',
};

/** Equalities answers of the introductions made in a period. */
export interface EqualitiesCounts {
  ethnicity: Counts;
  disability: Counts;
  carer: Counts;
}

export function countEqualities(made: readonly Prepared[]): EqualitiesCounts {
  const groupOf = (r: Prepared) => {
    const answer = r.equalities?.ethnicity;
    if (answer === undefined) return NOT_ASKED;
    return answer === PREFER_NOT_TO_SAY ? PREFER_NOT_TO_SAY : ETHNICITIES[answer].group;
  };
  return {
    ethnicity: countBy(made.map(groupOf)),
    disability: countBy(made.map((r) => r.equalities?.disability ?? NOT_ASKED)),
    carer: countBy(made.map((r) => r.equalities?.carer ?? NOT_ASKED)),
  };
}

/**
 * Equalities: each answer counted; "prefer not to say" and "not asked" (no answer recorded) counted
 * apart, so the distribution of those who chose to answer can be read on its own.
 */
export function equalitiesFromCounts(counts: EqualitiesCounts): EqualitiesMeasures {
  const yesNo = ['yes', 'no', PREFER_NOT_TO_SAY, NOT_ASKED];
  return {
    ethnicity: tally(
      [...Object.keys(ETHNIC_GROUPS), PREFER_NOT_TO_SAY, NOT_ASKED],
      { ...ETHNIC_GROUPS, ...ANSWER_LABELS },
      counts.ethnicity,
    ),
    disability: tally(yesNo, ANSWER_LABELS, counts.disability),
    carer: tally(yesNo, ANSWER_LABELS, counts.carer),
  };
}

/** Avoided events a triage manager confirmed in a period (by the confirmation's month), by kind. */
export function countAvoided(records: readonly Prepared[], period: Period): Counts {
  return countBy(
    records.flatMap((r) =>
      (r.avoided ?? [])
        .filter(
          (a) =>
            a.status === 'confirmed' &&
            a.decidedAt !== undefined &&
            inPeriod(londonMonth(a.decidedAt), period),
        )
        .map((a) => a.kind),
    ),
  );
}

/**
 * Costs avoided, an estimate: confirmed avoided events, each at the council's unit cost for its
 * kind. Kinds without a unit cost are counted but not costed.
 */
export function costsFromCounts(
  byKindCounts: Counts,
  unitCosts: UnitCosts | undefined,
): CostsAvoidedMeasures {
  const labels: Record<string, string> = { ...AVOIDED_KINDS };
  const costs = new Map<string, number>();
  for (const row of unitCosts?.rows ?? []) {
    labels[row.kind] = row.label;
    costs.set(row.kind, row.cost);
  }
  // Kinds neither the product nor the council's table knows (in order of kind).
  for (const kind of Object.keys(byKindCounts).sort()) labels[kind] ??= kind;
  const byKind = tally(Object.keys(labels), labels, byKindCounts).map((c) => {
    const unitCost = costs.get(c.key);
    return unitCost === undefined ? c : { ...c, unitCost, estimate: unitCost * c.count };
  });
  return {
    byKind,
    events: byKind.reduce((n, c) => n + c.count, 0),
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
