/**
 * The monthly report's model: what a report reads (one record per introduction: ids, categories and
 * dates, no notes and nobody's name) and what it says (every measure, as counts). The measures are
 * computed in monthlyReport.ts, where each is defined in words beside its code.
 *
 * No I/O.
 */

import type { UnitCosts } from '../directory/directory';
import type { TriageReason } from '../directory/routing';
import type { AgeBand, IntroducerKind, Move, Outcome, Status, Theme } from '../introductions/introduction';
import type { AvoidedEvent, Equalities, Ons4Question } from '../introductions/monitoringData';
import type { Month } from './reportPeriod';

/** One change in an introduction's life, as a report reads it (no notes, nobody's name). */
export interface ReportChange {
  at: string;
  type: 'routed' | 'status-changed' | 'raised-with-triage';
  from?: Status;
  to?: Status;
  move?: Move;
}

/**
 * The fields of an introduction a report reads, and nothing else: no name, no contact details, no
 * notes, no free text. The repository projects exactly these from Cosmos DB.
 */
export interface ReportRecord {
  id: string;
  createdAt: string;
  source: 'introduction' | 'gp-practice' | 'web';
  status: Status;
  introducerKind?: IntroducerKind;
  /** Made on the council's website: by the person, someone who knows them, or a community group. */
  introducerWeb?: 'self' | 'someone' | 'group';
  /** The introducer is of a partner organisation's tenant (for example NHSmail). */
  partner: boolean;
  /** The patch it is with now, if routing chose one. */
  patchId?: string;
  triageReason?: TriageReason;
  ageBand?: AgeBand;
  themes: readonly Theme[];
  /** The London date of the first conversation, when there was one. */
  firstConversationOn?: string;
  /** The directory email of the coordinator who holds it now. */
  coordinatorEmail?: string;
  outcomes: readonly { outcome: Outcome; at: string }[];
  changes: readonly ReportChange[];
  /** Equalities monitoring answers (absent: not asked). */
  equalities?: Pick<Equalities, 'ethnicity' | 'disability' | 'carer'>;
  /** ONS4 measures, oldest first. */
  wellbeing?: readonly { on: string; scores: Record<Ons4Question, number> }[];
  /** What the support helped avoid, with the triage manager's decision. */
  avoided?: readonly { kind: string; status: AvoidedEvent['status']; decidedAt?: string }[];
}

/** What a report covers: the whole service (triage managers, report viewers), or some patches. */
export type ReportScope = { kind: 'service' } | { kind: 'patches'; patchIds: readonly string[] };

export interface ReportDirectory {
  /** The council's unit costs, for the costs avoided estimate (versioned with the file). */
  unitCosts?: UnitCosts;
  /** The file's version: recorded with the unit costs a report used. */
  version?: string;
  patches: readonly {
    id: string;
    name: string;
    coordinators: readonly { email: string; name: string; capacity: number }[];
  }[];
}

export interface ReportInput {
  month: Month;
  records: readonly ReportRecord[];
  directory: ReportDirectory;
  scope: ReportScope;
  /** The reminder period (LAC_REMINDER_WORKING_DAYS): "accepted in time" means within it. */
  reminderWorkingDays: number;
  /** When the report is made: a month not yet over is reported up to now. */
  asAt: Date;
}

/** A labelled count. `key` is stable (for exports and charts); `label` is in people's words. */
export interface Count {
  key: string;
  label: string;
  count: number;
}

/** A multi-select breakdown: each count with its share of all introductions (0 to 1). */
export interface SharedCount extends Count {
  share: number;
}

export interface IntroductionsMeasures {
  /** Introductions made in the period. */
  total: number;
  /** By the introducer's kind of organisation ("not given" when they did not say). */
  bySource: Count[];
  /** By the patch each is with now; "No patch covers this postcode"; "With the triage team". */
  byPatch: Count[];
  /** By the person's age band, as the introducer gave it ("not given" otherwise). */
  byAgeBand: Count[];
  /**
   * By what the person would like help with. Themes are multi-select, so the counts add up to more
   * than the total: each is shown with its share of the introductions.
   */
  byTheme: SharedCount[];
  /** Introductions flagged by a GP practice as a frequent attender. */
  frequentAttenders: number;
  /** Introductions made by someone of a partner organisation's tenant (for example NHSmail). */
  fromPartners: number;
}

