/**
 * A monthly report's exports, from its tables (src/domain/reports/reportTables.ts):
 *
 * - a spreadsheet (.xlsx, exceljs): a sheet per table, its title above the header row, the numbers
 *   as numbers (a suppressed count is the text "fewer than 5"), and a sheet of definitions;
 * - a CSV file (csv-stringify): one row per number, `table,row,column,value`, which a performance
 *   team's own tools read without knowing the sheets' layout.
 *
 * Aggregates only: no person, no reference, nothing typed.
 */
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { ReportTable } from '../../domain/reports/reportTables';

export interface ExportMeta {
  /** "Monthly report: October 2026". */
  title: string;
  /** Who it is for, in words: "the LAC team" or "outside the LAC team (small numbers suppressed)". */
  audience: string;
  /** When it was made (ISO). */
  madeAt: string;
}

export async function reportWorkbook(tables: readonly ReportTable[], meta: ExportMeta): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'LAC Front Door';
  workbook.title = meta.title;
  workbook.created = new Date(meta.madeAt);
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.sheet);
    sheet.addRow([table.title]).font = { bold: true, size: 13 };
    sheet.addRow([`For ${meta.audience}. Made ${meta.madeAt.slice(0, 10)}.`]).font = { italic: true };
    sheet.addRow([]);
    sheet.addRow(table.columns).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
    sheet.columns.forEach((column, i) => {
      const widest = Math.max(
        ...[table.columns[i] ?? '', ...table.rows.map((r) => r[i] ?? '')].map((c) => String(c).length),
      );
      column.width = Math.min(Math.max(widest + 2, 10), i === 0 ? 60 : 100);
    });
    sheet.views = [{ state: 'frozen', ySplit: 4 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function reportCsv(tables: readonly ReportTable[]): string {
  const records: (string | number)[][] = [['table', 'row', 'column', 'value']];
  for (const table of tables) {
    if (table.sheet === 'Definitions') continue;
    for (const row of table.rows)
      table.columns.slice(1).forEach((column, i) => {
        const value = row[i + 1];
        if (value !== undefined && value !== '') records.push([table.sheet, String(row[0]), column, value]);
      });
  }
  // A cell that begins with =, +, - or @ (a patch or coordinator name from the council's file) would
  // run as a formula when the CSV is opened in a spreadsheet: it is written with a leading quote.
  return stringify(records, { escape_formulas: true });
}
