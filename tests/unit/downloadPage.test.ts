/**
 * The download page and the routes anyone reaches without signing in, through the real server
 * (restify, src/server.ts) with stand-ins for the exports: the token never in an address; the page
 * strict (its own script only); each route rate limited per client, by X-Forwarded-For behind App
 * Service's front ends, so one client over its limit does not stop another.
 */
import pino from 'pino';
import { createServer, listen, type RunningServer } from '../../src/server';
import { clientAddress, LIMITS } from '../../src/web/rateLimits';

let running: RunningServer;
const given: string[] = [];
const TOKEN = 'A'.repeat(43);

beforeAll(async () => {
  running = await listen(
    createServer({
      adapter: {} as never,
      app: {} as never,
      logger: pino({ level: 'silent' }),
      allowedTenantIds: new Set(),
      localMode: false,
      ready: async () => true,
      reports: {
        download: async (token, file) => {
          given.push(`${token}/${file}`);
          return token === TOKEN
            ? { filename: 'r.csv', contentType: 'text/csv', body: Buffer.from('a,b\n') }
            : undefined;
        },
      },
    }),
    0,
    '127.0.0.1',
  );
});
afterAll(() => running.close());

const post = (body: string, from = '203.0.113.1', type = 'application/x-www-form-urlencoded') =>
  fetch(`${running.url}/download`, {
    method: 'POST',
    headers: { 'content-type': type, 'x-forwarded-for': `${from}:50123` },
    body,
  });

it('serves a page with no token in it, its own script only, and nothing from elsewhere', async () => {
  const page = await fetch(`${running.url}/download`, { headers: { 'x-forwarded-for': '203.0.113.50' } });
  expect(page.status).toBe(200);
  expect(page.headers.get('content-security-policy')).toBe(
    "default-src 'none'; script-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  );
  expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  expect(page.headers.get('cache-control')).toBe('no-store');
  const html = await page.text();
  expect(html).toContain('<form method="post" action="/download">');
  expect(html).toContain('<script src="/download.js"></script>');
  expect(html).not.toMatch(/<script>|<style|style=|https?:\/\//);
  const script = await fetch(`${running.url}/download.js`, {
    headers: { 'x-forwarded-for': '203.0.113.50' },
  });
  expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  // It takes the link out of the address bar and the history once it has it.
  expect(await script.text()).toContain('history.replaceState');
});

it('gives the file for the link in the form body, and refuses anything else without asking the store', async () => {
  const file = await post(`link=reports%2F${TOKEN}%2Freport.csv`);
  expect(file.status).toBe(200);
  expect(file.headers.get('content-disposition')).toBe('attachment; filename="r.csv"');
  expect(await file.text()).toBe('a,b\n');
  given.length = 0;
  expect((await post(`link=reports%2F${TOKEN}%2Freport.exe`, '203.0.113.2')).status).toBe(404);
  expect((await post('link=reports%2Fshort%2Freport.csv', '203.0.113.2')).status).toBe(404);
  expect((await post(`link=subject-access%2F${TOKEN}%2Fsubject-access.json`, '203.0.113.2')).status).toBe(
    404,
  );
  expect((await post(JSON.stringify({ link: 'x' }), '203.0.113.2', 'application/json')).status).toBe(400);
  expect((await post(`link=${'x'.repeat(2000)}`, '203.0.113.2')).status).toBe(400);
  expect(given).toEqual([]);
  // The old addresses, with the token in the path, are gone.
  expect((await fetch(`${running.url}/reports/${TOKEN}/report.csv`)).status).toBe(404);
});

it('limits each client, and only that client', async () => {
  const client = '198.51.100.7';
  const answers = [];
  for (let i = 0; i <= LIMITS.download.points; i++) answers.push((await post('link=x', client)).status);
  expect(answers.slice(0, LIMITS.download.points).every((s) => s === 404)).toBe(true);
  const over = await post('link=x', client);
  expect(over.status).toBe(429);
  expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  // Another client, the same minute: served.
  expect((await post('link=x', '198.51.100.8')).status).toBe(404);
  // The health probes have a limit of their own.
  for (let i = 0; i < LIMITS.health.points; i++)
    await fetch(`${running.url}/healthz`, { headers: { 'x-forwarded-for': '192.0.2.1' } });
  expect(
    (await fetch(`${running.url}/healthz`, { headers: { 'x-forwarded-for': '192.0.2.1' } })).status,
  ).toBe(429);
  expect((await fetch(`${running.url}/readyz`, { headers: { 'x-forwarded-for': '192.0.2.2' } })).status).toBe(
    200,
  );
});

it('is not fooled by a client that sends its own X-Forwarded-For', async () => {
  const statuses = [];
  for (let i = 0; i <= LIMITS.download.points; i++)
    statuses.push((await post('link=x', `10.9.9.${i}, 198.51.100.77`)).status);
  expect(statuses.at(-1)).toBe(429);
});

it('takes the client from X-Forwarded-For behind a proxy only, without its port', () => {
  const req = (xff: string) => ({
    headers: { 'x-forwarded-for': xff },
    socket: { remoteAddress: '10.0.0.4' },
  });
  // What the front end appended is last; what a client sent itself comes first, and is not believed.
  expect(clientAddress(req('198.51.100.99, 203.0.113.9:51234'), true)).toBe('203.0.113.9');
  expect(clientAddress(req('[2001:db8::1]:51234'), true)).toBe('2001:db8::1');
  expect(clientAddress(req('2001:db8::2'), true)).toBe('2001:db8::2');
  // Locally nothing is behind a proxy: a header is not believed.
  expect(clientAddress(req('203.0.113.9'), false)).toBe('10.0.0.4');
});

it('behind Azure Front Door, takes the client from X-Azure-ClientIP, only on requests carrying its id', () => {
  const frontDoor = { frontDoorId: '4f1c2b7e-1234-4abc-9def-0123456789ab' };
  const req = (headers: Record<string, string>) => ({ headers, socket: { remoteAddress: '10.0.0.4' } });
  expect(
    clientAddress(
      req({
        'x-azure-fdid': '4F1C2B7E-1234-4ABC-9DEF-0123456789AB',
        'x-azure-clientip': '203.0.113.7',
        'x-forwarded-for': '203.0.113.7, 147.243.1.1:1234',
      }),
      frontDoor,
    ),
  ).toBe('203.0.113.7');
  // Another Front Door's id, or none: the header is not believed.
  expect(
    clientAddress(
      req({
        'x-azure-fdid': 'someone-else',
        'x-azure-clientip': '198.51.100.1',
        'x-forwarded-for': '147.243.1.1',
      }),
      frontDoor,
    ),
  ).toBe('147.243.1.1');
  expect(
    clientAddress(req({ 'x-azure-clientip': '198.51.100.1', 'x-forwarded-for': '147.243.1.2' }), frontDoor),
  ).toBe('147.243.1.2');
});
