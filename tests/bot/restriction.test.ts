/**
 * Restriction through the real adapter: a records lead restricts Margaret's introduction (she
 * objected); from then on nothing but storage: no offer action, no reminder, no question, in no list,
 * its details for records leads only; lifted, it is processed as before.
 */
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
  users,
} from '../helpers/botHarness';

const { grace } = users;

let bot: TestBot;
let now = new Date('2026-11-23T10:00:00Z'); // a Monday
let id: string;
let reference: string;

beforeAll(async () => {
  bot = await startTestBot({}, { clock: () => now });
  await greet(bot, users.tammy, users.introducer, grace, users.priya);
  const introduction = await introduceAs(bot, users.introducer);
  id = introduction.id;
  reference = introduction.reference;
});
afterAll(() => bot.stop());

const said = async (user: TestUser, text: string) =>
  (await bot.send(activities.message(user, text))).sent.map((a) => a.text ?? cardText(cardIn(a))).join('\n');
const pressed = async (user: TestUser, verb: string, data: Record<string, unknown>) =>
  JSON.stringify((await bot.send(activities.cardAction(user, verb, data))).body);

it('is set by a records lead only, with a reason, as an event and an audit entry', async () => {
  expect(await said(users.priya, `restrict ${reference} because she objected`)).toContain('records leads');
  expect(await said(grace, `restrict ${reference} because she objected`)).toContain(
    `${reference} is restricted, with your reason`,
  );
  const stored = await readIntroduction(bot, id);
  expect(stored.restriction).toMatchObject({ reason: 'she objected', by: { name: 'Grace Obi' } });
  expect(stored.events.at(-1)).toMatchObject({ type: 'restricted', note: 'Restricted: she objected' });
  expect(await said(grace, `restrict ${reference} because again`)).toContain('restricted already');
});

it('stops every action on it, every reminder and every question', async () => {
  for (const [user, verb, data] of [
    [users.tammy, 'acceptIntroduction', { id }],
    [users.tammy, 'askIntroducer', { id, question: 'Is a visit all right?' }],
    [users.priya, 'passIntroduction', { id, toPatch: 'elm-park', reason: 'nearer' }],
    [users.priya, 'assignIntroduction', { id, assignTo: 'sam.okafor@demo.gov.uk' }],
    [users.tammy, 'showIntroduction', { id }],
  ] as const)
    expect(await pressed(user, verb, data)).toContain('Not found');
  now = new Date('2026-11-27T10:00:00Z'); // four working days on: a reminder would be due
  expect(await bot.bot.nudges.runOnce()).toMatchObject({ reminded: 0, raised: 0 });
  const stored = await readIntroduction(bot, id);
  expect(stored.status).toBe('offered');
  expect(stored.events.some((e) => e.type === 'reminder-sent' || e.type === 'question-asked')).toBe(false);
});

it('is in no list, and only a records lead sees its details', async () => {
  expect(await said(users.tammy, 'my people')).not.toContain(reference);
  expect(await said(users.priya, 'team queue')).not.toContain(reference);
  expect(await said(users.introducer, 'my introductions')).not.toContain(reference);
  expect(await pressed(users.introducer, 'openIntroduction', { id })).toContain('Not found');
  expect(await pressed(grace, 'openIntroduction', { id })).toContain('Margaret J.');
});

it('is put right by a records lead while restricted (its accuracy contested), and by nobody else', async () => {
  const timeline = await pressed(grace, 'openIntroduction', { id });
  expect(timeline).toContain('Correct a detail');
  const actionId = /"actionId":"([0-9a-f-]{36})"/.exec(timeline)?.[1];
  const correction = {
    id,
    actionId,
    correctField: 'phone',
    correctValue: '07700 900456',
    correctReason: 'She says the number on file was never hers',
  };
  expect(await pressed(users.tammy, 'correctDetail', correction)).toContain('Not found');
  expect((await readIntroduction(bot, id)).person.phone).not.toBe('07700 900456');
  expect(await pressed(grace, 'correctDetail', correction)).not.toContain('Not found');
  const stored = await readIntroduction(bot, id);
  expect(stored.person.phone).toBe('07700 900456');
  expect(stored.restriction).toBeDefined();
  expect(stored.corrections?.at(-1)).toMatchObject({ field: 'phone', by: { name: 'Grace Obi' } });
});

