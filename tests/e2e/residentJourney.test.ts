/**
 * The open door end to end, in Chromium, as people would use it: a resident introduces themselves
 * (JavaScript on, then off), a community group introduces someone on the Welsh pages, and someone
 * goes from start to confirmation with the keyboard alone. Each introduction reaches the coordinator
 * of the patch in Teams (the real app, with the stand-in Bot Connector), who accepts it, and the
 * monthly report counts it by how it came. axe (WCAG 2.x A and AA) runs on every page state in
 * English and Welsh (start, each question, each error, check your answers, sent, immediate risk,
 * over the limit): zero violations; at 320 CSS pixels nothing scrolls sideways; nothing loads from
 * another site. Screenshots go to test-results/ for docs/resident-web.md.
 */
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CATALOGUES, type Language } from '../../src/web/residents/messages';
import {
  activities,
  cardIn,
  greet,
  readerView,
  startTestBot,
  type TestBot,
  users,
} from '../helpers/botHarness';
import { launchBrowser, SCREENSHOTS } from '../helpers/browser';

jest.setTimeout(180_000);

let bot: TestBot;
let browser: Browser;
beforeAll(async () => {
  // A person's pace is tested in tests/web/residentJourney.test.ts; here Chromium goes at its own.
  bot = await startTestBot({}, { minimumJourneyMs: 0 });
  await greet(bot, users.tammy, users.priya);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await bot?.stop();
});

const t = (lang: Language, key: string) => CATALOGUES[lang][key] ?? key;

/** Pages checked by axe, by name (reported in the closing note). */
const checked: string[] = [];

async function open(
  javaScriptEnabled: boolean,
): Promise<{ context: BrowserContext; page: Page; elsewhere: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 320, height: 900 } });
  const page = await context.newPage();
  const elsewhere: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(bot.url)) elsewhere.push(r.url());
  });
  return { context, page, elsewhere };
}

/** axe finds nothing, nothing scrolls sideways at 320 pixels; a screenshot for the docs. */
async function clean(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(results.passes.length).toBeGreaterThan(5);
  expect([
    name,
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ]).toEqual([name, []]);
  const sideways = await page.evaluate(() => {
    const root = (
      globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
    ).document.documentElement;
    return root.scrollWidth > root.clientWidth;
  });
  expect([name, sideways]).toEqual([name, false]);
  checked.push(name);
  await page.screenshot({ path: path.join(SCREENSHOTS, `resident-journey-${name}-320.png`), fullPage: true });
}

interface Walk {
  lang: Language;
  who: 'self' | 'group';
  fullName: string;
  /** Run axe on each page and on each page's errors. */
  axe: boolean;
}

