/**
 * The retention schedule through the real adapter and the local Cosmos DB, with a clock that moves:
 * two introductions made in March 2023 that never became support come up for review in March 2025;
 * the records lead sees them by reference only, holds one, approves the other's disposal; it is
 * deleted completely (nothing of the person is left in any container), its posted offer card is
 * replaced, and the destruction log holds no personal data. Nothing is deleted before approval.
 */
import { CONTAINERS, type ContainerName } from '../../src/storage/containers';
import {
  activities,
  cardIn,
  cardText,
  destructionLogOf,
  greet,
  introduceAs,
  readIntroduction,
  startTestBot,
  type TestBot,
  type TestUser,
  TRIAGE_CHANNEL,
  users,
} from '../helpers/botHarness';

const { grace } = users;

let bot: TestBot;
let now = new Date('2023-03-01T10:00:00Z');
let disposed: string;
let held: string;

beforeAll(async () => {
  bot = await startTestBot({}, { clock: () => now });
  await greet(bot, users.tammy, users.introducer, grace, users.priya);
  disposed = (await introduceAs(bot, users.introducer)).id;
  held = (
    await introduceAs(bot, users.introducer, {
      fullName: 'Harold Wilkins',
      phone: '07700 900555',
      goodLife: 'Fishing at the lake again',
    })
  ).id;
  now = new Date('2023-03-02T10:00:00Z');
  // A question to the introducer about Margaret: a message in their chat, not a card kept current.
  await bot.send(
    activities.cardAction(users.tammy, 'askIntroducer', { id: disposed, question: 'Are mornings best?' }),
  );
  for (const id of [disposed, held])
    await bot.send(
      activities.cardAction(users.tammy, 'recordProgress', { id, progress: 'did-not-want-support' }),
    );
  await bot.settled();
});
afterAll(() => bot.stop());

const queue = async (user: TestUser) => {
  const exchange = await bot.send(activities.message(user, 'records due'));
  return { exchange, card: cardIn(exchange.sent.find((a) => cardIn(a))) };
};
const everything = async () => {
  const found: unknown[] = [];
  // Every container the app has, so one added later is searched too.
  for (const name of Object.keys(CONTAINERS) as ContainerName[]) {
    const { resources } = await bot.bot.store.container(name).items.query('SELECT * FROM c').fetchAll();
    found.push(...resources);
  }
  return JSON.stringify(found);
};

it('keeps each record until two years after last contact, its class "never became support"', async () => {
  const stored = await readIntroduction(bot, disposed);
  expect(stored.recordClass).toBe('never-became-support');
  expect(stored.lastContactAt).toBe('2023-03-02T10:00:00.000Z');
  expect(stored.retainUntil).toBe('2025-03-02');
  now = new Date('2025-03-01T10:00:00Z');
  expect(JSON.stringify((await queue(grace)).card)).toContain('Nothing is past its retention date.');
});

it('lists records past their date for the records lead only, by reference, never by name', async () => {
  now = new Date('2025-03-03T10:00:00Z');
  const { card } = await queue(grace);
  const text = cardText(card);
  expect(text).toContain('2 past their retention date');
  expect(text).toContain((await readIntroduction(bot, disposed)).reference);
  expect(text).toContain('Never became support · due since 2 Mar 2025');
  expect(text).not.toMatch(/Margaret|Harold Wilkins|07700/);
  expect(JSON.stringify((await queue(users.priya)).exchange.sent)).toContain('records leads');
  expect(JSON.stringify((await queue(users.tammy)).exchange.sent)).toContain('records leads');
});

