/**
 * The open door's journey through the whole app (composition, local Cosmos DB, the adapter with the
 * stand-in connector), driven as a browser with JavaScript off would: a resident introduces
 * themselves, a neighbour and a community group introduce someone who agrees, in English and in
 * Welsh; each is offered to the coordinator of the patch in Teams; mistakes are shown with what was
 * typed; "yes, someone is at risk" keeps nothing; forms from elsewhere, too quick, too big or of the
 * wrong kind are refused; and the drafts between pages hold nothing readable.
 */
import fc from 'fast-check';
import {
  activities,
  cardIn,
  greet,
  readerView,
  startTestBot,
  type TestBot,
  users,
} from '../helpers/botHarness';
import { introduceMyself, ResidentBrowser } from '../helpers/residentBrowser';

jest.setTimeout(60_000);

let bot: TestBot;
let now = new Date('2026-11-23T10:00:00Z'); // a Monday
const later = (seconds: number) => {
  now = new Date(now.getTime() + seconds * 1000);
};
beforeAll(async () => {
  bot = await startTestBot({}, { clock: () => now });
  await greet(bot, users.tammy, users.priya);
});
afterAll(() => bot.stop());

const introductionsCount = async () =>
  (
    await bot.bot.store
      .container('introductions')
      .items.query<number>('SELECT VALUE COUNT(1) FROM c WHERE c.type = "introduction"')
      .fetchAll()
  ).resources[0] ?? 0;

/** Introductions counted against this address's day so far (the `sent:` counters but the service's). */
const sentCounted = async () =>
  (
    (await bot.bot.store.container('throttle').items.readAll().fetchAll()).resources as {
      id: string;
      count: number;
    }[]
  )
    .filter((c) => c.id.startsWith('sent:') && !c.id.startsWith('sent:service'))
    .reduce((sum, c) => sum + c.count, 0);

const drafts = async () =>
  (await bot.bot.store.container('drafts').items.readAll().fetchAll()).resources as Record<string, unknown>[];

it('takes a self-introduction from the start page to the confirmation, and offers it to the coordinator in Teams', async () => {
  const browser = new ResidentBrowser(bot.url);
  const start = await browser.get('/introduce');
  expect(start.html).toContain('href="/introduce/who"');
  const before = bot.sent.length;
  // The pages, one by one: a person takes more than the least time a journey may take.
  const sent = await introduceMyself(
    browser,
    '/introduce',
    {
      fullName: 'Ann Byrne',
      postcode: 'rm3 7ab',
      ageBand: '65-74',
      phone: '07700 900111',
      goodLife: 'Getting out to the lunch club again',
      themes: ['isolation', 'physical-health'],
    },
    () => later(60),
  );
  expect(sent).toMatchObject({ status: 303, location: '/introduce/sent' });
  // Between the pages the store held Ann's answers only sealed: no name, postcode or words.
  for (const draft of await drafts()) expect(JSON.stringify(draft)).not.toMatch(/Ann|Byrne|RM3|lunch/i);

  const confirmation = await browser.get('/introduce/sent');
  expect(confirmation.status).toBe(200);
  expect(confirmation.headers.get('cache-control')).toBe('no-store');
  const reference = /<strong>([^<]+)<\/strong>/.exec(confirmation.html)?.[1] ?? '';
  expect(reference).toMatch(/^LAC-/);
  expect(confirmation.html).toContain('Introduction sent');
  expect(confirmation.html).toContain('The coordinator will get in touch as soon as they can.');

  await bot.settled();
  const offer = bot.sent.slice(before).find((a) => a.toConversation.includes(users.tammy.id) && cardIn(a));
  expect(offer).toBeDefined();
  const view = JSON.stringify(await readerView(bot, users.tammy, offer));
  expect(view).toContain("Introduced themselves on the council's website");
  expect(view).toContain('Ann');

  // Refreshing the confirmation, or pressing Send again, makes nothing new.
  const count = await introductionsCount();
  // (A token this browser was given on any page: as if Send were pressed again from an old tab.)
  const again = await browser.post('/introduce/check', {}, (await browser.get('/introduce/who')).html);
  expect(again.location).toBe('/introduce/sent');
  expect(await introductionsCount()).toBe(count);
  // Once sent, the draft keeps the reference for the confirmation, not the answers.
  const page = await browser.get('/introduce/person');
  expect(page.location).toBe('/introduce/who');
});

