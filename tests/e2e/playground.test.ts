/**
 * End to end, the way a person uses it: `npm start`'s stack, the Agents Playground in headless
 * Chromium, a message typed into the compose box and the answer read off the screen.
 * Screenshots go to test-results/ (git-ignored).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { fillIntroductionForm, launchBrowser } from '../helpers/browser';
import { type LocalStack, startLocalStack } from '../helpers/stack';

jest.setTimeout(120_000);
const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'test-results');

let stack: LocalStack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  stack = await startLocalStack();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
});

async function send(text: string) {
  // The compose box (cards have text boxes of their own).
  const box = page.locator('[data-lexical-editor="true"]');
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

it('greets the person in the personal chat with what the bot is for', async () => {
  await page.goto(stack.playgroundUrl);
  await expectVisible(page.getByText('Introduce someone to Local Area Coordination').first());
  await expectVisible(page.getByText('Not an emergency service').first());
  // One welcome, not two (installationUpdate and conversationUpdate both arrive on install).
  expect(await page.getByText('Introduce someone to Local Area Coordination').count()).toBe(1);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-welcome.png') });
});

it('answers help with the list of what it can do', async () => {
  await send('help');
  await expectVisible(page.getByText('What I can do', { exact: true }).last());
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-help.png') });
});

it('answers the welcome card button the same way', async () => {
  const before = await page.getByText('What I can do', { exact: true }).count();
  await page.getByRole('button', { name: 'What can I do here?' }).first().click();
  await page
    .getByText('What I can do', { exact: true })
    .nth(before)
    .waitFor({ state: 'visible', timeout: 10_000 });
  expect(await page.getByText('What I can do', { exact: true }).count()).toBe(before + 1);
});

it('answers "who covers" typed in the chat', async () => {
  await send('who covers rm3 9hb');
  await expectVisible(page.getByText('RM3 9HB is in Harold Wood and Gidea Park'));
  await expectVisible(page.getByText('Matched by full postcode RM3 9HB.'));
});

it('looks a postcode up from the welcome card, as a person would', async () => {
  const boxes = page.getByRole('textbox', { name: /Postcode, sector or district/ });
  const before = await boxes.count();
  await page.getByRole('button', { name: 'Who covers a postcode?' }).first().click();
  // Wait for the new card, not an earlier answer's box.
  const box = boxes.nth(before);
  await box.waitFor({ state: 'visible', timeout: 10_000 });
  await box.fill('RM12 4');
  await page.getByRole('button', { name: 'Look up' }).last().click();
  await expectVisible(page.getByText('No Local Area Coordinator covers RM12 4 yet'));
  await box.fill('RM5 2AB');
  await page.getByRole('button', { name: 'Look up' }).last().click();
  await expectVisible(page.getByText('RM5 2AB is in Collier Row and Havering Park'));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-who-covers.png') });
});

it('makes an introduction the way a person would, then finds it in "my introductions"', async () => {
  await send('introduce');
  const form = await fillIntroductionForm(page, {
    fullName: 'Margaret Jones',
    postcode: 'rm3 7ab',
    phone: '07700 900123',
    ageBand: '75-84',
    organisation: 'Demo Borough adult social care',
  });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-introduction-form.png'), fullPage: true });
  await form.getByRole('button', { name: 'Send introduction' }).click();

  await expectVisible(page.getByText('Introduction sent').last());
  await expectVisible(page.getByText(/Your reference: LAC-/).last());
  const reference = /LAC-[A-Z0-9]{4}-[A-Z0-9]{2}/.exec(
    (await page
      .getByText(/Your reference: LAC-/)
      .last()
      .textContent()) ?? '',
  )?.[0];
  expect(reference).toBeDefined();
  await expectVisible(
    page.getByText('Tammy Hughes has been offered the introduction', { exact: false }).last(),
  );
  // The form with the person's details has been replaced in the chat by the confirmation.
  expect(await page.getByText('Introduce someone to Local Area Coordination', { exact: true }).count()).toBe(
    0,
  );
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-introduction-sent.png') });

  await send('my introductions');
  await expectVisible(page.getByText('My introductions', { exact: true }).last());
  await expectVisible(page.getByText(`Margaret J. · ${reference}`).last());
  await expectVisible(page.getByText('with coordinator').last());
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-my-introductions.png') });
});

it('stops everything on Ctrl-C, Playground included, with no orphaned process', async () => {
  const code = await stack.interrupt();
  expect(code).toBe(0);
  expect(stack.output()).toContain('Stopped.');
  await expect(fetch(stack.playgroundUrl)).rejects.toThrow();
  await expect(fetch(stack.botEndpoint.replace('/api/messages', '/healthz'))).rejects.toThrow();
});

async function expectVisible(locator: ReturnType<Page['getByText']>) {
  await locator.waitFor({ state: 'visible', timeout: 20_000 });
}