/** From the start page to the confirmation, by the pages' own labels; the reference. */
async function walk(page: Page, walk: Walk): Promise<string> {
  const { lang } = walk;
  const about = walk.who === 'self' ? 'self' : 'other';
  const root = lang === 'cy' ? '/cy/introduce' : '/introduce';
  const step = async (name: string, answer: () => Promise<void>, showErrors = false) => {
    if (walk.axe) await clean(page, `${lang}-${name}`);
    if (showErrors) {
      await page.getByRole('button', { name: t(lang, 'common.continue') }).click();
      await page.getByText(t(lang, 'common.errorTitle')).waitFor();
      if (walk.axe) await clean(page, `${lang}-${name}-errors`);
    }
    await answer();
    await page.getByRole('button', { name: t(lang, 'common.continue') }).click();
  };
  await page.goto(`${bot.url}${root}`);
  if (walk.axe) await clean(page, `${lang}-start`);
  await page.getByRole('button', { name: t(lang, 'start.startButton') }).click();
  await step('who', () => page.getByLabel(t(lang, `who.${walk.who}`), { exact: true }).check(), true);
  await step('risk', () => page.getByLabel(t(lang, 'common.no'), { exact: true }).check(), true);
  await step(
    'person',
    async () => {
      await page.getByLabel(t(lang, `person.fullName.${about}`), { exact: true }).fill(walk.fullName);
      await page.getByLabel(t(lang, `person.postcode.${about}`), { exact: true }).fill('RM3 7AB');
      await page.getByLabel(t(lang, 'ageBand.65-74'), { exact: true }).check();
    },
    true,
  );
  await step(
    'contact',
    async () => {
      await page.getByLabel(t(lang, 'contact.phone'), { exact: true }).fill('07700 900111');
      await page.getByLabel(t(lang, 'contactWay.phone'), { exact: true }).check();
    },
    true,
  );
  await step('matters', async () => {
    await page
      .getByLabel(t(lang, `matters.goodLife.${about}`), { exact: true })
      .fill('Company, and the allotment again');
    await page.getByLabel(t(lang, 'theme.isolation'), { exact: true }).check();
  });
  if (walk.who !== 'self')
    await step(
      'introducer',
      async () => {
        await page.getByLabel(t(lang, 'introducer.groupName'), { exact: true }).fill('Hillside Food Bank');
        await page.getByLabel(t(lang, 'introducer.name'), { exact: true }).fill('Eve Volunteer');
        await page.getByLabel(t(lang, 'introducer.phone'), { exact: true }).fill('07700 900222');
        await page.getByLabel(t(lang, 'introducer.agreed'), { exact: true }).check();
      },
      true,
    );
  await page.getByRole('heading', { name: t(lang, 'check.title') }).waitFor();
  if (walk.axe) await clean(page, `${lang}-check`);
  await page.getByRole('button', { name: t(lang, 'check.send') }).click();
  await page.getByRole('heading', { name: t(lang, 'sent.title') }).waitFor();
  if (walk.axe) await clean(page, `${lang}-sent`);
  return (await page.locator('.govuk-panel strong').textContent())?.trim() ?? '';
}

/** The coordinator of the patch was offered it in Teams, with how it came; she accepts it. */
async function offeredAndAccepted(reference: string, came: string): Promise<void> {
  await bot.settled();
  const stored = (
    await bot.bot.store
      .container('introductions')
      .items.query<{ id: string; status: string }>({
        query: 'SELECT c.id, c.status FROM c WHERE c.reference = @r',
        parameters: [{ name: '@r', value: reference }],
      })
      .fetchAll()
  ).resources[0];
  expect(stored?.status).toBe('offered');
  const offer = bot.sent.find(
    (a) =>
      a.toConversation.includes(users.tammy.id) &&
      JSON.stringify(cardIn(a) ?? {}).includes(stored?.id ?? '-'),
  );
  expect(JSON.stringify(await readerView(bot, users.tammy, offer))).toContain(came);
  await bot.send(activities.cardAction(users.tammy, 'acceptIntroduction', { id: stored?.id }));
  await bot.settled();
}

it('takes a self-introduction in English with JavaScript on: every page state passes axe; Teams offers it; accepted', async () => {
  const { context, page, elsewhere } = await open(true);
  try {
    const reference = await walk(page, { lang: 'en', who: 'self', fullName: 'Ann Byrne', axe: true });
    expect(reference).toMatch(/^LAC-/);
    expect(elsewhere).toEqual([]);
    await offeredAndAccepted(reference, "Introduced themselves on the council's website");
  } finally {
    await context.close();
  }
});

it('takes the same with JavaScript off: the server does every page', async () => {
  const { context, page, elsewhere } = await open(false);
  try {
    const reference = await walk(page, { lang: 'en', who: 'self', fullName: 'Frank Oyelaran', axe: false });
    expect(reference).toMatch(/^LAC-/);
    expect(elsewhere).toEqual([]);
    await offeredAndAccepted(reference, "Introduced themselves on the council's website");
  } finally {
    await context.close();
  }
});

