/**
 * `npm run report -- --month 2026-10 --out report.xlsx [--patch harold-hill-north] [--team]`
 *
 * A monthly report from the command line, for the performance team: the same numbers as
 * `monthly report` in Teams, written as a spreadsheet (.xlsx) or a CSV file (by --out's ending).
 *
 * - `--month`: "2026-10", "October 2026" or "last month" (the default).
 * - `--patch`: one patch (its id in the council's file); the whole service without it.
 * - Small numbers are suppressed ("fewer than 5"), as in everything that leaves the LAC team;
 *   `--team` gives every number, for the team's own use.
 *
 * Reads the council's file (LAC_PATCHES_FILE) and the introductions in COSMOS_ENDPOINT, or the
 * local Cosmos DB's snapshot (src/tools/configuredStore.ts). Counts only: no person.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../config';
import { parseDirectory } from '../domain/directory/directory';
import { ukToday } from '../domain/directory/routing';
import type { ReportScope } from '../domain/reports/reportModel';
import { chooseMonth, monthLabel } from '../domain/reports/reportPeriod';
import { reportTables } from '../domain/reports/reportTables';
import { reportCsv, reportWorkbook } from '../services/reports/reportExports';
import { ReportService } from '../services/reports/reportService';
import { CosmosFrozenReportRepository } from '../storage/reports/frozenReportRepository';
import { CosmosMonitoringRepository } from '../storage/reports/monitoringRepository';
import { reportLinks } from '../storage/reports/reportLinkRepository';
import { openConfiguredStore } from './configuredStore';

/** The tool says what it did on stdout; the service's own log lines are not for this reader. */
const silent = pino({ level: 'silent' });

const USAGE =
  'Usage: npm run report -- --month 2026-10 --out report.xlsx [--patch PATCH_ID] [--team]\n' +
  '  --out ending .csv writes a CSV file; --team shows every number (small numbers are suppressed without it).\n';

export async function main(argv: string[], now = new Date()): Promise<number> {
  let options: { month?: string; out?: string; patch?: string; team?: boolean };
  try {
    ({ values: options } = parseArgs({
      args: argv,
      options: {
        month: { type: 'string' },
        out: { type: 'string' },
        patch: { type: 'string' },
        team: { type: 'boolean' },
      },
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!options.out || !/\.(xlsx|csv)$/i.test(options.out)) {
    process.stderr.write(USAGE);
    return 2;
  }
  const chosen = chooseMonth(options.month ?? '', ukToday(now));
  if (!chosen.ok) {
    process.stderr.write(`${chosen.problem}\n`);
    return 2;
  }
  const config = loadConfig();
  const parsed = parseDirectory(await readFile(config.patchesFile, 'utf8'));
  if (!parsed.ok) {
    process.stderr.write(
      `${path.basename(config.patchesFile)} has problems: run npm run patches:check -- FILE\n`,
    );
    return 1;
  }
  const directory = parsed.directory;
  if (options.patch && !directory.patches.some((p) => p.id === options.patch)) {
    process.stderr.write(`There is no patch "${options.patch}" in ${path.basename(config.patchesFile)}.\n`);
    return 2;
  }
  const opened = await openConfiguredStore(config, ['reports', 'introductions']);
  try {
    const scope: ReportScope = options.patch
      ? { kind: 'patches', patchIds: [options.patch] }
      : { kind: 'service' };
    // The service Teams uses: a frozen month as it was frozen (and corrected), this month from the
    // frozen months before it and the introductions active since: the same numbers as in Teams.
    const reports = new ReportService({
      monitoring: new CosmosMonitoringRepository(opened.store.container('introductions')),
      links: reportLinks(opened.store.container('reports'), silent),
      frozen: new CosmosFrozenReportRepository(opened.store.container('reports')),
      directory: () => directory,
      reminderWorkingDays: config.reminderWorkingDays,
      logger: silent,
      clock: () => now,
    });
    const report = await reports.monthly(chosen.month, scope);
    const suppress = options.team !== true;
    const tables = reportTables(report, suppress);
    const body = options.out.toLowerCase().endsWith('.csv')
      ? reportCsv(tables)
      : await reportWorkbook(tables, {
          title: `Monthly report: ${monthLabel(chosen.month)}`,
          audience: suppress ? 'outside the LAC team (small numbers suppressed)' : 'the LAC team',
          madeAt: now.toISOString(),
        });
    await writeFile(options.out, body);
    process.stdout.write(
      `${monthLabel(chosen.month)}, ${options.patch ?? 'the whole service'}: ${report.introductions.month.total} introduced, ${report.frozen ? `frozen (revision ${report.frozen.revision})` : 'as things stand'} in ${opened.where}. Wrote ${options.out}${suppress ? ' (small numbers suppressed)' : ''}.\n`,
    );
    return 0;
  } finally {
    await opened.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`Report failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
