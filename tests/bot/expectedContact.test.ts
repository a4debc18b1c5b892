/**
 * The introducer's confirmation in Teams says when the person can expect contact: measured from the
 * patch's first conversations of the last six months once there are ten, else the council's own
 * sentence; never "a few working days" made up. Through the real adapter and the local Cosmos DB.
 */
import { randomUUID } from 'node:crypto';
import { CosmosIntroductionRepository } from '../../src/storage/introductions/introductionRepository';
import {
  activities,
  cardIn,
  cardText,
  greet,
  readerView,
  startTestBot,
  type TestBot,
  users,
} from '../helpers/botHarness';
import { MARGARET } from '../helpers/fixtures';
import { introductionFor, OFFERED_TO_TAMMY } from '../helpers/introductionFixture';

const now = new Date('2026-11-25T10:00:00Z');

/** The "Introduction sent" card's words after an introducer sends Margaret's introduction. */
async function sentWords(bot: TestBot): Promise<string> {
  const opened = await bot.send(activities.message(users.introducer, 'introduce'));
  const key = /"idempotencyKey":"([^"]+)"/.exec(JSON.stringify(opened.sent))?.[1];
  const answer = await bot.send(
    activities.cardAction(users.introducer, 'submitIntroduction', {
      idempotencyKey: key,
      variant: 'introduction',
      ...MARGARET,
    }),
  );
  return cardText((answer.body as { value?: unknown }).value ?? cardIn(answer.sent[0]));
}

describe('with too few first conversations to measure', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({}, { clock: () => now });
    await greet(bot, users.introducer, users.tammy);
    const before = bot.bot.directories.directory;
    await bot.bot.directories.applyConfirmed({
      directory: {
        ...before,
        residents: { ...before.residents, expectContact: 'Most people hear within two weeks.' },
        version: 'expect-00',
      },
      loadedAt: now.toISOString(),
      source: 'test',
    });
  });
  afterAll(() => bot.stop());

  it('gives the council’s own sentence, and no made-up time', async () => {
    const words = await sentWords(bot);
    expect(words).toContain('Introduction sent');
    expect(words).toContain('Most people hear within two weeks.');
    expect(words).not.toMatch(/few working days/);
  });
});

describe('with ten first conversations in the patch these six months', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({}, { clock: () => now });
    await greet(bot, users.introducer, users.tammy);
    const repository = new CosmosIntroductionRepository(bot.bot.store.container('introductions'));
    // Made on Monday 2 November; first conversations on Wednesday 4 November: two working days.
    for (let i = 0; i < 10; i++)
      await repository.create({
        ...introductionFor(OFFERED_TO_TAMMY, '2026-11-02T10:00:00.000Z'),
        id: randomUUID(),
        reference: `LAC-T${String(i).padStart(3, '0')}-QX`,
        firstConversation: { on: '2026-11-04', by: { aadObjectId: 'tammy', name: 'Tammy Hughes' } },
      });
  });
  afterAll(() => bot.stop());

  it('says what the patch’s median was, as an expectation', async () => {
    expect(await sentWords(bot)).toContain(
      'People introduced in this neighbourhood over the last six months usually had a first conversation within 2 working days',
    );
  });

  it('shows the introducer, and the team, an introduction past the usual time with no first conversation', async () => {
    // Made on Wednesday 18 November, accepted, not met yet: five working days by the 25th.
    const repository = new CosmosIntroductionRepository(bot.bot.store.container('introductions'));
    const waiting = {
      ...introductionFor(OFFERED_TO_TAMMY, '2026-11-18T10:00:00.000Z'),
      id: randomUUID(),
      reference: 'LAC-WAIT-QX',
      status: 'accepted' as const,
      introducer: {
        ...introductionFor(OFFERED_TO_TAMMY).introducer,
        aadObjectId: users.introducer.aadObjectId,
      },
      introducerId: users.introducer.aadObjectId,
    };
    await repository.create(waiting);
    const mine = await bot.send(activities.message(users.introducer, 'my introductions'));
    expect(cardText(cardIn(mine.sent.find((a) => cardIn(a))))).toContain(
      'no first conversation yet after 5 working days (most here within 2)',
    );
    await greet(bot, users.priya);
    const queue = await bot.send(activities.message(users.priya, 'team queue'));
    const posted = queue.sent.find((a) => cardIn(a));
    expect(cardText(cardIn(posted))).toContain('LAC-WAIT-QX');
    // Why, in the triage manager's own view: once, for the one late (the others met already).
    const view = JSON.stringify(await readerView(bot, users.priya, posted));
    expect(view.match(/no first conversation after 5 working days \(most here within 2\)/g)).toHaveLength(1);
  });
});
