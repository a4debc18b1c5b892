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
import type { Introduction } from '../src/domain/introductions/introduction';
import { withRetention } from '../src/domain/records/retention';
import { monthlyReport } from '../src/domain/reports/monthlyReport';
import { reportWindow, STILL_COUNTED, withActivity } from '../src/domain/reports/reportActivity';
import type { ReportRecord, ReportScope } from '../src/domain/reports/reportModel';
import { reportTables } from '../src/domain/reports/reportTables';
import { reportWorkbook } from '../src/services/reports/reportExports';
import { openStore } from '../src/storage/cosmos';
import { CosmosIntroductionRepository } from '../src/storage/introductions/introductionRepository';
import { startLocalCosmos } from '../src/storage/localCosmos';
import { CosmosMonitoringRepository } from '../src/storage/reports/monitoringRepository';
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
  /** The first introduction's earliest time; the history spans YEARS from it. */
  start: number;
  /** Nothing happens after now (settled only). */
  now?: number;
}

const AS_GENERATED: GeneratedHistory = { life: 'as-generated', start: Date.parse('2016-11-01T09:00:00Z') };

/** One generated introduction of the last ten years, as the app stores it (also bench/directory.ts). */
export function introduction(i: number, next: () => number, history: GeneratedHistory = AS_GENERATED) {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const settled = history.life === 'settled';
  const created = history.start + Math.floor(next() * YEARS * 365 * 86_400_000);
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

/** `npm run bench -- --history N`: the size of the history (default 50,000; the 200,000). */
function historySize(): number {
  const at = process.argv.indexOf('--history');
  return at >= 0 ? Number(process.argv[at + 1]) || INTRODUCTIONS : INTRODUCTIONS;
}

export async function benchMonitoring(): Promise<void> {
  const size = historySize();
  // This month is November 2026, as on 30 November: ten years of history up to today.
  const now = Date.parse('2026-11-30T12:00:00Z');
  const history: GeneratedHistory = { life: 'settled', start: now - YEARS * 365 * 86_400_000, now };
  console.log(
    `\nMonthly monitoring over ${size.toLocaleString('en-GB')} introductions (${YEARS} years, stories settled as a programme's are)`,
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
    const open = docs.filter((d) => d.activeUntil === STILL_COUNTED).length;
    const bytes = docs.reduce((n, d) => n + Buffer.byteLength(JSON.stringify(d)), 0);
    const loadStarted = performance.now();
    for (let i = 0; i < docs.length; i += 50)
      await Promise.all(docs.slice(i, i + 50).map((d) => container.items.create(d)));
    console.log(
      `  stored in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s, ${(bytes / docs.length / 1024).toFixed(1)} KB a document on average; ${open.toLocaleString('en-GB')} waiting for a first conversation or walked alongside now`,
    );
    const repository = new CosmosMonitoringRepository(container);
    const directory = {
      patches: PATCHES.map((id) => ({
        id,
        name: id,
        coordinators: [{ email: `${id}@demo.gov.uk`, name: id, capacity: 50 }],
      })),
    };
    const asAt = new Date(now);
    const report = (records: ReportRecord[], scope: ReportScope = { kind: 'service' }) =>
      monthlyReport({ month: MONTH, records, directory, scope, reminderWorkingDays: 2, asAt });
    const window = reportWindow(MONTH);
    // Today's method and the window's, side by side: every introduction made before the month's
    // end, and only those active in the report's twelve months. Once each: the embedded server
    // scans every document for every query, slowly at this size.
    const narrowed = await patiently('the read, active in the window', () =>
      best(1, () => repository.recordsActive(window)),
    );
    const whole = await patiently('the read, every introduction (the method before)', () =>
      best(1, () => repository.recordsActive({ from: '', before: window.before })),
    );
    for (const [name, read] of [
      ["the read, active in the report's twelve months", narrowed],
      ["the read, every introduction before the month's end (before)", whole],
    ] as const) {
      if (!read.ok) continue;
      const projected = Buffer.byteLength(JSON.stringify(read.value.value));
      console.log(
        `  ${name}: ${read.value.value.length.toLocaleString('en-GB')} records in ${read.value.ms.toFixed(0)} ms, ${(projected / 1024 / 1024).toFixed(1)} MB as JSON; in Azure about ${ruOf(read.value.value.length).toLocaleString('en-GB')} RU`,
      );
    }
    if (!narrowed.ok) return;
    const records = narrowed.value.value;
    if (whole.ok) {
      const same = JSON.stringify(report(records)) === JSON.stringify(report(whole.value.value));
      console.log(`  the same report from both reads: ${same ? 'yes' : 'NO'}`);
    }
    const service = await best(3, () => report(records));
    console.log(
      `  ${MONTH}'s report with its year to date and 12-month trend (the service): ${service.ms.toFixed(0)} ms (${service.value.introductions.month.total} introduced, ${service.value.walkingAlongside.atMonthEnd} walked alongside)`,
    );
    const freeze = await best(3, () =>
      [
        { kind: 'service' } as ReportScope,
        ...PATCHES.map((id): ReportScope => ({ kind: 'patches', patchIds: [id] })),
      ].map((scope) => report(records, scope)),
    );
    console.log(
      `  the freeze's nine reports (the service and 8 patches), from one read: ${freeze.ms.toFixed(0)} ms`,
    );
    const workbook = await best(3, () =>
      reportWorkbook(reportTables(service.value, false), {
        title: 'x',
        audience: 'x',
        madeAt: asAt.toISOString(),
      }),
    );
    console.log(
      `  the workbook: ${workbook.ms.toFixed(0)} ms, ${(workbook.value.length / 1024).toFixed(0)} KB`,
    );
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
