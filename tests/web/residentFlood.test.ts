/**
 * A flood of 1,000 posts from one address, by a script that reads every form's token (the worst
 * case: a flood without tokens is refused before anything is counted or stored): only what the
 * council's limits allow is stored, the rest is told to wait (429), and coordinators' and
 * introducers' presses in Teams keep being answered meanwhile. The figures are `npm run bench`'s.
 */
import { RESIDENT_LIMITS } from '../../src/domain/directory/directory';
import { activities, greet, introduceAs, startTestBot, type TestBot, users } from '../helpers/botHarness';
import { flood } from '../helpers/residentBrowser';

jest.setTimeout(180_000);

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot({}, { minimumJourneyMs: 0 });
  await greet(bot, users.tammy, users.introducer);
});
afterAll(() => bot.stop());

it('stores only what the limits allow from one address, and keeps answering Teams meanwhile', async () => {
  let flooding = true;
  const flooded = flood(bot.url, 1_000).finally(() => {
    flooding = false;
  });
  // Presses in Teams while the flood runs: each answered, in the words it always is.
  const answered: boolean[] = [];
  while (flooding) {
    const exchange = await bot.send(activities.message(users.tammy, 'my people'));
    answered.push(exchange.sent.length > 0);
  }
  const tally = await flooded;
  const made = await introduceAs(bot, users.introducer);
  expect(made.id).toBeDefined();

  const fromTheWeb = (
    await bot.bot.store
      .container('introductions')
      .items.query<number>('SELECT VALUE COUNT(1) FROM c WHERE c.source = "web"')
      .fetchAll()
  ).resources[0];
  const limits = RESIDENT_LIMITS;
  // Six posts an introduction: at most the address's hour of answers, and its day of introductions.
  expect(fromTheWeb).toBeGreaterThan(0);
  expect(fromTheWeb).toBeLessThanOrEqual(
    Math.min(limits.introductionsPerAddressPerDay, Math.floor(limits.answersPerAddressPerHour / 6)),
  );
  const total = Object.values(tally).reduce((a, b) => a + b, 0);
  expect(total).toBe(1_000);
  expect(tally[429] ?? 0).toBeGreaterThanOrEqual(1_000 - limits.answersPerAddressPerHour);
  expect(tally[500] ?? 0).toBe(0);
  expect(answered.length).toBeGreaterThan(0);
  expect(answered.every(Boolean)).toBe(true);
});
