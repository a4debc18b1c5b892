/**
 * A monthly report as tables: what the spreadsheet (a sheet per table) and the CSV file (one row
 * per number) are made of, and the measures' definitions in words, one sheet of their own. No I/O.
 *
 * For what leaves the team (`suppress`), counts from 1 to 4 are "fewer than 5", with the
 * complementary suppression of src/domain/reports/smallNumbers.ts applied to each column of a breakdown,
 * statistics over fewer than 5 people are "not shown", and the per-coordinator table is left out.
 */
import type { Count, MonthlyReport } from './reportModel';
import { financialYearLabel, monthLabel } from './reportPeriod';
import { shownBreakdown, shownCount, shownShare, shownStatistic } from './smallNumbers';

export type Cell = string | number;

export interface ReportTable {
  /** A sheet's name: at most 31 characters, none of : \ / ? * [ ]. */
  sheet: string;
  title: string;
  columns: string[];
  rows: Cell[][];
}

export const NOT_SHOWN = 'not shown';

/** Each measure in words, as src/domain/reports/monthlyReport.ts counts it (docs/monitoring.md repeats them). */
export const MEASURE_DEFINITIONS: readonly [measure: string, definition: string][] = [
  ['Month', 'A calendar month in London time (Europe/London).'],
  ['Year to date', 'The financial year, April to March, up to the end of the month reported.'],
  ['Introduced', 'Introductions made in the period (their creation, in London time).'],
  ['By source', 'The introducer\'s kind of organisation, as they chose it; "Not given" when they did not.'],
  [
    'By patch',
    'The patch each introduction is with now; "No patch covers this postcode"; "With the triage team (no patch chosen)".',
  ],
  ['By age band', 'As the introducer gave it; "Not given" otherwise.'],
  [
    'By theme',
    'What the person would like help with. People can choose more than one, so counts add up to more than the total; each has its share of the introductions.',
  ],
  ['GP frequent-attender introductions', 'Introductions flagged by a GP practice as a frequent attender.'],
  [
    'Offered to a coordinator',
    'Introductions offered at least once in the period (routed, passed or assigned).',
  ],
  ['Accepted', 'Introductions accepted in the period.'],
  [
    'Accepted within the reminder period',
    'Of those accepted, how many were accepted within LAC_REMINDER_WORKING_DAYS working days of the offer they accepted.',
  ],
  ['Median hours to accept', 'The median of the hours from that offer to its acceptance.'],
  ['Passed, assigned, sent back to triage', 'Introductions moved that way in the period.'],
  [
    'Not accepted in time',
    'Offers raised with the triage team because nobody accepted them in twice the reminder period.',
  ],
  ['Did not want support, consent withdrawn', 'Introductions that changed to that state in the period.'],
  ['First conversations', 'Introductions whose first conversation (its recorded date) was in the month.'],
  [
    'Working days to a first conversation',
    'From the London date the introduction was made to the first conversation: the median, and the 90th percentile by nearest rank. Working days: Monday to Friday, not bank holidays in England and Wales.',
  ],
  [
    'Waiting over 10 working days',
    "People introduced more than 10 working days before the month's end (or now) with no first conversation by then, still with triage, offered or accepted.",
  ],
  [
    'Walked alongside at the month end',
    "Introductions walking alongside (level 2) at the month's last moment.",
  ],
  [
    'New level 1, new level 2',
    'Introductions whose first move to in touch (1) or walking alongside (2) was in the month.',
  ],
  ['Stepped back', 'Introductions stepped back from in the month (never closed).'],
  [
    'Median days walked alongside',
    'Of those stepped back, days from first walking alongside to stepping back.',
  ],
  ['Outcomes', 'Outcomes recorded in the period, by outcome; people with at least one.'],
  [
    'Equalities',
    'Among introductions made in the period: the ONS 2021 ethnic groups, disability (Equality Act sense), unpaid carer, as the person chose to answer; "prefer not to say" and "not asked" counted apart.',
  ],
  [
    'Wellbeing (ONS4)',
    'People with two measures or more whose latest was taken in the year to date: the mean change from their first to their latest on each question (for "anxious", lower is better), and how many improved.',
  ],
  [
    'Costs avoided',
    "An estimate: events a triage manager confirmed were avoided, by the date confirmed, times the council's unit cost for the kind (its table's date and version recorded). Kinds without a unit cost are counted, not costed.",
  ],
  [
    'Small numbers',
    'In what leaves the LAC team, counts from 1 to 4 are "fewer than 5" (and, where one alone would be, the next smallest too); statistics over fewer than 5 people are not shown.',
  ],
];

