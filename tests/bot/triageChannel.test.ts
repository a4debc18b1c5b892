/**
 * The triage channel and every posted copy of a card, through the real adapter: the bot added to
 * the LAC team, a manager choosing the channel, introductions for the team posted there with the
 * least personal data, each person's own view, Assign and Accept from the channel, and every copy
 * of the card (the channel's and the coordinator's) brought up to date after each change.
 */
import type { Introduction } from '../../src/domain/introductions/introduction';
import {
  activities,
  cardIn,
  cardText,
  introduceAs,
  readIntroduction,
  type SentActivity,
  startTestBot,
  TEAM,
  type TestBot,
  TRIAGE_CHANNEL,
  users,
} from '../helpers/botHarness';
import { cardProblems } from '../helpers/cards';
import { MARGARET } from '../helpers/fixtures';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot({}, { clock: () => new Date('2026-11-23T10:42:00Z') });
  for (const user of [users.tammy, users.priya, users.introducer]) {
    await bot.send(activities.message(user, 'hello'));
  }
});
afterAll(async () => {
  await bot.stop();
});

const personal = (user: (typeof users)[keyof typeof users]) => `a:personal-${user.id}`;
/** Posted in the triage channel, as a new post or a reply in one of its threads. */
const inChannel = (a: SentActivity) => a.toConversation.split(';')[0] === TRIAGE_CHANNEL.id;

const answerCard = (exchange: { body: unknown }) =>
  (exchange.body as { value: Record<string, unknown> }).value;

it('remembers the team when the bot is added to it, and says how to choose the triage channel', async () => {
  const added = await bot.send(activities.botAdded(users.priya, 'channel'));
  expect(added.sent[0]?.text).toContain('use this channel for triage');
  const { resource } = await bot.bot.store
    .container('people')
    .item(`team:${TEAM.id}`, `team:${TEAM.id}`)
    .read();
  expect(resource).toMatchObject({ type: 'team', teamId: TEAM.id, name: TEAM.name });
});

it('remembers when the bot is removed from the team, keeping when it was added', async () => {
  const added = await bot.bot.store.container('people').item(`team:${TEAM.id}`, `team:${TEAM.id}`).read();
  const removal = {
    ...activities.botAdded(users.priya, 'channel'),
    type: 'installationUpdate',
    action: 'remove',
  };
  delete (removal as { membersAdded?: unknown }).membersAdded;
  await bot.send(removal);
  const { resource } = await bot.bot.store
    .container('people')
    .item(`team:${TEAM.id}`, `team:${TEAM.id}`)
    .read();
  expect(resource).toMatchObject({ addedAt: added.resource?.addedAt, removedAt: expect.any(String) });
  // Added again, it is remembered as there.
  await bot.send(activities.botAdded(users.priya, 'channel'));
  const again = await bot.bot.store.container('people').item(`team:${TEAM.id}`, `team:${TEAM.id}`).read();
  expect(again.resource?.removedAt).toBeUndefined();
});

it('lets only a triage manager choose the channel, and only in a channel', async () => {
  const inChat = await bot.send(activities.message(users.priya, 'use this channel for triage'));
  expect(inChat.sent[0]?.text).toContain('Type this in the channel');
  const notManager = await bot.send(
    activities.message(users.tammy, 'use this channel for triage', 'channel'),
  );
  expect(notManager.sent[0]?.text).toContain('Only the triage managers');
  const chosen = await bot.send(activities.message(users.priya, 'use this channel for triage', 'channel'));
  expect(chosen.sent[0]?.text).toContain(
    'Done: introductions for the LAC team to decide are posted in this channel',
  );
  const { resource } = await bot.bot.store
    .container('people')
    .item('triage-channel', 'triage-channel')
    .read();
  expect(resource).toMatchObject({
    address: { conversationId: TRIAGE_CHANNEL.id, conversationType: 'channel' },
    teamId: TEAM.id,
    setBy: { aadObjectId: users.priya.aadObjectId, name: 'Priya Shah' },
  });
});

