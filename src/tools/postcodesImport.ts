/**
 * `npm run postcodes:import -- ONSPD.csv --la E09000016 [--release ONSPD_AUG_2026] [--dry-run]`
 *
 * Streams the ONS Postcode Directory (about 2.7 million rows, ~1 GB) in constant memory, keeps the
 * postcodes of one local authority (`laua`), and stores postcode → ward (`osward`) in Cosmos DB for
 * patches defined by wards. ONSPD (point in polygon), not NSPL (best fit), because the question is
 * "which ward is this address in". Terminated postcodes (`doterm` set) are stored as terminated:
 * routing then ignores their ward, routes them by sector and flags them for a person to confirm.
 *
 * With no COSMOS_ENDPOINT it writes to the embedded local Cosmos DB's snapshot in LAC_DATA_DIR:
 * stop `npm start` first, since both would own that file.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parse as parseCsvLine } from 'csv-parse/sync';
import { loadConfig } from '../config';
import { parsePostcode } from '../domain/directory/postcodes';
import type { PostcodeRecord, PostcodeRepository } from '../storage/directory/postcodeRepository';
import { openConfiguredStore } from './configuredStore';

export interface ImportOptions {
  file: string;
  la: string;
  release: string;
  /** Receives each kept record; absent: count only (dry run). */
  repository?: PostcodeRepository;
  /** Writes in flight at once. */
  concurrency?: number;
  onProgress?: (report: ImportReport) => void;
  progressEvery?: number;
}

export interface ImportReport {
  rowsRead: number;
  /** Live postcodes of the local authority, stored with their ward. */
  kept: number;
  /** Terminated postcodes of the local authority: stored as terminated, never routed by ward. */
  terminated: number;
  /** Rows of other local authorities. */
  otherAuthorities: number;
  /** Rows of the authority without a usable postcode or ward. */
  unusable: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMb: number;
}

const REQUIRED_COLUMNS = ['pcds', 'osward', 'doterm'] as const;

/**
 * The only container the import touches, and so the only one it opens: the importers' group has a
 * role on `postcodes` alone (infra/azure.bicep), and opening any other would be refused.
 */
export const IMPORT_CONTAINERS = ['postcodes'] as const;

/** Where the columns the import needs are, from the header line. */
function headerColumns(line: string, file: string) {
  const [header] = parseCsvLine(line) as string[][];
  const names = (header ?? []).map((h) => h.trim().toLowerCase());
  const missing: string[] = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  // ONSPD calls the local authority column oslaua; NSPL-style extracts call it laua.
  const laua = names.includes('laua') ? names.indexOf('laua') : names.indexOf('oslaua');
  if (laua < 0) missing.push('laua (or oslaua)');
  if (missing.length > 0)
    throw new Error(`${path.basename(file)} has no ${missing.join(', ')} column: is it the ONSPD CSV?`);
  return {
    pcds: names.indexOf('pcds'),
    osward: names.indexOf('osward'),
    doterm: names.indexOf('doterm'),
    laua,
  };
}

export function releaseFromFileName(file: string): string | undefined {
  const match = /ONSPD_([A-Z]{3})_(\d{4})/i.exec(path.basename(file));
  return match ? `ONSPD_${match[1]?.toUpperCase()}_${match[2]}` : undefined;
}

