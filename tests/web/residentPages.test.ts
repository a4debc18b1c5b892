/**
 * The open door's start and privacy pages through a real restify server: English, and Welsh where
 * the council's file offers it; every value from the council's file; a strict CSP with no inline
 * script; every asset the stylesheet asks for served by the app itself, nothing from elsewhere.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import restify from 'restify';
import { DEMO_PATCHES_FILE } from '../../src/config';
import { type Directory, parseDirectory } from '../../src/domain/directory/directory';
import { listen, type RunningServer } from '../../src/server';
import { mountResidentPages } from '../../src/web/residents/residentPages';

const parsed = parseDirectory(readFileSync(DEMO_PATCHES_FILE, 'utf8'));
if (!parsed.ok) throw new Error('demo directory');
let directory: Directory = {
  ...parsed.directory,
  residents: {
    ...parsed.directory.residents,
    languages: ['en', 'cy'],
    safeguardingWelsh: 'Diogelu oedolion: 01708 433 550',
  },
  records: { ...parsed.directory.records, dataProtectionOfficer: 'dpo@demo.gov.uk' },
};
let running: RunningServer;

beforeAll(async () => {
  const server = restify.createServer({ name: 'residents-test', handleUncaughtExceptions: false });
  mountResidentPages(server, { directory: () => directory, behindProxy: false });
  running = await listen(server, 0, '127.0.0.1');
});
afterAll(() => running.close());

const get = (p: string) => fetch(`${running.url}${p}`);

it('shows the start page in English: what LAC is, 999, the council’s safeguarding words, who it is for', async () => {
  const page = await get('/introduce');
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toMatch(/<html lang="en"/);
  expect(html).toContain(
    '<title>Introduce someone to Local Area Coordination – Local Area Coordination – Demo Borough</title>',
  );
  expect(html).toContain('call 999 now');
  expect(html).toContain(directory.safeguarding.replace(/'/g, '&#39;'));
  expect(html).toContain('about someone you know');
  // The switch to Welsh, marked as Welsh.
  expect(html).toMatch(/href="\/cy\/introduce"[^>]*lang="cy"|lang="cy"[^>]*href="\/cy\/introduce"/);
  // No Start button until there is a journey to start.
  expect(html).not.toContain('Start now');
});

it('shows it in Welsh, with the council’s Welsh safeguarding words and lang="cy"', async () => {
  const html = await (await get('/cy/introduce')).text();
  expect(html).toMatch(/<html lang="cy"/);
  expect(html).toContain('Nid gwasanaeth brys yw hwn');
  expect(html).toContain('Diogelu oedolion: 01708 433 550');
  expect(html).toContain('href="/introduce"');
});

it('shows the privacy page with the council’s retention and its DPO', async () => {
  const html = await (await get('/introduce/privacy')).text();
  expect(html).toContain('2 years after the last contact');
  expect(html).toContain('6 years if they did');
  expect(html).toContain('dpo@demo.gov.uk');
  expect(html).toContain('ico.org.uk/make-a-complaint');
  expect(await (await get('/cy/introduce/privacy')).text()).toContain('Swyddfa&#39;r Comisiynydd Gwybodaeth');
});

it('offers no Welsh pages where the council’s file offers English only', async () => {
  const before = directory;
  directory = { ...directory, residents: { ...directory.residents, languages: ['en'] } };
  try {
    expect((await get('/cy/introduce')).status).toBe(404);
    expect(await (await get('/introduce')).text()).not.toContain('/cy/introduce');
  } finally {
    directory = before;
  }
});

it('sends a strict CSP, no inline script, nothing from another site', async () => {
  const page = await get('/introduce');
  const csp = page.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  const html = await page.text();
  expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  expect(html).not.toMatch(/style="|<style/);
  expect(html).not.toMatch(/(src|href)="https?:\/\//);
});

it('serves every asset the stylesheet and pages ask for, and nothing else', async () => {
  const css = await get('/assets/govuk-frontend.min.css');
  expect(css.status).toBe(200);
  expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  const asked = [...(await css.text()).matchAll(/url\((\/assets\/[^)]+)\)/g)].map((m) => m[1] ?? '');
  expect(asked.length).toBeGreaterThan(3);
  for (const url of new Set(asked)) expect([url, (await get(url)).status]).toEqual([url, 200]);
  const html = await (await get('/introduce')).text();
  for (const m of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g))
    expect([m[1], (await get(m[1] ?? '')).status]).toEqual([m[1], 200]);
  // The stylesheet and the script by version, so an upgrade is fetched afresh.
  expect(html).toMatch(/href="\/assets\/govuk-frontend\.min\.css\?v=\d+\.\d+\.\d+"/);
  expect(html).toMatch(/src="\/assets\/lac-front-door\.mjs\?v=\d+\.\d+\.\d+"/);
  expect((await get('/assets/lac-front-door.mjs')).headers.get('content-type')).toBe(
    'text/javascript; charset=utf-8',
  );
  for (const bad of ['/assets/../package.json', '/assets/%2e%2e/package.json', '/assets/nothing.css'])
    expect([bad, (await get(bad)).status]).toEqual([bad, 404]);
});

it('needs nothing of the source tree once built: its templates are copied beside the code', () => {
  const build = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')).scripts
    .build;
  expect(build).toContain("cpSync('src/web/residents/templates', 'lib/web/residents/templates'");
});
