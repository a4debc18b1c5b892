/**
 * End to end in the Agents Playground, as the records lead: an introduction made three years ago
 * that never became support is past its retention date (it is restored from the local data, as
 * after a restart); Grace Obi types "records due", sees it by reference with no name, chooses it,
 * approves its disposal, and the queue is empty. Nothing is destroyed before she approves.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { withRetention } from '../../src/domain/records/retention';
import { openPlayground, type Playground, SCREENSHOTS, say, visible } from '../helpers/browser';
import { introductionFor, WITH_TRIAGE } from '../helpers/introductionFixture';
import type { LocalStack } from '../helpers/stack';

jest.setTimeout(120_000);

/** Peter Grant, introduced on 3 Nov 2023, with triage since: due for review from 3 Nov 2025. */
const old = withRetention({
  ...introductionFor({ ...WITH_TRIAGE, today: '2023-11-03' }, '2023-11-03T10:00:00.000Z'),
  id: '4f1e2d3c-5b6a-4978-8a9b-0c1d2e3f4a5b',
  reference: 'LAC-DXKP-7T',
  person: {
    fullName: 'Peter Grant',
    postcode: 'RM12 4AB',
    noFixedAddress: false,
    contactThroughIntroducer: false,
    interpreterNeeded: false,
  },
});

let stack: LocalStack;
let page: Page;
let playground: Playground | undefined;

beforeAll(async () => {
  expect(old.retainUntil).toBe('2025-11-03');
  playground = await openPlayground({ PLAYGROUND_CONFIG: '.m365agentsplayground.records.yml' }, (dataDir) =>
    writeFile(
      path.join(dataDir, 'local-cosmos.json'),
      JSON.stringify({
        format: 'lac-front-door-local-cosmos/1',
        savedAt: '2026-11-30T09:00:00.000Z',
        databases: [
          {
            id: 'lac-front-door',
            containers: [{ id: 'introductions', partitionKeyPath: '/id', items: [old] }],
          },
        ],
      }),
    ),
  );
  ({ stack, page } = playground);
});
afterAll(() => playground?.close());

it('shows the records lead the queue, by reference and never by name', async () => {
  await page.goto(stack.playgroundUrl);
  await visible(page.getByText('Introduce someone to Local Area Coordination').first());
  await say(page, 'records due');
  const queue = page.locator('.ac-adaptiveCard').filter({ hasText: 'Records due for review' }).last();
  await visible(queue);
  await visible(queue.getByText(/LAC-DXKP-7T/).first());
  const text = (await queue.textContent()) ?? '';
  expect(text).toContain('Never became support');
  expect(text).toContain('Nothing is disposed of until you approve it');
  expect(text).not.toMatch(/Peter|Grant|RM12/);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-records-due.png') });
});

it('disposes of the record she chose once she approves, and the queue is empty', async () => {
  const queue = page.locator('.ac-adaptiveCard').filter({ hasText: 'Records due for review' }).last();
  await queue.getByText(/LAC-DXKP-7T \(never became support/).click();
  await queue.getByRole('button', { name: 'Approve disposal' }).click();
  const answer = page.locator('.ac-adaptiveCard').filter({ hasText: 'Disposed of 1' }).last();
  await visible(answer);
  expect(await answer.textContent()).toContain('Nothing is past its retention date.');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'playground-records-disposed.png') });
  // Asked again, there is nothing left to review.
  await say(page, 'records due');
  await visible(
    page
      .locator('.ac-adaptiveCard')
      .filter({ hasText: 'Nothing is past its retention date.' })
      .filter({ hasNotText: 'Disposed of 1' })
      .last(),
  );
});

it('stops cleanly', async () => {
  expect(await stack.interrupt()).toBe(0);
});
