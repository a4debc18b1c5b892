/**
 * A monthly report as people read it in Teams: the headline numbers first (the month and the year to
 * date side by side), then the charts (each with a table of the same numbers for clients that
 * cannot draw it), then the sections, then how it was counted. Counts only, never a person.
 *
 * For report viewers (what leaves the team) small numbers are suppressed (src/domain/
 * smallNumbers.ts): a chart with a suppressed value is shown as its table, shares and medians of
 * fewer than 5 people are not shown, and the per-coordinator loads are left out (they are about
 * staff, and for the team).
 */

import { formatDate } from '../../domain/directory/routing';
import type { Count, MonthlyReport } from '../../domain/reports/reportModel';
import {
  financialYearLabel,
  londonDay,
  monthLabel,
  shortMonthLabel,
} from '../../domain/reports/reportPeriod';
import {
  FEWER_THAN_5,
  type ShownCount,
  shownBreakdown,
  shownCount,
  shownShare,
  shownStatistic,
} from '../../domain/reports/smallNumbers';
import type { ChartColor } from './charts';

export interface ReportRow {
  label: string;
  /** The number as shown: "12", "fewer than 5", "3 (60%)". */
  shown: string;
}

export interface ReportChartData {
  heading: string;
  explanation: string;
  /** How it is drawn: a chart, or (when a value is suppressed) only its table. */
  kind: 'vertical' | 'horizontal' | 'donut' | 'table';
  xAxisTitle: string;
  yAxisTitle: string;
  points: { x: string; y: number; color?: ChartColor }[];
  slices: { legend: string; value: number }[];
  /** The same numbers, as the chart's fallback (and the table itself when there is no chart). */
  rows: ReportRow[];
}

export interface ReportSectionData {
  heading: string;
  facts: ReportRow[];
  /** Something a manager acts on, in words; empty when nothing is. */
  attention: string;
}

export interface MonthlyReportCardData {
  title: string;
  scopeLine: string;
  notes: string[];
  monthLabel: string;
  yearLabel: string;
  headline: { label: string; month: string; yearToDate: string }[];
  charts: ReportChartData[];
  sections: ReportSectionData[];
  footnote: string;
  /** Buttons that open the exports (a short-lived link); none when there is no link. */
  downloads: { title: string; url: string }[];
  downloadNote: string;
  /** A posted report (the monthly post): "Get the spreadsheet" asks for this month; '' otherwise. */
  requestMonth: string;
}

export interface ReportCardOptions {
  /** For report viewers: counts from 1 to 4 shown as "fewer than 5". */
  suppressSmallNumbers: boolean;
  reminderWorkingDays: number;
}

const show = (value: ShownCount) => (value === FEWER_THAN_5 ? FEWER_THAN_5 : value.toLocaleString('en-GB'));
const percent = (share: number) => `${Math.round(share * 100)}%`;
const shareWords = (share: number | undefined) => (share === undefined ? 'not shown:' : percent(share));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Rows of a breakdown, as shown; rows of zero are left out (unless `keepZeros`, or every row is zero). */
function breakdownRows(
  counts: readonly Count[],
  suppress: boolean,
  extra?: (c: Count) => string,
  keepZeros = false,
): ReportRow[] {
  const shown = shownBreakdown(
    counts.map((c) => c.count),
    suppress,
  );
  const rows = counts.map((c, i) => ({
    label: c.label,
    shown: `${show(shown[i] as ShownCount)}${extra && shown[i] !== FEWER_THAN_5 ? extra(c) : ''}`,
    count: c.count,
    hidden: shown[i] === FEWER_THAN_5,
  }));
  const kept = keepZeros ? rows : rows.filter((r) => r.count > 0);
  return (kept.length > 0 ? kept : rows.slice(0, 1)).map(({ label, shown: s }) => ({ label, shown: s }));
}

function anySuppressed(counts: readonly Count[], suppress: boolean): boolean {
  return shownBreakdown(
    counts.map((c) => c.count),
    suppress,
  ).includes(FEWER_THAN_5);
}

