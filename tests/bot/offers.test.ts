/**
 * Offering an introduction to its coordinator in Teams and accepting it there, through the real
 * adapter: the offer card (least personal data as posted, details in each person's own view),
 * delivery recorded, accept with one winner among ten simultaneous presses, the introducer told by
 * name, refusals for everyone else, and the card brought up to date after every change.
 */
import type { Introduction } from '../../src/domain/introductions/introduction';
import {
  activities,
  auditTrail,
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

// A fixed day: the demo directory has Tammy Hughes away over Christmas 2026.
const NOW = new Date('2026-11-23T10:42:00Z');
let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot({}, { clock: () => NOW });
  // Tammy (Harold Hill North) and Priya (triage) have the bot installed; Amira has not.
  await bot.send(activities.message(users.tammy, 'hello'));
  await bot.send(activities.message(users.priya, 'hello'));
  await bot.send(activities.message(users.introducer, 'hello'));
});
afterAll(async () => {
  await bot.stop();
});

const accept = (user: TestUser, id: string) =>
  bot.send(activities.cardAction(user, 'acceptIntroduction', { id }));

it('offers it to the coordinator in their chat, with the least personal data, and records the delivery', async () => {
  const before = bot.sent.length;
  const introduction = await introduce({ visitSafety: 'Large dog at the address' });
  const offer = bot.sent.slice(before).find((a) => a.toConversation === `a:personal-${users.tammy.id}`);
  const card = cardIn(offer);
  expect(cardProblems(card)).toEqual([]);
  const text = cardText(card);
  expect(text).toContain('Margaret J.');
  expect(text).toContain('Harold Hill North');
  expect(text).toContain('Offered to Tammy Hughes: waiting to be accepted.');
  // The chat is a permanent record: the reference, first name and initial, the neighbourhood, where
  // it stands and who has it. No themes, who introduced, reasons, caseloads or anything typed.
  expect(text).not.toMatch(/RM3 7AB/i);
  expect(text).not.toMatch(
    /Jones|07700|Large dog|allotment|lonely|Jo Carter|by sector|of 50|visiting safely/i,
  );
  expect(text).toContain('Show details and actions');
  expect(text).not.toContain('Accept');
  // Tammy's client fetches her own view of it.
  expect(card?.refresh).toMatchObject({ action: { verb: 'showIntroduction' }, userIds: [users.tammy.id] });
  expect(introduction.events.at(-1)).toMatchObject({
    type: 'offer-delivered',
    note: 'Offered to Tammy Hughes in Teams.',
  });
  expect(introduction.postedCards).toEqual([
    expect.objectContaining({ audience: 'coordinator', activityId: offer?.givenId }),
  ]);
});