it('takes a community group’s introduction on the Welsh pages: every state passes axe; Teams names the group', async () => {
  const { context, page } = await open(true);
  try {
    const reference = await walk(page, { lang: 'cy', who: 'group', fullName: 'Gwen Hughes', axe: true });
    await offeredAndAccepted(reference, 'Hillside Food Bank');
  } finally {
    await context.close();
  }
  // The month's report counts them by how they came.
  const report = await bot.send(activities.message(users.priya, 'monthly report this month'));
  const card = JSON.stringify(cardIn(report.sent.find((a) => cardIn(a))));
  expect(card).toContain('{"legend":"Themselves, on the council\'s website","value":2}');
  expect(card).toMatch(/community group[^"]*","value":1/i);
});

it('goes from start to confirmation with the keyboard alone', async () => {
  const { context, page } = await open(true);
  /** Tab until the focus is on what `matches` says (the id, or a button's words). */
  const tabTo = async (matches: string) => {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const here = await page.evaluate(() => {
        const active = (
          globalThis as unknown as {
            document: { activeElement: { id?: string; textContent?: string } | null };
          }
        ).document.activeElement;
        return [active?.id ?? '', active?.textContent?.trim() ?? ''];
      });
      if (here.includes(matches)) return;
    }
    throw new Error(`the keyboard never reached ${matches}`);
  };
  try {
    await page.goto(`${bot.url}/introduce`);
    await tabTo('Start now');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: t('en', 'who.title') }).waitFor();
    await tabTo('who');
    await page.keyboard.press('Space');
    await tabTo('Continue');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: t('en', 'risk.title') }).waitFor();
    await tabTo('immediateRisk');
    await page.keyboard.press('ArrowDown'); // "No"
    await tabTo('Continue');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: t('en', 'person.title.self') }).waitFor();
    await tabTo('fullName');
    await page.keyboard.type('Kim Tabbing');
    await tabTo('postcode');
    await page.keyboard.type('RM3 7AB');
    await tabTo('ageBand');
    await page.keyboard.press('Space');
    await tabTo('Continue');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: t('en', 'contact.title.self') }).waitFor();
    await tabTo('phone');
    await page.keyboard.type('07700 900666');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: t('en', 'matters.title.self') }).waitFor();
    await tabTo('Continue');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: t('en', 'check.title') }).waitFor();
    await tabTo('Send introduction');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: t('en', 'sent.title') }).waitFor();
  } finally {
    await context.close();
  }
});

it('passes axe on the pages that stop a journey, in English and Welsh: immediate risk and over the limit', async () => {
  for (const lang of ['en', 'cy'] as const) {
    const { context, page } = await open(true);
    const root = lang === 'cy' ? '/cy/introduce' : '/introduce';
    try {
      await page.goto(`${bot.url}${root}/who`);
      await page.getByLabel(t(lang, 'who.self'), { exact: true }).check();
      await page.getByRole('button', { name: t(lang, 'common.continue') }).click();
      await page.getByLabel(t(lang, 'common.yes'), { exact: true }).check();
      await page.getByRole('button', { name: t(lang, 'common.continue') }).click();
      await page.getByRole('heading', { name: t(lang, 'urgent.title') }).waitFor();
      await clean(page, `${lang}-urgent`);
    } finally {
      await context.close();
    }
  }
  // Over the limit: this address's answers for the hour used up (by a script with a real token).
  const cookie = await fetch(`${bot.url}/introduce/who`);
  const token = /name="csrf" value="([^"]+)"/.exec(await cookie.text())?.[1] ?? '';
  const jar = (cookie.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  let status = 303;
  for (let i = 0; i < 200 && status !== 429; i++)
    status = (
      await fetch(`${bot.url}/introduce/who`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar },
        body: `csrf=${encodeURIComponent(token)}&who=self`,
      })
    ).status;
  expect(status).toBe(429);
  for (const lang of ['en', 'cy'] as const) {
    const { context, page } = await open(true);
    try {
      await page.goto(`${bot.url}${lang === 'cy' ? '/cy' : ''}/introduce/who`);
      await page.getByLabel(t(lang, 'who.self'), { exact: true }).check();
      await page.getByRole('button', { name: t(lang, 'common.continue') }).click();
      await page.getByRole('heading', { name: t(lang, 'stopped.limited.title') }).waitFor();
      expect(await page.content()).toContain('01632 960000');
      await clean(page, `${lang}-limited`);
    } finally {
      await context.close();
    }
  }
  console.log(`axe: ${checked.length} page states, 0 violations: ${checked.join(', ')}`);
});
