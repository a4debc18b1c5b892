/**
 * Appraisal by two: where the council's file asks for two records leads (`records.approvals: 2`), a
 * disposal or an erasure approved by one is kept and shown as waiting; the same lead approving again
 * changes nothing; only another lead's approval deletes it, and the destruction log names both. A
 * hold placed between the two still wins. Through the real adapter and the local Cosmos DB.
 */
import {
  activities,
  cardIn,
  cardText,
  destructionLogOf,
  greet,
  introduceAs,
  readIntroduction,
  registerUsers,
  startTestBot,
  type TestBot,
  type TestUser,
  users,
} from '../helpers/botHarness';

const { grace } = users;
const ola: TestUser = {
  id: '29:ola',
  aadObjectId: '6e5d4c3b-2a19-4f8e-9d7c-c6b5a4d3e2f1',
  name: 'Ola Bello',
  tenantId: grace.tenantId,
  email: 'ola.bello@demo.gov.uk',
};
registerUsers(ola);

let bot: TestBot;
let now = new Date('2023-03-01T10:00:00Z');
const made: string[] = [];

beforeAll(async () => {
  bot = await startTestBot({}, { clock: () => now });
  await greet(bot, users.tammy, users.introducer, grace, ola);
  for (const fullName of ['Margaret Jones', 'Harold Wilkins', 'Ivy Lane'])
    made.push((await introduceAs(bot, users.introducer, { fullName })).id);
  now = new Date('2023-03-02T10:00:00Z');
  for (const id of made)
    await bot.send(
      activities.cardAction(users.tammy, 'recordProgress', { id, progress: 'did-not-want-support' }),
    );
  await bot.settled();
  // The council asks for two: Grace and Ola are its records leads.
  const before = bot.bot.directories.directory;
  await bot.bot.directories.applyConfirmed({
    directory: {
      ...before,
      records: {
        ...before.records,
        approvals: 2,
        leads: [...before.records.leads, { name: ola.name, email: ola.email, aadObjectId: ola.aadObjectId }],
      },
      version: 'two-leads-00',
    },
    loadedAt: now.toISOString(),
    source: 'test',
  });
  now = new Date('2025-03-10T10:00:00Z');
});
afterAll(() => bot.stop());

const approve = async (user: TestUser, id: string, approvalNote?: string) => {
  const answer = await bot.send(
    activities.cardAction(user, 'approveDisposal', {
      selected: id,
      ...(approvalNote ? { approvalNote } : {}),
    }),
  );
  return cardText((answer.body as { value: unknown }).value);
};
const said = async (user: TestUser, text: string) =>
  (await bot.send(activities.message(user, text))).sent.map((a) => a.text ?? cardText(cardIn(a))).join('\n');

it('keeps a first approval, shows it waiting, and deletes only on another lead’s', async () => {
  const [first] = made;
  if (!first) throw new Error('no record');
  expect(await approve(grace, first, 'Checked the case system: nothing open')).toContain(
    'Approved 1: the council asks for two records leads, so each waits for another lead',
  );
  expect((await readIntroduction(bot, first)).disposalApproval).toMatchObject({
    by: { name: 'Grace Obi' },
    reason: 'retention-schedule',
    because: 'Checked the case system: nothing open',
  });
  // The same lead again: nothing more.
  expect(await approve(grace, first)).toContain(
    '1 you had approved already: another records lead must approve them.',
  );
  await expect(readIntroduction(bot, first)).resolves.toBeDefined();
  // The queue says it is waiting, and for whom.
  expect(await said(ola, 'records due')).toMatch(
    /Approved on 10 Mar 2025 by Grace Obi: waiting for a second records lead/,
  );
  // Ola's approval disposes of it; the log names both.
  expect(await approve(ola, first, 'Agreed')).toContain('Disposed of 1');
  await expect(readIntroduction(bot, first)).rejects.toThrow();
  const reference = (await destructionLogOf(bot)).at(-1);
  expect(reference).toMatchObject({
    approvedBy: { name: 'Ola Bello' },
    firstApprovedBy: { name: 'Grace Obi', because: 'Checked the case system: nothing open' },
    because: 'Agreed',
  });
});

it('lets a hold placed between the two approvals win', async () => {
  const second = made[1] ?? '';
  const { reference } = await readIntroduction(bot, second);
  await approve(grace, second);
  expect(await said(ola, `hold ${reference} because a complaint came in`)).toContain('is held');
  expect(await approve(ola, second)).toContain('1 held, so kept.');
  await expect(readIntroduction(bot, second)).resolves.toBeDefined();
  // The hold cleared Grace's approval: lifted, the record is reviewed afresh, from a first approval.
  expect((await readIntroduction(bot, second)).disposalApproval).toBeUndefined();
  await said(ola, `lift hold ${reference} because the complaint was resolved`);
  expect(await approve(ola, second)).toContain('Approved 1: the council asks for two');
});

it('asks two leads for an erasure too', async () => {
  const third = made[2] ?? '';
  const { reference } = await readIntroduction(bot, third);
  expect(await said(grace, `erase ${reference} because she asked and nothing requires keeping it`)).toContain(
    'your approval of its erasure is recorded',
  );
  expect(await said(grace, `erase ${reference} because again`)).toContain('you approved its erasure already');
  await expect(readIntroduction(bot, third)).resolves.toBeDefined();
  expect(await said(ola, `erase ${reference} because I agree`)).toContain(`${reference} erased`);
  await expect(readIntroduction(bot, third)).rejects.toThrow();
  expect((await destructionLogOf(bot)).at(-1)).toMatchObject({
    reason: 'erasure',
    approvedBy: { name: 'Ola Bello' },
    firstApprovedBy: { name: 'Grace Obi' },
  });
});