describe("each person's own view of the card (Universal Actions refresh)", () => {
  it('shows the coordinator the details and what she can do, and records that she saw them', async () => {
    const introduction = await introduce({ visitSafety: 'Large dog at the address' });
    const posted = cardIn(bot.sent.find((a) => a.givenId === introduction.postedCards?.[0]?.activityId));
    const refreshed = await bot.send(activities.refresh(users.tammy, posted as Record<string, unknown>));
    const view = (refreshed.body as { value: Record<string, unknown> }).value;
    // Her view is hers: it is the answer to her client, and nothing in the chat is replaced.
    expect(refreshed.sent).toEqual([]);
    expect(cardProblems(view)).toEqual([]);
    const text = cardText(view);
    expect(text).toContain('Margaret Jones');
    expect(text).toContain('07700 900123');
    expect(text).toContain('Large dog at the address');
    expect(text).toContain('Back at the allotment with friends');
    expect(text).toContain('Feeling lonely or isolated');
    expect(text).toContain('Jo Carter, Demo Borough adult social care');
    expect(text).toContain('Harold Hill North by sector RM3 7; Tammy Hughes, ');
    expect(text).toContain('There is a note about visiting safely');
    expect(text).toContain('Shown only to you');
    for (const action of ['Accept', 'Pass to another patch', 'Back to triage', 'Ask the introducer']) {
      expect(text).toContain(action);
    }
    expect(text).not.toContain('Assign to');
    expect(view.refresh).toMatchObject({ userIds: [users.tammy.id] });
    const audit = { resources: await auditTrail(bot, introduction.id, 'viewed') };
    expect(audit.resources.map((e) => e.actorId)).toContain(users.tammy.aadObjectId);
  });

  it('shows a triage manager the details and Assign as well', async () => {
    const introduction = await introduce();
    const shown = await bot.send(
      activities.cardAction(users.priya, 'showIntroduction', { id: introduction.id }),
    );
    const text = cardText((shown.body as { value: unknown }).value);
    expect(text).toContain('Margaret Jones');
    expect(text).toContain('Accept');
    expect(text).toContain('Assign to');
  });

  it('shows the introducer where it is and nothing else, and tells anyone else "Not found", audited', async () => {
    const introduction = await introduce();
    const introducerView = await bot.send(
      activities.cardAction(users.introducer, 'showIntroduction', { id: introduction.id }),
    );
    const mine = cardText((introducerView.body as { value: unknown }).value);
    expect(mine).toContain('Offered to Tammy Hughes');
    expect(mine).toContain('You made this introduction');
    expect(mine).not.toMatch(/Accept|Assign|Shown only to you/);
    for (const user of [users.amira, users.housingOfficer]) {
      const other = await bot.send(activities.cardAction(user, 'showIntroduction', { id: introduction.id }));
      const said = JSON.stringify(other.body);
      expect(said).toContain('Not found');
      // Exactly as if it did not exist: not even the posted card's first name, theme or introducer.
      expect(said).not.toMatch(/Margaret|Jones|07700|lonely|Jo Carter|Harold Hill/);
    }
    const denied = await auditTrail(bot, introduction.id, 'denied');
    expect(denied.map((e) => e.actorId).sort()).toEqual(
      [users.amira.aadObjectId, users.housingOfficer.aadObjectId].sort(),
    );
    const forged = await bot.send(
      activities.cardAction(users.amira, 'showIntroduction', { id: 'not-an-id' }),
    );
    expect(JSON.stringify(forged.body)).toContain('Not found');
  });
});

it('records when the coordinator cannot be reached in Teams, and sends it to the triage team instead', async () => {
  // Amira Khan has never opened the app (earlier tests may have had her press a button).
  await bot.bot.store
    .container('people')
    .item(users.amira.aadObjectId, users.amira.aadObjectId)
    .delete()
    .catch(() => undefined);
  const before = bot.sent.length;
  const introduction = await introduce({ postcode: 'RM5 2AB', fullName: 'Peter Grant' });
  expect(introduction.routing.coordinator?.name).toBe('Amira Khan');
  expect(introduction.events.map((e) => e.type).slice(-2)).toEqual([
    'coordinator-not-reachable',
    'delivered',
  ]);
  expect(introduction.events.at(-2)?.note).toBe(
    'Amira Khan could not be reached in Teams (the app is not installed for them); it has gone to the triage team.',
  );
  // No triage channel is set in this test: the triage manager gets it in her own chat.
  const toPriyaActivity = bot.sent
    .slice(before)
    .find((a) => a.toConversation === `a:personal-${users.priya.id}`);
  const toPriya = cardIn(toPriyaActivity);
  expect(cardText(toPriya)).toContain('For the LAC team: a new introduction');
  expect(cardText(toPriya)).toContain('The coordinator could not be reached in Teams. Please assign it');
  expect(cardText(toPriya)).not.toContain('Grant');
  // Why, in words, is in the triage manager's own view.
  const view = await bot.send(
    activities.refresh(users.priya, toPriya as Record<string, unknown>, 'personal', toPriyaActivity?.givenId),
  );
  expect(cardText((view.body as { value: unknown }).value)).toContain(
    'Amira Khan could not be reached in Teams',
  );
});

