/**
 * Monthly monitoring at the scale of decades of a large council: 50,000 introductions (5,000 a
 * year for ten years, `--history N` for another size) stored in the embedded Cosmos DB, each a full
 * introduction document with its events and outcomes, as the app stores them. Then, as the app
 * does it:
 *
 * - the read: what was active in the report's twelve months (src/domain/reports/reportActivity.ts),
 *   beside every introduction made before the month's end (the method before), with the requests
 *   units each would cost in Azure by arithmetic, and whether both give the same report;
 * - a month's report for the whole service (with its year to date and twelve-month trend);
 * - the freeze: the service and each of the 8 patches from that one read;
 * - the workbook of the service's report;
 *
 * each timed (best of 3; the read once, as it is slow on the embedded server), with the process's
 * peak memory. Prints numbers; tests assert behaviour.
 */

import pino from 'pino';
import type { Introduction } from '../src/domain/introductions/introduction';
import { withRetention } from '../src/domain/records/retention';
import { monthlyReport, partsOfMonth } from '../src/domain/reports/monthlyReport';
import { NOT_YET_TALKED, reportWindow, withActivity } from '../src/domain/reports/reportActivity';
import type { MonthlyReport, ReportRecord, ReportScope } from '../src/domain/reports/reportModel';
import { addMonths, monthsBetween } from '../src/domain/reports/reportPeriod';
import { reportTables } from '../src/domain/reports/reportTables';
import { reportWorkbook } from '../src/services/reports/reportExports';
import { ReportService } from '../src/services/reports/reportService';
import { openStore } from '../src/storage/cosmos';
import { CosmosIntroductionRepository } from '../src/storage/introductions/introductionRepository';
import { startLocalCosmos } from '../src/storage/localCosmos';
import { CosmosFrozenReportRepository } from '../src/storage/reports/frozenReportRepository';
import {
  CosmosMonitoringRepository,
  type MonitoringRepository,
} from '../src/storage/reports/monitoringRepository';
import { reportLinks } from '../src/storage/reports/reportLinkRepository';
import { random } from './generate';

const INTRODUCTIONS = 50_000;
const YEARS = 10;
export const PATCHES = [
  'harold-hill-north',
  'harold-wood-gidea-park',
  'romford-town',
  'collier-row-havering-park',
  'hornchurch-emerson-park',
  'elm-park',
  'rainham-south-hornchurch',
  'upminster-cranham',
];
const KINDS = ['council', 'gp-practice', 'hospital', 'housing', 'police-fire', 'community', 'other'];
const AGES = ['18-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75-84', '85+'];
const THEMES = ['isolation', 'being-heard', 'money', 'housing', 'mental-health', 'neighbours', 'caring'];
const OUTCOMES = [
  'tenancy-kept',
  'arrears-reduced',
  'connected-to-community',
  'crisis-avoided',
  'volunteering',
];
/** This month, on 30 November 2026: a report not yet frozen. */
const MONTH = '2026-11';

/**
 * How a generated history ends. `as-generated` (bench/directory.ts): every story stops where its
 * dice left it, so after ten years 10% of introductions are still offers nobody answered and 14%
 * are walked alongside at once (some 860 people per coordinator): the worst case for anything that
 * reads open records. `settled`: stories end as a programme's do. An offer nobody accepts is raised
 * with the triage team after three days and closed (did not want support) three weeks later;
 * someone accepted but never reached is closed after a month; someone walked alongside is stepped
 * back from after 5½ months, or (three in ten) after two years; nothing happens after `now`, so
 * what is still open at the end is what the last months left open.
 */
export interface GeneratedHistory {
  life: 'as-generated' | 'settled';
  /** The first introduction's earliest time; the history spans `years` from it. */
  start: number;
  /** How many years (default 10). */
  years?: number;
  /** Nothing happens after now (settled only). */
  now?: number;
}

const AS_GENERATED: GeneratedHistory = { life: 'as-generated', start: Date.parse('2016-11-01T09:00:00Z') };