export interface FlowMeasures {
  /** Introductions offered to a coordinator in the period (at least once). */
  offered: number;
  /** Introductions accepted in the period. */
  accepted: number;
  /** Introductions passed to another patch in the period. */
  passed: number;
  /** Introductions a triage manager assigned to a coordinator in the period. */
  assigned: number;
  /** Introductions a coordinator sent back to the triage team in the period. */
  backToTriage: number;
  /** Offers raised with the triage team because nobody accepted them in time. */
  notAcceptedInTime: number;
  /** Introductions where the person said they did not want support, in the period. */
  didNotWantSupport: number;
  /** Introductions where the person withdrew consent, in the period. */
  consentWithdrawn: number;
  /**
   * Of the introductions accepted in the period, how many were accepted within the reminder period
   * (that many working days after the offer they accepted), and that as a share (undefined when
   * none were accepted).
   */
  acceptedInTime: number;
  acceptedInTimeShare?: number;
  /** The median time from the offer to its acceptance, in hours (undefined when none). */
  medianHoursToAccept?: number;
}

export interface FirstConversationMeasures {
  /** First conversations in the month (by their date). */
  count: number;
  /**
   * Working days from the introduction's London date to its first conversation's date: the median,
   * and the 90th percentile (nearest rank), over the first conversations in the month.
   */
  medianWorkingDays?: number;
  percentile90WorkingDays?: number;
  /**
   * People introduced more than 10 working days before the month's end (or before now, in the
   * current month) who have had no first conversation by then and are still with the team (with
   * triage, offered or accepted). LAC has no waiting list: this is the number a manager acts on.
   */
  waitingOver10WorkingDays: number;
}

export interface CoordinatorLoad {
  name: string;
  /** People walking alongside with them at the month's end (the coordinator who holds them now). */
  walkingAlongside: number;
  capacity: number;
}

export interface WalkingAlongsideMeasures {
  /** People walked alongside (level 2) at the month's end. */
  atMonthEnd: number;
  byCoordinator: CoordinatorLoad[];
  /** People whose first move to "in touch" (level 1) was in the month. */
  newLevel1: number;
  /** People whose first move to "walking alongside" (level 2) was in the month. */
  newLevel2: number;
  /** People the coordinator stepped back from in the month (never closed: they can come back). */
  steppedBack: number;
  /**
   * Of those, the median number of days from first walking alongside to stepping back (only those
   * who were walked alongside).
   */
  medianDaysWalkedAlongside?: number;
}

export interface OutcomeMeasures {
  /** Outcomes recorded in the period, by outcome. */
  byOutcome: Count[];
  total: number;
  /** People with at least one outcome recorded in the period. */
  people: number;
}

export interface TrendPoint {
  month: Month;
  introduced: number;
  accepted: number;
  firstConversations: number;
  steppedBack: number;
}

export interface EqualitiesMeasures {
  /** Introductions made in the period with an answer, by ethnic group; "prefer not to say" and "not asked" apart. */
  ethnicity: Count[];
  disability: Count[];
  carer: Count[];
}

export interface WellbeingMeasures {
  /** People with two ONS4 measures or more, the latest taken in the year to date. */
  people: number;
  /**
   * The mean change on each question from their first measure to their latest (for "anxious", a
   * fall is an improvement), and how many improved on it.
   */
  meanChange?: Record<Ons4Question, number>;
  improved: Record<Ons4Question, number>;
}

export interface CostsAvoidedMeasures {
  /** Confirmed avoided events in the period (by the triage manager's confirmation date), by kind, with the estimate. */
  byKind: (Count & { unitCost?: number; estimate?: number })[];
  events: number;
  /** The estimate in pounds: events × the council's unit cost for the kind (kinds without a cost are left out of it). */
  estimate: number;
}

export interface MonthlyReport {
  month: Month;
  scope: ReportScope;
  /** The patches covered, by name (all of them for the service). */
  patches: { id: string; name: string }[];
  yearStart: Month;
  /** Up to when it counts: the month's end, or now for the current month. */
  asAt: string;
  /** True while the month is not over (the numbers can still change). */
  partial: boolean;
  introductions: { month: IntroductionsMeasures; yearToDate: IntroductionsMeasures };
  flow: { month: FlowMeasures; yearToDate: FlowMeasures };
  firstConversation: FirstConversationMeasures;
  walkingAlongside: WalkingAlongsideMeasures;
  outcomes: { month: OutcomeMeasures; yearToDate: OutcomeMeasures };
  /** The twelve months ending with this one. */
  trend: TrendPoint[];
  equalities: { month: EqualitiesMeasures; yearToDate: EqualitiesMeasures };
  wellbeing: WellbeingMeasures;
  costsAvoided: {
    month: CostsAvoidedMeasures;
    yearToDate: CostsAvoidedMeasures;
    /** The unit-cost table used: its file's version and date; absent when the council has none. */
    unitCosts?: { version: string; asOf: string; illustrative: boolean };
  };
  /** Set when read from the frozen months (src/storage/reports/frozenReportRepository.ts): which revision. */
  frozen?: { at: string; revision: number; by: string; reason: string };
}

/** How a scope is named in the frozen months: `service`, or the patch ids joined by `+`. */
export function scopeKey(scope: ReportScope): string {
  return scope.kind === 'service' ? 'service' : [...scope.patchIds].sort().join('+');
}
