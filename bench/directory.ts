/**
 * The directory kept in Teams at a large council's scale: 10,000 introductions in the embedded
 * Cosmos DB (generated as bench/monitoring.ts does: ten years, 8 patches, one coordinator each,
 * with offers waiting, people accepted and walked alongside, many stepped back). Then, as an
 * administrator does it in Teams, with the coordinator of the busiest patch leaving:
 *
 * - "Check it": parse, the changes in words, what the leaver holds (two indexed queries);
 * - "Confirm": stored and in force (the card action's part);
 * - working it through, in the background: offers routed again, people flagged;
 * - the same working-through again (nothing left to do: what another instance's pass costs).
 *
 * Each timed once (they change the data). Prints numbers; tests assert behaviour.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Introduction } from '../src/domain/introductions/introduction';
import { withRetention } from '../src/domain/records/retention';
import { createLogger } from '../src/logger';
import { DirectoryAdministration } from '../src/services/directory/directoryAdministration';
import { DirectoryService } from '../src/services/directory/directoryService';
import type { Worked } from '../src/services/directory/directoryWorkThrough';
import { RoutingService } from '../src/services/directory/routingService';
import { openStore } from '../src/storage/cosmos';
import { CosmosCaseloadRepository } from '../src/storage/directory/caseloadRepository';
import { CosmosDirectoryRepository } from '../src/storage/directory/directoryRepository';
import { CosmosPostcodeRepository } from '../src/storage/directory/postcodeRepository';
import { CosmosIntroductionRepository } from '../src/storage/introductions/introductionRepository';
import { CosmosLeaseRepository } from '../src/storage/leaseRepository';
import { startLocalCosmos } from '../src/storage/localCosmos';
import { random } from './generate';
import { introduction, PATCHES } from './monitoring';

const INTRODUCTIONS = 10_000;

function directoryFile(without?: string): string {
  const patches = PATCHES.map(
    (id, n) => `  - id: ${id}
    name: ${id}
    postcodes: ["RM${n + 1} 1"]
    coordinators:${id === without ? ' []' : `\n      - { name: Coordinator ${n + 1}, email: ${id}@demo.gov.uk, aadObjectId: 00000000-0000-4000-8000-00000000000${n + 1} }`}`,
  ).join('\n');
  return `area: Bench Borough
safeguarding: Call 999 in an emergency.
triage:
  name: Triage
  managers:
    - { name: Manager, email: manager@bench.gov.uk, aadObjectId: 00000000-0000-4000-8000-000000000099 }
patches:
${patches}
`;
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

export async function benchDirectory(): Promise<void> {
  console.log(`\nThe directory kept in Teams, over ${INTRODUCTIONS.toLocaleString('en-GB')} introductions`);
  const local = await startLocalCosmos();
  const dir = await mkdtemp(path.join(tmpdir(), 'lac-bench-directory-'));
  try {
    const store = await openStore(local.client, 'bench-directory', true);
    const container = store.container('introductions');
    const next = random(14);
    const docs = Array.from({ length: INTRODUCTIONS }, (_, i) =>
      withRetention(introduction(i, next) as unknown as Introduction),
    );
    for (let i = 0; i < docs.length; i += 50)
      await Promise.all(docs.slice(i, i + 50).map((d) => container.items.create(d)));
    const file = path.join(dir, 'bench.patches.yaml');
    await writeFile(file, directoryFile());
    const logger = createLogger('silent');
    const repository = new CosmosDirectoryRepository(store.container('directory'));
    const directories = new DirectoryService(repository, logger, { file, watchFileMs: 0, pollStoreMs: 0 });
    await directories.start();
    // As in the app: every write stamps the retention periods in force.
    const introductions = new CosmosIntroductionRepository(
      container,
      () => directories.directory.records.retention,
    );
    const administration = new DirectoryAdministration({
      directories,
      repository,
      introductions,
      routing: new RoutingService(
        directories,
        new CosmosCaseloadRepository(container),
        new CosmosPostcodeRepository(store.container('postcodes')),
      ),
      audit: async () => undefined,
      auditDirectory: async () => undefined,
      isRefused: () => false,
      notify: () => undefined,
      leases: new CosmosLeaseRepository(store.container('leases')),
      instanceId: 'bench',
      // The app does this in the background; here it is timed on its own.
      workThrough: (actor) => {
        working = timed(() => administration.reconcile(actor));
      },
      logger,
    });
    let working: Promise<{ ms: number; value: Worked }> | undefined;
    const busiest = PATCHES.map((id) => ({
      id,
      held: docs.filter((d) => d.coordinatorEmail === `${id}@demo.gov.uk` && d.status !== 'stepped-back')
        .length,
    })).sort((a, b) => b.held - a.held)[0]?.id as string;
    const admin = { aadObjectId: '00000000-0000-4000-8000-000000000099', name: 'Manager', tenantId: 't' };
    const check = await timed(() => administration.check(directoryFile(busiest), admin));
    if (!check.value.ok) throw new Error('the bench directory does not check');
    const leaving = check.value.changes.leaving[0];
    console.log(
      `  Check it: ${check.ms.toFixed(0)} ms (the leaver holds ${leaving?.holding.offers} offers and ${leaving?.holding.people} people)`,
    );
    const confirm = await timed(() =>
      administration.confirm(check.value.ok ? check.value.proposalId : '', admin, 'bench'),
    );
    console.log(`  Confirm (in force; the rest in the background): ${confirm.ms.toFixed(0)} ms`);
    const worked = await working;
    console.log(
      `  worked through in the background: ${((worked?.ms ?? 0) / 1000).toFixed(1)} s on the embedded server (${worked?.value.rerouted} offers routed again, ${worked?.value.needCoordinator} people need a coordinator)`,
    );
    const again = await timed(() => administration.reconcile(admin));
    console.log(
      `  the same working-through again, nothing left to do: ${(again.ms / 1000).toFixed(1)} s on the embedded server`,
    );
    // The retention periods change (2 and 6 years to 3 and 8): every review date follows.
    const longer = directoryFile(busiest).replace(
      'triage:',
      'records:\n  retention: { neverBecameSupportYears: 3, supportYears: 8 }\ntriage:',
    );
    const checkedLonger = await administration.check(longer, admin);
    if (!checkedLonger.ok) throw new Error(JSON.stringify(checkedLonger.problems));
    await administration.confirm(checkedLonger.proposalId, admin, 'bench');
    await working;
    const restamp = await timed(() => administration.reconcile(admin, { restamp: true }));
    console.log(
      `  retention periods changed, every review date brought up to date: ${(restamp.ms / 1000).toFixed(1)} s on the embedded server (${restamp.value.restamped} records written)`,
    );
    const restampAgain = await timed(() => administration.reconcile(admin, { restamp: true }));
    console.log(
      `  the same again, nothing to write (listing ${INTRODUCTIONS.toLocaleString('en-GB')} stamps): ${(restampAgain.ms / 1000).toFixed(1)} s (${restampAgain.value.restamped} written)`,
    );
  } finally {
    await local.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (require.main === module) void benchDirectory();