/** One generated introduction of the last ten years, as the app stores it (also bench/directory.ts). */
export function introduction(i: number, next: () => number, history: GeneratedHistory = AS_GENERATED) {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const settled = history.life === 'settled';
  const created = history.start + Math.floor(next() * (history.years ?? YEARS) * 365 * 86_400_000);
  const at = (hours: number) => new Date(created + hours * 3_600_000).toISOString();
  const patch = pick(PATCHES);
  const by = { aadObjectId: '00000000-0000-4000-8000-000000000001', name: 'Coordinator' };
  const events: Record<string, unknown>[] = [
    { at: at(0), by, type: 'introduced' },
    { at: at(0), by, type: 'routed', to: 'offered', note: `Offered in ${patch}: the postcode's sector.` },
  ];
  const to = (hours: number, from: string, status: string) =>
    events.push({ at: at(hours), by, type: 'status-changed', from, to: status });
  let firstConversation: Record<string, unknown> | undefined;
  const outcomes: Record<string, unknown>[] = [];
  if (next() < 0.9) {
    to(5, 'offered', 'accepted');
    if (next() < 0.85) {
      to(80, 'accepted', 'in-touch');
      events.push({ at: at(80), by, type: 'note', note: 'First conversation at the library café.' });
      firstConversation = { on: at(80).slice(0, 10), by };
      if (next() < 0.6) {
        to(400, 'in-touch', 'walking-alongside');
        outcomes.push({ outcome: pick(OUTCOMES), at: at(900), by });
        if (next() < 0.7) to(4000, 'walking-alongside', 'stepped-back');
        else if (settled) to(400 + 17_520, 'walking-alongside', 'stepped-back');
      }
    } else if (settled) to(5 + 720, 'accepted', 'did-not-want-support');
  } else if (settled) {
    events.push({ at: at(72), by, type: 'raised-with-triage' });
    to(72 + 504, 'offered', 'did-not-want-support');
  }
  // Settled: nothing has happened after now.
  const now = settled && history.now !== undefined ? new Date(history.now).toISOString() : undefined;
  const happened = <T extends Record<string, unknown>>(list: T[], key = 'at') =>
    now === undefined ? list : list.filter((e) => String(e[key]) <= now);
  const kept = happened(events);
  const status = String(
    [...kept].reverse().find((e) => e.type === 'status-changed' || e.type === 'routed')?.to ?? 'offered',
  );
  if (firstConversation && now !== undefined && String(firstConversation.on) > now.slice(0, 10))
    firstConversation = undefined;
  events.splice(0, events.length, ...kept);
  outcomes.splice(0, outcomes.length, ...happened(outcomes));
  return {
    id: `bench-${i}`,
    type: 'introduction',
    reference: `LAC-BNCH-${i}`,
    source: next() < 0.1 ? 'gp-practice' : 'introduction',
    status,
    person: {
      fullName: 'A Resident',
      postcode: 'RM3 7AB',
      phone: '07700 900000',
      ageBand: pick(AGES),
      noFixedAddress: false,
      contactThroughIntroducer: false,
      interpreterNeeded: false,
    },
    consent: { given: true, how: 'in-person', obtainedBy: by, at: at(0), wordingVersion: 'consent-2026-11' },
    safety: { immediateRisk: false, safeguardingRaised: false },
    whatMatters: {
      themes: [pick(THEMES), pick(THEMES)].filter((t, n, all) => all.indexOf(t) === n),
      goodLife: 'Getting back to the allotment, seeing friends at the community centre on Thursdays.',
    },
    context: { leavingCare: false },
    introducer: {
      aadObjectId: by.aadObjectId,
      tenantId: 't',
      partner: next() < 0.1,
      name: 'Jo',
      organisation: 'X',
      kind: pick(KINDS),
    },
    introducerId: by.aadObjectId,
    routing: {
      outcome: 'patch',
      patch: { id: patch, name: patch },
      overCapacity: false,
      needsConfirmation: false,
      explanation: 'x',
      today: at(0).slice(0, 10),
      directoryVersion: 'bench',
    },
    coordinatorEmail: `${patch}@demo.gov.uk`,
    duplicateKeys: ['0123456789abcdef0123456789abcdef'],
    possibleDuplicates: [],
    ...(firstConversation ? { firstConversation } : {}),
    outcomes,
    events,
    createdAt: at(0),
    updatedAt: String(events.at(-1)?.at),
  };
}

async function best<T>(rounds: number, run: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  let ms = Number.POSITIVE_INFINITY;
  let value: T | undefined;
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    value = await run();
    ms = Math.min(ms, performance.now() - started);
  }
  return { ms, value: value as T };
}

/**
 * A step that may meet the embedded server's 408 (its HTTP server gives up on a request queued
 * behind a long scan) or a 429: tried up to three times, then reported as a figure, never a crash.
 * `@azure/cosmos` 4.10 throws a TypeError ("reading 'message'") instead of its own error when an
 * error status comes with an empty body (RequestHandler.js; Azure/azure-sdk-for-js PR #28406, not
 * merged): counted here as the timeout it stands for.
 */
