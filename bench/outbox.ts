/**
 * The outbox, measured against the stand-in Bot Connector on loopback, with the embedded Cosmos DB:
 *
 * - Dispatcher throughput: N introductions stored with their offer pending (as a burst would leave
 *   them, or a restart), then one sweep; notifications per second until every offer has arrived.
 *   Each notification is a claim (read and ETag replace), a person look-up, the card rendered, the
 *   POST to the connector, and the result recorded (read and ETag replace).
 * - Submit to offer: an introduction sent through the real adapter, one at a time, and the time
 *   until its offer card reaches the coordinator's chat at the connector. p50 and p95.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { loadConfig } from '../src/config';
import type { RoutingDecision } from '../src/domain/directory/routing';
import { createIntroduction } from '../src/domain/introductions/newIntroduction';
import { type RunningBot, startBot } from '../src/main';
import { type StubConnector, startStubConnector } from './stubConnector';
import { introductionData, percentile } from './submit';

const TENANT = '6b1c3f0e-5a7d-4c2b-9e41-0d3a8f2c7b10';
/**
 * Every coordinator of the demo council (env/demo-borough.patches.yaml), with a postcode in their
 * patch; those the file gives no Entra object id get one here, and are matched by email.
 */
const COORDINATORS = [
  ['Tammy Hughes', 'tammy.hughes', '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c01', 'RM3 7AB'],
  ['Sam Okafor', 'sam.okafor', '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c02', 'RM2 5AB'],
  ['Leon Barnes', 'leon.barnes', '0be0c000-0000-4000-8000-000000000001', 'RM1 1AA'],
  ['Amira Khan', 'amira.khan', '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c03', 'RM5 2AB'],
  ['Tom Reilly', 'tom.reilly', '0be0c000-0000-4000-8000-000000000002', 'RM4 1AA'],
  ['Ola Adeyemi', 'ola.adeyemi', '0be0c000-0000-4000-8000-000000000003', 'RM11 1AA'],
  ['Gareth Lewis', 'gareth.lewis', '0be0c000-0000-4000-8000-000000000004', 'RM12 5AB'],
  ['Chloe Martin', 'chloe.martin', '0be0c000-0000-4000-8000-000000000005', 'RM13 9AB'],
  ['Ben Clarke', 'ben.clarke', '0be0c000-0000-4000-8000-000000000006', 'RM14 2AB'],
].map(([name, user, aad, postcode]) => ({
  name: name as string,
  email: `${user}@demo.gov.uk`,
  aad: aad as string,
  postcode: postcode as string,
}));

function activity(connector: StubConnector, user: { id: string; aad: string }, extra: object) {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: connector.url,
    from: { id: user.id, name: 'Bench User', aadObjectId: user.aad },
    recipient: { id: '28:bot', name: 'LAC Front Door' },
    conversation: { id: `a:personal-${user.id}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    ...extra,
  };
}

async function withBot<T>(
  onActivity: (conversationId: string, body: string, at: number) => void,
  run: (bot: RunningBot, connector: StubConnector, url: string) => Promise<T>,
): Promise<T> {
  const members = Object.fromEntries(
    COORDINATORS.map((c) => [`29:${c.aad}`, { email: c.email, aadObjectId: c.aad }]),
  );
  const connector = await startStubConnector({ members, onActivity });
  // A fixed day: nobody is away (the demo has Tammy away over Christmas).
  const config = loadConfig({ PORT: '0', BOT_TENANT_ID: TENANT, LOG_LEVEL: 'silent' });
  const bot = await startBot(config, pino({ level: 'silent' }), {
    ephemeralLocalCosmos: true,
    directoryWatchMs: 0,
    directoryPollMs: 0,
    outboxPollMs: 0,
    nudgeEveryMs: 0,
    clock: () => new Date('2026-11-23T10:00:00Z'),
  });
  const url = `http://127.0.0.1:${bot.server.port}/api/messages`;
  try {
    // Each coordinator says hello once, so the bot has their chat.
    for (const c of COORDINATORS) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          activity(connector, { id: `29:${c.aad}`, aad: c.aad }, { type: 'message', text: 'hello' }),
        ),
      });
      await response.text();
    }
    return await run(bot, connector, url);
  } finally {
    await bot.stop();
    await connector.close();
  }
}

