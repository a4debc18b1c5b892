/**
 * Offers nobody accepts are not left to sit unseen: through the real adapter, with a clock the test
 * moves, the coordinator is reminded after two working days (not over the weekend), then the
 * triage team is told; and with two schedulers, only the one holding the lease looks.
 */
import type { Introduction } from '../../src/domain/introductions/introduction';
import { createLogger } from '../../src/logger';
import { NudgeScheduler } from '../../src/services/outbox/nudgeScheduler';
import { CosmosIntroductionRepository } from '../../src/storage/introductions/introductionRepository';
import { CosmosLeaseRepository } from '../../src/storage/leaseRepository';
import {
  activities,
  cardIn,
  cardText,
  introduceAs,
  readerView,
  readIntroduction,
  startTestBot,
  type TestBot,
  users,
} from '../helpers/botHarness';

// Thursday 19 November 2026, 16:00 in London (GMT).
let now = new Date('2026-11-19T16:00:00Z');
let bot: TestBot;

beforeAll(async () => {
  bot = await startTestBot({}, { clock: () => now });
  for (const user of [users.tammy, users.priya, users.introducer]) {
    await bot.send(activities.message(user, 'hello'));
  }
});
afterAll(async () => {
  await bot.stop();
});

it('reminds the coordinator after two working days, skipping the weekend, then tells the triage team', async () => {
  const { id: key } = await introduceAs(bot, users.introducer);
  expect((await read(key)).events.at(-1)?.type).toBe('offer-delivered');

  const look = async (at: string) => {
    now = new Date(at);
    const run = await bot.bot.nudges.runOnce();
    await bot.settled();
    return run;
  };
  // Saturday, and Monday a minute early: nothing yet.
  expect(await look('2026-11-21T16:00:00Z')).toEqual({ ran: true, reminded: 0, raised: 0 });
  expect(await look('2026-11-23T15:59:00Z')).toMatchObject({ reminded: 0 });

  const before = bot.sent.length;
  expect(await look('2026-11-23T16:01:00Z')).toMatchObject({ reminded: 1, raised: 0 });
  const reminder = bot.sent.slice(before).find((a) => a.toConversation === `a:personal-${users.tammy.id}`);
  expect(cardText(cardIn(reminder))).toContain('Reminder: an introduction is waiting for you');
  expect(cardText(cardIn(reminder))).toContain('Offered to you on 19 Nov 2026 and not accepted yet.');
  expect((await read(key)).events.find((e) => e.type === 'reminder-sent')?.note).toBe(
    'Not accepted after 2 working days: reminded Tammy Hughes.',
  );
  // Looking again changes nothing: one reminder.
  expect(await look('2026-11-24T09:00:00Z')).toMatchObject({ reminded: 0, raised: 0 });

  const raisedAt = bot.sent.length;
  expect(await look('2026-11-25T16:02:00Z')).toMatchObject({ reminded: 0, raised: 1 });
  const toTriage = bot.sent.slice(raisedAt).find((a) => a.toConversation === `a:personal-${users.priya.id}`);
  expect(cardText(cardIn(toTriage))).toContain('Not accepted in time. Please assign it');
  // The words, with the working days, are in the triage manager's own view.
  const view = await bot.send(
    activities.refresh(
      users.priya,
      cardIn(toTriage) as Record<string, unknown>,
      'personal',
      toTriage?.givenId,
    ),
  );
  expect(cardText((view.body as { value: unknown }).value)).toContain(
    'Still not accepted 2 working days after the reminder',
  );
  expect(cardText(cardIn(toTriage))).not.toContain('Jones');
  const stored = await read(key);
  expect(stored.status).toBe('offered');
  const queue = await bot.send(activities.message(users.priya, 'team queue'));
  expect(cardText(await readerView(bot, users.priya, queue.sent[0]))).toContain(
    'not accepted in 4 working days',
  );
  expect(await look('2026-12-10T10:00:00Z')).toMatchObject({ reminded: 0, raised: 0 });
});

it('lets one instance at a time look, through a lease in Cosmos DB', async () => {
  const introductions = new CosmosIntroductionRepository(bot.bot.store.container('introductions'));
  const leases = new CosmosLeaseRepository(bot.bot.store.container('leases'));
  const quiet = createLogger('silent');
  const at = new Date('2026-12-01T10:00:00Z');
  const first = new NudgeScheduler(introductions, leases, quiet, {
    instanceId: 'one',
    everyMs: 0,
    clock: () => at,
  });
  const second = new NudgeScheduler(introductions, leases, quiet, {
    instanceId: 'two',
    everyMs: 0,
    clock: () => at,
  });
  // The bot's own scheduler held the lease a moment ago (its clock is earlier): give it up.
  await bot.bot.nudges.stop();
  expect((await first.runOnce()).ran).toBe(true);
  expect((await second.runOnce()).ran).toBe(false);
  expect((await first.runOnce()).ran).toBe(true);
  // The holder stops: the other takes over at once.
  await first.stop();
  expect((await second.runOnce()).ran).toBe(true);
  expect((await first.runOnce()).ran).toBe(false);
});

function read(id: string): Promise<Introduction> {
  return readIntroduction(bot, id);
}