export async function patiently<T>(
  what: string,
  run: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await run() };
    } catch (error) {
      const code = (error as { code?: number }).code;
      const bodiless = error instanceof TypeError && /reading 'message'/.test(error.message);
      const why = bodiless
        ? "an error status with no body (the SDK's TypeError)"
        : `${code ?? ''} ${(error as Error).message}`;
      if (
        attempt >= 3 ||
        !(bodiless || code === 408 || code === 429 || (error as Error).name === 'TimeoutError')
      ) {
        console.log(`  ${what}: did not finish after ${attempt} attempt(s): ${why.trim().slice(0, 160)}`);
        return { ok: false };
      }
      console.log(`  ${what}: attempt ${attempt} failed (${why.trim().slice(0, 120)}); trying again in 5 s`);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
  }
}

/**
 * Azure's cost of a read, by arithmetic (docs/measured.md): about 1 RU per KB of each document the
 * query loads, the documents being 2.4 KB: about 2.5 RU a document read.
 */
const ruOf = (documents: number) => Math.round(documents * 2.5);

/** Statuses a report counts at a moment: someone waiting for a first conversation, or walked alongside. */
const OPEN: ReadonlySet<string> = new Set([...NOT_YET_TALKED, 'walking-alongside']);
const silent = pino({ level: 'silent' });

/** `npm run bench -- --history N`: the size of the history (default 50,000; the 200,000). */
function historySize(): number {
  const at = process.argv.indexOf('--history');
  return at >= 0 ? Number(process.argv[at + 1]) || INTRODUCTIONS : INTRODUCTIONS;
}