it('shows each mistake with the question, keeps what was typed, and says nothing is sent until the end', async () => {
  const browser = new ResidentBrowser(bot.url);
  await browser.answer('/introduce/who', { who: 'someone' });
  await browser.answer('/introduce/risk', { immediateRisk: 'no' });
  const wrong = await browser.answer('/introduce/person', {
    fullName: '',
    postcode: 'XX1',
    ageBand: 'under-16',
  });
  expect(wrong.status).toBe(400);
  expect(wrong.html).toContain('<title>Error: About the person');
  expect(wrong.html).toContain('There is a problem');
  expect(wrong.html).toContain('href="#fullName">Enter their full name</a>');
  expect(wrong.html).toContain('href="#postcode">Enter a real UK postcode, like RM3 7AB</a>');
  expect(wrong.html).toContain('works with people aged 16 and over');
  // What was typed is kept, escaped.
  expect(wrong.html).toContain('value="XX1"');
  const count = await introductionsCount();
  // The neighbour's own page asks for the person's agreement: without it, nothing can be sent.
  await browser.answer('/introduce/person', {
    fullName: 'Bill <b>Jones</b>',
    postcode: 'RM3 7AB',
    ageBand: '75-84',
  });
  await browser.answer('/introduce/contact', { phone: '', contactPreference: 'introducer' });
  await browser.answer('/introduce/matters', { goodLife: '' });
  const noAgreement = await browser.answer('/introduce/introducer', {
    introducerName: 'Carol Neighbour',
    introducerPhone: '07700 900222',
  });
  expect(noAgreement.status).toBe(400);
  expect(noAgreement.html).toContain('knows about and agrees to');
  expect((await browser.get('/introduce/check')).location).toBe('/introduce/introducer');
  const agreed = await browser.answer('/introduce/introducer', {
    introducerName: 'Carol Neighbour',
    introducerPhone: '07700 900222',
    agreed: 'yes',
  });
  expect(agreed.location).toBe('/introduce/check');
  const check = await browser.get('/introduce/check');
  expect(check.html).toContain('Bill &lt;b&gt;Jones&lt;/b&gt;');
  expect(check.html).toContain('Through me');
  expect(check.html).toContain('href="/introduce/person?change=1#fullName"');
  expect(await introductionsCount()).toBe(count);
  // Changing an answer comes back to check your answers.
  const changed = await browser.answer('/introduce/person?change=1', {
    fullName: 'Bill Jones',
    postcode: 'RM3 7AB',
    ageBand: '75-84',
  });
  expect(changed.location).toBe('/introduce/check');
});

it('keeps nothing when someone is at immediate risk, and gives 999 and the council’s numbers at once', async () => {
  const browser = new ResidentBrowser(bot.url);
  await browser.answer('/introduce/who', { who: 'self' });
  const draftsBefore = (await drafts()).length;
  const risk = await browser.answer('/introduce/risk', { immediateRisk: 'yes' });
  expect(risk.location).toBe('/introduce/urgent');
  expect((await drafts()).length).toBe(draftsBefore - 1);
  const urgent = await browser.get('/introduce/urgent');
  expect(urgent.html).toContain('call 999 now');
  expect(urgent.html).toContain('01632 960001');
  expect(urgent.html).toContain('Nothing you told us on these pages has been kept.');
});