export async function benchDispatcher(count = 1000): Promise<void> {
  console.log(`\nOutbox dispatcher: ${count} pending offers, one sweep, stand-in Bot Connector on loopback`);
  const arrived = new Set<string>();
  let last = 0;
  await withBot(
    (_conversation, body, at) => {
      const id = /"id":"([0-9a-f-]{36})"/.exec(body)?.[1];
      if (id) arrived.add(id);
      last = at;
    },
    async (bot) => {
      const container = bot.store.container('introductions');
      for (let i = 0; i < count; i++) {
        const c = COORDINATORS[i % COORDINATORS.length] as (typeof COORDINATORS)[number];
        const routing: RoutingDecision = {
          outcome: 'patch',
          patch: { id: 'bench', name: 'Bench Patch' },
          coordinator: { name: c.name, email: c.email, aadObjectId: c.aad, caseload: 1, capacity: 50 },
          overCapacity: false,
          needsConfirmation: false,
          explanation: `Bench Patch; ${c.name}, 1 of 50`,
          today: '2026-11-23',
          directoryVersion: 'bench',
        };
        await container.items.create(
          createIntroduction({
            id: randomUUID(),
            reference: `LAC-BNCH-${String(i % 100).padStart(2, '0')}`,
            source: 'introduction',
            person: {
              fullName: `Person Number${i}`,
              noFixedAddress: false,
              contactThroughIntroducer: true,
              interpreterNeeded: false,
            },
            consentHow: 'in-person',
            safety: { immediateRisk: false, safeguardingRaised: false },
            whatMatters: { themes: ['isolation'] },
            context: { leavingCare: false },
            introducer: {
              aadObjectId: randomUUID(),
              tenantId: TENANT,
              partner: false,
              name: 'Bench Introducer',
              organisation: 'Bench Council',
            },
            routing,
            possibleDuplicates: [],
            now: '2026-11-23T09:00:00.000Z',
          }),
        );
      }
      const started = performance.now();
      await bot.outbox.sweep();
      await bot.outbox.settled();
      const seconds = (last - started) / 1000;
      const stats = bot.outbox.stats;
      console.log(
        `  ${arrived.size} of ${count} offers arrived in ${seconds.toFixed(2)} s: ${Math.round(arrived.size / seconds)} notifications/s (sent ${stats.sent}, retried ${stats.retried}, failed ${stats.failed})`,
      );
    },
  );
}

export async function benchSubmitToOffer(count = 200): Promise<void> {
  console.log(
    `\nSubmit to offer: ${count} introductions one at a time, until each offer reaches its coordinator`,
  );
  const waiting = new Map<string, (at: number) => void>();
  await withBot(
    (_conversation, body, at) => {
      for (const [id, resolve] of waiting) {
        if (body.includes(id)) {
          waiting.delete(id);
          resolve(at);
        }
      }
    },
    async (_bot, connector, url) => {
      const introducer = { id: '29:bench-introducer', aad: '00000000-0000-4000-8000-00000000beef' };
      const times: number[] = [];
      for (let i = 0; i < count + 20; i++) {
        const c = COORDINATORS[i % COORDINATORS.length] as (typeof COORDINATORS)[number];
        const key = randomUUID();
        const arrival = new Promise<number>((resolve, reject) => {
          waiting.set(key, resolve);
          setTimeout(() => reject(new Error(`offer ${i} did not arrive in 10 s`)), 10_000).unref();
        });
        const started = performance.now();
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(
            activity(connector, introducer, {
              type: 'invoke',
              name: 'adaptiveCard/action',
              value: {
                action: {
                  type: 'Action.Execute',
                  verb: 'submitIntroduction',
                  data: introductionData(i, c.postcode, key),
                },
              },
            }),
          ),
        });
        const body = await response.text();
        if (!body.includes('Introduction sent')) throw new Error(`submit ${i} failed: ${body.slice(0, 200)}`);
        const at = await arrival;
        if (i >= 20) times.push(at - started);
      }
      times.sort((a, b) => a - b);
      console.log(
        `  p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${(times.at(-1) ?? 0).toFixed(1)} ms from pressing "Send" to the offer at the connector`,
      );
    },
  );
}
