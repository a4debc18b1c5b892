/**
 * A month's part in later reports: what its twelve-month trend point and the financial year to
 * date take from it, for each patch (the one each introduction is with), as counts that add up.
 * Frozen with the month (src/services/reports/reportService.ts), so that a later report reads the
 * months before it from the `reports` container instead of from every introduction they hold.
 *
 * Most of the year to date is a sum of months: introductions made, outcomes and avoided events
 * recorded, equalities answers. A flow measure is not ("introductions accepted in the year to date"
 * counts an introduction once, however many months it was accepted in), so a month keeps the
 * introductions whose **first** such change in the financial year was in it: those add up to the
 * year's. The same goes for the first acceptance (in time or not, and its hours, kept so that the
 * year's median can be taken) and for the people with an outcome. Wellbeing is not taken from
 * months: it counts each person by their latest measure, which a later month can move.
 *
 * No I/O. Counts only: never a person, never an id.
 */

import {
  addCounts,
  type Counts,
  countAvoided,
  countBy,
  countEqualities,
  countIntroductions,
  type EqualitiesCounts,
  FLOW_CHANGES,
  type FlowCounts,
  type FlowKey,
  firstAcceptance,
  type IntroductionCounts,
  type OutcomeCounts,
  type Period,
  type Prepared,
  patchKey,
} from './reportCounting';
import type { TrendPoint } from './reportModel';
import { addMonths, financialYearStart, type Month } from './reportPeriod';

/** One patch's part of a month (or the sum of several patches' or months'). */
export interface PatchPart {
  /** The trend's point, less its month. */
  trend: Omit<TrendPoint, 'month'>;
  /** Introductions made in the month. */
  introductions: IntroductionCounts;
  /** Introductions whose first such change in the financial year was in the month. */
  flow: FlowCounts;
  /** Outcomes recorded in the month; people whose first outcome in the financial year was in it. */
  outcomes: OutcomeCounts;
  /** Equalities answers of the introductions made in the month. */
  equalities: EqualitiesCounts;
  /** Avoided events confirmed in the month, by kind. */
  avoided: Counts;
}

export interface MonthParts {
  month: Month;
  /** The reminder period the acceptances were timed against. */
  reminderWorkingDays: number;
  /** By patch key: a patch id, or no patch covers the postcode, or with the triage team. */
  byPatch: Record<string, PatchPart>;
}

const FLOW_KEYS = Object.keys(FLOW_CHANGES) as FlowKey[];

export function emptyPart(): PatchPart {
  return {
    trend: { introduced: 0, accepted: 0, firstConversations: 0, steppedBack: 0 },
    introductions: {
      total: 0,
      bySource: {},
      byPatch: {},
      byAgeBand: {},
      byTheme: {},
      frequentAttenders: 0,
      fromPartners: 0,
    },
    flow: {
      ...(Object.fromEntries(FLOW_KEYS.map((k) => [k, 0])) as Record<FlowKey, number>),
      acceptedInTime: 0,
      acceptanceHours: [],
    },
    outcomes: { byOutcome: {}, people: 0 },
    equalities: { ethnicity: {}, disability: {}, carer: {} },
    avoided: {},
  };
}

/** Adds a part into `into` (the hours of acceptances are joined). */
export function addPart(into: PatchPart, part: PatchPart): PatchPart {
  for (const key of Object.keys(into.trend) as (keyof PatchPart['trend'])[])
    into.trend[key] += part.trend[key];
  const i = into.introductions;
  const p = part.introductions;
  i.total += p.total;
  i.frequentAttenders += p.frequentAttenders;
  i.fromPartners += p.fromPartners;
  addCounts(i.bySource, p.bySource);
  addCounts(i.byPatch, p.byPatch);
  addCounts(i.byAgeBand, p.byAgeBand);
  addCounts(i.byTheme, p.byTheme);
  for (const key of FLOW_KEYS) into.flow[key] += part.flow[key];
  into.flow.acceptedInTime += part.flow.acceptedInTime;
  into.flow.acceptanceHours.push(...part.flow.acceptanceHours);
  addCounts(into.outcomes.byOutcome, part.outcomes.byOutcome);
  into.outcomes.people += part.outcomes.people;
  addCounts(into.equalities.ethnicity, part.equalities.ethnicity);
  addCounts(into.equalities.disability, part.equalities.disability);
  addCounts(into.equalities.carer, part.equalities.carer);
  addCounts(into.avoided, part.avoided);
  return into;
}

