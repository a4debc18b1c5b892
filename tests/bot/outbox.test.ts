/**
 * Nothing lost between "stored" and "sent": the outbox through the real adapter, with nock standing
 * in for the Bot Connector. Throttling (429, with and without Retry-After) and server errors are
 * retried; a coordinator who blocked the app (403) is recorded and the triage team gets it instead;
 * notifications left by a stopped or crashed instance are sent by the next; and with two instances
 * sweeping the same Cosmos DB, every offer is sent exactly once.
 */
import type { Introduction } from '../../src/domain/introductions/introduction';
import { claimNotification } from '../../src/domain/outbox/outbox';
import { type LocalCosmos, startLocalCosmos } from '../../src/storage/localCosmos';
import {
  activities,
  cardIn,
  cardText,
  FAST_RETRIES,
  introduceAs,
  readerView,
  readIntroduction,
  startTestBot,
  type TestBot,
  users,
} from '../helpers/botHarness';
import { MARGARET } from '../helpers/fixtures';
import { introductionFor, OFFERED_TO_TAMMY } from '../helpers/introductionFixture';

jest.setTimeout(60_000);
const TAMMY_CHAT = `a:personal-${users.tammy.id}`;

async function hello(bot: TestBot, ...who: (typeof users)[keyof typeof users][]) {
  for (const user of who) await bot.send(activities.message(user, 'hello'));
}

describe('retries and fallbacks', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
    await hello(bot, users.tammy, users.priya, users.introducer);
  });
  afterAll(async () => {
    await bot.stop();
  });

  it('retries after 429 with Retry-After, waiting at least that long', async () => {
    // The SDK tries each send four times, honouring Retry-After itself; the outbox retries what outlasts that.
    const before = bot.connector.attempts.length;
    const introduction = await introduceAs(bot, users.introducer, {}, () =>
      bot.connector.failNext(429, 4, 1),
    );
    const offer = introduction.outbox?.find((n) => n.purpose === 'offer');
    expect(offer).toMatchObject({ status: 'sent', attempts: 2, lastError: { status: 429 } });
    const attempts = bot.connector.attempts.slice(before).filter((a) => a.toConversation === TAMMY_CHAT);
    expect(attempts.map((a) => a.status)).toEqual([429, 429, 429, 429, 200]);
    const lastFailure = attempts[3]?.at ?? 0;
    expect((attempts[4]?.at ?? 0) - lastFailure).toBeGreaterThanOrEqual(1000);
    expect(introduction.events.at(-1)).toMatchObject({ type: 'offer-delivered' });
  });

  it('retries after 429 without Retry-After, with its own backoff', async () => {
    const introduction = await introduceAs(bot, users.introducer, {}, () => bot.connector.failNext(429, 2));
    expect(introduction.outbox?.find((n) => n.purpose === 'offer')).toMatchObject({
      status: 'sent',
      attempts: 3,
    });
  });

  it('retries after 500s that outlast the SDK’s own retries', async () => {
    const introduction = await introduceAs(bot, users.introducer, {}, () => bot.connector.failNext(500, 4));
    expect(introduction.outbox?.find((n) => n.purpose === 'offer')).toMatchObject({
      status: 'sent',
      attempts: 2,
      lastError: { status: 500 },
    });
  });

  it('records a 403 (the app blocked) and sends it to the triage team instead', async () => {
    const before = bot.sent.length;
    const introduction = await introduceAs(bot, users.introducer, { fullName: 'Blocked Offer' }, () =>
      bot.connector.failNext(403),
    );
    expect(introduction.outbox?.map((n) => [n.purpose, n.status, n.failure])).toEqual([
      ['offer', 'failed', 'blocked'],
      ['coordinator-unreachable', 'sent', undefined],
    ]);
    expect(introduction.events.find((e) => e.type === 'coordinator-not-reachable')?.note).toBe(
      'Tammy Hughes could not be reached in Teams (Teams refused: the app may be blocked or removed); it has gone to the triage team.',
    );
    const toPriya = bot.sent.slice(before).find((a) => a.toConversation === `a:personal-${users.priya.id}`);
    expect(cardText(cardIn(toPriya))).toContain('The coordinator could not be reached in Teams.');
    expect(introduction.deliveryProblem).toBe(true);
    const queue = await bot.send(activities.message(users.priya, 'team queue'));
    expect(cardText(await readerView(bot, users.priya, queue.sent[0]))).toContain('coordinator not reached');
    // Assigned to Amira, who accepts it: Tammy not being reached no longer matters, and it leaves the
    // team queue.
    await bot.send(
      activities.cardAction(users.priya, 'assignIntroduction', {
        id: introduction.id,
        assignTo: 'amira.khan@demo.gov.uk',
      }),
    );
    await bot.send(activities.cardAction(users.amira, 'acceptIntroduction', { id: introduction.id }));
    await bot.settled();
    expect((await readIntroduction(bot, introduction.id)).deliveryProblem).toBeUndefined();
    const after = await bot.send(activities.message(users.priya, 'team queue'));
    expect(cardText(await readerView(bot, users.priya, after.sent[0]))).not.toContain(introduction.reference);
  });

  it('gives up after the last retry and sends it to the triage team', async () => {
    const introduction = await introduceAs(bot, users.introducer, { fullName: 'Never Through' }, () =>
      bot.connector.failNext(429, FAST_RETRIES.maxAttempts),
    );
    expect(introduction.outbox?.[0]).toMatchObject({ status: 'failed', failure: 'gave-up', attempts: 4 });
    expect(introduction.outbox?.[1]).toMatchObject({ purpose: 'coordinator-unreachable', status: 'sent' });
  });

  it('drops an offer that is no longer wanted by the time it is sent', async () => {
    // Accepted (from another copy of the card) before its offer went out.
    await bot.bot.store.container('introductions').items.create({
      ...introductionFor(OFFERED_TO_TAMMY),
      id: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
      status: 'accepted',
    });
    await bot.bot.outbox.sweep();
    const dropped = await readIntroduction(bot, '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b');
    expect(dropped.outbox?.[0]?.status).toBe('dropped');
  });
});