export async function importPostcodes(options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const report: ImportReport = {
    rowsRead: 0,
    kept: 0,
    terminated: 0,
    otherAuthorities: 0,
    unusable: 0,
    seconds: 0,
    rowsPerSecond: 0,
    peakRssMb: 0,
  };
  const every = options.progressEvery ?? 100_000;
  const concurrency = options.concurrency ?? 16;
  const inFlight = new Set<Promise<void>>();
  const sampleMemory = () => {
    report.peakRssMb = Math.max(report.peakRssMb, Math.round(process.memoryUsage().rss / 1024 / 1024));
  };

  // ONSPD has one record per line and no line breaks inside fields, so lines are read with
  // readline and only those that mention the local authority's code are parsed as CSV (csv-parse).
  // The rest cannot be the authority's rows: skipping their parsing makes the import several times
  // faster (csv-parse alone reads about 25,000 ONSPD rows a second).
  const lines = createInterface({
    input: createReadStream(options.file),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let columns: { pcds: number; osward: number; doterm: number; laua: number } | undefined;
  for await (const line of lines) {
    if (!columns) {
      columns = headerColumns(line, options.file);
      continue;
    }
    if (line === '') continue;
    report.rowsRead++;
    if (report.rowsRead % every === 0) {
      sampleMemory();
      options.onProgress?.({ ...report, seconds: (performance.now() - started) / 1000 });
    }
    if (!line.includes(options.la)) {
      report.otherAuthorities++;
      continue;
    }
    const [fields] = parseCsvLine(line, { relax_column_count: true }) as string[][];
    if (!fields || fields[columns.laua] !== options.la) {
      report.otherAuthorities++;
      continue;
    }
    const postcode = parsePostcode(fields[columns.pcds] ?? '');
    const ward = (fields[columns.osward] ?? '').trim();
    if (!postcode || !/^[EW]05\d{6}$/.test(ward)) {
      report.unusable++;
      continue;
    }
    const terminated = (fields[columns.doterm] ?? '').trim() !== '';
    if (terminated) report.terminated++;
    else report.kept++;
    if (!options.repository) continue;
    const record: PostcodeRecord = {
      postcode: postcode.value,
      ward,
      la: options.la,
      terminated,
      release: options.release,
    };
    const write = options.repository.upsert(record).finally(() => inFlight.delete(write));
    inFlight.add(write);
    // Back-pressure: the file is read only as fast as Cosmos DB accepts writes.
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  sampleMemory();
  report.seconds = (performance.now() - started) / 1000;
  report.rowsPerSecond = Math.round(report.rowsRead / Math.max(report.seconds, 0.001));
  return report;
}

function argument(argv: string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  return at >= 0 ? argv[at + 1] : undefined;
}

async function main(argv: string[]): Promise<number> {
  const file = argv.find((a) => !a.startsWith('--') && argv[argv.indexOf(a) - 1]?.startsWith('--') !== true);
  const la = argument(argv, '--la');
  const dryRun = argv.includes('--dry-run');
  if (!file || !la || !/^[EW]0[6-9]\d{6}$/.test(la)) {
    process.stderr.write(
      'Usage: npm run postcodes:import -- ONSPD.csv --la E09000016 [--release ONSPD_AUG_2026] [--dry-run]\n' +
        '  --la is the local authority code (laua), for example E09000016 for Havering.\n',
    );
    return 2;
  }
  const release = argument(argv, '--release') ?? releaseFromFileName(file);
  if (!release) {
    process.stderr.write(
      'Name the ONSPD release with --release (for example ONSPD_AUG_2026): it is recorded with every decision.\n',
    );
    return 2;
  }
  const progress = (r: ImportReport) =>
    process.stderr.write(
      `  ${r.rowsRead.toLocaleString('en-GB')} rows read, ${r.kept.toLocaleString('en-GB')} kept, ${r.seconds.toFixed(1)} s\n`,
    );

  let repository: PostcodeRepository | undefined;
  let close = async () => {};
  if (!dryRun) {
    const { CosmosPostcodeRepository } = await import('../storage/directory/postcodeRepository');
    const opened = await openConfiguredStore(loadConfig(), IMPORT_CONTAINERS);
    repository = new CosmosPostcodeRepository(opened.store.container('postcodes'));
    close = () => opened.close();
    process.stderr.write(`Writing to ${opened.where}.\n`);
  }
  try {
    const report = await importPostcodes({ file, la, release, repository, onProgress: progress });
    process.stdout.write(
      [
        `${path.basename(file)} (${release}), local authority ${la}${dryRun ? ' (dry run: nothing stored)' : ''}`,
        `  rows read:               ${report.rowsRead.toLocaleString('en-GB')}`,
        `  kept (live, with ward):  ${report.kept.toLocaleString('en-GB')}`,
        `  skipped as terminated:   ${report.terminated.toLocaleString('en-GB')} (stored as terminated: routed by sector, flagged)`,
        `  other authorities:       ${report.otherAuthorities.toLocaleString('en-GB')}`,
        `  unusable (no postcode or ward): ${report.unusable.toLocaleString('en-GB')}`,
        `  ${report.seconds.toFixed(1)} s, ${report.rowsPerSecond.toLocaleString('en-GB')} rows/s, peak RSS ${report.peakRssMb} MB`,
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`Import failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