/**
 * The month's parts, from records holding every introduction active in it (each with its whole
 * history, which says whether a change was its first in the financial year).
 */
export function monthParts(
  records: readonly Prepared[],
  month: Month,
  reminderWorkingDays: number,
): MonthParts {
  const thisMonth: Period = { first: month, last: month };
  const yearSoFar: Period = { first: financialYearStart(month), last: month };
  const before = addMonths(month, -1);
  const byKey = new Map<string, Prepared[]>();
  for (const r of records) {
    const key = patchKey(r);
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  const byPatch: Record<string, PatchPart> = {};
  for (const [key, list] of byKey) {
    const part = partOf(list, month, thisMonth, yearSoFar, before, reminderWorkingDays);
    if (part) byPatch[key] = part;
  }
  return { month, reminderWorkingDays, byPatch };
}

function partOf(
  records: readonly Prepared[],
  month: Month,
  thisMonth: Period,
  yearSoFar: Period,
  before: Month,
  reminderWorkingDays: number,
): PatchPart | undefined {
  const part = emptyPart();
  const made = records.filter((r) => r.createdMonth === month);
  part.introductions = countIntroductions(made);
  part.equalities = countEqualities(made);
  part.avoided = countAvoided(records, thisMonth);
  const inYearBefore = (m: Month) => m >= yearSoFar.first && m <= before;
  let touched = made.length > 0 || Object.keys(part.avoided).length > 0;
  for (const r of records) {
    let accepted = false;
    let stepped = false;
    for (const c of r.changes) {
      if (c.month !== month || c.type !== 'status-changed') continue;
      if (c.to === 'accepted') accepted = true;
      if (c.to === 'stepped-back') stepped = true;
    }
    const talked = r.firstConversationOn?.slice(0, 7) === month;
    if (accepted) part.trend.accepted++;
    if (stepped) part.trend.steppedBack++;
    if (talked) part.trend.firstConversations++;
    for (const key of FLOW_KEYS) {
      const matches = FLOW_CHANGES[key];
      if (
        r.changes.some((c) => c.month === month && matches(c)) &&
        !r.changes.some((c) => inYearBefore(c.month) && matches(c))
      ) {
        part.flow[key]++;
        touched = true;
      }
    }
    const acceptance = firstAcceptance(r, yearSoFar, reminderWorkingDays);
    if (acceptance?.month === month) {
      if (acceptance.inTime) part.flow.acceptedInTime++;
      part.flow.acceptanceHours.push(acceptance.hours);
    }
    const recorded = r.outcomes.filter((o) => o.month === month);
    if (recorded.length > 0) {
      addCounts(part.outcomes.byOutcome, countBy(recorded.map((o) => o.outcome)));
      if (!r.outcomes.some((o) => inYearBefore(o.month))) part.outcomes.people++;
    }
    touched ||= accepted || stepped || talked || recorded.length > 0;
  }
  part.trend.introduced = made.length;
  return touched ? part : undefined;
}

/** The sum of the parts of the given patch keys (every key: undefined). */
export function partsInScope(parts: MonthParts, keys: ReadonlySet<string> | undefined): PatchPart {
  const sum = emptyPart();
  for (const [key, part] of Object.entries(parts.byPatch)) if (!keys || keys.has(key)) addPart(sum, part);
  return sum;
}