it('once lifted, is processed as before', async () => {
  expect(await said(grace, `lift restriction ${reference} because she agreed again`)).toContain(
    'restriction lifted',
  );
  expect(await pressed(users.tammy, 'acceptIntroduction', { id })).not.toContain('Not found');
  expect((await readIntroduction(bot, id)).status).toBe('accepted');
});

it('erases a record at once when the records lead decides the right applies, never while held', async () => {
  const other = await introduceAs(bot, users.introducer, {
    fullName: 'Ivy Lane',
    phone: '07700 900777',
    goodLife: 'Choir on Tuesdays',
  });
  expect(await said(users.priya, `erase ${other.reference} because she asked`)).toContain('records leads');
  expect(
    await said(
      grace,
      `erase ${other.reference} because consent was withdrawn and nothing requires keeping it`,
    ),
  ).toContain(`${other.reference} erased`);
  await expect(readIntroduction(bot, other.id)).rejects.toThrow();
  const resources = await destructionLogOf(bot);
  expect(resources).toEqual([expect.objectContaining({ reference: other.reference, reason: 'erasure' })]);
  expect(JSON.stringify(resources)).not.toMatch(/Ivy|07700|Choir/);
  // Why erasure applied, as the records lead typed it: in the destruction log and the audit trail.
  const because = 'consent was withdrawn and nothing requires keeping it';
  expect(resources[0]).toMatchObject({ because });
  const { resources: audit } = await bot.bot.store
    .container('audit')
    .items.query({
      query: "SELECT * FROM c WHERE c.subjectId = @id AND c.action = 'disposed'",
      parameters: [{ name: '@id', value: other.id }],
    })
    .fetchAll();
  expect(audit).toEqual([expect.objectContaining({ actorId: grace.aadObjectId, detail: because })]);
  expect(await said(grace, `erase ${other.reference} because again`)).toContain(
    `There is no record ${other.reference}`,
  );
});

it('follows consent withdrawn at once, for good: the lead sees it, nobody lifts it', async () => {
  const other = await introduceAs(bot, users.introducer, { fullName: 'Rose Hart', phone: '07700 900123' });
  expect(
    await pressed(users.introducer, 'withdrawConsent', { id: other.id, withdrawNote: 'She rang to stop it' }),
  ).toContain('the person withdrew their consent');
  const stored = await readIntroduction(bot, other.id);
  expect(stored.restriction).toMatchObject({ reason: 'The person withdrew their consent.' });
  expect(stored.recordClass).toBe('never-became-support');
  expect(await pressed(users.tammy, 'acceptIntroduction', { id: other.id })).toContain('Not found');
  expect(await said(users.tammy, 'my people')).not.toContain(other.reference);
  expect(await pressed(grace, 'openIntroduction', { id: other.id })).toContain('Rose H.');
  // By its reference too: for the records lead, and for nobody else.
  expect(await said(grace, `open ${other.reference.toLowerCase()}`)).toContain('Rose H.');
  expect(await said(users.introducer, `open ${other.reference}`)).toContain('Not found');
  expect(await said(grace, `lift restriction ${other.reference} because she asked`)).toContain(
    'it stays restricted',
  );
  expect((await readIntroduction(bot, other.id)).restriction).toBeDefined();
});

