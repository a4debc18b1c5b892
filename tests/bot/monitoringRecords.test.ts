/**
 * Monitoring with the person, through the real adapter: Tammy records equalities, wellbeing and
 * something avoided from Margaret's timeline, once per press; Priya, a triage manager, confirms what
 * was avoided; the introducer sees none of it; the month's report counts it, at the council's unit
 * cost.
 */
import {
  activities,
  cardText,
  greet,
  introduceAs,
  readIntroduction,
  startTestBot,
  type TestBot,
  users,
} from '../helpers/botHarness';

let bot: TestBot;
let id: string;

beforeAll(async () => {
  bot = await startTestBot();
  await greet(bot, users.tammy, users.priya, users.introducer);
  id = (await introduceAs(bot, users.introducer)).id;
  await bot.send(activities.cardAction(users.tammy, 'acceptIntroduction', { id }));
  await bot.send(activities.cardAction(users.tammy, 'recordProgress', { id, progress: 'in-touch' }));
});
afterAll(() => bot.stop());

const answerOf = (exchange: { body: unknown }) => (exchange.body as { value: unknown }).value;
const actionIdIn = (card: unknown) => /"actionId":"([0-9a-f-]{36})"/.exec(JSON.stringify(card))?.[1] ?? '';
const open = async (user = users.tammy) =>
  answerOf(await bot.send(activities.cardAction(user, 'openIntroduction', { id })));

const FILLED = {
  ethnicity: 'white-irish',
  disability: 'no',
  carer: '',
  lifeSatisfaction: '6',
  worthwhile: '5',
  happy: '7',
  anxious: '4',
  wellbeingOn: '',
  avoidedKind: 'eviction',
  avoidedEvidence: 'An arrears plan agreed with the landlord before the hearing',
};

it('refuses wellbeing measured on a day that does not exist, and keeps nothing of it', async () => {
  const before = (await readIntroduction(bot, id)).wellbeing?.length ?? 0;
  const timeline = await open();
  const press = { id, actionId: actionIdIn(timeline), ...FILLED, wellbeingOn: '2026-02-30' };
  const refused = await bot.send(activities.cardAction(users.tammy, 'recordMonitoring', press));
  expect(JSON.stringify(refused.body)).toContain(
    'Not saved: the day the wellbeing was measured is not a real date.',
  );
  expect((await readIntroduction(bot, id)).wellbeing?.length ?? 0).toBe(before);
});

it('lets the coordinator record monitoring with the person, once per press', async () => {
  const timeline = await open();
  expect(cardText(timeline)).toContain('Monitoring with the person');
  const press = { id, actionId: actionIdIn(timeline), ...FILLED };
  const first = await bot.send(activities.cardAction(users.tammy, 'recordMonitoring', press));
  expect(cardText(answerOf(first))).toContain('Equalities monitoring recorded. Wellbeing measured once.');
  const again = await bot.send(activities.cardAction(users.tammy, 'recordMonitoring', press));
  expect(JSON.stringify(again.body)).toContain('Done already');

  const stored = await readIntroduction(bot, id);
  expect(stored.equalities).toMatchObject({
    ethnicity: 'white-irish',
    disability: 'no',
    by: { aadObjectId: users.tammy.aadObjectId, name: 'Tammy Hughes' },
  });
  expect(stored.equalities?.carer).toBeUndefined(); // not asked
  expect(stored.wellbeing).toHaveLength(1);
  expect(stored.wellbeing?.[0]?.scores).toEqual({ lifeSatisfaction: 6, worthwhile: 5, happy: 7, anxious: 4 });
  expect(stored.avoided).toEqual([
    expect.objectContaining({
      kind: 'eviction',
      status: 'proposed',
      by: expect.objectContaining({ name: 'Tammy Hughes' }),
    }),
  ]);
  expect(stored.events.map((e) => e.type)).toEqual(
    expect.arrayContaining(['equalities-recorded', 'wellbeing-recorded', 'avoided-proposed']),
  );
  expect(stored.events.filter((e) => e.type === 'wellbeing-recorded')).toHaveLength(1);
  // The events say that something was recorded, never what.
  expect(JSON.stringify(stored.events)).not.toMatch(/Irish|arrears plan/);
});

it('refuses three wellbeing answers of four, a score over 10, and an unknown kind', async () => {
  const base = { id, actionId: actionIdIn(await open()) };
  const three = await bot.send(
    activities.cardAction(users.tammy, 'recordMonitoring', {
      ...base,
      lifeSatisfaction: '6',
      worthwhile: '5',
      happy: '7',
    }),
  );
  expect(JSON.stringify(three.body)).toContain('Not saved: all four wellbeing answers, or none.');
  const eleven = await bot.send(
    activities.cardAction(users.tammy, 'recordMonitoring', {
      ...base,
      lifeSatisfaction: '11',
      worthwhile: '5',
      happy: '7',
      anxious: '1',
    }),
  );
  expect(JSON.stringify(eleven.body)).toContain('Not saved');
  const unknown = await bot.send(
    activities.cardAction(users.tammy, 'recordMonitoring', {
      ...base,
      avoidedKind: 'a-lottery-win',
      avoidedEvidence: 'x',
    }),
  );
  expect(JSON.stringify(unknown.body)).toContain('that kind of avoided event is not known');
  expect((await readIntroduction(bot, id)).wellbeing).toHaveLength(1);
});

