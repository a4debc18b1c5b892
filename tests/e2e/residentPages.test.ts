/**
 * The open door's start and privacy pages in Chromium, as a resident meets them: axe (WCAG 2.x A
 * and AA) finds nothing on any of them, in English and in Welsh (with JavaScript off nothing can
 * run in the page, axe included: the page is checked to be whole as sent); at 320 CSS pixels
 * nothing scrolls sideways; a keyboard reaches the language switch and the privacy link.
 * Screenshots go to test-results/ for docs/resident-web.md.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import restify from 'restify';
import { DEMO_PATCHES_FILE } from '../../src/config';
import { parseDirectory } from '../../src/domain/directory/directory';
import { listen, type RunningServer } from '../../src/server';
import { mountResidentPages } from '../../src/web/residents/residentPages';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser';

jest.setTimeout(120_000);

const parsed = parseDirectory(readFileSync(DEMO_PATCHES_FILE, 'utf8'));
if (!parsed.ok) throw new Error('demo directory');
const directory = {
  ...parsed.directory,
  residents: {
    ...parsed.directory.residents,
    languages: ['en', 'cy'] as ('en' | 'cy')[],
    safeguardingWelsh: 'Diogelu oedolion: 01708 433 550',
  },
};
let running: RunningServer;
let browser: Browser;

beforeAll(async () => {
  const server = restify.createServer({ name: 'residents-e2e', handleUncaughtExceptions: false });
  mountResidentPages(server, { directory: () => directory, behindProxy: false });
  running = await listen(server, 0, '127.0.0.1');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await running?.close();
});

const PAGES = ['/introduce', '/introduce/privacy', '/cy/introduce', '/cy/introduce/privacy'];

describe.each([
  ['JavaScript on', true],
  ['JavaScript off', false],
])('%s', (_label, javaScriptEnabled) => {
  it.each(PAGES)(
    '%s has no axe violations, fits 320 pixels, and loads nothing from elsewhere',
    async (url) => {
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 320, height: 800 } });
      const page = await context.newPage();
      const elsewhere: string[] = [];
      const refused: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(running.url)) elsewhere.push(r.url());
      });
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
      });
      try {
        const response = await page.goto(`${running.url}${url}`);
        expect(response?.status()).toBe(200);
        const shot = path.join(
          SCREENSHOTS,
          `resident${url.replaceAll('/', '-')}${javaScriptEnabled ? '' : '-no-js'}-320.png`,
        );
        if (!javaScriptEnabled) {
          // Nothing can run in the page (axe included): the page is all there, as the server sent it.
          expect(await page.content()).toMatch(/<h1 class="govuk-heading-xl">[^<]+<\/h1>/);
          expect(elsewhere).toEqual([]);
          await page.screenshot({ path: shot, fullPage: true });
          return;
        }
        const results = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
          .analyze();
        expect(results.passes.length).toBeGreaterThan(5);
        expect(
          results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        ).toEqual([]);
        const sideways = await page.evaluate(() => {
          const root = (
            globalThis as unknown as {
              document: { documentElement: { scrollWidth: number; clientWidth: number } };
            }
          ).document.documentElement;
          return root.scrollWidth > root.clientWidth;
        });
        expect(sideways).toBe(false);
        expect(elsewhere).toEqual([]);
        expect(refused).toEqual([]);
        // Its own script ran (from this server, under the CSP): GOV.UK Frontend's components started.
        expect(await page.locator('body.js-enabled').count()).toBe(1);
        await page.screenshot({ path: shot, fullPage: true });
      } finally {
        await context.close();
      }
    },
  );
});

it('lets a keyboard reach the skip link, the language switch and the privacy link', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`${running.url}/introduce`);
    const reached: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      reached.push(
        await page.evaluate(() => {
          const active = (
            globalThis as unknown as { document: { activeElement: { textContent?: string } | null } }
          ).document.activeElement;
          return active?.textContent?.trim() ?? '';
        }),
      );
    }
    expect(reached[0]).toBe('Skip to main content');
    expect(reached).toContain('Cymraeg');
    expect(reached).toContain('Read how we use the information you give us');
    await page.keyboard.press('Shift+Tab');
  } finally {
    await page.close();
  }
});