it('accepting makes it theirs and tells the introducer by name', async () => {
  const introduction = await introduce();
  const before = bot.sent.length;
  const exchange = await accept(users.tammy, introduction.id);
  const card = (exchange.body as { value: unknown }).value;
  expect(cardText(card)).toContain('Accepted by you at');
  expect(JSON.stringify(card)).not.toContain('acceptIntroduction');
  const stored = await read(introduction.id);
  expect(stored).toMatchObject({
    status: 'accepted',
    acceptedBy: { aadObjectId: users.tammy.aadObjectId, name: 'Tammy Hughes' },
  });
  await bot.settled();
  const told = bot.sent.slice(before).find((a) => a.toConversation === `a:personal-${users.introducer.id}`);
  expect(told?.text).toContain('**Tammy Hughes** has accepted your introduction of Margaret J.');
  const audit = await bot.bot.store
    .container('audit')
    .items.query({
      query: 'SELECT * FROM c WHERE c.subjectId = @id',
      parameters: [{ name: '@id', value: introduction.id }],
    })
    .fetchAll();
  expect(audit.resources.filter((e) => e.action === 'changed').map((e) => e.actorId)).toEqual([
    users.tammy.aadObjectId,
  ]);
});

it('gives one winner when ten people press Accept at the same moment; the others see who and when', async () => {
  const introduction = await introduce();
  const pressers = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? users.tammy : users.priya));
  const results = await Promise.all(pressers.map((user) => accept(user, introduction.id)));
  const texts = results.map((r) => cardText((r.body as { value: unknown }).value));
  expect(texts.filter((t) => t.includes('Accepted by you at'))).toHaveLength(1);
  const losers = texts.filter((t) => t.includes('Already accepted by'));
  expect(losers).toHaveLength(9);
  const stored = await read(introduction.id);
  expect(stored.events.filter((e) => e.type === 'status-changed' && e.to === 'accepted')).toHaveLength(1);
  const winner = stored.acceptedBy?.name as string;
  expect(
    losers.every(
      (t) => t.includes(`Already accepted by ${winner} at`) || t.includes('Already accepted by you at'),
    ),
  ).toBe(true);
});

it('refuses anyone who is not a coordinator of its patch or a triage manager', async () => {
  const introduction = await introduce();
  for (const user of [users.amira, users.introducer, users.housingOfficer]) {
    expect(JSON.stringify((await accept(user, introduction.id)).body)).toContain('Not found');
  }
  expect((await read(introduction.id)).status).toBe('offered');
  expect(JSON.stringify((await accept(users.tammy, 'not-an-id')).body)).toContain('Not found');
});

it('never moves it backwards from a stale card', async () => {
  const introduction = await introduce();
  await accept(users.tammy, introduction.id);
  await bot.bot.store
    .container('introductions')
    .item(introduction.id, introduction.id)
    .patch([{ op: 'set', path: '/status', value: 'walking-alongside' }])
    .catch(async () => {
      const current = await read(introduction.id);
      await bot.bot.store
        .container('introductions')
        .items.upsert({ ...current, status: 'walking-alongside' });
    });
  const stale = await accept(users.tammy, introduction.id);
  expect(cardText((stale.body as { value: unknown }).value)).toContain('Already accepted by you');
  expect((await read(introduction.id)).status).toBe('walking-alongside');
});