it('takes a community group’s introduction and names the group on the coordinator’s offer', async () => {
  const browser = new ResidentBrowser(bot.url);
  const before = bot.sent.length;
  for (const [step, fields] of [
    ['who', { who: 'group' }],
    ['risk', { immediateRisk: 'no' }],
    ['person', { fullName: 'Dora Evans', postcode: 'RM3 7AB', ageBand: '55-64' }],
    ['contact', { phone: '07700 900333', contactPreference: 'text' }],
    ['matters', { goodLife: 'A warm place to be in the day', themes: 'money' }],
    [
      'introducer',
      {
        groupName: 'Hillside Food Bank',
        introducerName: 'Eve Volunteer',
        introducerEmail: 'eve@hillside.example',
        agreed: 'yes',
      },
    ],
  ] as const)
    expect((await browser.answer(`/introduce/${step}`, fields)).status).toBe(303);
  later(60);
  const check = await browser.get('/introduce/check');
  expect(check.html).toContain('Hillside Food Bank');
  expect((await browser.post('/introduce/check', {}, check.html)).location).toBe('/introduce/sent');
  await bot.settled();
  const offer = bot.sent.slice(before).find((a) => a.toConversation.includes(users.tammy.id) && cardIn(a));
  expect(JSON.stringify(await readerView(bot, users.tammy, offer))).toContain('Hillside Food Bank');
  const report = await bot.send(activities.message(users.priya, 'monthly report this month'));
  const card = JSON.stringify(cardIn(report.sent.find((a) => cardIn(a))));
  expect(card).toContain('Themselves, on the council');
  expect(card).toMatch(/community group/i);
});

it('runs the whole journey in Welsh, with lang="cy" and Welsh words on every page', async () => {
  const browser = new ResidentBrowser(bot.url);
  const who = await browser.get('/cy/introduce/who');
  expect(who.html).toMatch(/<html lang="cy"/);
  expect(who.html).toContain('Am bwy mae&#39;r cyflwyniad hwn?');
  expect(who.html).toContain('href="/introduce/who"');
  const wrong = await browser.post('/cy/introduce/who', {}, who.html);
  expect(wrong.html).toContain('Mae problem wedi codi');
  // None of GOV.UK Frontend's own English words left on a Welsh page.
  for (const html of [who.html, wrong.html])
    expect(html).not.toMatch(/>\s*(Menu|Back|Change|Error|Warning|There is a problem)\s*</);
  expect(who.html).not.toContain('"Service information"');
  expect(who.html).toContain('aria-label="Gwybodaeth am y gwasanaeth"');
  expect(wrong.html).toContain('<span class="govuk-visually-hidden">Gwall:</span>');
  const made = await introduceMyself(
    browser,
    '/cy/introduce',
    { fullName: 'Gwen Hughes', postcode: 'RM3 7AB', ageBand: '35-44', phone: '07700 900444' },
    () => later(60),
  );
  expect(made.location).toBe('/cy/introduce/sent');
  const sent = await browser.get('/cy/introduce/sent');
  expect(sent.html).toContain('Cyflwyniad wedi&#39;i anfon');
  expect(sent.html).toContain('Gallwch ffonio 01632 960000.');
});