function chart(
  heading: string,
  explanation: string,
  kind: 'vertical' | 'horizontal' | 'donut',
  counts: readonly Count[],
  suppress: boolean,
  extra?: (c: Count) => string,
): ReportChartData {
  const nonZero = counts.filter((c) => c.count > 0);
  const drawn = nonZero.length > 0 && !anySuppressed(counts, suppress);
  return {
    heading,
    explanation,
    kind: drawn ? kind : 'table',
    xAxisTitle: '',
    yAxisTitle: '',
    points: drawn && kind !== 'donut' ? nonZero.map((c) => ({ x: c.label, y: c.count })) : [],
    slices: drawn && kind === 'donut' ? nonZero.map((c) => ({ legend: c.label, value: c.count })) : [],
    rows: breakdownRows(counts, suppress, extra),
  };
}

/**
 * Pounds, whole: "£7,300". For report viewers, not shown over fewer than 5 events (a unit cost would
 * give the count), and rounded to the nearest £1,000.
 */
export function pounds(amount: number, events: number, suppress: boolean): string {
  if (suppress && events > 0 && events < 5) return 'not shown';
  const shown = suppress ? Math.round(amount / 1000) * 1000 : Math.round(amount);
  return `£${shown.toLocaleString('en-GB')}`;
}

function equalityFacts(question: string, counts: readonly Count[], suppress: boolean): ReportRow[] {
  return breakdownRows(counts, suppress).map((row) => ({
    label: `${question}: ${row.label}`,
    shown: row.shown,
  }));
}

const ONS4_WORDS: Record<string, string> = {
  lifeSatisfaction: 'Life satisfaction',
  worthwhile: 'Things done are worthwhile',
  happy: 'Happy yesterday',
  anxious: 'Anxious yesterday (lower is better)',
};

function wellbeingFacts(report: MonthlyReport, suppress: boolean): ReportRow[] {
  const w = report.wellbeing;
  const shownPeople = show(shownCount(w.people, suppress));
  const rows: ReportRow[] = [{ label: 'People measured twice or more', shown: shownPeople }];
  const mean = shownStatistic(w.meanChange, w.people, suppress);
  if (!mean) return rows;
  for (const [question, change] of Object.entries(mean))
    rows.push({
      label: ONS4_WORDS[question] ?? question,
      shown: `${change > 0 ? '+' : ''}${change} on average; ${shareWords(shownShare((w.improved as Record<string, number>)[question] ?? 0, w.people, suppress))} improved`,
    });
  return rows;
}

function costFacts(report: MonthlyReport, month: string, suppress: boolean): ReportRow[] {
  const c = report.costsAvoided;
  const table = c.unitCosts;
  const rows: ReportRow[] = c.month.byKind
    .map((k, i) => ({ k, y: c.yearToDate.byKind[i] }))
    .filter(({ k, y }) => k.count > 0 || (y?.count ?? 0) > 0)
    .map(({ k, y }) => ({
      label: k.label,
      shown: `${show(shownCount(k.count, suppress))} in ${month}; ${show(shownCount(y?.count ?? 0, suppress))} this year${
        k.unitCost !== undefined
          ? ` (at £${k.unitCost.toLocaleString('en-GB')} each)`
          : ' (no unit cost: not costed)'
      }`,
    }));
  rows.push({
    label: 'Unit costs',
    shown: table
      ? `the council's table of ${formatDate(table.asOf)} (version ${table.version})${table.illustrative ? ": ILLUSTRATIVE figures, not the council's" : ''}`
      : "none in the council's file: nothing is costed",
  });
  rows.push({ label: 'What counts', shown: 'Only what a triage manager confirmed was avoided.' });
  return rows;
}