describe('an introduction no patch covers', () => {
  let introduction: Introduction;
  let posted: SentActivity | undefined;

  it('is posted in the triage channel, with the least personal data', async () => {
    const before = bot.sent.length;
    introduction = await introduce({ postcode: 'RM12 4AB', fullName: 'Nora Patchless' });
    posted = bot.sent.slice(before).find(inChannel);
    const card = cardIn(posted);
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    expect(text).toContain('For the LAC team: a new introduction');
    expect(text).toContain('Nora P.');
    expect(text).toContain('Please decide who can help');
    expect(text).not.toMatch(/Patchless|07700|RM12 4AB|allotment/);
    expect(card?.refresh).toMatchObject({ userIds: [users.priya.id] });
    expect(introduction.postedCards).toEqual([
      expect.objectContaining({ audience: 'triage', activityId: posted?.givenId }),
    ]);
  });

  it('shows the manager her own view in the channel, and others what was posted', async () => {
    const refreshed = await bot.send(
      activities.refresh(users.priya, cardIn(posted) as Record<string, unknown>, 'channel', posted?.givenId),
    );
    expect(refreshed.sent).toEqual([]);
    const mine = cardText(answerCard(refreshed));
    expect(mine).toContain('For the LAC team: a new introduction');
    expect(mine).toContain('Nora Patchless');
    expect(mine).toContain('Assign to');
    const tammyView = cardText(
      answerCard(
        await bot.send(
          activities.cardAction(users.tammy, 'showIntroduction', { id: introduction.id }, 'channel'),
        ),
      ),
    );
    expect(tammyView).not.toMatch(/Patchless|Assign|Accept/);
  });

  it('never posts details in the channel for an older client: they go to the person’s own chat', async () => {
    const exchange = await bot.send(
      activities.submit(users.priya, { verb: 'showIntroduction', id: introduction.id }, 'channel'),
    );
    await bot.settled();
    expect(exchange.sent.filter(inChannel).map((a) => a.text)).toEqual([
      'I have sent it to you in our personal chat.',
    ]);
    const toPriya = exchange.sent.find((a) => a.toConversation === personal(users.priya));
    expect(cardText(cardIn(toPriya))).toContain('Nora Patchless');
  });

  it('is assigned from the channel: offered to the coordinator, and the channel card says so', async () => {
    const before = bot.sent.length;
    const assigned = await bot.send(
      activities.cardAction(
        users.priya,
        'assignIntroduction',
        { id: introduction.id, assignTo: 'tammy.hughes@demo.gov.uk', assignReason: 'Knows the street' },
        'channel',
      ),
    );
    expect(cardText(answerCard(assigned))).toContain('Assigned to Tammy Hughes (Harold Hill North)');
    await bot.settled();
    const after = bot.sent.slice(before);
    const offer = after.find((a) => a.toConversation === personal(users.tammy) && a.method === 'POST');
    expect(cardText(cardIn(offer))).toContain('New introduction for you');
    const update = after.find((a) => inChannel(a) && a.method === 'PUT');
    expect(update?.updatedId).toBe(posted?.givenId);
    expect(cardText(cardIn(update))).toContain('Offered to Tammy Hughes: waiting to be accepted.');
    expect(cardText(cardIn(update))).not.toContain('Patchless');
  });

  it('is accepted by the coordinator: every posted copy is brought up to date', async () => {
    const before = bot.sent.length;
    await bot.send(activities.cardAction(users.tammy, 'acceptIntroduction', { id: introduction.id }));
    await bot.settled();
    const updates = bot.sent.slice(before).filter((a) => a.method === 'PUT');
    const stored = await read(introduction.id);
    expect(updates.map((a) => a.updatedId).sort()).toEqual(
      stored.postedCards?.map((c) => c.activityId).sort(),
    );
    expect(updates.map((a) => a.toConversation).sort()).toEqual(
      [personal(users.tammy), TRIAGE_CHANNEL.id].sort(),
    );
    for (const update of updates) {
      expect(cardText(cardIn(update))).toContain('Accepted by Tammy Hughes at 10:42 on 23 Nov.');
      expect(JSON.stringify(cardIn(update))).not.toMatch(/acceptIntroduction|Patchless|07700/);
    }
    // A stale copy pressed later cannot move it back.
    const stale = await bot.send(
      activities.cardAction(users.priya, 'acceptIntroduction', { id: introduction.id }, 'channel'),
    );
    expect(cardText(answerCard(stale))).toContain('Already accepted by Tammy Hughes at 10:42 on 23 Nov.');
  });
});

it('posts an offer its coordinator cannot receive in the channel, where a manager can accept it', async () => {
  const before = bot.sent.length;
  const introduction = await introduce({ postcode: 'RM5 2AB', fullName: 'Amir Unreached' });
  const posted = bot.sent.slice(before).find(inChannel);
  expect(cardText(cardIn(posted))).toContain('The coordinator could not be reached in Teams.');
  // Amira coordinates that patch: she is in the refresh list only once she has the app.
  expect(cardIn(posted)?.refresh).toMatchObject({ userIds: [users.priya.id] });
  const accepted = await bot.send(
    activities.cardAction(users.priya, 'acceptIntroduction', { id: introduction.id }, 'channel', {
      replyToId: posted?.givenId,
    }),
  );
  expect(cardText(answerCard(accepted))).toContain('Accepted by you at 10:42 on 23 Nov.');
  await bot.settled();
  const update = bot.sent.slice(before).find((a) => inChannel(a) && a.method === 'PUT');
  expect(cardText(cardIn(update))).toContain('Accepted by Priya Shah at 10:42 on 23 Nov.');
});

it('falls back to the managers’ own chats when the channel refuses for good', async () => {
  const before = bot.sent.length;
  // The first send is the channel post: 403, as when the app has been removed from the team.
  const introduction = await (async () => {
    await bot.settled();
    const opened = await bot.send(activities.message(users.introducer, 'introduce'));
    const form = opened.sent.find((a) => JSON.stringify(a).includes('idempotencyKey'));
    const key = (cardIn(form) as { actions: { data: { idempotencyKey: string } }[] }).actions[0]?.data
      .idempotencyKey as string;
    bot.connector.failNext(403);
    await bot.send(
      activities.cardAction(users.introducer, 'submitIntroduction', {
        idempotencyKey: key,
        variant: 'introduction',
        ...MARGARET,
        postcode: 'RM12 4AB',
      }),
    );
    await bot.settled();
    return read(key);
  })();
  const toPriya = bot.sent.slice(before).find((a) => a.toConversation === personal(users.priya));
  expect(cardText(cardIn(toPriya))).toContain('For the LAC team');
  expect(introduction.outbox?.[0]).toMatchObject({ purpose: 'triage', status: 'sent' });
  expect(introduction.postedCards?.[0]).toMatchObject({
    audience: 'triage',
    address: { conversationType: 'personal' },
  });
});

function introduce(fields: Record<string, string>): Promise<Introduction> {
  return introduceAs(bot, users.introducer, fields);
}

function read(id: string): Promise<Introduction> {
  return readIntroduction(bot, id);
}
