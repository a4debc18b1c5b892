/**
 * End to end, the way a person uses it: `npm start`'s stack, the Agents Playground in headless
 * Chromium, a message typed into the compose box and the answer read off the screen.
 * Screenshots go to test-results/ (git-ignored).
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
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
  playground = await openPlayground({}, undefined, { width: 1280, height: 900 });
  ({ stack, page } = playground);
});
afterAll(() => playground?.close());

it('greets the person in the personal chat with what the bot is for', async () => {
  await page.goto(stack.playgroundUrl);
  await visible(page.getByText('Introduce someone to Local Area Coordination').first());
  await visible(page.getByText('Not an emergency service').first());
  // One welcome, not two (installationUpdate and conversationUpdate both arrive on install).
  expect(await page.getByText('Introduce someone to Local Area Coordination').count()).toBe(1);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-welcome.png') });
});

it('answers help with the list of what it can do', async () => {
  await say(page, 'help');
  await visible(page.getByText('What I can do', { exact: true }).last());
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
  await say(page, 'who covers rm3 9hb');
  await visible(page.getByText('RM3 9HB is in Harold Wood and Gidea Park'));
  await visible(page.getByText('Matched by full postcode RM3 9HB.'));
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
  await visible(page.getByText('No Local Area Coordinator covers RM12 4 yet'));
  await box.fill('RM5 2AB');
  await page.getByRole('button', { name: 'Look up' }).last().click();
  await visible(page.getByText('RM5 2AB is in Collier Row and Havering Park'));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-who-covers.png') });
});

it('makes an introduction the way a person would, then finds it in "my introductions"', async () => {
  await say(page, 'introduce');
  const form = await fillIntroductionForm(page, {
    fullName: 'Margaret Jones',
    postcode: 'rm3 7ab',
    phone: '07700 900123',
    ageBand: '75-84',
    organisation: 'Demo Borough adult social care',
  });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-introduction-form.png'), fullPage: true });
  await form.getByRole('button', { name: 'Send introduction' }).click();

  await visible(page.getByText('Introduction sent').last());
  await visible(page.getByText(/Your reference: LAC-/).last());
  const reference = /LAC-[A-Z0-9]{4}-[A-Z0-9]{2}/.exec(
    (await page
      .getByText(/Your reference: LAC-/)
      .last()
      .textContent()) ?? '',
  )?.[0];
  expect(reference).toBeDefined();
  await visible(page.getByText('Tammy Hughes has been offered the introduction', { exact: false }).last());
  // The form with the person's details has been replaced in the chat by the confirmation.
  expect(await page.getByText('Introduce someone to Local Area Coordination', { exact: true }).count()).toBe(
    0,
  );
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-introduction-sent.png') });

  await say(page, 'my introductions');
  await visible(page.getByText('My introductions', { exact: true }).last());
  await visible(page.getByText(`Margaret J. · ${reference}`).last());
  await visible(page.getByText('with coordinator').last());
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-my-introductions.png') });
});

it('stops everything on Ctrl-C, Playground included, with no orphaned process', async () => {
  const code = await stack.interrupt();
  expect(code).toBe(0);
  expect(stack.output()).toContain('Stopped.');
  await expect(fetch(stack.playgroundUrl)).rejects.toThrow();
  await expect(fetch(stack.botEndpoint.replace('/api/messages', '/healthz'))).rejects.toThrow();
});
