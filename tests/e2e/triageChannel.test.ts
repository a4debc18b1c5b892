/**
 * End to end in the Agents Playground, as the triage manager: she chooses the Triage channel,
 * an introduction arrives for a coordinator who has never opened the app, so it is posted in the
 * channel for the team; she opens her own view of it, accepts it, and the card in the channel says
 * who accepted it. (The Playground does not fetch user-specific views by itself, so she presses
 * "Show details and actions", as she would on an older Teams client.)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { axeViolations } from '../helpers/axe';
import {
  fillIntroductionForm,
  openPlayground,
  type Playground,
  SCREENSHOTS,
  say,
  visible,
} from '../helpers/browser';
import type { LocalStack } from '../helpers/stack';

jest.setTimeout(120_000);

let stack: LocalStack;
let page: Page;
let playground: Playground | undefined;

beforeAll(async () => {
  playground = await openPlayground({ PLAYGROUND_CONFIG: '.m365agentsplayground.triage.yml' });
  ({ stack, page } = playground);
});
afterAll(() => playground?.close());

it('lets the triage manager choose the Triage channel', async () => {
  await page.goto(stack.playgroundUrl);
  await visible(page.getByText('Introduce someone to Local Area Coordination').first());
  await page.getByText('Triage', { exact: true }).click();
  // Added to the team, the bot says how to choose the channel.
  await visible(page.getByRole('paragraph').filter({ hasText: 'Hello from LAC Front Door.' }));
  await page.locator('[data-lexical-editor="true"]').first().click();
  await page.keyboard.type('@LAC');
  await page.getByRole('menuitem', { name: 'LAC Front Door' }).click();
  await page.keyboard.type(' use this channel for triage');
  await page.getByRole('button', { name: 'Post' }).click();
  // The stack's first command in a channel: allowed a minute (CI once took over 20 s here while
  // another suite's stack started beside it).
  // It failed once in three clean CI runs (2026-12-08) and never here: if it fails again, the
  // failure carries the stack's log and a screenshot, to tell a slow reply from a lost one.
  await visible(
    page
      .getByRole('paragraph')
      .filter({ hasText: 'Done: introductions for the LAC team to decide are posted' }),
    60_000,
  ).catch(async (error: Error) => {
    await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-triage-channel-no-reply.png') });
    throw new Error(`${error.message}\n\nThe stack's log, its end:\n${stack.output().slice(-4_000)}`);
  });
});

it('posts an introduction its coordinator cannot receive in the channel; accepting it updates the card', async () => {
  await page.getByText('Personal Chat', { exact: true }).click();
  await say(page, 'introduce');
  // RM5 2AB is Amira Khan's patch; she has never opened the app.
  const form = await fillIntroductionForm(page, {
    fullName: 'Peter Grant',
    postcode: 'RM5 2AB',
    phone: '07700 900456',
    ageBand: '65-74',
    organisation: 'Demo Borough housing',
  });
  await form.getByRole('button', { name: 'Send introduction' }).click();
  await visible(page.getByText('Introduction sent').last());

  await page.getByText('Triage', { exact: true }).click();
  const card = page
    .locator('.ac-adaptiveCard')
    .filter({ hasText: 'For the LAC team: a new introduction' })
    .last();
  await visible(card);
  await visible(card.getByText(/The coordinator could not be reached in Teams/));
  // Posted in the channel: first name and initial, no phone, no full name, no themes, no reasons.
  expect((await card.textContent()) ?? '').not.toMatch(/Grant|07700|lonely|Amira Khan could not|of 50/i);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-triage-channel-offer.png') });

  await card.getByRole('button', { name: 'Show details and actions' }).click();
  const mine = page.locator('.ac-adaptiveCard').filter({ hasText: 'Shown only to you' }).last();
  await visible(mine);
  await visible(mine.getByText('Peter Grant'));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-triage-channel-details.png') });
  await mine.getByRole('button', { name: 'Accept', exact: true }).click();

  // She sees it accepted at once: her own view, or the channel's card if its update came first.
  await visible(
    page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: /Accepted by Priya Shah at/ })
      .last(),
  );
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-triage-channel-accepted.png') });

  // What the channel keeps is the copy the bot updated (checked through the real adapter in
  // tests/bot/triageChannel.test.ts: "Accepted by", no details). The Playground shows the answer to
  // Priya's own Accept in its place for as long as the page lives, which Teams shows to her alone, so
  // here: every posted copy on the page carries no details.
  await page.getByText('Personal Chat', { exact: true }).click();
  await page.getByText('Triage', { exact: true }).click();
  await visible(
    page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: /Accepted by Priya Shah at/ })
      .last(),
  );
  const posted = page.locator('.ac-adaptiveCard').filter({ hasText: 'Details are shown only to' });
  for (const text of await posted.allTextContents()) {
    expect(text).not.toMatch(/Grant|07700|Shown only to you|Amira Khan could not/);
  }
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-triage-channel-kept.png') });
});

it("shows this month's report, draws its charts or their tables, and downloads the spreadsheet", async () => {
  await page.getByText('Personal Chat', { exact: true }).click();
  await say(page, 'monthly report this month');
  const report = page
    .locator('.ac-adaptiveCard')
    .filter({ hasText: /Monthly report: \w+ \d{4}/ })
    .last();
  await visible(report);
  await visible(report.getByText(/is not over: these are the numbers so far/));
  const text = (await report.textContent()) ?? '';
  // Counts, never a person: Peter Grant's introduction is one of the numbers, not a name.
  expect(text).not.toMatch(/Peter|Grant|07700/);
  expect(text).toContain('Introductions, the last twelve months');
  // Whether the Playground draws Teams' charts or shows each chart's fallback table: recorded.
  const drawn = (await report.locator('svg, canvas').count()) > 0;
  const fallback = await report.locator('.ac-factset').filter({ hasText: 'Not given' }).count();
  process.stdout.write(`Playground report: charts drawn ${drawn}, fallback fact sets ${fallback}\n`);
  expect(drawn || fallback > 0).toBe(true);
  await report.getByText(/Monthly report: /).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-monthly-report.png') });
  await report.getByText('Introductions, the last twelve months').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-monthly-report-charts.png') });

  // The button opens the download page in a new tab, the link after '#'; pressing Download there
  // posts it and the browser saves the file. No request the browser makes holds the token.
  const urls: string[] = [];
  page.context().on('request', (r) => urls.push(r.url()));
  const opened = page.context().waitForEvent('page');
  await report.getByText('Download as a spreadsheet', { exact: true }).click();
  const tab = await opened;
  await tab.waitForLoadState();
  const button = tab.getByRole('button', { name: 'Download' });
  await visible(button);
  expect(await button.isEnabled()).toBe(true);
  // The link is out of the address bar (and the history) once the page has it.
  expect(tab.url()).toMatch(/\/download$/);
  expect(await axeViolations(tab)).toEqual([]);
  await tab.screenshot({ path: path.join(SCREENSHOTS, 'download-page.png') });
  const saved = tab.waitForEvent('download');
  await button.click();
  const file = await saved;
  expect(file.suggestedFilename()).toMatch(/^lac-monthly-report-\d{4}-\d{2}-service\.xlsx$/);
  expect((await readFile((await file.path()) ?? '')).subarray(0, 2).toString()).toBe('PK');
  expect(urls.some((u) => /[A-Za-z0-9_-]{43}/.test(u.replace(/#.*$/, '')))).toBe(false);
  // Pressed again, the link has been used.
  await tab.goBack().catch(() => undefined);
  for (const other of page.context().pages()) if (other !== page) await other.close();
});

it('stops cleanly', async () => {
  expect(await stack.interrupt()).toBe(0);
});