describe('my people and the team queue', () => {
  it('shows a coordinator the people offered to them and accepted, against their capacity', async () => {
    const waiting = await introduce({ fullName: 'Waiting Person' });
    const accepted = await introduce({ fullName: 'Accepted Person' });
    await accept(users.tammy, accepted.id);
    const exchange = await bot.send(activities.message(users.tammy, 'my people'));
    const card = cardIn(exchange.sent[0]);
    expect(cardProblems(card)).toEqual([]);
    // Posted in her chat: who and where each stands; her caseload is in her own view.
    expect(cardText(card)).not.toMatch(/\d+ of 50|working on feeling/);
    const view = await readerView(bot, users.tammy, exchange.sent[0]);
    expect(cardProblems(view)).toEqual([]);
    const text = cardText(view);
    expect(text).toMatch(/\d+ of 50 \(your capacity\)/);
    expect(text).toContain(waiting.reference);
    expect(text).toContain(accepted.reference);
    expect(text).toContain('Waiting P.');
    expect(text).not.toContain('Person ');
  });

  it('is only for coordinators', async () => {
    const exchange = await bot.send(activities.message(users.introducer, 'my people'));
    expect(exchange.sent[0]?.text).toContain('This is for Local Area Coordinators');
  });

  it('shows triage managers everything waiting, oldest first, with what needs attention', async () => {
    const nobody = await introduce({ postcode: 'RM12 4AB', fullName: 'No Patch' });
    const exchange = await bot.send(activities.message(users.priya, 'team queue'));
    expect(cardText(cardIn(exchange.sent[0]))).not.toMatch(/in triage: no rule|not reached/);
    const text = cardText(await readerView(bot, users.priya, exchange.sent[0]));
    expect(text).toMatch(/\d+ waiting for someone to act, oldest first/);
    expect(text).toContain(nobody.reference);
    expect(text).toContain('in triage: no rule');
    expect(text).toContain('coordinator not reached');
    const notManager = await bot.send(activities.message(users.tammy, 'team queue'));
    expect(notManager.sent[0]?.text).toContain('This is for the triage managers');
  });
});

describe('away and back', () => {
  const today = NOW;
  const uk = (d: Date) => `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`;
  const nextWeek = new Date(today.getTime() + 7 * 86_400_000);

  it('a coordinator sets time away with cover; routing sends new introductions to the cover at once', async () => {
    const exchange = await bot.send(
      activities.message(users.tammy, `away from ${uk(today)} to ${uk(nextWeek)} cover Sam Okafor`),
    );
    expect(exchange.sent[0]?.text).toContain('New introductions for your patch go to Sam Okafor meanwhile.');
    const introduction = await introduce({ fullName: 'While Away' });
    expect(introduction.routing.coordinator).toMatchObject({
      name: 'Sam Okafor',
      coveringFor: { name: 'Tammy Hughes' },
    });
    const stored = await bot.bot.directories.refreshAway().then(() => bot.bot.directories.directory);
    const tammy = stored.patches.flatMap((p) => p.coordinators).find((c) => c.name === 'Tammy Hughes');
    expect(tammy?.away).toMatchObject({ cover: 'sam.okafor@demo.gov.uk' });

    const back = await bot.send(activities.message(users.tammy, 'back'));
    expect(back.sent[0]?.text).toContain('Welcome back');
    expect((await introduce({ fullName: 'After Return' })).routing.coordinator?.name).toBe('Tammy Hughes');
  });

  it('explains what it cannot read, and is only for coordinators', async () => {
    const vague = await bot.send(activities.message(users.tammy, 'away next week'));
    expect(vague.sent[0]?.text).toContain('Please say it like this');
    const unknown = await bot.send(
      activities.message(users.tammy, `away from ${uk(today)} to ${uk(nextWeek)} cover Nobody Here`),
    );
    expect(unknown.sent[0]?.text).toContain('I can\'t find a coordinator called "Nobody Here"');
    const notCoordinator = await bot.send(
      activities.message(users.introducer, `away from ${uk(today)} to ${uk(nextWeek)}`),
    );
    expect(notCoordinator.sent[0]?.text).toContain('This is for Local Area Coordinators');
  });
});

