/**
 * What is posted into a chat or channel stays there for years under the council's retention and
 * eDiscovery, so it carries the least that works (hardening 4): a whole journey through the real
 * adapter (offer, question, reply, pass, back to triage in the triage channel), then every message
 * the bot posted or updated is searched for what must never be in one. The same words are then
 * shown to be in the views of those allowed to see them, so the test cannot pass by losing them.
 */
import {
  activities,
  cardIn,
  greet,
  introduceAs,
  readIntroduction,
  startTestBot,
  type TestBot,
  TRIAGE_CHANNEL,
  users,
} from '../helpers/botHarness';

const TYPED = {
  goodLife: 'Wants to sing in the choir again',
  context: 'Partner Dean Smith is violent',
  question: 'Is she at Goodmayes until Friday?',
  reply: 'Yes, sectioned until Friday',
  passReason: 'Her sister in Elm Park is caring for her now',
  backReason: 'Partner Dean Smith is violent, she is sectioned at Goodmayes',
};
const NEVER_POSTED = [
  ...Object.values(TYPED),
  'Mental health',
  'Domestic abuse',
  'Margaret Jones',
  '07700 900123',
  'RM3 7AB',
  / \d+ of \d+/,
];

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot({}, { clock: () => new Date('2026-11-23T10:42:00Z') });
  await greet(bot, users.tammy, users.priya, users.introducer);
  await bot.send(activities.botAdded(users.priya, 'channel'));
  await bot.send(activities.message(users.priya, 'use this channel for triage', 'channel'));
});
afterAll(() => bot.stop());

it('posts nothing a person typed, no themes, no caseloads and no details, anywhere, in a whole journey', async () => {
  const first = bot.sent.length;
  const introduction = await introduceAs(bot, users.introducer, {
    themes: 'mental-health,domestic-abuse',
    goodLife: TYPED.goodLife,
    otherAgencies: TYPED.context,
  });
  const id = introduction.id;
  await bot.send(activities.cardAction(users.tammy, 'askIntroducer', { id, question: TYPED.question }));
  await bot.settled();
  const questionId = (await readIntroduction(bot, id)).events.find(
    (e) => e.type === 'question-asked',
  )?.questionId;
  await bot.send(
    activities.cardAction(users.introducer, 'replyToQuestion', {
      introductionId: id,
      questionId,
      reply: TYPED.reply,
    }),
  );
  await bot.settled();
  await bot.send(activities.cardAction(users.tammy, 'backToTriage', { id, triageReason: TYPED.backReason }));
  await bot.settled();
  await bot.send(
    activities.cardAction(users.priya, 'passIntroduction', {
      id,
      toPatch: 'elm-park',
      reason: TYPED.passReason,
    }),
  );
  await bot.settled();

  const posted = bot.sent.slice(first);
  const stored = await readIntroduction(bot, id);
  // The journey happened: an offer, the question and reply, the triage channel, the pass.
  expect(stored.routing.patch?.id).toBe('elm-park');
  expect(posted.some((a) => a.toConversation.startsWith(TRIAGE_CHANNEL.id))).toBe(true);
  expect(posted.length).toBeGreaterThanOrEqual(8);
  // The blank introduction form lists every theme as a choice: it is not about anyone.
  const aboutSomeone = posted.filter(
    (a) => !JSON.stringify(cardIn(a) ?? {}).includes('"verb":"submitIntroduction"'),
  );
  const leaks: string[] = [];
  for (const activity of aboutSomeone) {
    // What a person reading the chat sees: text and cards, as posted or updated.
    const shown = JSON.stringify({ text: activity.text, card: cardIn(activity) });
    for (const never of NEVER_POSTED) {
      const found = typeof never === 'string' ? shown.includes(never) : never.test(shown);
      if (found) leaks.push(`${String(never)} in a message to ${activity.toConversation}`);
    }
  }
  expect(leaks).toEqual([]);

  // The words are kept, and shown to those who may see them, each in their own view.
  const priyaView = await bot.send(activities.cardAction(users.priya, 'showIntroduction', { id }));
  const view = JSON.stringify(priyaView.body);
  expect(view).toContain('Mental health');
  expect(view).toContain(TYPED.goodLife);
  const timeline = await bot.send(activities.cardAction(users.introducer, 'openIntroduction', { id }));
  expect(JSON.stringify(timeline.body)).toContain(TYPED.passReason);
});

it('answers "team queue" and "my people" typed in a channel in the person’s own chat', async () => {
  await introduceAs(bot, users.introducer);
  for (const [user, command] of [
    [users.priya, 'team queue'],
    [users.tammy, 'my people'],
  ] as const) {
    const exchange = await bot.send(activities.message(user, command, 'channel'));
    const inChannel = exchange.sent.filter((a) => a.toConversation.startsWith(TRIAGE_CHANNEL.id));
    expect(inChannel.map((a) => a.text)).toEqual(['I have sent it to you in our personal chat.']);
    const mine = exchange.sent.find((a) => a.toConversation === `a:personal-${user.id}`);
    expect(cardIn(mine)?.refresh).toMatchObject({ userIds: [user.id] });
  }
});
