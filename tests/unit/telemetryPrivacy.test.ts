/**
 * What the bot sends to Application Insights carries no personal data (issue 15, finding 8).
 *
 * The real bot runs as a process with the real Azure Monitor distro, its connection string pointed
 * at a stand-in ingestion endpoint on loopback (HTTPS, as the exporter insists, with a certificate
 * made for the test), and a stand-in Bot Connector on loopback. An introducer introduces Margaret,
 * the bot offers her to Tammy, and every envelope the exporter sends is searched for the people,
 * the chats and the ids that would identify them.
 */

import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { downloadLink } from '../helpers/downloads';

const ROOT = path.resolve(__dirname, '..', '..');
const TENANT = '6b1c3f0e-5a7d-4c2b-9e41-0d3a8f2c7b10';

interface Person {
  id: string;
  aadObjectId: string;
  name: string;
  email: string;
  conversationId: string;
}
/** Tammy Hughes is Harold Hill North's coordinator in the demo directory (by object id). */
const TAMMY: Person = {
  id: '29:1tammy-member-id',
  aadObjectId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c01',
  name: 'Tammy Hughes',
  email: 'tammy.hughes@demo.gov.uk',
  conversationId: 'a:1tammy-personal-chat',
};
const JO: Person = {
  id: '29:1jo-member-id',
  aadObjectId: '1d0c7e2a-3b5f-4a61-8f0e-2c9b4d7a6e01',
  name: 'Jo Carter',
  email: 'jo.carter@demo.gov.uk',
  conversationId: 'a:1jo-personal-chat',
};
const MARGARET = {
  fullName: 'Margaret Okonjo-Whitfield',
  postcode: 'RM3 7AB',
  phone: '07700 900987',
  ageBand: '75-84',
  consent: 'true',
  consentHow: 'in-person',
  immediateRisk: 'no',
  safeguardingRaised: 'false',
  themes: 'isolation,being-heard',
  goodLife: 'Singing with the Harold Hill choir again',
  organisation: 'Demo Borough adult social care',
};

/** Everything that would identify a resident, a member of staff or one of their chats. */
const NEVER_IN_TELEMETRY = [
  MARGARET.fullName,
  'Okonjo',
  MARGARET.postcode,
  'RM3%207AB',
  'rm3 7ab',
  MARGARET.phone,
  '900987',
  'Harold Hill choir',
  ...[TAMMY, JO].flatMap((p) => [
    p.name,
    p.email,
    encodeURIComponent(p.email),
    p.aadObjectId,
    p.id,
    encodeURIComponent(p.id),
    p.conversationId,
    encodeURIComponent(p.conversationId),
  ]),
  '1tammy',
  '1jo',
];

interface Envelope {
  name: string;
  tags: Record<string, string>;
  data: { baseType: string; baseData: Record<string, unknown> };
}

