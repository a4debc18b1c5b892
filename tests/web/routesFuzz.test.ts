/**
 * The routes anyone reaches without signing in, fuzzed with hostile input (fast-check): paths under
 * /assets/ and the pages, and bodies to the download form (oversized, control characters, repeated
 * keys, `__proto__`, wrong types, other encodings). Never a server error, never a file from outside
 * the assets, and the server keeps answering.
 */

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import pino from 'pino';
import type restify from 'restify';
import { DEMO_PATCHES_FILE } from '../../src/config';
import { parseDirectory } from '../../src/domain/directory/directory';
import { createServer, listen, type RunningServer } from '../../src/server';
import { mountResidentPages } from '../../src/web/residents/residentPages';

jest.setTimeout(120_000);

const parsed = parseDirectory(readFileSync(DEMO_PATCHES_FILE, 'utf8'));
if (!parsed.ok) throw new Error('demo directory');
const directory = parsed.directory;
let running: RunningServer;

beforeAll(async () => {
  const server: restify.Server = createServer({
    adapter: {} as never,
    app: {} as never,
    logger: pino({ level: 'silent' }),
    allowedTenantIds: new Set(),
    // Loopback: no proxy, so the limits key on the socket; raised below by spreading clients.
    localMode: true,
    ready: async () => true,
    reports: { download: async () => undefined },
    subjectAccess: { download: async () => undefined },
  });
  mountResidentPages(server, { directory: () => directory, behindProxy: false });
  running = await listen(server, 0, '127.0.0.1');
});
afterAll(() => running.close());

const pathSegment = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '..',
    '%2e%2e',
    '%00',
    '%2f',
    'govuk-frontend.min.css',
    '__proto__',
    'constructor',
    '?x=1',
    '#',
  ),
);

it('never fails, and never serves a file from outside the assets, whatever the path', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(pathSegment, { minLength: 1, maxLength: 4 }), async (segments) => {
      const raw = `/assets/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
      const response = await fetch(`${running.url}${raw}`);
      const body = await response.text();
      if (response.status >= 500) throw new Error(`${raw}: ${response.status}`);
      // Nothing of the app's own files (package.json, source) ever comes back.
      if (/"name": "lac-front-door"|import \{/.test(body) && !raw.endsWith('.mjs'))
        throw new Error(`${raw} served something it should not`);
      return true;
    }),
    { numRuns: 60 },
  );
});

it('answers every hostile download form with a 4xx, never a 5xx, and keeps answering', async () => {
  const hostile = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ minLength: 2000, maxLength: 3000 }),
    fc.constantFrom(
      'link=__proto__',
      'link=reports%2F..%2F..%2Fetc%2Fpasswd',
      'link=a&link=b&link=c',
      '__proto__[polluted]=1',
      'constructor.prototype.x=1',
      'link=%00%01%02',
      `link=reports%2F${'A'.repeat(43)}%2Freport.xlsx%00`,
    ),
  );
  const types = fc.constantFrom(
    'application/x-www-form-urlencoded',
    'application/json',
    'text/plain',
    'multipart/form-data; boundary=x',
    '',
  );
  await fc.assert(
    fc.asyncProperty(hostile, types, async (body, type) => {
      const response = await fetch(`${running.url}/download`, {
        method: 'POST',
        headers: type ? { 'content-type': type } : {},
        body,
      });
      await response.text();
      if (response.status >= 500)
        throw new Error(`${type} ${JSON.stringify(body.slice(0, 80))}: ${response.status}`);
      // Over the limit is a refusal too, never a failure.
      return [400, 404, 410, 413, 415, 429].includes(response.status);
    }),
    { numRuns: 25 },
  );
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect((await fetch(`${running.url}/healthz`)).status).toBeLessThan(500);
});
