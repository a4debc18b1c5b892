/**
 * The audit trail says who saw which introduction and when (hardening 6 and 9), through the real
 * adapter: lists write a `listed` entry for each introduction they show, every answer that shows an
 * introduction to someone allowed writes `viewed`, a refusal writes `denied`, and an audit write
 * that fails is logged for operators, never dropped in silence.
 */
import type { AuditEntry } from '../../src/storage/records/auditRepository';
import {
  activities,
  auditTrail,
  greet,
  introduceAs,
  readIntroduction,
  startTestBot,
  type TestBot,
  users,
} from '../helpers/botHarness';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot({}, { clock: () => new Date('2026-11-23T10:42:00Z') });
  await greet(bot, users.tammy, users.priya, users.introducer);
});
afterAll(() => bot.stop());

const trail = (id: string) => auditTrail(bot, id);
const entriesOf = (entries: AuditEntry[], action: AuditEntry['action'], actorId: string) =>
  entries.filter((e) => e.action === action && e.actorId === actorId);

it('records who was shown each introduction in "my people", "team queue" and "my introductions"', async () => {
  const one = await introduceAs(bot, users.introducer);
  const two = await introduceAs(bot, users.introducer, { fullName: 'Second Person' });
  await bot.send(activities.message(users.tammy, 'my people'));
  await bot.send(activities.message(users.priya, 'team queue'));
  await bot.send(activities.message(users.introducer, 'my introductions'));
  for (const introduction of [one, two]) {
    const entries = await trail(introduction.id);
    expect(entriesOf(entries, 'listed', users.tammy.aadObjectId).map((e) => e.detail)).toEqual(['my people']);
    expect(entriesOf(entries, 'listed', users.priya.aadObjectId).map((e) => e.detail)).toEqual([
      'team queue',
    ]);
    expect(entriesOf(entries, 'listed', users.introducer.aadObjectId).map((e) => e.detail)).toEqual([
      'my introductions',
    ]);
  }
});

it('records a view whenever an action’s answer shows the introduction, as well as the change', async () => {
  const introduction = await introduceAs(bot, users.introducer);
  await bot.send(activities.cardAction(users.tammy, 'acceptIntroduction', { id: introduction.id }));
  const entries = await trail(introduction.id);
  expect(entriesOf(entries, 'changed', users.tammy.aadObjectId)).toHaveLength(1);
  expect(entriesOf(entries, 'viewed', users.tammy.aadObjectId)).toHaveLength(1);
});

it('logs an audit write that fails after a reply is stored, and still tells the introducer', async () => {
  const introduction = await introduceAs(bot, users.introducer);
  await bot.send(
    activities.cardAction(users.tammy, 'askIntroducer', { id: introduction.id, question: 'Mornings?' }),
  );
  await bot.settled();
  const questionId = (await readIntroduction(bot, introduction.id)).events.find(
    (e) => e.type === 'question-asked',
  )?.questionId;
  // The audit store goes away (here: its container is deleted) just before the reply.
  await bot.bot.store.container('audit').delete();
  const replied = await bot.send(
    activities.cardAction(users.introducer, 'replyToQuestion', {
      introductionId: introduction.id,
      questionId,
      reply: 'Yes',
    }),
  );
  expect(JSON.stringify(replied.body)).toContain('Your reply is saved');
  expect(bot.logs.filter((l) => l.msg === 'audit entry not written')).toEqual([
    expect.objectContaining({ introductionId: introduction.id, action: 'changed', level: 'error' }),
  ]);
});

it('records consent withdrawn while the audit store is still failing, and says so truly', async () => {
  // Runs after the test above, which took the audit store away.
  const introduction = await introduceAs(bot, users.introducer);
  const before = bot.logs.filter((l) => l.msg === 'audit entry not written').length;
  const withdrawn = await bot.send(
    activities.cardAction(users.introducer, 'withdrawConsent', {
      id: introduction.id,
      withdrawNote: 'Asked us to stop',
    }),
  );
  expect(JSON.stringify(withdrawn.body)).not.toContain('nothing was changed');
  expect(JSON.stringify(withdrawn.body)).toContain('the person withdrew their consent');
  expect((await readIntroduction(bot, introduction.id)).status).toBe('consent-withdrawn');
  expect(bot.logs.filter((l) => l.msg === 'audit entry not written').length).toBeGreaterThan(before);
});
