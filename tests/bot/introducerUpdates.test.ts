/**
 * Telling the introducer what happened, through the outbox and real proactive messages
 * (continueConversation) to the stand-in Bot Connector; a coordinator's question and the
 * introducer's reply; and what happens when the introducer cannot be reached.
 */
import type { Introduction } from '../../src/domain/introductions/introduction';
import {
  activities,
  cardIn,
  cardText,
  introduceAs,
  readerView,
  readIntroduction,
  startTestBot,
  type TestBot,
  type TestUser,
  users,
} from '../helpers/botHarness';
import { cardProblems } from '../helpers/cards';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot({}, { clock: () => new Date('2026-11-23T10:42:00Z') });
  await bot.send(activities.message(users.tammy, 'hello')); // Tammy has the bot installed
});
afterAll(async () => {
  await bot.stop();
});

const toChat = (user: TestUser) => `a:personal-${user.id}`;

it('remembers where each person who talks to the bot in a personal chat can be reached', async () => {
  await bot.send(activities.message(users.introducer, 'help'));
  const people = bot.bot.store.container('people');
  const { resource } = await people.item(users.introducer.aadObjectId, users.introducer.aadObjectId).read();
  expect(resource).toMatchObject({
    type: 'user',
    emailLower: 'jo.carter@demo.gov.uk',
    teamsUserId: users.introducer.id,
    address: { conversationId: toChat(users.introducer), conversationType: 'personal' },
  });
  expect(
    (await people.item(users.amira.aadObjectId, users.amira.aadObjectId).read()).resource,
  ).toBeUndefined();
});

it('tells the introducer, by name of the coordinator, when their introduction is accepted', async () => {
  const introduction = await introduce(users.introducer);
  const before = bot.sent.length;
  await bot.send(activities.cardAction(users.tammy, 'acceptIntroduction', { id: introduction.id }));
  await bot.settled();
  const message = bot.sent.slice(before).find((a) => a.toConversation === toChat(users.introducer));
  expect(message?.text).toContain('**Tammy Hughes** has accepted your introduction of Margaret J.');
  expect(message?.text).toContain(introduction.reference);
  expect(message?.text).not.toContain('Jones');
  expect((await read(introduction.id)).outbox?.find((n) => n.purpose === 'introducer-update')).toMatchObject({
    status: 'sent',
    attempts: 1,
  });
});

it('tells the introducer when it is passed to another patch, and why only in their own view', async () => {
  const introduction = await introduce(users.introducer);
  const before = bot.sent.length;
  await bot.send(
    activities.cardAction(users.tammy, 'passIntroduction', {
      id: introduction.id,
      toPatch: 'elm-park',
      reason: 'the street is on the Elm Park side of the railway.',
    }),
  );
  await bot.settled();
  const told = bot.sent.slice(before).find((a) => a.toConversation === toChat(users.introducer));
  expect(told?.text).toContain(
    'passed to the Local Area Coordinator for **Elm Park**. Type **my introductions**',
  );
  expect(told?.text).not.toContain('railway');
});

it('records when the introducer cannot be reached, and the team queue shows it', async () => {
  const introduction = await introduce(users.housingOfficer, { fullName: 'Unreached Introducer' });
  // The housing officer's personal chat is gone (they removed the app).
  await bot.bot.store
    .container('people')
    .item(users.housingOfficer.aadObjectId, users.housingOfficer.aadObjectId)
    .delete();
  await bot.send(activities.cardAction(users.tammy, 'acceptIntroduction', { id: introduction.id }));
  await bot.settled();
  const stored = await read(introduction.id);
  expect(stored.events.at(-1)).toMatchObject({
    type: 'introducer-not-reachable',
    note: 'Dev Patel could not be reached in Teams (the app is not installed for them).',
  });
  expect(stored.deliveryProblem).toBe(true);
  await bot.send(activities.message(users.priya, 'hello'));
  const queue = await bot.send(activities.message(users.priya, 'team queue'));
  const text = cardText(await readerView(bot, users.priya, queue.sent[0]));
  expect(text).toContain(stored.reference);
  expect(text).toContain('introducer not reached');
  // The list as posted in her chat says who, not why.
  expect(cardText(cardIn(queue.sent[0]))).not.toContain('not reached');

  // Priya phones Dev: she says so, and the flag goes, with an event saying how.
  const told = async (user: typeof users.priya, text: string) =>
    (await bot.send(activities.message(user, text))).sent.map((a) => a.text ?? '').join('\n');
  expect(await told(users.tammy, `told ${stored.reference} because I phoned him`)).toContain(
    'triage managers',
  );
  expect(await told(users.priya, `told ${stored.reference}`)).toContain('Give the reference and how');
  expect(await told(users.priya, `told ${stored.reference} because I phoned him`)).toBe(
    `${stored.reference}: Dev Patel no longer shown as not reached, with how you told them.`,
  );
  const after = await read(introduction.id);
  expect(after.deliveryProblem).toBeUndefined();
  expect(after.events.at(-1)).toMatchObject({
    type: 'told-another-way',
    by: { name: 'Priya Shah' },
    note: 'Dev Patel told another way: I phoned him',
  });
  const again = await bot.send(activities.message(users.priya, 'team queue'));
  expect(cardText(await readerView(bot, users.priya, again.sent[0]))).not.toContain(stored.reference);
  expect(await told(users.priya, `told ${stored.reference} because again`)).toContain(
    'Nobody is shown as not reached',
  );
  // The introducer's own timeline does not show it.
  const timeline = await bot.send(
    activities.cardAction(users.housingOfficer, 'openIntroduction', { id: introduction.id }),
  );
  expect(JSON.stringify(timeline.body)).not.toContain('told another way');
});