it('shows the introducer nothing of it, and lets neither the introducer nor a coordinator decide', async () => {
  const theirs = cardText(await open(users.introducer));
  expect(theirs).not.toMatch(/Monitoring with the person|Equalities|Wellbeing|avoided/i);
  const byIntroducer = await bot.send(
    activities.cardAction(users.introducer, 'recordMonitoring', { id, ...FILLED, avoidedKind: '' }),
  );
  expect(JSON.stringify(byIntroducer.body)).toContain('Not found');
  const eventId = (await readIntroduction(bot, id)).avoided?.[0]?.id ?? '';
  const byTammy = await bot.send(
    activities.cardAction(users.tammy, 'decideAvoided', { id, eventId, decision: 'confirmed' }),
  );
  expect(JSON.stringify(byTammy.body)).toContain('Not found');
  expect((await readIntroduction(bot, id)).avoided?.[0]?.status).toBe('proposed');
});

it('lets a triage manager confirm what was avoided, once, and the report counts it at the unit cost', async () => {
  const timeline = await open(users.priya);
  expect(cardText(timeline)).toContain(
    'An eviction: An arrears plan agreed with the landlord before the hearing (Tammy Hughes',
  );
  const eventId = (await readIntroduction(bot, id)).avoided?.[0]?.id ?? '';
  const press = { id, eventId, decision: 'confirmed', actionId: actionIdIn(timeline) };
  await bot.send(activities.cardAction(users.priya, 'decideAvoided', press));
  const stored = await readIntroduction(bot, id);
  expect(stored.avoided?.[0]).toMatchObject({
    status: 'confirmed',
    decidedBy: { aadObjectId: users.priya.aadObjectId, name: 'Priya Shah' },
  });
  const later = await bot.send(
    activities.cardAction(users.priya, 'decideAvoided', {
      ...press,
      decision: 'rejected',
      actionId: actionIdIn(await open(users.priya)),
    }),
  );
  expect(JSON.stringify(later.body)).toContain('That was confirmed already, by Priya Shah.');

  const report = await bot.send(activities.message(users.priya, 'monthly report this month'));
  const text = cardText(
    JSON.parse(JSON.stringify(report.sent.find((a) => a.attachments)?.attachments?.[0]?.content ?? {})),
  );
  expect(text).toContain('Ethnic group: White');
  expect(text).toMatch(/Costs avoided \(an estimate\)\s+£7,000/);
});

describe('correcting a detail (rectification)', () => {
  it('corrects a detail with a reason, keeping who changed what and when, but not the old value', async () => {
    const before = await readIntroduction(bot, id);
    const answer = await bot.send(
      activities.cardAction(users.tammy, 'correctDetail', {
        id,
        actionId: actionIdIn(await open()),
        correctField: 'phone',
        correctValue: '07700 900999',
        correctReason: 'She gave a new number at the first conversation',
      }),
    );
    expect(cardText(answerOf(answer))).toContain(
      'Phone corrected: She gave a new number at the first conversation',
    );
    const stored = await readIntroduction(bot, id);
    expect(stored.person.phone).toBe('07700 900999');
    expect(stored.corrections?.at(-1)).toMatchObject({
      field: 'phone',
      reason: 'She gave a new number at the first conversation',
      by: { name: 'Tammy Hughes' },
    });
    expect(JSON.stringify(stored.events)).not.toContain(before.person.phone ?? 'none');
    expect(JSON.stringify(stored.corrections)).not.toContain(before.person.phone ?? 'none');
  });

  it('records that the person disagrees, beside the detail, without changing it', async () => {
    const before = await readIntroduction(bot, id);
    await bot.send(
      activities.cardAction(users.tammy, 'correctDetail', {
        id,
        actionId: actionIdIn(await open()),
        correctField: 'postcode',
        correctValue: '',
        correctReason: 'She says she has moved, but has not said where',
        disagreement: 'true',
      }),
    );
    const stored = await readIntroduction(bot, id);
    expect(stored.person.postcode).toBe(before.person.postcode);
    expect(stored.corrections?.at(-1)).toMatchObject({ field: 'postcode', disagreement: true });
    expect(stored.events.at(-1)?.type).toBe('detail-disputed');
  });

  it('checks a corrected value, follows a corrected name in the duplicate keys, and refuses the introducer', async () => {
    const bad = await bot.send(
      activities.cardAction(users.tammy, 'correctDetail', {
        id,
        actionId: actionIdIn(await open()),
        correctField: 'postcode',
        correctValue: 'not a postcode',
        correctReason: 'typo',
      }),
    );
    expect(JSON.stringify(bad.body)).toContain('is not a UK postcode');
    const keysBefore = (await readIntroduction(bot, id)).duplicateKeys;
    await bot.send(
      activities.cardAction(users.tammy, 'correctDetail', {
        id,
        actionId: actionIdIn(await open()),
        correctField: 'fullName',
        correctValue: 'Margaret Jones-Obi',
        correctReason: 'Her name as she writes it',
      }),
    );
    const renamed = await readIntroduction(bot, id);
    expect(renamed.person.fullName).toBe('Margaret Jones-Obi');
    expect(renamed.duplicateKeys).not.toEqual(keysBefore);
    const byIntroducer = await bot.send(
      activities.cardAction(users.introducer, 'correctDetail', {
        id,
        correctField: 'phone',
        correctValue: '1',
        correctReason: 'x',
      }),
    );
    expect(JSON.stringify(byIntroducer.body)).toContain('Not found');
  });
});