export function reportTables(report: MonthlyReport, suppress: boolean): ReportTable[] {
  const month = monthLabel(report.month);
  const year = `Year to date (${financialYearLabel(report.month)})`;
  const one = (n: number): Cell => shownCount(n, suppress);
  const stat = (value: number | undefined, people: number): Cell =>
    shownStatistic(value, people, suppress) ?? NOT_SHOWN;
  const intro = report.introductions;
  const flow = report.flow;
  const fc = report.firstConversation;
  const walking = report.walkingAlongside;

  /** A breakdown, month beside year to date, each column suppressed on its own. */
  const breakdown = (
    sheet: string,
    title: string,
    label: string,
    m: readonly Count[],
    y: readonly Count[],
  ) => {
    const shownM = shownBreakdown(
      m.map((c) => c.count),
      suppress,
    );
    const shownY = shownBreakdown(
      y.map((c) => c.count),
      suppress,
    );
    return {
      sheet,
      title,
      columns: [label, month, year],
      rows: m.map((c, i): Cell[] => [c.label, shownM[i] as Cell, shownY[i] as Cell]),
    };
  };
  /** Pounds, a number; not shown outside the team over fewer than 5 events (it would give the count). */
  const money = (amount: number, events: number): Cell =>
    suppress && events > 0 && events < 5 ? NOT_SHOWN : suppress ? Math.round(amount / 1000) * 1000 : amount;
  /** A share of people, as a percentage (src/domain/reports/smallNumbers.ts says when it is not shown). */
  const ratio = (part: number, whole: number): Cell => {
    const value = shownShare(part, whole, suppress);
    return value === undefined ? NOT_SHOWN : `${Math.round(value * 100)}%`;
  };
  const themesM = shownBreakdown(
    intro.month.byTheme.map((c) => c.count),
    suppress,
  );
  const themesY = shownBreakdown(
    intro.yearToDate.byTheme.map((c) => c.count),
    suppress,
  );
  const ytdFirstConversations = report.trend
    .filter((t) => t.month >= report.yearStart)
    .reduce((n, t) => n + t.firstConversations, 0);

  const tables: ReportTable[] = [
    {
      sheet: 'Headline',
      title: `Monthly report: ${month}`,
      columns: ['Measure', month, year],
      rows: [
        ['Introduced', one(intro.month.total), one(intro.yearToDate.total)],
        ['Accepted', one(flow.month.accepted), one(flow.yearToDate.accepted)],
        ['First conversations', one(fc.count), one(ytdFirstConversations)],
        ['Walked alongside at the month end', one(walking.atMonthEnd), ''],
        ['Outcomes recorded', one(report.outcomes.month.total), one(report.outcomes.yearToDate.total)],
        [
          'GP frequent-attender introductions',
          one(intro.month.frequentAttenders),
          one(intro.yearToDate.frequentAttenders),
        ],
        ['From partner organisations', one(intro.month.fromPartners), one(intro.yearToDate.fromPartners)],
        [
          'Costs avoided (an estimate)',
          money(report.costsAvoided.month.estimate, report.costsAvoided.month.events),
          money(report.costsAvoided.yearToDate.estimate, report.costsAvoided.yearToDate.events),
        ],
      ],
    },
    breakdown(
      'By source',
      'Who introduced people',
      'Source',
      intro.month.bySource,
      intro.yearToDate.bySource,
    ),
    breakdown(
      'By patch',
      'Where (the patch each is with now)',
      'Patch',
      intro.month.byPatch,
      intro.yearToDate.byPatch,
    ),
    breakdown(
      'By age band',
      'Age, as the introducer gave it',
      'Age band',
      intro.month.byAgeBand,
      intro.yearToDate.byAgeBand,
    ),
    {
      sheet: 'By theme',
      title: 'What people would like help with (more than one can be chosen)',
      columns: ['Theme', month, `Share of ${month}`, year, 'Share of the year'],
      rows: intro.month.byTheme.map((c, i): Cell[] => [
        c.label,
        themesM[i] as Cell,
        ratio(c.count, intro.month.total),
        themesY[i] as Cell,
        ratio(intro.yearToDate.byTheme[i]?.count ?? 0, intro.yearToDate.total),
      ]),
    },
    {
      sheet: 'Flow',
      title: 'How introductions moved',
      columns: ['Measure', month, year],
      rows: [
        ['Offered to a coordinator', one(flow.month.offered), one(flow.yearToDate.offered)],
        ['Accepted', one(flow.month.accepted), one(flow.yearToDate.accepted)],
        [
          'Accepted within the reminder period',
          one(flow.month.acceptedInTime),
          one(flow.yearToDate.acceptedInTime),
        ],
        [
          'Share accepted within the reminder period',
          ratio(flow.month.acceptedInTime, flow.month.accepted),
          ratio(flow.yearToDate.acceptedInTime, flow.yearToDate.accepted),
        ],
        [
          'Median hours to accept',
          stat(flow.month.medianHoursToAccept, flow.month.accepted),
          stat(flow.yearToDate.medianHoursToAccept, flow.yearToDate.accepted),
        ],
        ['Passed to another patch', one(flow.month.passed), one(flow.yearToDate.passed)],
        ['Assigned by a triage manager', one(flow.month.assigned), one(flow.yearToDate.assigned)],
        ['Sent back to the triage team', one(flow.month.backToTriage), one(flow.yearToDate.backToTriage)],
        ['Not accepted in time', one(flow.month.notAcceptedInTime), one(flow.yearToDate.notAcceptedInTime)],
        ['Did not want support', one(flow.month.didNotWantSupport), one(flow.yearToDate.didNotWantSupport)],
        ['Consent withdrawn', one(flow.month.consentWithdrawn), one(flow.yearToDate.consentWithdrawn)],
      ],
    },
    {
      sheet: 'First conversation',
      title: `Time to a first conversation, ${month}`,
      columns: ['Measure', month],
      rows: [
        ['First conversations', one(fc.count)],
        ['Median working days', stat(fc.medianWorkingDays, fc.count)],
        ['90th percentile, working days', stat(fc.percentile90WorkingDays, fc.count)],
        ['Waiting over 10 working days', one(fc.waitingOver10WorkingDays)],
      ],
    },
    {
      sheet: 'Walking alongside',
      title: `Walking alongside, ${month}`,
      columns: ['Measure', month],
      rows: [
        ['Walked alongside at the month end', one(walking.atMonthEnd)],
        ['New level 1 (in touch)', one(walking.newLevel1)],
        ['New level 2 (walking alongside)', one(walking.newLevel2)],
        ['Stepped back', one(walking.steppedBack)],
        [
          'Median days walked alongside, of those',
          stat(walking.medianDaysWalkedAlongside, walking.steppedBack),
        ],
      ],
    },
  ];
  if (!suppress)
    tables.push({
      sheet: 'Coordinators',
      title: `Walked alongside at the end of ${month}, against capacity`,
      columns: ['Coordinator', 'Walked alongside', 'Capacity'],
      rows: walking.byCoordinator.map((c): Cell[] => [c.name, c.walkingAlongside, c.capacity]),
    });
  const outcomes = breakdown(
    'Outcomes',
    'Outcomes recorded',
    'Outcome',
    report.outcomes.month.byOutcome,
    report.outcomes.yearToDate.byOutcome,
  );
  outcomes.rows.push([
    'People with at least one outcome',
    one(report.outcomes.month.people),
    one(report.outcomes.yearToDate.people),
  ]);
  tables.push(outcomes, {
    sheet: 'Trend',
    title: 'The last twelve months',
    columns: ['Month', 'Introduced', 'Accepted', 'First conversations', 'Stepped back'],
    rows: (() => {
      const column = (pick: (t: MonthlyReport['trend'][number]) => number) =>
        shownBreakdown(report.trend.map(pick), suppress);
      const introduced = column((t) => t.introduced);
      const accepted = column((t) => t.accepted);
      const first = column((t) => t.firstConversations);
      const stepped = column((t) => t.steppedBack);
      return report.trend.map((t, i): Cell[] => [
        monthLabel(t.month),
        introduced[i] as Cell,
        accepted[i] as Cell,
        first[i] as Cell,
        stepped[i] as Cell,
      ]);
    })(),
  });
  const equalities = report.equalities;
  tables.push(
    breakdown(
      'Ethnic group',
      'Ethnic group (ONS 2021), of those introduced',
      'Ethnic group',
      equalities.month.ethnicity,
      equalities.yearToDate.ethnicity,
    ),
    breakdown(
      'Disability',
      'Disabled (Equality Act sense), of those introduced',
      'Answer',
      equalities.month.disability,
      equalities.yearToDate.disability,
    ),
    breakdown(
      'Carer',
      'Unpaid carer, of those introduced',
      'Answer',
      equalities.month.carer,
      equalities.yearToDate.carer,
    ),
  );
  const w = report.wellbeing;
  const mean = shownStatistic(w.meanChange, w.people, suppress);
  tables.push({
    sheet: 'Wellbeing',
    title: `Wellbeing (ONS4): people measured twice or more, the latest in ${year.toLowerCase()}`,
    columns: ['Question', 'People', 'Mean change', 'Share improved'],
    rows: (Object.keys(w.improved) as (keyof typeof w.improved)[]).map((q): Cell[] => [
      q === 'anxious' ? 'anxious (lower is better)' : q,
      one(w.people),
      mean ? mean[q] : NOT_SHOWN,
      mean ? ratio(w.improved[q], w.people) : NOT_SHOWN,
    ]),
  });
  const costs = report.costsAvoided;
  const costShown = (estimate: number | undefined, events: number): Cell =>
    estimate === undefined ? 'not costed' : money(estimate, events);
  tables.push({
    sheet: 'Costs avoided',
    title: costs.unitCosts
      ? `Costs avoided, an estimate: confirmed events × unit costs (table of ${costs.unitCosts.asOf}, version ${costs.unitCosts.version}${costs.unitCosts.illustrative ? ', ILLUSTRATIVE figures' : ''})`
      : 'Costs avoided: the council has no unit-cost table, so nothing is costed',
    columns: ['Avoided', 'Unit cost (£)', `${month}: events`, `${month}: £`, `${year}: events`, `${year}: £`],
    rows: [
      ...costs.month.byKind.map((k, i): Cell[] => {
        const y = costs.yearToDate.byKind[i];
        return [
          k.label,
          k.unitCost ?? 'none',
          one(k.count),
          costShown(k.estimate, k.count),
          one(y?.count ?? 0),
          costShown(y?.estimate, y?.count ?? 0),
        ];
      }),
      [
        'Total',
        '',
        one(costs.month.events),
        costShown(costs.month.estimate, costs.month.events),
        one(costs.yearToDate.events),
        costShown(costs.yearToDate.estimate, costs.yearToDate.events),
      ],
    ],
  });
  tables.push({
    sheet: 'Definitions',
    title: 'How each number is counted',
    columns: ['Measure', 'Definition'],
    rows: MEASURE_DEFINITIONS.map(([measure, definition]): Cell[] => [measure, definition]),
  });
  return tables;
}
