/**
 * The foundation, through the real adapter: greeting, help, unknown messages, tenants, turn errors,
 * health endpoints. The bot runs in local mode here (no BOT_ID); tests/bot/authentication.test.ts
 * covers the authenticated mode.
 */
import { activities, cardIn, cardText, startTestBot, type TestBot, users } from '../helpers/botHarness';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
});
afterAll(async () => {
  await bot.stop();
});

describe('welcome', () => {
  it('greets a person with what the bot is for when it is added to their personal chat', async () => {
    const exchange = await bot.send(activities.botAdded(users.introducer));
    expect(exchange.status).toBe(200);
    expect(exchange.sent).toHaveLength(1);
    const reply = exchange.sent[0];
    expect(reply?.toConversation).toBe(`a:personal-${users.introducer.id}`);
    const text = cardText(cardIn(reply));
    expect(text).toContain('Introduce someone to Local Area Coordination');
    expect(text).toMatch(/walks alongside/);
    expect(text).toMatch(/good life/);
    expect(text).toMatch(/no assessment, no criteria and no waiting list/);
    expect(text).toMatch(/Not an emergency service/);
    expect(text).toMatch(/999/);
    expect(text).not.toMatch(/referral|closed|discharged/i);
  });

  it('names the council and shows its own safeguarding route, from the patch directory', async () => {
    const exchange = await bot.send(activities.botAdded(users.gpReceptionist));
    const text = cardText(cardIn(exchange.sent[0]));
    expect(text).toContain('Introduce someone to Local Area Coordination in Demo Borough.');
    expect(text).toContain('Adult safeguarding (Demo Borough MASH): 01632 960001');
  });

  it('does not greet twice when Teams also sends installationUpdate', async () => {
    const exchange = await bot.send(activities.installed(users.introducer));
    expect(exchange.status).toBe(200);
    expect(exchange.sent).toHaveLength(0);
  });

  it('does not greet when someone else joins a conversation the bot is already in', async () => {
    const added = activities.botAdded(users.introducer, 'channel');
    added.membersAdded = [{ id: '29:new-colleague', name: 'New Colleague' }];
    const exchange = await bot.send(added);
    expect(exchange.sent).toHaveLength(0);
  });

  it('shows the welcome again on hello', async () => {
    const exchange = await bot.send(activities.message(users.introducer, 'Hello!'));
    expect(cardText(cardIn(exchange.sent[0]))).toContain('Introduce someone to Local Area Coordination');
  });
});

describe('help', () => {
  it.each(['help', 'HELP', '  help  ', 'Help.', 'what can you do?'])(
    'answers "%s" with the list of commands',
    async (typed) => {
      const exchange = await bot.send(activities.message(users.introducer, typed));
      expect(exchange.sent).toHaveLength(1);
      const text = cardText(cardIn(exchange.sent[0]));
      expect(text).toContain('What I can do');
      expect(text).toContain('**help**');
    },
  );

  it('answers help in a channel after the mention is removed', async () => {
    // "<at>LAC Front Door</at> help", with the mention entity Teams sends.
    const message = activities.message(users.introducer, 'help', 'channel');
    expect(message.text).toBe('<at>LAC Front Door</at> help');
    const exchange = await bot.send(message);
    const text = cardText(cardIn(exchange.sent[0]));
    expect(text).toContain('What I can do');
    expect(text).toContain('mention me first');
  });

  it('says it did not understand, and shows help, for anything else', async () => {
    const exchange = await bot.send(
      activities.message(users.introducer, 'my neighbour Mrs Smith needs help with her garden'),
    );
    expect(exchange.sent).toHaveLength(2);
    expect(exchange.sent[0]?.text).toMatch(/didn't understand/);
    expect(cardText(cardIn(exchange.sent[1]))).toContain('What I can do');
  });

  it('never writes what people type into the logs', async () => {
    await bot.send(activities.message(users.introducer, 'Mrs Sensitive Surname at 12 Private Road'));
    const everything = JSON.stringify(bot.logs);
    expect(everything).not.toContain('Sensitive');
    expect(everything).not.toContain('Private Road');
    expect(everything).not.toContain(users.introducer.name);
    expect(bot.logs.some((line) => line.msg === 'command' && line.command === 'unknown')).toBe(true);
  });
});

describe('tenants', () => {
  it('serves a partner tenant listed in ALLOWED_TENANT_IDS', async () => {
    const exchange = await bot.send(activities.message(users.gpReceptionist, 'help'));
    expect(exchange.sent).toHaveLength(1);
  });

  it('refuses a message from any other tenant, silently, and logs the tenant id only', async () => {
    const exchange = await bot.send(activities.message(users.stranger, 'help'));
    expect(exchange.status).toBe(200);
    expect(exchange.sent).toHaveLength(0);
    const refusal = bot.logs.find((line) => line.msg === 'tenant refused');
    expect(refusal).toMatchObject({ tenantId: users.stranger.tenantId, activityType: 'message' });
    expect(JSON.stringify(refusal)).not.toContain(users.stranger.name);
  });

  it('refuses a card action from any other tenant with 403', async () => {
    const exchange = await bot.send(activities.cardAction(users.stranger, 'anything', {}));
    expect(exchange.status).toBe(403);
    expect(exchange.sent).toHaveLength(0);
  });

  it('refuses an activity that names no tenant', async () => {
    const message = activities.message(users.introducer, 'help');
    message.channelData = {};
    if (message.conversation) message.conversation.tenantId = undefined;
    const exchange = await bot.send(message);
    expect(exchange.sent).toHaveLength(0);
  });
});

describe('health', () => {
  it('reports the process alive on /healthz', async () => {
    const response = await fetch(`${bot.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'alive' });
  });

  it('reports ready on /readyz while Cosmos DB answers', async () => {
    const response = await fetch(`${bot.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });
});

describe('when a turn fails', () => {
  it('apologises with a reference, and logs the same reference with the error for operators', async () => {
    // 403 is not retried by the connector client (5xx would be, and would then succeed).
    bot.connector.failNext(403);
    const exchange = await bot.send(activities.message(users.introducer, 'help'));
    expect(exchange.sent).toHaveLength(1);
    const apology = exchange.sent[0]?.text ?? '';
    expect(apology).toMatch(/^Sorry, something went wrong on our side/);
    const reference = /reference: ([0-9A-F]{8})\./.exec(apology)?.[1];
    expect(reference).toBeDefined();
    expect(apology).not.toMatch(/Error|stack|at .*\.ts/);
    const logged = bot.logs.find((line) => line.msg === 'turn failed');
    expect(logged).toMatchObject({ correlationId: reference, activityType: 'message' });
    expect((logged?.err as { stack?: string })?.stack).toBeDefined();
  });
});

describe('the welcome card button', () => {
  it('shows help as a new message and leaves the welcome card in place (Action.Execute)', async () => {
    const exchange = await bot.send(activities.cardAction(users.introducer, 'showHelp', {}));
    expect(exchange.status).toBe(200);
    expect(exchange.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
    });
    expect(cardText(cardIn(exchange.sent[0]))).toContain('What I can do');
  });

  it('does the same from clients that only know Action.Submit', async () => {
    const submit = activities.message(users.introducer, '');
    submit.text = undefined;
    submit.value = { verb: 'showHelp' };
    const exchange = await bot.send(submit);
    expect(exchange.sent).toHaveLength(1);
    expect(cardText(cardIn(exchange.sent[0]))).toContain('What I can do');
  });
});
