/**
 * With bot credentials, /api/messages accepts only requests signed by the Bot Framework, and the
 * bot authenticates its replies. Identity endpoints are stood in for by nock (helpers).
 */
import path from 'node:path';
import { standInForBotFrameworkIssuer, standInForEntraTokenEndpoint } from '../helpers/botFrameworkAuth';
import {
  activities,
  COUNCIL_TENANT,
  SERVICE_URL,
  startTestBot,
  type TestBot,
  users,
} from '../helpers/botHarness';

const BOT_ID = '0b9f3a5e-7c1d-4e2f-8a6b-5c4d3e2f1a00';
const TEST_COUNCIL_FILE = path.resolve(__dirname, '..', 'fixtures', 'test-council.patches.yaml');
let bot: TestBot;
let tokensIssued: () => number;
const issuer = standInForBotFrameworkIssuer();

beforeAll(async () => {
  bot = await startTestBot({
    BOT_ID,
    BOT_PASSWORD: 'test-secret-not-real',
    BOT_TYPE: 'SingleTenant',
    BOT_TENANT_ID: COUNCIL_TENANT,
    ALLOWED_TENANT_IDS: '',
    // With credentials the demo council's file is refused: a council's own.
    LAC_PATCHES_FILE: TEST_COUNCIL_FILE,
  });
  tokensIssued = standInForEntraTokenEndpoint(COUNCIL_TENANT);
});
afterAll(async () => {
  await bot.stop();
});

it('refuses a request with no token (401) and runs nothing', async () => {
  const exchange = await bot.send(activities.message(users.introducer, 'help'));
  expect(exchange.status).toBe(401);
  expect(exchange.sent).toHaveLength(0);
});

it('refuses a token meant for another bot', async () => {
  const token = issuer.tokenFor({ audience: 'another-bot', serviceUrl: SERVICE_URL });
  const exchange = await bot.send(activities.message(users.introducer, 'help'), { token });
  expect(exchange.status).toBe(401);
  expect(exchange.sent).toHaveLength(0);
});

it('refuses a token issued for a different service URL', async () => {
  const token = issuer.tokenFor({ audience: BOT_ID, serviceUrl: 'https://elsewhere.invalid/' });
  const exchange = await bot.send(activities.message(users.introducer, 'help'), { token });
  expect(exchange.status).toBe(401);
});

it('refuses a tampered token and runs nothing', async () => {
  const token = issuer.tokenFor({ audience: BOT_ID, serviceUrl: SERVICE_URL });
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
  const forged = Buffer.from(JSON.stringify({ ...claims, aud: BOT_ID, exp: claims.exp + 86400 })).toString(
    'base64url',
  );
  const exchange = await bot.send(activities.message(users.introducer, 'help'), {
    token: `${header}.${forged}.${signature}`,
  });
  // botbuilder answers a bad signature with 500 (it does not map jsonwebtoken's error to 401); what
  // matters is that the request is refused and no turn runs.
  expect([401, 500]).toContain(exchange.status);
  expect(exchange.sent).toHaveLength(0);
});

it('answers a signed request, authenticating its reply with its own token', async () => {
  const token = issuer.tokenFor({ audience: BOT_ID, serviceUrl: SERVICE_URL });
  const exchange = await bot.send(activities.message(users.introducer, 'help'), { token });
  expect(exchange.status).toBe(200);
  expect(exchange.sent).toHaveLength(1);
  expect(exchange.sent[0]?.authorization).toMatch(/^Bearer bot-token-\d+$/);
  expect(tokensIssued()).toBeGreaterThanOrEqual(1);
});

it('serves only the council tenant when ALLOWED_TENANT_IDS is empty', async () => {
  const token = issuer.tokenFor({ audience: BOT_ID, serviceUrl: SERVICE_URL });
  const exchange = await bot.send(activities.message(users.gpReceptionist, 'help'), { token });
  expect(exchange.status).toBe(200);
  expect(exchange.sent).toHaveLength(0);
});