it('holds any record by reference, with a reason, until a records lead lifts the hold', async () => {
  const other = await introduceAs(bot, users.introducer, { fullName: 'June Moss', phone: '07700 900321' });
  expect(await said(users.tammy, `hold ${other.reference} because of an inquiry`)).toContain('records leads');
  expect(await said(grace, `hold ${other.reference} because of an open subject access request`)).toContain(
    'will not be disposed of or erased while held',
  );
  expect((await readIntroduction(bot, other.id)).legalHold).toMatchObject({
    reason: 'of an open subject access request',
    by: { name: 'Grace Obi' },
  });
  expect(await said(grace, `hold ${other.reference} because of an open subject access request`)).toContain(
    'held already for that reason',
  );
  // Its audit so far copied where the audit container's TTL cannot reach it, the hold's own entry
  // included: in the seal store (immutable in Azure).
  const copies = await bot.bot.localBlob?.seals.list(`holds/${other.id}/`);
  expect(copies).toHaveLength(1);
  const copy = JSON.parse((await bot.bot.localBlob?.seals.read(copies?.[0]?.name ?? '')) ?? '{}');
  expect(copy).toMatchObject({ format: 'lac-audit-hold-copy/1', subjectId: other.id });
  expect(copy.entries.map((e: { action: string }) => e.action)).toEqual(
    expect.arrayContaining(['created', 'held']),
  );
  expect(JSON.stringify(copy)).not.toMatch(/June|Moss|07700/);
  // Listed for review by records leads only: by reference, never by name, with who, when and why.
  expect(await said(users.priya, 'holds')).toContain('records leads');
  const holds = await said(grace, 'holds');
  expect(holds).toContain('1 record is held');
  expect(holds).toMatch(
    new RegExp(
      `\\*\\*${other.reference}\\*\\* \\(never became support, review date .+\\): held since .+ by Grace Obi: of an open subject access request`,
    ),
  );
  expect(holds).not.toMatch(/June|Moss/);
  const { resources: listed } = await bot.bot.store
    .container('audit')
    .items.query({
      query: 'SELECT * FROM c WHERE c.subjectId = @id',
      parameters: [{ name: '@id', value: other.id }],
    })
    .fetchAll();
  expect(listed).toEqual(
    expect.arrayContaining([expect.objectContaining({ action: 'listed', detail: 'holds' })]),
  );
  expect(await said(grace, `erase ${other.reference} because she asked`)).toContain('is held');
  expect(await said(grace, `lift hold ${other.reference} because the request was answered`)).toContain(
    'hold lifted',
  );
  expect((await readIntroduction(bot, other.id)).legalHold).toBeUndefined();
  expect(await said(grace, `lift hold ${other.reference} because again`)).toContain('no hold');
  expect(await said(grace, 'holds')).toBe('No record is held.');
  expect(await said(grace, `erase ${other.reference} because she asked`)).toContain('erased');
});

it('keeps a record held while any hold stands: each reason lifted on its own, a request’s only by closing it', async () => {
  const other = await introduceAs(bot, users.introducer, { fullName: 'Rita Vale', phone: '07700 900654' });
  const opened = await said(grace, `subject access ${other.reference}`);
  const sar = /SAR-[A-Z0-9]{4}-[A-Z0-9]{2}/.exec(opened)?.[0] ?? '';
  // Litigation comes after the request: a hold of its own, beside the request's.
  expect(await said(grace, `hold ${other.reference} because of litigation`)).toContain(
    'is held, with your reason',
  );
  expect((await said(grace, 'holds')).replace(/\n/g, ' ')).toMatch(
    new RegExp(
      `${other.reference}.*subject access request ${sar} is open; also held since .+: of litigation`,
    ),
  );
  // The request answered and closed: litigation still holds it.
  await said(grace, `close subject access ${sar} because answered`);
  expect((await readIntroduction(bot, other.id)).legalHold?.reason).toBe('of litigation');
  // Held for the request again: a lead's "lift hold" lifts litigation's, not the request's.
  const again =
    /SAR-[A-Z0-9]{4}-[A-Z0-9]{2}/.exec(await said(grace, `subject access ${other.reference}`))?.[0] ?? '';
  expect(await said(grace, `lift hold ${other.reference} because the litigation ended`)).toContain(
    `It stays held: subject access request ${again} is open`,
  );
  expect(await said(grace, `erase ${other.reference} because she asked`)).toContain('is held');
  await said(grace, `close subject access ${again} because answered`);
  expect((await readIntroduction(bot, other.id)).legalHold).toBeUndefined();
});
