/**
 * Every card action is idempotent (hardening 10): each rendering of a card carries its own action
 * id, so a double click or a Teams retry of the same press changes nothing the second time, while
 * two different presses (two renderings) are two actions. Through the real adapter.
 */
import {
  activities,
  cardIn,
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

/** The action id a card rendering carries (every action on it sends the same one). */
function actionIdIn(card: unknown): string {
  const found = /"actionId":"([0-9a-f-]{36})"/.exec(JSON.stringify(card))?.[1];
  if (!found) throw new Error('no action id on the card');
  return found;
}
const answerOf = (exchange: { body: unknown }) => (exchange.body as { value: unknown }).value;

it('records progress and its outcomes once when the same press arrives twice', async () => {
  const introduction = await introduceAs(bot, users.introducer);
  const id = introduction.id;
  const view = await bot.send(activities.cardAction(users.tammy, 'showIntroduction', { id }));
  await bot.send(
    activities.cardAction(users.tammy, 'acceptIntroduction', { id, actionId: actionIdIn(answerOf(view)) }),
  );
  const timeline = await bot.send(activities.cardAction(users.tammy, 'openIntroduction', { id }));
  const press = {
    id,
    actionId: actionIdIn(answerOf(timeline)),
    progress: 'walking-alongside',
    outcomes: 'tenancy-kept',
  };
  const first = await bot.send(activities.cardAction(users.tammy, 'recordProgress', press));
  const again = await bot.send(activities.cardAction(users.tammy, 'recordProgress', press));
  expect(JSON.stringify(first.body)).toContain('Recorded for');
  expect(JSON.stringify(again.body)).toContain('Done already');
  const stored = await readIntroduction(bot, id);
  expect(stored.outcomes?.map((o) => o.outcome)).toEqual(['tenancy-kept']);
  expect(
    stored.events.filter((e) => e.type === 'status-changed' && e.to === 'walking-alongside'),
  ).toHaveLength(1);

  // A new rendering is a new press: recording the same outcome again is the coordinator's choice.
  const later = await bot.send(activities.cardAction(users.tammy, 'openIntroduction', { id }));
  await bot.send(
    activities.cardAction(users.tammy, 'recordProgress', { ...press, actionId: actionIdIn(answerOf(later)) }),
  );
  expect((await readIntroduction(bot, id)).outcomes).toHaveLength(2);
});

it('handles two different presses on the same card, and one outcome given twice in a press once', async () => {
  const introduction = await introduceAs(bot, users.introducer);
  const id = introduction.id;
  const view = await bot.send(activities.cardAction(users.tammy, 'showIntroduction', { id }));
  const card = actionIdIn(answerOf(view));
  // "Ask", then "Accept" on the same rendering: two presses, both handled.
  await bot.send(
    activities.cardAction(users.tammy, 'askIntroducer', { id, actionId: card, question: 'When?' }),
  );
  const accepted = await bot.send(
    activities.cardAction(users.tammy, 'acceptIntroduction', { id, actionId: card }),
  );
  expect(JSON.stringify(accepted.body)).toContain('Accepted by you');
  const timeline = await bot.send(activities.cardAction(users.tammy, 'openIntroduction', { id }));
  const same = actionIdIn(answerOf(timeline));
  // "In touch", then later an outcome, from the same timeline card (its answer is words, so the card stays).
  await bot.send(
    activities.cardAction(users.tammy, 'recordProgress', { id, actionId: same, progress: 'in-touch' }),
  );
  await bot.send(
    activities.cardAction(users.tammy, 'recordProgress', {
      id,
      actionId: same,
      progress: 'in-touch',
      outcomes: 'crisis-avoided,crisis-avoided',
    }),
  );
  const stored = await readIntroduction(bot, id);
  expect(stored.status).toBe('in-touch');
  expect(stored.events.filter((e) => e.type === 'question-asked')).toHaveLength(1);
  expect(stored.outcomes?.map((o) => o.outcome)).toEqual(['crisis-avoided']);
});

it('asks the introducer once when "Ask" arrives twice', async () => {
  const introduction = await introduceAs(bot, users.introducer);
  const id = introduction.id;
  const view = await bot.send(activities.cardAction(users.tammy, 'showIntroduction', { id }));
  const press = { id, actionId: actionIdIn(answerOf(view)), question: 'Mornings or afternoons?' };
  const before = bot.sent.length;
  await bot.send(activities.cardAction(users.tammy, 'askIntroducer', press));
  const again = await bot.send(activities.cardAction(users.tammy, 'askIntroducer', press));
  await bot.settled();
  expect(JSON.stringify(again.body)).toContain('Done already');
  const stored = await readIntroduction(bot, id);
  expect(stored.events.filter((e) => e.type === 'question-asked')).toHaveLength(1);
  const questions = bot.sent
    .slice(before)
    .filter((a) => a.toConversation === `a:personal-${users.introducer.id}` && cardIn(a));
  expect(questions).toHaveLength(1);
});

it('offers it once when a manager’s "Assign" arrives twice', async () => {
  const introduction = await introduceAs(bot, users.introducer);
  const id = introduction.id;
  const view = await bot.send(activities.cardAction(users.priya, 'showIntroduction', { id }));
  const press = { id, actionId: actionIdIn(answerOf(view)), assignTo: 'amira.khan@demo.gov.uk' };
  await bot.send(activities.cardAction(users.priya, 'assignIntroduction', press));
  const again = await bot.send(activities.cardAction(users.priya, 'assignIntroduction', press));
  expect(JSON.stringify(again.body)).toContain('Done already');
  const stored = await readIntroduction(bot, id);
  expect(stored.events.filter((e) => e.type === 'status-changed' && e.to === 'offered')).toHaveLength(1);
  expect(stored.outbox?.filter((n) => n.purpose === 'offer')).toHaveLength(2);
});

it('keeps a bounded memory of handled presses', async () => {
  const introduction = await introduceAs(bot, users.introducer);
  const id = introduction.id;
  for (let i = 0; i < 55; i++) {
    const view = await bot.send(activities.cardAction(users.tammy, 'showIntroduction', { id }));
    await bot.send(
      activities.cardAction(users.tammy, 'askIntroducer', {
        id,
        actionId: actionIdIn(answerOf(view)),
        question: `Q${i}`,
      }),
    );
  }
  const stored = await readIntroduction(bot, id);
  expect(stored.handledActions).toHaveLength(50);
});