it('tells the records lead once a day how many are due, never which, and only when some are new', async () => {
  const before = bot.sent.length;
  expect(await bot.bot.recordsReview.runOnce()).toMatchObject({ ran: true, due: 2, newlyDue: 2, told: 1 });
  const told = bot.sent.slice(before).filter((a) => a.toConversation === 'a:personal-29:grace');
  expect(told.map((a) => a.text)).toEqual([
    '2 records are past the retention date and waiting for your review (2 new since I last looked). Type **records due** to see them: nothing is disposed of until you approve it.',
  ]);
  expect(await bot.bot.recordsReview.runOnce()).toMatchObject({ told: 0 }); // the same day
  now = new Date('2025-03-04T10:00:00Z');
  expect(await bot.bot.recordsReview.runOnce()).toMatchObject({ due: 2, newlyDue: 0, told: 0 });
  now = new Date('2025-03-03T10:00:00Z');
});

it('holds a record with a reason, and never disposes of it while held', async () => {
  const { card } = await queue(grace);
  const actionId = /"actionId":"([0-9a-f-]{36})"/.exec(JSON.stringify(card))?.[1];
  const answer = await bot.send(
    activities.cardAction(grace, 'holdRecords', {
      selected: held,
      holdReason: 'An open subject access request',
      actionId,
    }),
  );
  expect(cardText((answer.body as { value: unknown }).value)).toContain('Held 1');
  const kept = await readIntroduction(bot, held);
  expect(kept.legalHold).toMatchObject({
    reason: 'An open subject access request',
    by: { name: 'Grace Obi' },
  });
  await bot.send(activities.cardAction(grace, 'approveDisposal', { selected: held }));
  expect((await readIntroduction(bot, held)).id).toBe(held);
});

it('lets a records lead open a record they must decide on (due or held), and records that they did', async () => {
  const reference = (await readIntroduction(bot, held)).reference;
  const opened = await bot.send(activities.message(grace, `open ${reference}`));
  const text = JSON.stringify(opened.sent);
  expect(text).toContain(reference);
  expect(text).toContain('What has happened');
  const { resources } = await bot.bot.store
    .container('audit')
    .items.query({
      query: "SELECT * FROM c WHERE c.subjectId = @id AND c.action = 'viewed' AND c.actorId = @lead",
      parameters: [
        { name: '@id', value: held },
        { name: '@lead', value: grace.aadObjectId },
      ],
    })
    .fetchAll();
  expect(resources.length).toBeGreaterThan(0);
});

it('answers every records command typed in a channel in the lead’s own chat, never in the channel', async () => {
  const reference = (await readIntroduction(bot, held)).reference;
  for (const typed of ['holds', `hold ${reference} because the inquiry widened`, 'records due']) {
    const exchange = await bot.send(activities.message(grace, typed, 'channel'));
    const inChannel = exchange.sent.filter((a) => a.toConversation.startsWith(TRIAGE_CHANNEL.id));
    expect([typed, inChannel.map((a) => a.text)]).toEqual([
      typed,
      ['I have sent it to you in our personal chat.'],
    ]);
    expect(JSON.stringify(inChannel)).not.toContain(reference);
    const mine = exchange.sent.filter((a) => a.toConversation === `a:personal-${grace.id}`);
    expect(mine.length).toBe(1);
  }
});

it('does nothing for a records command typed in a channel by a lead with no personal chat to answer in', async () => {
  const people = bot.bot.store.container('people');
  const { resource: chat } = await people.item(grace.aadObjectId, grace.aadObjectId).read();
  await people.item(grace.aadObjectId, grace.aadObjectId).delete();
  try {
    const reference = (await readIntroduction(bot, held)).reference;
    const exchange = await bot.send(
      activities.message(grace, `lift hold ${reference} because done`, 'channel'),
    );
    expect(JSON.stringify(exchange.sent)).toContain('Nothing was done.');
    expect((await readIntroduction(bot, held)).legalHold).toBeDefined();
  } finally {
    await people.items.upsert(chat);
  }
});

