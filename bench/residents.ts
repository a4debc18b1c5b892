/**
 * The open door under load, through the real app (restify, the residents' pages, local Cosmos DB,
 * the adapter): 50 residents sending introductions at once (each journey's pages one after another,
 * timed from the first page to the confirmation page), and Teams presses ("Send introduction") timed
 * alone and during a flood of 1,000 posts from one address. The 50 residents each connect from an
 * address of their own (127.0.0.2 to 127.0.0.51); the council's limits are raised for that figure
 * only, since the whole service's hour would otherwise count the bench's own warm-up; the flood runs
 * with the council's defaults.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { DEMO_PATCHES_FILE, loadConfig } from '../src/config';
import { startBot } from '../src/main';
import { flood, introduceMyself, ResidentBrowser } from '../tests/helpers/residentBrowser';
import { startStubConnector } from './stubConnector';
import { percentile, submitActivity } from './submit';

const TENANT = '6b1c3f0e-5a7d-4c2b-9e41-0d3a8f2c7b10';

const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms (${sorted.length})`;
};

async function withBot<T>(
  patchesFile: string,
  run: (url: string, serviceUrl: string, webIntroductions: () => Promise<number>) => Promise<T>,
): Promise<T> {
  const connector = await startStubConnector();
  const config = loadConfig({
    PORT: '0',
    BOT_TENANT_ID: TENANT,
    LOG_LEVEL: 'silent',
    LAC_PATCHES_FILE: patchesFile,
  });
  const bot = await startBot(config, pino({ level: 'silent' }), {
    ephemeralLocalCosmos: true,
    directoryWatchMs: 0,
    directoryPollMs: 0,
    minimumJourneyMs: 0,
  });
  try {
    const webIntroductions = async () =>
      (
        await bot.store
          .container('introductions')
          .items.query<number>('SELECT VALUE COUNT(1) FROM c WHERE c.source = "web"')
          .fetchAll()
      ).resources[0] ?? 0;
    return await run(`http://127.0.0.1:${bot.server.port}`, connector.url, webIntroductions);
  } finally {
    await bot.stop();
    await connector.close();
  }
}

/** Teams presses of "Send introduction", one after another, until `until` says stop (at least `least`). */
async function presses(url: string, serviceUrl: string, until: () => boolean, least = 30): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; times.length < least || !until(); i++) {
    const started = performance.now();
    const response = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(submitActivity(i, serviceUrl)),
    });
    const body = await response.text();
    if (response.status !== 200 || !body.includes('Introduction sent'))
      throw new Error(`press ${i}: ${response.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

export async function benchResidents(): Promise<void> {
  console.log("\nThe residents' pages (local Cosmos DB)");
  const folder = await mkdtemp(path.join(tmpdir(), 'lac-bench-residents-'));
  const raised = path.join(folder, 'raised.patches.yaml');
  await writeFile(
    raised,
    (await readFile(DEMO_PATCHES_FILE, 'utf8')).replace(
      /\nresidents:\n/,
      '\nresidents:\n  limits: { answersPerAddressPerHour: 100000, introductionsPerAddressPerDay: 10000, answersPerHour: 1000000, introductionsPerHour: 100000 }\n',
    ),
  );
  try {
    await withBot(raised, async (url) => {
      // Warm up: one journey.
      await introduceMyself(new ResidentBrowser(url), '/introduce', {
        fullName: 'Warm Up',
        postcode: 'RM3 7AB',
        ageBand: '35-44',
        phone: '07700 900100',
      });
      const times = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const started = performance.now();
          const sent = await introduceMyself(new ResidentBrowser(url, {}, `127.0.0.${i + 2}`), '/introduce', {
            fullName: `Resident Number${i}`,
            postcode: ['RM3 7AB', 'RM5 2AB', 'RM13 9AB'][i % 3] ?? 'RM3 7AB',
            ageBand: '45-54',
            phone: '07700 900123',
            goodLife: 'Somewhere to go in the day',
          });
          if (sent.location !== '/introduce/sent') throw new Error(`journey ${i}: ${sent.status}`);
          return performance.now() - started;
        }),
      );
      console.log(`  50 residents at once, first page to confirmation (13 requests each): ${summary(times)}`);
    });
    await withBot(DEMO_PATCHES_FILE, async (url, serviceUrl, webIntroductions) => {
      const alone = await presses(url, serviceUrl, () => true, 60);
      console.log(`  Teams "Send introduction" presses, no flood: ${summary(alone.slice(10))}`);
      let flooding = true;
      const started = performance.now();
      const flooded = flood(url, 1_000).finally(() => {
        flooding = false;
      });
      const during = await presses(url, serviceUrl, () => !flooding, 1);
      const tally = await flooded;
      console.log(
        `  a flood of 1,000 posts from one address in ${((performance.now() - started) / 1000).toFixed(1)} s: ${Object.entries(
          tally,
        )
          .map(([status, count]) => `${count} × ${status}`)
          .join(', ')}; introductions stored from it: ${await webIntroductions()}`,
      );
      console.log(`  Teams presses during the flood: ${summary(during)}`);
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