it('refuses a form from elsewhere, a filled trap, a script’s pace, and bodies of the wrong kind or size', async () => {
  const count = await introductionsCount();
  const browser = new ResidentBrowser(bot.url);
  const who = await browser.get('/introduce/who');
  // No token, or another browser's cookie: the form is not this browser's.
  expect((await browser.post('/introduce/who', { who: 'self' })).status).toBe(400);
  const other = new ResidentBrowser(bot.url);
  await other.get('/introduce/who');
  other.cookie = `lac-form=${'x'.repeat(32)}`;
  expect((await other.post('/introduce/who', { who: 'self' }, who.html)).status).toBe(400);
  // The trap filled in.
  const trapped = await fetch(`${bot.url}/introduce/who`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.cookie ?? '' },
    body: `csrf=${encodeURIComponent(/name="csrf" value="([^"]+)"/.exec(who.html)?.[1] ?? '')}&who=self&lac_leave_empty=http://spam.example`,
  });
  expect(trapped.status).toBe(400);
  // Not a form, or too big.
  const json = await fetch(`${bot.url}/introduce/who`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"who":"self"}',
  });
  expect(json.status).toBe(415);
  const big = await fetch(`${bot.url}/introduce/who`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `who=${'a'.repeat(40_000)}`,
  });
  expect(big.status).toBe(413);
  // Every page, answered at once: the send is refused until a person's time has passed.
  const quick = new ResidentBrowser(bot.url);
  for (const [step, fields] of [
    ['who', { who: 'self' }],
    ['risk', { immediateRisk: 'no' }],
    ['person', { fullName: 'Quick Script', postcode: 'RM3 7AB', ageBand: '25-34' }],
    ['contact', { phone: '07700 900555' }],
    ['matters', {}],
  ] as const)
    await quick.answer(`/introduce/${step}`, fields);
  const check = await quick.get('/introduce/check');
  const sentBefore = await sentCounted();
  const tooSoon = await quick.post('/introduce/check', {}, check.html);
  expect(tooSoon.status).toBe(400);
  expect(tooSoon.html).toContain('press Send introduction again');
  expect(await introductionsCount()).toBe(count);
  later(30);
  expect((await quick.post('/introduce/check', {}, tooSoon.html)).location).toBe('/introduce/sent');
  expect(await introductionsCount()).toBe(count + 1);
  // Pressed again: the same confirmation, and nothing more counted against the address's day.
  expect((await quick.post('/introduce/check', {}, tooSoon.html)).location).toBe('/introduce/sent');
  // Counted against the address's day once, for the one really sent.
  expect(await sentCounted()).toBe(sentBefore + 1);
});

it('never fails, whatever a script posts to any question page with a real token', async () => {
  const browser = new ResidentBrowser(bot.url);
  const form = (await browser.get('/introduce/who')).html;
  const token = /name="csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
  const hostile = fc.oneof(
    fc.string({ maxLength: 50 }),
    fc.string({ minLength: 2_000, maxLength: 3_000 }),
    fc.constantFrom(
      '\u0000\u0007\u001b[31m',
      '__proto__',
      'constructor',
      '{"a":1}',
      'yes',
      'self',
      'RM3 7AB',
    ),
  );
  const field = fc.constantFrom(
    'who',
    'immediateRisk',
    'fullName',
    'postcode',
    'noFixedAddress',
    'ageBand',
    'phone',
    'email',
    'contactPreference',
    'themes',
    'goodLife',
    'agreed',
    'groupName',
    '__proto__',
    'constructor',
    'csrf',
  );
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('who', 'risk', 'person', 'contact', 'matters', 'introducer', 'check'),
      fc.array(fc.tuple(field, hostile), { maxLength: 8 }),
      async (step, pairs) => {
        const body = new URLSearchParams([['csrf', token], ...pairs]);
        const response = await fetch(`${bot.url}/introduce/${step}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.cookie ?? '' },
          body: body.toString(),
        });
        await response.text();
        expect([303, 400, 413, 429]).toContain(response.status);
      },
    ),
    { numRuns: 40 },
  );
  // Still answering.
  expect((await browser.get('/introduce')).status).toBe(200);
});

it('logs the client’s hash, never its address, a name or an answer', async () => {
  const lines = bot.logs.filter((line) => String(line.msg).startsWith('residents page'));
  expect(lines.length).toBeGreaterThan(0);
  expect(JSON.stringify(lines)).not.toMatch(/127\.0\.0\.1|::1/);
  expect(JSON.stringify(bot.logs)).not.toMatch(/Ann Byrne|Dora Evans|Gwen Hughes|Quick Script|lunch club/);
});