describe('restarts and several instances', () => {
  let cosmos: LocalCosmos;
  beforeAll(async () => {
    cosmos = await startLocalCosmos({});
  });
  afterAll(async () => {
    await cosmos.stop();
  });

  it('sends, after a restart, what an instance stored but never sent (it crashed mid-send)', async () => {
    const first = await startTestBot({}, { sharedLocalCosmos: cosmos, instanceId: 'first' });
    await hello(first, users.tammy);
    await first.stop();
    // What a crash leaves: an introduction stored, its offer claimed by the dead instance and never sent.
    const now = new Date();
    const stored = introductionFor(OFFERED_TO_TAMMY, new Date(now.getTime() - 60_000).toISOString());
    const crashed = claimNotification(
      stored,
      'n1',
      'first',
      new Date(now.getTime() - 60_000).toISOString(),
      new Date(now.getTime() - 1_000).toISOString(),
    ) as Introduction;
    const database = cosmos.client.database('lac-front-door');
    await database.container('introductions').items.create(crashed);

    const second = await startTestBot({}, { sharedLocalCosmos: cosmos, instanceId: 'second' });
    try {
      await second.settled();
      const offers = second.sent.filter((a) => a.toConversation === TAMMY_CHAT && cardIn(a));
      expect(offers).toHaveLength(1);
      const after = await readIntroduction(second, stored.id);
      expect(after.outbox?.[0]).toMatchObject({ status: 'sent' });
      expect(after.outbox?.[0]?.claim).toBeUndefined();
    } finally {
      await second.stop();
    }
  });

  it('sends, after a restart, a retry the stopped instance had scheduled', async () => {
    const first = await startTestBot(
      {},
      {
        sharedLocalCosmos: cosmos,
        instanceId: 'first',
        retryPolicy: { baseDelayMs: 400, maxDelayMs: 400, maxAttempts: 4 },
      },
    );
    await hello(first, users.tammy, users.introducer);
    const opened = await first.send(activities.message(users.introducer, 'introduce'));
    const key = (
      cardIn(opened.sent.find((a) => JSON.stringify(a).includes('idempotencyKey'))) as {
        actions: { data: { idempotencyKey: string } }[];
      }
    ).actions[0]?.data.idempotencyKey as string;
    first.connector.failNext(429, 1);
    await first.send(
      activities.cardAction(users.introducer, 'submitIntroduction', {
        idempotencyKey: key,
        variant: 'introduction',
        ...MARGARET,
      }),
    );
    // Stop before the retry is due: it is left in Cosmos DB, not in this instance's memory.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await first.stop();
    const left = await readIntroduction(first, key);
    expect(left.outbox?.[0]).toMatchObject({ status: 'pending', attempts: 1 });

    const second = await startTestBot(
      {},
      { sharedLocalCosmos: cosmos, instanceId: 'second', outboxPollMs: 100 },
    );
    try {
      const deadline = Date.now() + 10_000;
      while ((await readIntroduction(second, key)).outbox?.[0]?.status !== 'sent' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((await readIntroduction(second, key)).outbox?.[0]).toMatchObject({
        status: 'sent',
        attempts: 2,
      });
      expect(second.sent.filter((a) => a.toConversation === TAMMY_CHAT && cardIn(a))).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it('offers each introduction once, not once per instance, with two instances sweeping', async () => {
    const a = await startTestBot({}, { sharedLocalCosmos: cosmos, instanceId: 'a', outboxPollMs: 20 });
    const b = await startTestBot({}, { sharedLocalCosmos: cosmos, instanceId: 'b', outboxPollMs: 20 });
    try {
      await hello(a, users.tammy);
      const database = cosmos.client.database('lac-front-door');
      const ids: string[] = [];
      // Stored without telling either instance: both find them on their next sweep, together.
      for (let i = 0; i < 12; i++) {
        const introduction = introductionFor(OFFERED_TO_TAMMY);
        const id = `${i.toString(16).padStart(8, '0')}-2f4a-4b6c-8d7e-9f0a1b2c3d4e`;
        ids.push(id);
        await database.container('introductions').items.create({ ...introduction, id });
      }
      const deadline = Date.now() + 15_000;
      const allSent = async () => {
        for (const id of ids)
          if ((await readIntroduction(a, id)).outbox?.[0]?.status !== 'sent') return false;
        return true;
      };
      while (!(await allSent()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await a.settled();
      await b.settled();
      const offers = [...a.sent, ...b.sent].filter((s) => s.toConversation === TAMMY_CHAT && cardIn(s));
      const perIntroduction = ids.map(
        (id) => offers.filter((s) => JSON.stringify(cardIn(s)).includes(id)).length,
      );
      expect(perIntroduction).toEqual(ids.map(() => 1));
      expect(a.bot.outbox.stats.sent + b.bot.outbox.stats.sent).toBe(12);
    } finally {
      await b.stop();
      await a.stop();
    }
  });
});