describe('pass to another patch, and back to triage', () => {
  it('passes it with the reason: offered to that patch’s coordinator, the introducer told why', async () => {
    const introduction = await introduce({ fullName: 'Passed Along' });
    const before = bot.sent.length;
    const exchange = await bot.send(
      activities.cardAction(users.tammy, 'passIntroduction', {
        id: introduction.id,
        toPatch: 'elm-park',
        reason: 'the street is on the Elm Park side of the railway',
      }),
    );
    await bot.settled();
    expect(cardText((exchange.body as { value: unknown }).value)).toContain(
      'Passed to Elm Park: offered to Gareth Lewis.',
    );
    const stored = await read(introduction.id);
    expect(stored).toMatchObject({
      status: 'offered',
      routing: { patch: { id: 'elm-park' } },
      coordinatorEmail: 'gareth.lewis@demo.gov.uk',
    });
    expect(stored.routing.explanation).toContain(
      'Passed to Elm Park by Tammy Hughes: the street is on the Elm Park side',
    );
    expect(
      stored.events.some((e) => e.type === 'status-changed' && e.from === 'offered' && e.to === 'offered'),
    ).toBe(true);
    // The introducer is told where in chat, and why only in their own timeline.
    const told = bot.sent.slice(before).find((a) => a.toConversation === `a:personal-${users.introducer.id}`);
    expect(told?.text).toContain('passed to the Local Area Coordinator for **Elm Park**.');
    expect(told?.text).not.toContain('railway');
    const timeline = await bot.send(
      activities.cardAction(users.introducer, 'openIntroduction', { id: introduction.id }),
    );
    const timelineText = cardText((timeline.body as { value: unknown }).value);
    expect(timelineText).toContain(
      'Passed to Elm Park by Tammy Hughes: the street is on the Elm Park side of the railway.',
    );
    expect(timelineText).not.toMatch(/\d+ of \d+/);
  });

  it('sends it back to triage with the reason, off the coordinator’s caseload', async () => {
    const introduction = await introduce({ fullName: 'Needs Team' });
    const exchange = await bot.send(
      activities.cardAction(users.tammy, 'backToTriage', {
        id: introduction.id,
        triageReason: 'Lives across the border',
      }),
    );
    expect(cardText((exchange.body as { value: unknown }).value)).toContain(
      'Back with LAC team triage, with your reason.',
    );
    const stored = await read(introduction.id);
    expect(stored.status).toBe('with-triage');
    expect(stored.coordinatorEmail).toBeUndefined();
  });

  it('refuses others, and asks for a patch and a reason', async () => {
    const introduction = await introduce({ fullName: 'Stays Put' });
    const refused = await bot.send(
      activities.cardAction(users.amira, 'passIntroduction', {
        id: introduction.id,
        toPatch: 'elm-park',
        reason: 'x',
      }),
    );
    expect(JSON.stringify(refused.body)).toContain('Not found');
    const noReason = await bot.send(
      activities.cardAction(users.tammy, 'passIntroduction', { id: introduction.id, toPatch: 'elm-park' }),
    );
    expect(JSON.stringify(noReason.body)).toContain('Please choose a patch and say why');
    expect((await read(introduction.id)).routing.patch?.id).toBe('harold-hill-north');
  });
});

describe('ask the introducer, from the offer card', () => {
  it('sends the question to the introducer, whose reply comes back to the coordinator', async () => {
    const introduction = await introduce({ fullName: 'Question Time' });
    const before = bot.sent.length;
    const asked = await bot.send(
      activities.cardAction(users.tammy, 'askIntroducer', {
        id: introduction.id,
        question: 'Is a morning visit best?',
      }),
    );
    expect(cardText((asked.body as { value: unknown }).value)).toContain(
      'Asked Jo Carter: their reply will come to you in our chat.',
    );
    await bot.settled();
    const questionCard = cardIn(
      bot.sent.slice(before).find((a) => a.toConversation === `a:personal-${users.introducer.id}`),
    );
    expect(cardText(questionCard)).not.toContain('morning');
    const data = (questionCard as { actions: { data: { questionId: string } }[] }).actions[0]?.data;
    await bot.send(
      activities.cardAction(users.introducer, 'replyToQuestion', {
        introductionId: introduction.id,
        questionId: data?.questionId,
        reply: 'Yes, after 10.',
      }),
    );
    await bot.settled();
    // Posted to Tammy: a reply is waiting. The reply itself is in her own view.
    const waiting = cardIn(
      bot.sent.filter((a) => a.toConversation === `a:personal-${users.tammy.id}`).at(-1),
    );
    expect(cardText(waiting)).toContain('Jo Carter** has replied');
    expect(cardText(waiting)).not.toContain('after 10');
    const read = await bot.send(activities.refresh(users.tammy, waiting as Record<string, unknown>));
    expect(cardText((read.body as { value: unknown }).value)).toContain('Yes, after 10.');
  });

  it('is refused to anyone outside the patch', async () => {
    const introduction = await introduce({ fullName: 'No Questions' });
    const refused = await bot.send(
      activities.cardAction(users.amira, 'askIntroducer', { id: introduction.id, question: 'Hi?' }),
    );
    expect(JSON.stringify(refused.body)).toContain('Not found');
  });
});

