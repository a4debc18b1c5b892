/**
 * End to end in the Agents Playground, as the administrator (Priya Shah): she types "directory",
 * sees the version in force and why, edits the file in the card (Ben Clarke leaves Upminster and
 * Cranham, Chloe Martin takes it on), checks it and reads what would change in people's words, then
 * confirms it with a reason and sees it in force.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openPlayground, type Playground, SCREENSHOTS, say, visible } from '../helpers/browser';
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

const card = (text: string | RegExp) => page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();

it('shows the administrator the directory in force, and why', async () => {
  await page.goto(stack.playgroundUrl);
  await visible(page.getByText('Introduce someone to Local Area Coordination').first());
  await say(page, 'directory');
  const directory = card('The patch directory');
  await visible(directory);
  const text = (await directory.textContent()) ?? '';
  expect(text).toContain('The deployed file is in force');
  expect(text).toContain('Coordinators');
});

it('checks an edited file, shows what would change in words, and puts it into force when confirmed', async () => {
  const directory = card('The patch directory');
  const file = directory.locator('textarea').first();
  const current = await file.inputValue();
  expect(current).toContain('name: Ben Clarke');
  await file.fill(
    current.replace(
      / {6}- name: Ben Clarke\n(?: {8}.*\n)+/,
      '      - name: Chloe Martin\n        email: chloe.martin@demo.gov.uk\n        capacity: 50\n',
    ),
  );
  await directory.getByRole('button', { name: 'Check it' }).click();
  const changes = card('What this version would change');
  await visible(changes);
  const words = (await changes.textContent()) ?? '';
  expect(words).toContain(
    'Chloe Martin also covers Upminster and Cranham (still Rainham and South Hornchurch).',
  );
  expect(words).toContain('Ben Clarke leaves Upminster and Cranham: nobody is waiting for them.');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-directory-changes.png') });

  await changes.locator('input').last().fill('Ben has retired');
  await changes.getByRole('button', { name: 'Confirm' }).click();
  const done = card('In force now: version');
  await visible(done);
  expect(await done.textContent()).toContain('Ben has retired');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-directory-confirmed.png') });
});

it('stops cleanly', async () => {
  expect(await stack.interrupt()).toBe(0);
});