it('disposes of an approved record completely, replaces its posted card, and logs it without personal data', async () => {
  // The introducer's list shows her, first name and initial among others'; the team queue does not.
  const listed = async (user: TestUser, text: string) =>
    (await bot.send(activities.message(user, text))).sent.find((a) => cardIn(a))?.givenId ?? '';
  const introducerList = await listed(users.introducer, 'my introductions');
  const teamQueue = await listed(users.priya, 'team queue');
  expect(introducerList).not.toBe('');
  const before = await readIntroduction(bot, disposed);
  expect(before.listedIn?.map((l) => l.activityId)).toEqual(expect.arrayContaining([introducerList]));
  expect(before.postedCards?.length).toBeGreaterThan(0);
  const posted = before.postedCards?.[0];
  const sentBefore = bot.sent.length;
  const answer = await bot.send(
    activities.cardAction(grace, 'approveDisposal', {
      selected: disposed,
      approvalNote: 'Checked: no open request, no complaint, nothing in litigation',
    }),
  );
  expect(cardText((answer.body as { value: unknown }).value)).toContain(
    'Disposed of 1: each is in the destruction log.',
  );

  // The lists that showed her are replaced whole: they were snapshots, and hers is gone from them.
  expect(bot.sent.slice(sentBefore).some((a) => a.updatedId === teamQueue)).toBe(false);
  for (const id of [introducerList])
    expect(bot.sent.slice(sentBefore).find((a) => a.method === 'PUT' && a.updatedId === id)?.text).toBe(
      'This list is out of date: a record in it has been removed. Ask for the list again to see it as it is now.',
    );
  // The offer card in Tammy's chat now says the record was removed.
  const replaced = bot.sent
    .slice(sentBefore)
    .find((a) => a.method === 'PUT' && a.updatedId === posted?.activityId);
  expect(replaced?.text).toBe(
    "This introduction's record has been removed under the council's retention schedule.",
  );
  // So does the question posted in the introducer's chat.
  const question = before.sentMessages?.find((m) => m.purpose === 'question');
  expect(question?.address.conversationId).toContain(users.introducer.id);
  const questionReplaced = bot.sent
    .slice(sentBefore)
    .find((a) => a.method === 'PUT' && a.updatedId === question?.activityId);
  expect(questionReplaced?.text).toBe(
    "This introduction's record has been removed under the council's retention schedule.",
  );

  // Nothing of Margaret is left anywhere; the held record still is.
  const stored = await everything();
  expect(stored).not.toMatch(/Margaret|Jones|07700 900123|allotment/);
  expect(stored).toContain('Harold Wilkins');
  await expect(readIntroduction(bot, disposed)).rejects.toThrow();

  // The destruction log: reference, class, trigger date, who approved, when; no person.
  const resources = await destructionLogOf(bot);
  expect(resources).toEqual([
    expect.objectContaining({
      reference: before.reference,
      recordClass: 'never-became-support',
      triggerDate: '2025-03-02',
      approvedBy: { aadObjectId: grace.aadObjectId, name: 'Grace Obi' },
      reason: 'retention-schedule',
      because: 'Checked: no open request, no complaint, nothing in litigation',
    }),
  ]);
  // The audit trail says who disposed of it; pressing again disposes of nothing more.
  const again = await bot.send(activities.cardAction(grace, 'approveDisposal', { selected: disposed }));
  expect(cardText((again.body as { value: unknown }).value)).toContain('1 had been disposed of already.');
  const { resources: audit } = await bot.bot.store
    .container('audit')
    .items.query({
      query: 'SELECT * FROM c WHERE c.subjectId = @id',
      parameters: [{ name: '@id', value: disposed }],
    })
    .fetchAll();
  expect(audit.filter((e) => e.action === 'disposed')).toEqual([
    expect.objectContaining({ actorId: grace.aadObjectId, action: 'disposed' }),
  ]);
  // Seeing it in the queue is in its trail too.
  expect(audit.filter((e) => e.action === 'listed')).toEqual(
    expect.arrayContaining([expect.objectContaining({ actorId: grace.aadObjectId, detail: 'records due' })]),
  );
});