describe('assign to (triage managers)', () => {
  it('lets a triage manager assign a triage introduction to any coordinator, who is then offered it', async () => {
    const introduction = await introduce({ postcode: 'RM12 4AB', fullName: 'Needs Someone' });
    expect(introduction.status).toBe('with-triage');
    const opened = await bot.send(
      activities.cardAction(users.priya, 'openIntroduction', { id: introduction.id }),
    );
    const timeline = (opened.body as { value: unknown }).value;
    expect(cardProblems(timeline)).toEqual([]);
    expect(cardText(timeline)).toContain('Assign to');
    expect(JSON.stringify(timeline)).toContain('Gareth Lewis (Elm Park)');

    const exchange = await bot.send(
      activities.cardAction(users.priya, 'assignIntroduction', {
        id: introduction.id,
        assignTo: 'tammy.hughes@demo.gov.uk',
        assignReason: 'Knows the family',
      }),
    );
    await bot.settled();
    expect(JSON.stringify(exchange.body)).toContain('Assigned to Tammy Hughes (Harold Hill North)');
    const stored = await read(introduction.id);
    expect(stored).toMatchObject({
      status: 'offered',
      routing: { patch: { id: 'harold-hill-north' } },
      coordinatorEmail: 'tammy.hughes@demo.gov.uk',
    });
    expect(stored.routing.explanation).toContain(
      'Assigned to Tammy Hughes (Harold Hill North) by Priya Shah: Knows the family',
    );
    expect(stored.events.at(-1)).toMatchObject({ type: 'offer-delivered' });
  });

  it('is only for triage managers, and the introducer does not see it', async () => {
    const introduction = await introduce({ postcode: 'RM12 4AB', fullName: 'Not Yours' });
    const refused = await bot.send(
      activities.cardAction(users.tammy, 'assignIntroduction', {
        id: introduction.id,
        assignTo: 'tammy.hughes@demo.gov.uk',
      }),
    );
    expect(JSON.stringify(refused.body)).toContain('Not found');
    const introducerView = await bot.send(
      activities.cardAction(users.introducer, 'openIntroduction', { id: introduction.id }),
    );
    expect(cardText((introducerView.body as { value: unknown }).value)).not.toContain('Assign to');
  });
});

