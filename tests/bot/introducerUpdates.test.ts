/**
 * Telling the introducer what happened, through real proactive messages (continueConversation) to
 * the stand-in Bot Connector, and the introducer's reply to a coordinator's question.
 */
import type { Introduction } from '../../src/domain/introduction';
import {
  activities,
  cardIn,
  cardText,
  startTestBot,
  type TestBot,
  type TestUser,
  users,
} from '../helpers/botHarness';
import { cardProblems } from '../helpers/cards';
import { MARGARET } from '../helpers/fixtures';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot({}, { clock: () => new Date('2026-11-23T10:42:00Z') });
});
afterAll(async () => {
  await bot.stop();
});

const complete = MARGARET;

async function introduce(user: TestUser): Promise<Introduction> {
  const opened = await bot.send(activities.message(user, 'introduce'));
  const key = (cardIn(opened.sent[0]) as { actions: { data: { idempotencyKey: string } }[] }).actions[0]?.data
    .idempotencyKey;
  await bot.send(
    activities.cardAction(user, 'submitIntroduction', {
      idempotencyKey: key,
      variant: 'introduction',
      ...complete,
    }),
  );
  await bot.bot.offers.settled();
  const { resource } = await bot.bot.store
    .container('introductions')
    .item(key as string, key as string)
    .read<Introduction>();
  if (!resource) throw new Error('not stored');
  return resource;
}

const tammy = {
  aadObjectId: users.tammy.aadObjectId,
  name: users.tammy.name,
  tenantId: users.tammy.tenantId,
};

it('remembers how to reach each person who talks to the bot in a personal chat', async () => {
  await bot.send(activities.message(users.introducer, 'help'));
  expect(await bot.bot.updates.reachable(users.introducer.aadObjectId)).toBe(true);
  expect(await bot.bot.updates.reachable(users.amira.aadObjectId)).toBe(false);
});

it('tells the introducer, by name of the coordinator, when their introduction is accepted', async () => {
  const introduction = await introduce(users.introducer);
  const before = bot.sent.length;
  expect(await bot.bot.updates.accepted(introduction, 'Tammy Hughes')).toBe('sent');
  const [message] = bot.sent.slice(before);
  expect(message?.toConversation).toBe(`a:personal-${users.introducer.id}`);
  expect(message?.text).toContain('**Tammy Hughes** has accepted your introduction of Margaret J.');
  expect(message?.text).toContain(introduction.reference);
  expect(message?.text).not.toContain('Jones');
});

it('tells the introducer when it is passed to another patch, and why', async () => {
  const introduction = await introduce(users.introducer);
  const before = bot.sent.length;
  await bot.bot.updates.passed(
    introduction,
    'Elm Park',
    'the street is on the Elm Park side of the railway.',
  );
  expect(bot.sent.slice(before)[0]?.text).toContain(
    'passed to the Local Area Coordinator for **Elm Park**: the street is',
  );
});

it('records on the introduction when the introducer cannot be reached', async () => {
  const introduction = await introduce(users.housingOfficer);
  // The housing officer talked to the bot, but in a channel only: no personal chat to write to.
  await bot.bot.store
    .container('people')
    .item(users.housingOfficer.aadObjectId, users.housingOfficer.aadObjectId)
    .delete();
  expect(await bot.bot.updates.accepted(introduction, 'Tammy Hughes')).toBe('unreachable');
  const { resource } = await bot.bot.store
    .container('introductions')
    .item(introduction.id, introduction.id)
    .read<Introduction>();
  expect(resource?.events.at(-1)?.type).toBe('introducer-not-reachable');
});

describe("a coordinator's question and the introducer's reply", () => {
  it('arrives as a card with a reply box, and the reply goes back to the coordinator', async () => {
    await bot.send(activities.message(users.tammy, 'hello')); // Tammy has the bot installed
    const introduction = await introduce(users.introducer);
    const before = bot.sent.length;
    const { questionId, delivery } = await bot.bot.updates.ask(
      introduction,
      tammy,
      'Does Margaret prefer mornings?',
    );
    expect(delivery).toBe('sent');
    const card = cardIn(bot.sent.slice(before)[0]);
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain('Does Margaret prefer mornings?');
    expect(cardText(card)).toContain('Margaret J.');

    const replied = await bot.send(
      activities.cardAction(users.introducer, 'replyToQuestion', {
        introductionId: introduction.id,
        questionId,
        reply: 'Yes, before 11.',
      }),
    );
    expect(cardText((replied.body as { value: unknown }).value)).toContain(
      'Your reply was sent to Tammy Hughes.',
    );
    const toTammy = replied.sent.find((a) => a.toConversation === `a:personal-${users.tammy.id}`);
    expect(toTammy?.text).toContain('Jo Carter replied about Margaret J.');
    expect(toTammy?.text).toContain('Yes, before 11.');

    const { resource } = await bot.bot.store
      .container('introductions')
      .item(introduction.id, introduction.id)
      .read<Introduction>();
    expect(resource?.events.slice(-2).map((e) => [e.type, e.note])).toEqual([
      ['question-asked', 'Does Margaret prefer mornings?'],
      ['question-answered', 'Yes, before 11.'],
    ]);

    const twice = await bot.send(
      activities.cardAction(users.introducer, 'replyToQuestion', {
        introductionId: introduction.id,
        questionId,
        reply: 'Again',
      }),
    );
    expect(JSON.stringify(twice.body)).toContain('You have already replied');
  });

  it('lets nobody but the introducer reply, and keeps an empty reply from being sent', async () => {
    const introduction = await introduce(users.introducer);
    const { questionId } = await bot.bot.updates.ask(introduction, tammy, 'Any pets?');
    const stranger = await bot.send(
      activities.cardAction(users.housingOfficer, 'replyToQuestion', {
        introductionId: introduction.id,
        questionId,
        reply: 'No',
      }),
    );
    expect(JSON.stringify(stranger.body)).toContain('Not found');
    const empty = await bot.send(
      activities.cardAction(users.introducer, 'replyToQuestion', {
        introductionId: introduction.id,
        questionId,
        reply: '  ',
      }),
    );
    expect(cardText((empty.body as { value: unknown }).value)).toContain('Please type a reply');
  });
});

it('logs a failed delivery without the message it carried', async () => {
  const introduction = await introduce(users.introducer);
  bot.connector.failNext(403);
  const before = bot.sent.length;
  const { delivery } = await bot.bot.updates.ask(
    introduction,
    tammy,
    'Is Margaret still at 12 Acacia Avenue?',
  );
  expect(delivery).toBe('unreachable');
  const failure = bot.logs.find((line) => line.msg === 'proactive message not delivered');
  expect(failure).toMatchObject({ err: { statusCode: 403 } });
  expect(JSON.stringify(bot.logs)).not.toMatch(/Acacia|Margaret/);
  // Nobody is sent an apology for a turn they did not start.
  expect(bot.sent.slice(before)).toEqual([]);
  const { resource } = await bot.bot.store
    .container('introductions')
    .item(introduction.id, introduction.id)
    .read<Introduction>();
  expect(resource?.events.at(-1)?.type).toBe('introducer-not-reachable');
});