export function monthlyReportCardData(
  report: MonthlyReport,
  options: ReportCardOptions,
): MonthlyReportCardData {
  const suppress = options.suppressSmallNumbers;
  const month = monthLabel(report.month);
  const intro = report.introductions;
  const flow = report.flow.month;
  const ytdFirstConversations = report.trend
    .filter((t) => t.month >= report.yearStart)
    .reduce((n, t) => n + t.firstConversations, 0);
  const one = (n: number) => show(shownCount(n, suppress));

  const notes: string[] = [];
  if (report.partial)
    notes.push(
      `${month} is not over: these are the numbers so far, to ${formatDate(londonDay(report.asAt))}.`,
    );
  if (report.frozen)
    notes.push(
      report.frozen.revision === 1
        ? `Frozen on ${formatDate(londonDay(report.frozen.at))}: later changes to records do not change it.`
        : suppress
          ? // Who corrected it, and their words, stay with the team.
            `Frozen, then corrected on ${formatDate(londonDay(report.frozen.at))} (revision ${report.frozen.revision}).`
          : `Frozen, then corrected on ${formatDate(londonDay(report.frozen.at))} by ${report.frozen.by} (revision ${report.frozen.revision}): ${report.frozen.reason}`,
    );
  if (suppress)
    notes.push(
      'Counts from 1 to 4 are shown as "fewer than 5" and the others rounded to the nearest 5, so that nobody can be recognised: totals may not add up.',
    );

  const scopeLine =
    report.scope.kind === 'service'
      ? `The whole service: ${plural(report.patches.length, 'patch', 'patches')}, and the triage team.`
      : report.patches.map((p) => p.name).join(', ');

  const trendCounts: Count[] = report.trend.map((t) => ({
    key: t.month,
    label: shortMonthLabel(t.month),
    count: t.introduced,
  }));
  const trend = chart('Introductions, the last twelve months', '', 'vertical', trendCounts, suppress);
  // Every month is a bar and a row, zeros included: a trend with gaps misleads.
  trend.rows = breakdownRows(trendCounts, suppress, undefined, true);
  if (trend.kind === 'vertical') {
    trend.points = trendCounts.map((c) => ({ x: c.label, y: c.count, color: 'categoricalTeal' }));
    trend.xAxisTitle = 'Month';
    trend.yAxisTitle = 'Introductions';
  }

  const accepted = shownShare(flow.acceptedInTime, flow.accepted, suppress);
  const medianHours = shownStatistic(flow.medianHoursToAccept, flow.accepted, suppress);
  const fc = report.firstConversation;
  const fcMedian = shownStatistic(fc.medianWorkingDays, fc.count, suppress);
  const fc90 = shownStatistic(fc.percentile90WorkingDays, fc.count, suppress);
  const walking = report.walkingAlongside;
  const walkedMedian = shownStatistic(walking.medianDaysWalkedAlongside, walking.steppedBack, suppress);
  const outcomesMonth = report.outcomes.month;
  const outcomesYear = report.outcomes.yearToDate;
  const outcomeShown = shownBreakdown(
    outcomesMonth.byOutcome.map((o) => o.count),
    suppress,
  );
  const outcomeYearShown = shownBreakdown(
    outcomesYear.byOutcome.map((o) => o.count),
    suppress,
  );

  const sections: ReportSectionData[] = [
    {
      heading: `How introductions moved in ${month}`,
      facts: [
        { label: 'Offered to a coordinator', shown: one(flow.offered) },
        { label: 'Accepted', shown: one(flow.accepted) },
        {
          label: `Accepted within ${plural(options.reminderWorkingDays, 'working day')}`,
          shown:
            accepted === undefined
              ? 'not shown'
              : `${one(flow.acceptedInTime)} of ${one(flow.accepted)} (${percent(accepted)})`,
        },
        {
          label: 'Median time to accept',
          shown: medianHours === undefined ? 'not shown' : `${medianHours.toLocaleString('en-GB')} hours`,
        },
        { label: 'Passed to another patch', shown: one(flow.passed) },
        { label: 'Assigned by a triage manager', shown: one(flow.assigned) },
        { label: 'Sent back to the triage team', shown: one(flow.backToTriage) },
        { label: 'Not accepted in time (raised with the team)', shown: one(flow.notAcceptedInTime) },
        { label: 'The person did not want support', shown: one(flow.didNotWantSupport) },
        { label: 'Consent withdrawn', shown: one(flow.consentWithdrawn) },
      ],
      attention: '',
    },
    {
      heading: 'Time to a first conversation',
      facts: [
        { label: `First conversations in ${month}`, shown: one(fc.count) },
        {
          label: 'Median, in working days from the introduction',
          shown: fcMedian === undefined ? 'not shown' : String(fcMedian),
        },
        { label: '90th percentile, in working days', shown: fc90 === undefined ? 'not shown' : String(fc90) },
        {
          label: 'Introduced more than 10 working days ago, not yet talked with',
          shown: one(fc.waitingOver10WorkingDays),
        },
      ],
      attention:
        fc.waitingOver10WorkingDays > 0
          ? `Waiting more than 10 working days for a first conversation: ${one(fc.waitingOver10WorkingDays)}. See the team queue.`
          : '',
    },
    {
      heading: 'Walking alongside',
      facts: [
        { label: `At the end of ${month}`, shown: one(walking.atMonthEnd) },
        { label: 'New in touch (level 1)', shown: one(walking.newLevel1) },
        { label: 'New walking alongside (level 2)', shown: one(walking.newLevel2) },
        { label: 'Stepped back (never closed)', shown: one(walking.steppedBack) },
        {
          label: 'Median time walked alongside, of those',
          shown: walkedMedian === undefined ? 'not shown' : plural(walkedMedian, 'day'),
        },
        ...(suppress
          ? []
          : walking.byCoordinator.map((c) => ({
              label: c.name,
              shown: `${c.walkingAlongside} walked alongside, capacity ${c.capacity}`,
            }))),
      ],
      attention: '',
    },
    {
      heading: `Equalities, of those introduced in ${month}`,
      facts: [
        ...equalityFacts('Ethnic group', report.equalities.month.ethnicity, suppress),
        ...equalityFacts('Disabled', report.equalities.month.disability, suppress),
        ...equalityFacts('Unpaid carer', report.equalities.month.carer, suppress),
      ],
      attention: '',
    },
    {
      heading: 'Wellbeing (ONS4), this year',
      facts: wellbeingFacts(report, suppress),
      attention: '',
    },
    {
      heading: 'Costs avoided: an estimate',
      facts: costFacts(report, month, suppress),
      attention: '',
    },
    {
      heading: 'Outcomes',
      facts: [
        ...outcomesMonth.byOutcome.flatMap((o, i) =>
          o.count > 0 || (outcomesYear.byOutcome[i]?.count ?? 0) > 0
            ? [
                {
                  label: o.label,
                  shown: `${show(outcomeShown[i] as ShownCount)} in ${month}; ${show(outcomeYearShown[i] as ShownCount)} this year`,
                },
              ]
            : [],
        ),
        {
          label: 'People with at least one outcome',
          shown: `${one(outcomesMonth.people)} in ${month}; ${one(outcomesYear.people)} this year`,
        },
      ],
      attention: '',
    },
  ];

  return {
    title: `Monthly report: ${month}`,
    scopeLine,
    notes,
    monthLabel: month,
    yearLabel: `Year to date (${financialYearLabel(report.month)})`,
    headline: [
      { label: 'Introduced', month: one(intro.month.total), yearToDate: one(intro.yearToDate.total) },
      { label: 'Accepted', month: one(flow.accepted), yearToDate: one(report.flow.yearToDate.accepted) },
      { label: 'First conversations', month: one(fc.count), yearToDate: one(ytdFirstConversations) },
      { label: 'Walked alongside at the month end', month: one(walking.atMonthEnd), yearToDate: '' },
      { label: 'Outcomes recorded', month: one(outcomesMonth.total), yearToDate: one(outcomesYear.total) },
      {
        label: 'Costs avoided (an estimate)',
        month: pounds(report.costsAvoided.month.estimate, report.costsAvoided.month.events, suppress),
        yearToDate: pounds(
          report.costsAvoided.yearToDate.estimate,
          report.costsAvoided.yearToDate.events,
          suppress,
        ),
      },
      {
        label: 'GP frequent-attender introductions',
        month: one(intro.month.frequentAttenders),
        yearToDate: one(intro.yearToDate.frequentAttenders),
      },
    ],
    charts: [
      trend,
      chart(
        `Who introduced people in ${month}`,
        "By the introducer's kind of organisation.",
        'donut',
        intro.month.bySource,
        suppress,
      ),
      chart(
        `Where in ${month}`,
        'By the patch each introduction is with now.',
        'horizontal',
        intro.month.byPatch,
        suppress,
      ),
      chart(
        `What people would like help with in ${month}`,
        'People can choose more than one: each with its share of the introductions.',
        'horizontal',
        intro.month.byTheme,
        suppress,
        (c) => {
          const share = shownShare(c.count, intro.month.total, suppress);
          return share === undefined ? '' : ` (${percent(share)})`;
        },
      ),
      chart(`Age in ${month}`, 'As the introducer gave it.', 'vertical', intro.month.byAgeBand, suppress),
    ],
    sections,
    footnote:
      'Counted in London time; the year runs from April. An introduction counts in the month it was made; a movement in the month it happened. Definitions: "how each number is counted" in the monitoring guide.',
    downloads: [],
    downloadNote: '',
    requestMonth: '',
  };
}
