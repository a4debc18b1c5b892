/**
 * An introduction made on the council's website enters the same journey as one made in Teams,
 * through the real composition, adapter and local Cosmos DB (the pages themselves come next: this
 * drives the service they will call): routed to the coordinator of the person's patch and offered
 * in Teams, saying how it came; accepted; nothing sent back to the resident, who has no chat; the
 * monthly report counts it by its source. A second press of Send makes nothing new.
 */
import { randomUUID } from 'node:crypto';
import {
  activities,
  cardIn,
  greet,
  introduceAs,
  readerView,
  readIntroduction,
  startTestBot,
  type TestBot,
  users,
} from '../helpers/botHarness';
import { ANN_ON_THE_WEB } from '../helpers/fixtures';

let bot: TestBot;
let now = new Date('2026-11-23T10:00:00Z'); // a Monday
beforeAll(async () => {
  bot = await startTestBot({}, { clock: () => now });
  await greet(bot, users.tammy, users.priya, users.introducer);
});
afterAll(() => bot.stop());

const ann = ANN_ON_THE_WEB;

it('offers a self-introduction to the coordinator of her patch, saying how it came, and counts it by its source', async () => {
  const key = randomUUID();
  const before = bot.sent.length;
  const made = await bot.bot.introductionService.submitFromWeb(key, ann);
  if (made.outcome !== 'created') throw new Error(JSON.stringify(made));
  await bot.settled();
  const stored = await readIntroduction(bot, key);
  expect(stored).toMatchObject({
    source: 'web',
    status: 'offered',
    introducer: { web: 'self', aadObjectId: '' },
  });
  // Offered to Tammy in Teams; her own view says how it came.
  const offer = bot.sent.slice(before).find((a) => a.toConversation.includes(users.tammy.id) && cardIn(a));
  expect(offer).toBeDefined();
  expect(JSON.stringify(await readerView(bot, users.tammy, offer))).toContain(
    "Introduced themselves on the council's website",
  );
  // She accepts; nothing goes to the resident, who has no chat with the app.
  const sentBefore = bot.sent.length;
  await bot.send(activities.cardAction(users.tammy, 'acceptIntroduction', { id: key }));
  await bot.settled();
  expect((await readIntroduction(bot, key)).status).toBe('accepted');
  expect(bot.sent.slice(sentBefore).every((a) => !/Good news/.test(a.text ?? ''))).toBe(true);
  // The same form sent twice: the same introduction, nothing new.
  const again = await bot.bot.introductionService.submitFromWeb(key, ann);
  expect(again).toMatchObject({ outcome: 'created', reference: made.reference, repeated: true });
  // The month's report counts her among those who introduced themselves on the website.
  const report = await bot.send(activities.message(users.priya, 'monthly report this month'));
  const card = JSON.stringify(cardIn(report.sent.find((a) => cardIn(a))));
  expect(card).toContain('{"legend":"Themselves, on the council\'s website","value":1}');
});

it('takes only a UUID as the form’s key, and never gives back another record’s reference', async () => {
  await expect(bot.bot.introductionService.submitFromWeb('not-a-uuid', ann)).rejects.toThrow('UUID');
  const teams = await introduceAs(bot, users.introducer);
  expect(await bot.bot.introductionService.submitFromWeb(teams.id, ann)).toEqual({
    outcome: 'invalid',
    problems: {},
  });
});

it('stores nothing when someone is at immediate risk, and says what is missing otherwise', async () => {
  const risky = await bot.bot.introductionService.submitFromWeb(randomUUID(), {
    ...ann,
    immediateRisk: 'yes',
  });
  expect(risky).toEqual({ outcome: 'risk' });
  const missing = await bot.bot.introductionService.submitFromWeb(randomUUID(), {
    who: 'self',
    immediateRisk: 'no',
  });
  expect(missing).toMatchObject({
    outcome: 'invalid',
    problems: { fullName: 'missing', postcode: 'missing' },
  });
  now = new Date('2026-11-23T10:05:00Z');
});

it('tells a coordinator who would ask a website introducer a question to contact them directly, and queues nothing', async () => {
  const key = randomUUID();
  await bot.bot.introductionService.submitFromWeb(key, {
    ...ann,
    who: 'someone',
    fullName: 'Rose Byrne',
    introducerName: 'Bill Neighbour',
    introducerPhone: '07700 900222',
    agreed: 'yes',
  });
  await bot.settled();
  const asked = await bot.send(
    activities.cardAction(users.tammy, 'askIntroducer', { id: key, question: 'Are mornings best?' }),
  );
  expect(JSON.stringify(asked.body)).toContain('contact them directly (their details are in your view)');
  const stored = await readIntroduction(bot, key);
  expect(stored.events.some((e) => e.type === 'question-asked')).toBe(false);
  expect((stored.outbox ?? []).some((n) => n.purpose === 'question')).toBe(false);
});
