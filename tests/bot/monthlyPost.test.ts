/**
 * The monthly post with two instances of the bot, through the real adapter, on one Cosmos DB: on
 * November's first working day both look at once, and October's report reaches the triage channel
 * once.
 */
import { type LocalCosmos, startLocalCosmos } from '../../src/storage/localCosmos';
import { activities, cardIn, cardText, startTestBot, type TestBot, users } from '../helpers/botHarness';
import { RECORDS, storedIntroduction } from '../helpers/reportFixture';

let cosmos: LocalCosmos;
let a: TestBot;
let b: TestBot;
const clock = () => new Date('2026-11-02T08:30:00Z'); // Monday 2 November, 08:30

beforeAll(async () => {
  cosmos = await startLocalCosmos();
  a = await startTestBot({}, { sharedLocalCosmos: cosmos, instanceId: 'a', clock });
  b = await startTestBot({}, { sharedLocalCosmos: cosmos, instanceId: 'b', clock });
  for (const record of RECORDS)
    await a.bot.store.container('introductions').items.create(storedIntroduction(record));
  await a.send(activities.botAdded(users.priya, 'channel'));
  await a.send(activities.message(users.priya, 'use this channel for triage', 'channel'));
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
  await cosmos?.stop();
});

it("posts October's report in the triage channel once, with two instances looking at once", async () => {
  const [beforeA, beforeB] = [a.sent.length, b.sent.length];
  const runs = await Promise.all([a.bot.monthlyReports.runOnce(), b.bot.monthlyReports.runOnce()]);
  await Promise.all([a.bot.monthlyReports.runOnce(), b.bot.monthlyReports.runOnce()]);
  expect(runs.filter((r) => r.posted)).toHaveLength(1);
  const posts = [...a.sent.slice(beforeA), ...b.sent.slice(beforeB)].filter(
    (s) => s.toConversation.startsWith('19:triage@thread.tacv2') && cardIn(s),
  );
  expect(posts).toHaveLength(1);
  expect(cardText(cardIn(posts[0]))).toContain('Monthly report: October 2026');
});