describe("a coordinator's question and the introducer's reply", () => {
  async function ask(introduction: Introduction, question: string) {
    await bot.send(activities.cardAction(users.tammy, 'askIntroducer', { id: introduction.id, question }));
    await bot.settled();
    const asked = (await read(introduction.id)).events.filter((e) => e.type === 'question-asked').at(-1);
    return asked?.questionId as string;
  }

  it('is posted as "a question is waiting"; the question and the reply box are the introducer’s own view', async () => {
    const introduction = await introduce(users.introducer);
    const before = bot.sent.length;
    const questionId = await ask(introduction, 'Does Margaret prefer mornings?');
    const card = cardIn(bot.sent.slice(before).find((a) => a.toConversation === toChat(users.introducer)));
    expect(cardProblems(card)).toEqual([]);
    expect(cardText(card)).toContain('Margaret J.');
    expect(cardText(card)).toContain('Tammy Hughes** has a question about your introduction');
    expect(cardText(card)).not.toContain('mornings');
    expect(card?.refresh).toMatchObject({ action: { verb: 'openQuestion' }, userIds: [users.introducer.id] });
    const opened = await bot.send(activities.refresh(users.introducer, card as Record<string, unknown>));
    const own = (opened.body as { value: Record<string, unknown> }).value;
    expect(cardProblems(own)).toEqual([]);
    expect(cardText(own)).toContain('Does Margaret prefer mornings?');
    expect(cardText(own)).toContain('Your reply');
    // Nobody else can open it.
    const other = await bot.send(activities.refresh(users.housingOfficer, card as Record<string, unknown>));
    expect(JSON.stringify(other.body)).not.toContain('mornings');

    const replied = await bot.send(
      activities.cardAction(users.introducer, 'replyToQuestion', {
        introductionId: introduction.id,
        questionId,
        reply: 'Yes, before 11.',
      }),
    );
    expect(cardText((replied.body as { value: unknown }).value)).toContain(
      'Your reply is saved with the introduction and on its way to Tammy Hughes.',
    );
    await bot.settled();
    const toTammy = cardIn(bot.sent.filter((a) => a.toConversation === toChat(users.tammy)).at(-1));
    expect(cardProblems(toTammy)).toEqual([]);
    expect(cardText(toTammy)).toContain('Margaret J.');
    expect(cardText(toTammy)).toContain('Jo Carter** has replied');
    expect(cardText(toTammy)).not.toContain('before 11');
    const reading = await bot.send(activities.refresh(users.tammy, toTammy as Record<string, unknown>));
    expect(cardText((reading.body as { value: unknown }).value)).toContain('Yes, before 11.');
    expect(cardText((reading.body as { value: unknown }).value)).toContain('Does Margaret prefer mornings?');
    const notHers = await bot.send(activities.refresh(users.amira, toTammy as Record<string, unknown>));
    expect(JSON.stringify(notHers.body)).not.toContain('before 11');

    const stored = await read(introduction.id);
    expect(stored.events.filter((e) => e.type.startsWith('question')).map((e) => [e.type, e.note])).toEqual([
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
    const questionId = await ask(introduction, 'Any pets?');
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

  it('tells whoever asked when the question cannot reach the introducer, and logs no content', async () => {
    const introduction = await introduce(users.introducer, { introducerPhone: '01632 960555' });
    bot.connector.failNext(403);
    const before = bot.sent.length;
    await ask(introduction, 'Is Margaret still at 12 Acacia Avenue?');
    const stored = await read(introduction.id);
    expect(stored.events.at(-1)).toMatchObject({ type: 'introducer-not-reachable' });
    const sent = bot.sent.slice(before);
    // Nobody is sent an apology for a turn they did not start; the coordinator is told.
    expect(sent.filter((a) => a.toConversation === toChat(users.introducer))).toEqual([]);
    expect(sent.find((a) => a.toConversation === toChat(users.tammy))?.text).toContain(
      'Jo Carter could not be reached in Teams, so your question about',
    );
    // Her chat keeps it for years: the introducer's phone is in the introduction's details, not here.
    expect(sent.find((a) => a.toConversation === toChat(users.tammy))?.text).not.toContain('01632 960555');
    expect(sent.find((a) => a.toConversation === toChat(users.tammy))?.text).toContain(
      'their contact details are in its details',
    );
    const failure = bot.logs.find((line) => line.msg === 'message not delivered');
    expect(failure).toMatchObject({ status: 403 });
    expect(JSON.stringify(bot.logs)).not.toMatch(/Acacia|Margaret|Jones/);
  });
});

function introduce(user: TestUser, fields: Record<string, string> = {}): Promise<Introduction> {
  return introduceAs(bot, user, fields);
}

function read(id: string): Promise<Introduction> {
  return readIntroduction(bot, id);
}