export async function benchMonitoring(): Promise<void> {
  const size = historySize();
  // 5,000 introductions a year, for as many years as the size takes (ten for 50,000), to today:
  // 30 November 2026, with November not over and every month before it frozen as it ended.
  const years = size / 5_000;
  const now = Date.parse('2026-11-30T12:00:00Z');
  const history: GeneratedHistory = { life: 'settled', start: now - years * 365 * 86_400_000, now, years };
  console.log(
    `\nMonthly monitoring over ${size.toLocaleString('en-GB')} introductions (5,000 a year for ${years} years, stories settled as a programme's are)`,
  );
  const local = await startLocalCosmos();
  try {
    const store = await openStore(local.client, 'bench-monitoring', true);
    const container = store.container('introductions');
    const next = random(12);
    // Stamped with their retention and activity, as the repository does on every write.
    const docs = Array.from({ length: size }, (_, i) =>
      withActivity(withRetention(introduction(i, next, history) as unknown as Introduction)),
    );
    const open = docs.filter((d) => OPEN.has(d.status)).length;
    const bytes = docs.reduce((n, d) => n + Buffer.byteLength(JSON.stringify(d)), 0);
    const loadStarted = performance.now();
    for (let i = 0; i < docs.length; i += 50)
      await Promise.all(docs.slice(i, i + 50).map((d) => container.items.create(d)));
    console.log(
      `  stored in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s, ${(bytes / docs.length / 1024).toFixed(1)} KB a document on average; ${open.toLocaleString('en-GB')} waiting for a first conversation or walked alongside now`,
    );
    const repository = new CosmosMonitoringRepository(container);
    const directory = {
      area: 'Bench',
      safeguarding: '',
      triage: { name: 'Triage', managers: [] },
      reportViewers: [],
      version: 'bench',
      patches: PATCHES.map((id) => ({
        id,
        name: id,
        coordinators: [{ email: `${id}@demo.gov.uk`, name: id, capacity: 50 }],
      })),
    };
    const asAt = new Date(now);
    const report = (records: ReportRecord[], scope: ReportScope = { kind: 'service' }) =>
      monthlyReport({ month: MONTH, records, directory, scope, reminderWorkingDays: 2, asAt });

    // The method before: every introduction made before the month's end. Once: the embedded server
    // scans every document for every query, slowly at this size.
    const whole = await patiently('the read, every introduction (the method before)', () =>
      best(1, () => repository.recordsActive({ from: '', before: reportWindow(MONTH).before })),
    );
    if (whole.ok) {
      const projected = Buffer.byteLength(JSON.stringify(whole.value.value));
      console.log(
        `  before: every introduction made before the month's end: ${whole.value.value.length.toLocaleString('en-GB')} records in ${whole.value.ms.toFixed(0)} ms, ${(projected / 1024 / 1024).toFixed(1)} MB as JSON; in Azure about ${ruOf(whole.value.value.length).toLocaleString('en-GB')} RU`,
      );
    }

    // Now, as the app does it (src/services/reports/reportService.ts), counting what it reads.
    const frozen = new CosmosFrozenReportRepository(store.container('reports'));
    const reads = { records: 0, queries: 0, counts: 0, partsKb: 0 };
    const counted: MonitoringRepository = {
      recordsActive: async (window) => {
        const records = await repository.recordsActive(window);
        reads.records += records.length;
        reads.queries++;
        return records;
      },
      wellbeingSince: async (fromDay, before, patchIds) => {
        const records = await repository.wellbeingSince(fromDay, before, patchIds);
        reads.records += records.length;
        reads.queries++;
        return records;
      },
      quietCounts: async (criteria, patchIds, coordinators) => {
        reads.counts += 2 + coordinators.length;
        return repository.quietCounts(criteria, patchIds, coordinators);
      },
    };
    const service = new ReportService({
      monitoring: counted,
      links: reportLinks(store.container('reports'), silent),
      frozen,
      directory: () => directory as never,
      reminderWorkingDays: 2,
      logger: silent,
      clock: () => asAt,
    });
    const scopes: [string, ReportScope][] = [
      ['monthly report (the service)', { kind: 'service' }],
      ['my patch, a coordinator of two patches', { kind: 'patches', patchIds: PATCHES.slice(0, 2) }],
    ];
    const measure = async (label: string, scope: ReportScope) => {
      Object.assign(reads, { records: 0, queries: 0, counts: 0 });
      const made = await patiently(label, () => best(1, () => service.monthly(MONTH, scope)));
      if (!made.ok) return undefined;
      const ru = ruOf(reads.records) + Math.ceil(reads.partsKb);
      console.log(
        `  ${label}: ${made.value.ms.toFixed(0)} ms; read ${reads.records.toLocaleString('en-GB')} introductions in ${reads.queries} queries, ${reads.counts} index-only counts, ${Math.ceil(reads.partsKb)} KB of frozen months; in Azure about ${ru.toLocaleString('en-GB')} RU and the counts`,
      );
      return made.value.value;
    };
    // Nothing frozen yet (the first year, or the method of the first step): twelve months read.
    await measure('nothing frozen: monthly report (the service)', { kind: 'service' });
    // Every month before November frozen with its parts, as the monthly freeze leaves them.
    if (whole.ok) {
      const all = whole.value.value;
      const frozenStarted = performance.now();
      for (const month of monthsBetween(addMonths(MONTH, -11), addMonths(MONTH, -1)))
        await frozen.freeze([], partsOfMonth(all, month, 2));
      const partsDocs = await frozen.parts(monthsBetween(addMonths(MONTH, -11), addMonths(MONTH, -1)));
      const kb = Buffer.byteLength(JSON.stringify(partsDocs)) / 1024;
      console.log(
        `  the eleven months before frozen with their parts (${kb.toFixed(0)} KB in all) in ${(performance.now() - frozenStarted).toFixed(0)} ms`,
      );
      reads.partsKb = kb;
      let first: MonthlyReport | undefined;
      for (const [label, scope] of scopes) {
        const made = await measure(label, scope);
        first ??= made;
      }
      if (first) {
        const same = JSON.stringify(first) === JSON.stringify(report(all));
        console.log(`  the same report as counting every introduction: ${same ? 'yes' : 'NO'}`);
        const timed = await best(3, () => report(all));
        console.log(
          `  counting every introduction in the app, for comparison: ${timed.ms.toFixed(0)} ms (${timed.value.introductions.month.total} introduced in November, ${timed.value.walkingAlongside.atMonthEnd} walked alongside)`,
        );
        const workbook = await best(3, () =>
          reportWorkbook(reportTables(first as MonthlyReport, false), {
            title: 'x',
            audience: 'x',
            madeAt: asAt.toISOString(),
          }),
        );
        console.log(
          `  the workbook: ${workbook.ms.toFixed(0)} ms, ${(workbook.value.length / 1024).toFixed(0)} KB`,
        );
      }
    }
    const introductions = new CosmosIntroductionRepository(container);
    const review = await patiently("the records review's query", () =>
      best(1, () => introductions.listDueForReview('2026-11-30')),
    );
    if (review.ok)
      console.log(
        `  the records review's query (records past their retention date on 30 Nov 2026): ${review.value.value.length.toLocaleString('en-GB')} due, ${(review.value.ms / 1000).toFixed(1)} s on the embedded server`,
      );
    console.log(`  peak RSS of the process so far: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    await local.stop();
  }
}
