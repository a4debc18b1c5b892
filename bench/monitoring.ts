/**
 * Monthly monitoring at the scale of decades of a large council: 50,000 introductions (5,000 a
 * year for ten years) stored in the embedded Cosmos DB, each a full introduction document with its
 * events and outcomes, as the app stores them. Then, as the app does it:
 *
 * - the read: every introduction made before the month's end, projected to what a report needs;
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
import type { ReportScope } from '../src/domain/reports/reportModel';
import { monthEnd } from '../src/domain/reports/reportPeriod';
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
const MONTH = '2026-10';

/** One generated introduction of the last ten years, as the app stores it (also bench/directory.ts). */
export function introduction(i: number, next: () => number) {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const start = Date.parse('2016-11-01T09:00:00Z');
  const created = start + Math.floor(next() * YEARS * 365 * 86_400_000);
  const at = (hours: number) => new Date(created + hours * 3_600_000).toISOString();
  const patch = pick(PATCHES);
  const by = { aadObjectId: '00000000-0000-4000-8000-000000000001', name: 'Coordinator' };
  const events: Record<string, unknown>[] = [
    { at: at(0), by, type: 'introduced' },
    { at: at(0), by, type: 'routed', to: 'offered', note: `Offered in ${patch}: the postcode's sector.` },
  ];
  let status = 'offered';
  let firstConversation: Record<string, unknown> | undefined;
  const outcomes: Record<string, unknown>[] = [];
  if (next() < 0.9) {
    events.push({ at: at(5), by, type: 'status-changed', from: 'offered', to: 'accepted' });
    status = 'accepted';
    if (next() < 0.85) {
      events.push({ at: at(80), by, type: 'status-changed', from: 'accepted', to: 'in-touch' });
      events.push({ at: at(80), by, type: 'note', note: 'First conversation at the library café.' });
      firstConversation = { on: at(80).slice(0, 10), by };
      status = 'in-touch';
      if (next() < 0.6) {
        events.push({ at: at(400), by, type: 'status-changed', from: 'in-touch', to: 'walking-alongside' });
        status = 'walking-alongside';
        outcomes.push({ outcome: pick(OUTCOMES), at: at(900), by });
        if (next() < 0.7) {
          events.push({
            at: at(4000),
            by,
            type: 'status-changed',
            from: 'walking-alongside',
            to: 'stepped-back',
          });
          status = 'stepped-back';
        }
      }
    }
  }
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

export async function benchMonitoring(): Promise<void> {
  console.log(
    `\nMonthly monitoring over ${INTRODUCTIONS.toLocaleString('en-GB')} introductions (${YEARS} years)`,
  );
  const local = await startLocalCosmos();
  try {
    const store = await openStore(local.client, 'bench-monitoring', true);
    const container = store.container('introductions');
    const next = random(12);
    // Stamped with their retention, as the repository does on every write.
    const docs = Array.from({ length: INTRODUCTIONS }, (_, i) =>
      withRetention(introduction(i, next) as unknown as Introduction),
    );
    const bytes = docs.reduce((n, d) => n + Buffer.byteLength(JSON.stringify(d)), 0);
    const loadStarted = performance.now();
    for (let i = 0; i < docs.length; i += 50)
      await Promise.all(docs.slice(i, i + 50).map((d) => container.items.create(d)));
    console.log(
      `  stored in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s, ${(bytes / docs.length / 1024).toFixed(1)} KB a document on average`,
    );
    const repository = new CosmosMonitoringRepository(container);
    const directory = {
      patches: PATCHES.map((id) => ({
        id,
        name: id,
        coordinators: [{ email: `${id}@demo.gov.uk`, name: id, capacity: 50 }],
      })),
    };
    // Once: the embedded server scans every document for every query, slowly at this size.
    const read = await best(1, () => repository.recordsBefore(monthEnd(MONTH).toISOString()));
    const projected = Buffer.byteLength(JSON.stringify(read.value));
    console.log(
      `  the read (projected): ${read.value.length.toLocaleString('en-GB')} records in ${read.ms.toFixed(0)} ms, ${(projected / 1024 / 1024).toFixed(1)} MB as JSON`,
    );
    const input = (scope: ReportScope) => ({
      month: MONTH,
      records: read.value,
      directory,
      scope,
      reminderWorkingDays: 2,
      asAt: new Date('2026-11-30T12:00:00Z'),
    });
    const service = await best(3, () => monthlyReport(input({ kind: 'service' })));
    console.log(
      `  a month's report with its year to date and 12-month trend (the service): ${service.ms.toFixed(0)} ms (${service.value.introductions.month.total} introduced in October 2026)`,
    );
    const freeze = await best(3, () =>
      [
        { kind: 'service' } as ReportScope,
        ...PATCHES.map((id): ReportScope => ({ kind: 'patches', patchIds: [id] })),
      ].map((scope) => monthlyReport(input(scope))),
    );
    console.log(
      `  the freeze's nine reports (the service and 8 patches), from one read: ${freeze.ms.toFixed(0)} ms`,
    );
    const workbook = await best(3, () =>
      reportWorkbook(reportTables(service.value, false), {
        title: 'x',
        audience: 'x',
        madeAt: '2026-11-30T12:00:00Z',
      }),
    );
    console.log(
      `  the workbook: ${workbook.ms.toFixed(0)} ms, ${(workbook.value.length / 1024).toFixed(0)} KB`,
    );
    const introductions = new CosmosIntroductionRepository(container);
    const review = await best(1, () => introductions.listDueForReview('2026-11-30'));
    console.log(
      `  the records review's query (records past their retention date on 30 Nov 2026): ${review.value.length.toLocaleString('en-GB')} due, ${(review.ms / 1000).toFixed(1)} s on the embedded server`,
    );
    console.log(`  peak RSS of the process so far: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    await local.stop();
  }
}