const readBody = (req: http.IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const listen = (server: http.Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

let dir: string;
const envelopes: Envelope[] = [];
/** What the bot sent to the stand-in Bot Connector. */
const posted: { path: string; body: Record<string, unknown> }[] = [];
let ingestion: https.Server;
let connector: http.Server;
let output = '';
/** The report link's token, once Tammy has one. */
let token = 'not-yet';
/** How the bot stopped: 0 when it stopped cleanly (and flushed its telemetry). */
let exitCode: number | null = null;

function activity(person: Person, serviceUrl: string, extra: Record<string, unknown>) {
  return {
    id: `act-${Math.random().toString(36).slice(2)}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    locale: 'en-GB',
    from: { id: person.id, name: person.name, aadObjectId: person.aadObjectId },
    recipient: { id: '28:lac-front-door-bot', name: 'LAC Front Door' },
    conversation: { id: person.conversationId, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    ...extra,
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lac-telemetry-'));
  // A certificate for 127.0.0.1, trusted by the bot through NODE_EXTRA_CA_CERTS only.
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ], { stdio: 'ignore' }); // biome-ignore format: one command
  ingestion = https.createServer(
    { key: await readFile(path.join(dir, 'key.pem')), cert: await readFile(path.join(dir, 'cert.pem')) },
    async (req, res) => {
      let body = await readBody(req);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const items = body.toString().trim();
      // The exporter sends a JSON array (or newline-separated JSON objects).
      const parsed = items.startsWith('[') ? JSON.parse(items) : items.split('\n').map((l) => JSON.parse(l));
      envelopes.push(...(parsed as Envelope[]));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ itemsReceived: parsed.length, itemsAccepted: parsed.length, errors: [] }));
    },
  );
  connector = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const url = decodeURIComponent(req.url ?? '');
    if (req.method === 'GET' && url.includes('/members/')) {
      const person = [TAMMY, JO].find((p) => url.endsWith(`/members/${p.id}`));
      res.writeHead(person ? 200 : 404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          person
            ? {
                id: person.id,
                name: person.name,
                aadObjectId: person.aadObjectId,
                email: person.email,
                userPrincipalName: person.email,
                tenantId: TENANT,
              }
            : { error: { code: 'NotFound' } },
        ),
      );
      return;
    }
    posted.push({ path: url, body: body.length ? JSON.parse(body.toString()) : {} });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `1${posted.length}-reply` }));
  });
  const [ingestionPort, connectorPort] = [await listen(ingestion), await listen(connector)];
  const serviceUrl = `http://127.0.0.1:${connectorPort}/teams/`;

  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'src', 'index.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_OPTIONS: '--no-deprecation',
      PORT: '0',
      LAC_DATA_DIR: dir,
      BOT_TENANT_ID: TENANT,
      APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-4000-8000-000000000001;IngestionEndpoint=https://127.0.0.1:${ingestionPort}/`,
      NODE_EXTRA_CA_CERTS: path.join(dir, 'cert.pem'),
      // Every trace, not the distro's default of five a second: the test must see all of them.
      OTEL_TRACES_SAMPLER: 'always_on',
      APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
      // Spans are exported as they end (every quarter second) rather than only at stop: on a busy
      // machine the test then reads what was sent, not whether the final flush beat the clock.
      OTEL_BSP_SCHEDULE_DELAY: '250',
    },
  });
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    output += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(output);
        if (match?.[1]) {
          clearInterval(timer);
          resolve(match[1]);
        }
      }, 50);
      void exited.then((code) => {
        clearInterval(timer);
        reject(new Error(`the bot exited (${code}):\n${output}`));
      });
    });
    const send = async (person: Person, extra: Record<string, unknown>) => {
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity(person, serviceUrl, extra)),
      });
      expect(response.status).toBeLessThan(300);
    };
    const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));

    await send(TAMMY, { type: 'message', text: 'hello' });
    await send(JO, { type: 'message', text: 'introduce' });
    const form = posted.find((p) => JSON.stringify(p.body).includes('idempotencyKey'));
    const key = /"idempotencyKey":"([^"]+)"/.exec(JSON.stringify(form?.body ?? {}))?.[1];
    if (!key) throw new Error(`no introduction form came back:\n${output}`);
    await send(JO, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'submitIntroduction',
          data: { idempotencyKey: key, variant: 'introduction', ...MARGARET },
        },
        trigger: 'manual',
      },
    });
    await settle();
    await send(JO, { type: 'message', text: 'my introductions' });
    // Tammy asks for her patch's report and downloads it: the link's token is a bearer secret.
    await send(TAMMY, { type: 'message', text: 'my patch this month' });
    const card = JSON.stringify(posted.at(-1)?.body ?? {});
    const link =
      /"url":"(http:\/\/127\.0\.0\.1:\d+)\/download#(reports\/([A-Za-z0-9_-]{43})\/report\.xlsx)"/.exec(card);
    if (!link?.[1] || !link[2] || !link[3])
      throw new Error(`no download link came back:\n${card.slice(0, 500)}`);
    token = link[3];
    // Pressed as the download page does it: the token in the form's body.
    expect((await downloadLink(link[1], link[2])).status).toBe(200);
    // Wait (up to 30 s) until the download's request has reached the stand-in ingestion endpoint.
    const waitedUntil = Date.now() + 30_000;
    while (Date.now() < waitedUntil && !JSON.stringify(envelopes).includes('/download"')) await settle();
  } finally {
    // Stopping flushes the exporter: every span left reaches the stand-in ingestion endpoint.
    child.kill('SIGTERM');
    exitCode = await exited;
  }
}, 90_000);

afterAll(async () => {
  ingestion?.close();
  connector?.close();
  await rm(dir, { recursive: true, force: true });
});

const dependencies = () => envelopes.filter((e) => e.data.baseType === 'RemoteDependencyData');

it('sends the dependencies it made to Application Insights: the Bot Connector and Cosmos DB', () => {
  const calls = dependencies().map((e) => String(e.data.baseData.data));
  // The offer reached Tammy's chat, and the dependency says so without saying whose chat it was.
  expect(posted.some((p) => p.path.includes(TAMMY.conversationId))).toBe(true);
  expect(calls).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/\/teams\/v3\/conversations\/:conversation\/activities(\/:activity)?$/),
      expect.stringMatching(/\/teams\/v3\/conversations\/:conversation\/members\/:member$/),
      expect.stringMatching(/\/dbs\/lac-front-door\/colls\/\w+\/docs\/:id$/),
    ]),
  );
  expect(
    envelopes.some(
      (e) => e.data.baseType === 'RequestData' && /\/api\/messages$/.test(String(e.data.baseData.url)),
    ),
  ).toBe(true);
});

it('stops cleanly, its telemetry flushed', () => {
  expect({ exitCode, tail: exitCode === 0 ? '' : output.slice(-4000) }).toEqual({ exitCode: 0, tail: '' });
});

it('carries no resident, no member of staff, no chat and no id that leads to them', () => {
  const everything = JSON.stringify(envelopes);
  expect({
    envelopes: envelopes.length > 20,
    tail: envelopes.length > 20 ? '' : output.slice(-4000),
  }).toEqual({
    envelopes: true,
    tail: '',
  });
  const found = [...NEVER_IN_TELEMETRY, token].filter((text) =>
    everything.toLowerCase().includes(text.toLowerCase()),
  );
  expect(found).toEqual([]);
  // The download is there, as a request, without its token (which was never in its address).
  expect(/"url":"http:\/\/127\.0\.0\.1(:\d+)?\/download"/.test(everything)).toBe(true);
});

it('names the service, not the path to node', () => {
  expect(new Set(envelopes.map((e) => e.tags['ai.cloud.role']))).toEqual(new Set(['lac-front-door']));
});