describe('record progress after accepting', () => {
  it('records the first conversation, walking alongside with outcomes, and stepping back (never closed)', async () => {
    const introduction = await introduce({ fullName: 'Walked Alongside' });
    await accept(users.tammy, introduction.id);
    const opened = await bot.send(
      activities.cardAction(users.tammy, 'openIntroduction', { id: introduction.id }),
    );
    const timeline = (opened.body as { value: unknown }).value;
    expect(cardProblems(timeline)).toEqual([]);
    expect(cardText(timeline)).toContain('Record progress');

    const future = await bot.send(
      activities.cardAction(users.tammy, 'recordProgress', {
        id: introduction.id,
        progress: 'in-touch',
        firstConversationOn: '2026-12-01',
      }),
    );
    expect(JSON.stringify(future.body)).toContain('The first conversation cannot be in the future');
    const impossible = await bot.send(
      activities.cardAction(users.tammy, 'recordProgress', {
        id: introduction.id,
        progress: 'in-touch',
        firstConversationOn: '2026-11-00',
      }),
    );
    expect(JSON.stringify(impossible.body)).toContain('That day does not exist');
    const first = await bot.send(
      activities.cardAction(users.tammy, 'recordProgress', {
        id: introduction.id,
        progress: 'in-touch',
        firstConversationOn: '2026-11-23',
      }),
    );
    expect(JSON.stringify(first.body)).toContain('in touch');
    expect(JSON.stringify(first.body)).toContain('First conversation on 23 Nov 2026.');
    const second = await bot.send(
      activities.cardAction(users.tammy, 'recordProgress', {
        id: introduction.id,
        progress: 'walking-alongside',
        outcomes: 'connected-to-community,tenancy-kept',
        workingOn: 'isolation,money',
      }),
    );
    // The answer (which an older client posts in the chat) says that they are recorded, not what.
    expect(JSON.stringify(second.body)).toContain('2 outcomes recorded.');
    expect(JSON.stringify(second.body)).toContain('What they are working on is recorded.');
    expect(JSON.stringify(second.body)).not.toMatch(/Tenancy kept|lonely/);
    const mine = await bot.send(activities.message(users.tammy, 'my people'));
    expect(cardText(await readerView(bot, users.tammy, mine.sent[0]))).toContain(
      'working on feeling lonely or isolated, money or debt',
    );
    const third = await bot.send(
      activities.cardAction(users.tammy, 'recordProgress', {
        id: introduction.id,
        progress: 'stepped-back',
        progressNote: 'Going well',
      }),
    );
    expect(JSON.stringify(third.body)).toContain('They stay known, and can come back at any time.');
    const stored = await read(introduction.id);
    expect(stored).toMatchObject({
      status: 'stepped-back',
      level: 2,
      workingOn: ['isolation', 'money'],
      firstConversation: { on: '2026-11-23', by: { name: 'Tammy Hughes' } },
    });
    expect(stored.events.find((e) => e.type === 'working-on')?.note).toBe(
      'Working on: Feeling lonely or isolated, Money or debt.',
    );
    // The introducer sees what happened to their introduction, not the team's notes.
    const introducerView = await bot.send(
      activities.cardAction(users.introducer, 'openIntroduction', { id: introduction.id }),
    );
    const asIntroducer = cardText((introducerView.body as { value: unknown }).value);
    expect(asIntroducer).toContain('Now: stepped back');
    expect(asIntroducer).not.toMatch(/Going well|Working on|First conversation/);
    const coordinatorView = await bot.send(
      activities.cardAction(users.tammy, 'openIntroduction', { id: introduction.id }),
    );
    expect(cardText((coordinatorView.body as { value: unknown }).value)).toContain('Working on:');
    expect(stored.outcomes?.map((o) => o.outcome)).toEqual(['connected-to-community', 'tenancy-kept']);
    expect(stored.events.filter((e) => e.type === 'status-changed').map((e) => e.to)).toEqual([
      'accepted',
      'in-touch',
      'walking-alongside',
      'stepped-back',
    ]);
  });

  it('refuses what the lifecycle refuses, and anyone outside the patch', async () => {
    const introduction = await introduce({ fullName: 'Not Yet' });
    const early = await bot.send(
      activities.cardAction(users.tammy, 'recordProgress', { id: introduction.id, progress: 'stepped-back' }),
    );
    expect(JSON.stringify(early.body)).toContain('cannot go from');
    const stranger = await bot.send(
      activities.cardAction(users.amira, 'recordProgress', { id: introduction.id, progress: 'in-touch' }),
    );
    expect(JSON.stringify(stranger.body)).toContain('Not found');
  });
});

function introduce(fields: Record<string, string> = {}): Promise<Introduction> {
  return introduceAs(bot, users.introducer, fields);
}

function read(id: string): Promise<Introduction> {
  return readIntroduction(bot, id);
}
