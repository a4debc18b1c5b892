/**
 * Server time of an introduction submit turn: the real restify server, adapter, Teams AI
 * application and local Cosmos DB, driven over loopback HTTP with the invoke Teams sends when
 * "Send introduction" is pressed. Each submit is routed, checked for duplicates, stored and audited.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { startBot } from '../src/main';
import { startStubConnector } from './stubConnector';

const TENANT = '6b1c3f0e-5a7d-4c2b-9e41-0d3a8f2c7b10';

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const POSTCODES = ['RM3 7AB', 'RM5 2AB', 'RM13 9AB', 'RM12 4AB', 'RM1 1AA', 'RM14 2AB'];

/** What the introduction form holds when "Send introduction" is pressed: the i-th person. */
export function introductionData(i: number, postcode: string, idempotencyKey: string) {
  return {
    idempotencyKey,
    variant: 'introduction',
    fullName: `Person Number${i}`,
    postcode,
    phone: '07700 900123',
    ageBand: '35-44',
    consent: 'true',
    consentHow: 'in-person',
    immediateRisk: 'no',
    themes: 'isolation,money',
    organisation: 'Bench Council',
  };
}

/** The invoke Teams sends when "Send introduction" is pressed: the i-th of seven introducers. */
export function submitActivity(i: number, serviceUrl: string) {
  const postcodes = POSTCODES;
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    from: {
      id: `29:user-${i % 7}`,
      name: 'Bench User',
      aadObjectId: `00000000-0000-4000-8000-00000000000${i % 7}`,
    },
    recipient: { id: '28:bot', name: 'LAC Front Door' },
    conversation: { id: `a:personal-${i % 7}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    value: {
      action: {
        type: 'Action.Execute',
        verb: 'submitIntroduction',
        data: introductionData(i, postcodes[i % postcodes.length] ?? 'RM3 7AB', randomUUID()),
      },
    },
  };
}

export async function benchSubmit(count = 300): Promise<void> {
  console.log(`\nIntroduction submit turns (${count}, one at a time, local Cosmos DB)`);
  const connector = await startStubConnector();
  const config = loadConfig({ PORT: '0', BOT_TENANT_ID: TENANT, LOG_LEVEL: 'silent' });
  const bot = await startBot(config, pino({ level: 'silent' }), {
    ephemeralLocalCosmos: true,
    directoryWatchMs: 0,
    directoryPollMs: 0,
  });
  const url = `http://127.0.0.1:${bot.server.port}/api/messages`;
  const times: number[] = [];
  try {
    for (let i = 0; i < count + 20; i++) {
      const activity = submitActivity(i, connector.url);
      const started = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      const body = await response.text();
      const elapsed = performance.now() - started;
      if (response.status !== 200 || !body.includes('Introduction sent'))
        throw new Error(`submit ${i} failed: ${response.status} ${body.slice(0, 200)}`);
      if (i >= 20) times.push(elapsed); // the first 20 warm up
    }
  } finally {
    await bot.stop();
    await connector.close();
  }
  times.sort((a, b) => a - b);
  console.log(
    `  p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${(times.at(-1) ?? 0).toFixed(1)} ms (round trip on loopback)`,
  );
}
