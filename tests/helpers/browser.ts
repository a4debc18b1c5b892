/**
 * Headless Chromium from Debian (/usr/bin/chromium) driven by playwright-core: no browser download.
 * The flags keep it off the network, which this machine does not have anyway.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { type LocalStack, startLocalStack } from './stack';

/** Where end-to-end tests leave their screenshots (git-ignored). */
export const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'test-results');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What a person types into the introduction form in the Playground. */
export interface TypedIntroduction {
  fullName: string;
  postcode: string;
  phone: string;
  ageBand: string;
  organisation: string;
}

/**
 * Fills the introduction card the way a person would: field by field, the age band from its list,
 * consent and how it was given, no immediate risk, one theme. Returns the form, not yet sent.
 */
export async function fillIntroductionForm(page: Page, typed: TypedIntroduction): Promise<Locator> {
  const form = page
    .locator('.ac-adaptiveCard')
    .filter({ hasText: 'Introduce someone to Local Area Coordination' })
    .last();
  await form.waitFor({ state: 'visible', timeout: 20_000 });
  await form.getByLabel('Full name').fill(typed.fullName);
  await form.getByLabel('Postcode').fill(typed.postcode);
  await form.getByLabel('Their phone').fill(typed.phone);
  await form.getByPlaceholder('Choose an age band').click();
  await page.getByRole('option', { name: typed.ageBand }).click();
  await form.getByRole('checkbox', { name: /has agreed to be contacted/ }).check();
  await form.getByRole('radio', { name: 'In person' }).check();
  await form.getByRole('radio', { name: 'No', exact: true }).check();
  await form.getByRole('checkbox', { name: 'Feeling lonely or isolated' }).check();
  await form.getByLabel('Your organisation').fill(typed.organisation);
  return form;
}

export interface Playground {
  stack: LocalStack;
  page: Page;
  /** Closes the browser and stops the stack (whatever state a failed test left it in). */
  close(): Promise<void>;
}

/**
 * `npm start`'s stack (as `startLocalStack` takes it: Playground config, data to seed) and a
 * headless Chromium page to open its Playground in.
 */
export async function openPlayground(
  env: Record<string, string> = {},
  seed?: (dataDir: string) => Promise<void>,
  viewport = { width: 1280, height: 1000 },
): Promise<Playground> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const stack = await startLocalStack(env, seed);
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport });
    return {
      stack,
      page,
      close: async () => {
        await browser?.close();
        await stack.dispose();
      },
    };
  } catch (error) {
    await browser?.close();
    await stack.dispose();
    throw error;
  }
}

/**
 * Waits for something to show: up to 20 s, or longer where a reply is the first a freshly started
 * stack gives (its first turn compiles and warms every path it takes, and on a two-core CI machine
 * another test file's stack may be busy at the same moment).
 */
export const visible = (locator: Locator, timeout = 20_000) => locator.waitFor({ state: 'visible', timeout });

/** Types a message into the chat's compose box and sends it (cards have text boxes of their own). */
export async function say(page: Page, text: string): Promise<void> {
  await page.locator('[data-lexical-editor="true"]').last().click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}
