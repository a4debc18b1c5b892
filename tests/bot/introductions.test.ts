/**
 * The introducer's journey through the real adapter, Teams AI and the local Cosmos DB: the form,
 * each way a submission can go, double submits, "my introductions", and who may see what.
 */
import type { Introduction } from '../../src/domain/introductions/introduction';
import {
  activities,
  cardIn,
  cardText,
  startTestBot,
  type TestBot,
  type TestUser,
  users,
} from '../helpers/botHarness';
import { cardProblems } from '../helpers/cards';
import { GP_FLAG, MARGARET } from '../helpers/fixtures';

let bot: TestBot;
const events: { name: string; properties: Record<string, unknown> }[] = [];
beforeAll(async () => {
  bot = await startTestBot(
    {},
    {
      clock: () => new Date('2026-11-23T10:42:00Z'),
      telemetry: {
        event: (name, properties) => void events.push({ name, properties }),
        shutdown: async () => undefined,
      },
    },
  );
});
afterAll(async () => {
  await bot.stop();
});

const complete = MARGARET;

type CardJson = {
  body: { id?: string; value?: string; type: string }[];
  actions?: { data?: Record<string, unknown> }[];
};

async function openForm(
  user: TestUser = users.introducer,
  command = 'introduce',
): Promise<{ card: CardJson; key: string }> {
  // Messages from earlier introductions may still be on their way: wait, then find the form.
  await bot.settled();
  const exchange = await bot.send(activities.message(user, command));
  const card = cardIn(exchange.sent.find((a) => a.toConversation === `a:personal-${user.id}`)) as
    | CardJson
    | undefined;
  if (!card) throw new Error(`no card for ${command}`);
  const key = String(card.actions?.[0]?.data?.idempotencyKey);
  return { card, key };
}

async function submit(user: TestUser, key: string, fields: Record<string, string>, variant = 'introduction') {
  const exchange = await bot.send(
    activities.cardAction(user, 'submitIntroduction', { idempotencyKey: key, variant, ...fields }),
  );
  expect(exchange.status).toBe(200);
  // The offer to the coordinator runs in the background: wait for it, so events are settled.
  await bot.settled();
  const body = exchange.body as { statusCode: number; type: string; value: unknown };
  return { body, card: body.value as CardJson, text: cardText(body.value), sent: exchange.sent };
}

async function stored(): Promise<Introduction[]> {
  const { resources } = await bot.bot.store
    .container('introductions')
    .items.query<Introduction>("SELECT * FROM c WHERE c.type = 'introduction'")
    .fetchAll();
  return resources;
}

function inputValue(card: CardJson, id: string): string | undefined {
  const find = (nodes: unknown): string | undefined => {
    if (Array.isArray(nodes)) {
      for (const node of nodes) {
        const found = find(node);
        if (found !== undefined) return found;
      }
    } else if (nodes && typeof nodes === 'object') {
      const node = nodes as Record<string, unknown>;
      if (node.id === id && typeof node.value === 'string') return node.value;
      for (const value of Object.values(node)) {
        const found = find(value);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return find(card.body);
}

describe('the introduction card', () => {
  it('opens on "introduce", valid, short, with the introducer named from Teams', async () => {
    const { card, key } = await openForm();
    expect(cardProblems(card)).toEqual([]);
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    const text = cardText(card);
    expect(text).toContain('Introduce someone to Local Area Coordination');
    expect(text).toContain('You: Jo Carter (jo.carter@demo.gov.uk)');
    expect(text).toContain('Adult safeguarding (Demo Borough MASH)');
    expect(text).toContain('has agreed to be contacted by a Local Area Coordinator');
    expect(text).not.toMatch(/eligib|qualif|score|referral/i);
  });

  it('opens from the welcome card button too, and for "introduce someone"', async () => {
    const exchange = await bot.send(activities.cardAction(users.introducer, 'openIntroductionForm', {}));
    expect(cardText(cardIn(exchange.sent[0]))).toContain('Introduce someone to Local Area Coordination');
    expect((await openForm(users.introducer, 'introduce someone')).card).toBeDefined();
  });
});

describe('sending', () => {
  it('stores it, routes it, and confirms with a reference, the patch and the coordinator, and the least personal data', async () => {
    const { key } = await openForm();
    const { body, text } = await submit(users.introducer, key, complete);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(text).toContain('Introduction sent');
    expect(text).toMatch(
      /Your reference: \*\*LAC-[ACDEFGHJKMNPQRTUVWXY34679]{4}-[ACDEFGHJKMNPQRTUVWXY34679]{2}\*\*/,
    );
    expect(text).toContain('Margaret J.');
    expect(text).toContain('Harold Hill North');
    expect(text).toContain('Tammy Hughes');
    expect(text).not.toContain('Jones');
    expect(text).not.toContain('07700');
    expect(text).not.toContain('allotment');

    const [introduction] = (await stored()).filter((i) => i.id === key);
    expect(introduction).toMatchObject({
      status: 'offered',
      source: 'introduction',
      coordinatorEmail: 'tammy.hughes@demo.gov.uk',
      introducerId: users.introducer.aadObjectId,
      person: { fullName: 'Margaret Jones', postcode: 'RM3 7AB', ageBand: '75-84' },
      consent: {
        given: true,
        how: 'in-person',
        obtainedBy: { aadObjectId: users.introducer.aadObjectId, name: 'Jo Carter' },
        at: '2026-11-23T10:42:00.000Z',
        wordingVersion: 'consent-2026-11',
      },
      introducer: {
        tenantId: users.introducer.tenantId,
        partner: false,
        organisation: 'Demo Borough adult social care',
        email: 'jo.carter@demo.gov.uk',
      },
      routing: {
        outcome: 'patch',
        patch: { id: 'harold-hill-north', name: 'Harold Hill North' },
        rule: { kind: 'sector', value: 'RM3 7' },
        directoryVersion: expect.stringMatching(/^[0-9a-f]{12}$/),
      },
    });
    // Nobody has talked to the bot in this test, so the offer could reach neither Tammy nor,
    // instead, a triage manager: both recorded, and it shows in the team queue.
    expect(introduction?.events.map((e) => e.type)).toEqual([
      'introduced',
      'routed',
      'coordinator-not-reachable',
      'triage-not-reachable',
    ]);
    expect(introduction?.deliveryProblem).toBe(true);
    expect(introduction?.events[1]?.note).toContain('RM3 7AB → Harold Hill North by sector RM3 7');

    const audit = await bot.bot.store
      .container('audit')
      .items.query({
        query: 'SELECT * FROM c WHERE c.subjectId = @id',
        parameters: [{ name: '@id', value: key }],
      })
      .fetchAll();
    expect(audit.resources.map((a) => a.action)).toEqual(['created']);
    expect(JSON.stringify(bot.logs)).not.toContain('Margaret');
    const event = events.find((e) => e.properties.introductionId === key);
    expect(event).toEqual({
      name: 'IntroductionStateChanged',
      properties: expect.objectContaining({
        to: 'offered',
        routing: 'patch',
        patchId: 'harold-hill-north',
        partner: false,
      }),
    });
    expect(JSON.stringify(event)).not.toMatch(/Margaret|Jones|07700|RM3 7AB/);
  });

  it('sends an address no patch covers to triage, and says so honestly', async () => {
    const { key } = await openForm();
    const { text } = await submit(users.introducer, key, { ...complete, postcode: 'RM12 4AB' });
    expect(text).toContain('The LAC team will decide who can help');
    expect(text).toContain('No patch covers this address yet; introductions are still welcome.');
    expect((await stored()).find((i) => i.id === key)?.status).toBe('with-triage');
  });

  it('accepts no fixed address and contact through the introducer', async () => {
    const { key } = await openForm();
    const { text } = await submit(users.introducer, key, {
      ...complete,
      postcode: '',
      noFixedAddress: 'true',
      phone: '',
      contactThroughMe: 'true',
    });
    expect(text).toContain('Introduction sent');
    expect((await stored()).find((i) => i.id === key)?.routing.triageReason).toBe('no-fixed-abode');
  });
});

describe('what stops a send, with everything typed kept', () => {
  it.each([
    ['a postcode that is not one', { postcode: 'RM3 7X' }, 'postcode', '"RM3 7X" is not a UK postcode'],
    ['no way to reach them', { phone: '' }, 'phone', 'Contact them through me'],
    ['no age band or date of birth', { ageBand: '' }, 'ageBand', 'age band, or give their date of birth'],
    ['no organisation', { organisation: '' }, 'organisation', 'Please give your organisation'],
    ['no name', { fullName: '' }, 'fullName', "Please give the person's full name"],
  ])('%s', async (_name, change, field, message) => {
    const { key } = await openForm();
    const before = (await stored()).length;
    const { card, text } = await submit(users.introducer, key, { ...complete, ...change });
    expect(text).toContain('Not sent yet: please check the field marked below.');
    expect(text).toContain(message);
    expect(cardProblems(card)).toEqual([]);
    expect(inputValue(card, 'goodLife')).toBe(complete.goodLife);
    expect(inputValue(card, field)).toBe(({ ...complete, ...change } as Record<string, string>)[field]);
    expect(card.actions?.[0]?.data?.idempotencyKey).toBe(key);
    expect((await stored()).length).toBe(before);
  });

  it('without consent: says why, kindly, and sends nothing', async () => {
    const { key } = await openForm();
    const { text } = await submit(users.introducer, key, { ...complete, consent: 'false' });
    expect(text).toContain('We can only send an introduction the person knows about and has agreed to');
    expect(text).toContain('nothing you typed is lost');
    expect((await stored()).find((i) => i.id === key)).toBeUndefined();
  });

  it('with someone at immediate risk: shows the safeguarding route and holds it until that is confirmed', async () => {
    const { key } = await openForm();
    const held = await submit(users.introducer, key, { ...complete, immediateRisk: 'yes' });
    expect(held.text).toContain('Local Area Coordination is not an emergency service');
    expect(held.text).toContain('Adult safeguarding (Demo Borough MASH): 01632 960001');
    expect(inputValue(held.card, 'fullName')).toBe('Margaret Jones');
    expect((await stored()).find((i) => i.id === key)).toBeUndefined();

    const sent = await submit(users.introducer, key, {
      ...complete,
      immediateRisk: 'yes',
      safeguardingRaised: 'true',
    });
    expect(sent.text).toContain('Introduction sent');
    expect((await stored()).find((i) => i.id === key)?.safety).toEqual({
      immediateRisk: true,
      safeguardingRaised: true,
    });
  });
});

describe('sending twice', () => {
  it('makes one introduction however often the button is pressed, even at the same moment', async () => {
    const { key } = await openForm();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => submit(users.introducer, key, complete)),
    );
    const again = await submit(users.introducer, key, complete);
    expect((await stored()).filter((i) => i.id === key)).toHaveLength(1);
    const references = new Set(
      [...results, again].map((r) => /LAC-[A-Z0-9]{4}-[A-Z0-9]{2}/.exec(r.text)?.[0]),
    );
    expect(references.size).toBe(1);
    expect(again.text).toContain('Already sent: this is the same introduction');
  });

  it('will not let anyone else reuse a form', async () => {
    const { key } = await openForm();
    await submit(users.introducer, key, complete);
    const exchange = await bot.send(
      activities.cardAction(users.housingOfficer, 'submitIntroduction', {
        idempotencyKey: key,
        variant: 'introduction',
        ...complete,
      }),
    );
    expect(JSON.stringify(exchange.body)).toContain('already been used by someone else');
  });

  it('links a likely duplicate for the coordinator, without showing the introducer anyone else’s', async () => {
    const first = await openForm(users.housingOfficer);
    await submit(users.housingOfficer, first.key, {
      ...complete,
      fullName: 'Peter Grant',
      postcode: 'RM5 2AB',
    });
    const second = await openForm();
    const { text } = await submit(users.introducer, second.key, {
      ...complete,
      fullName: 'peter  grant',
      postcode: 'RM5 2AB',
    });
    expect(text).not.toContain('Dev Patel');
    const introduction = (await stored()).find((i) => i.id === second.key);
    expect(introduction?.possibleDuplicates).toEqual([first.key]);
    expect(JSON.stringify(introduction?.duplicateKeys)).not.toContain('peter');
  });
});

describe('GP practices: flag frequent attender', () => {
  it('is open to partner organisations (NHSmail), and stores a GP practice introduction', async () => {
    const { card, key } = await openForm(users.gpReceptionist, 'flag frequent attender');
    expect(cardText(card)).toContain('Flag a frequent attender');
    const { text } = await submit(
      users.gpReceptionist,
      key,
      GP_FLAG,

      'frequent-attender',
    );
    expect(text).toContain('Introduction sent');
    const introduction = (await stored()).find((i) => i.id === key);
    expect(introduction).toMatchObject({
      source: 'gp-practice',
      frequentAttender: {
        practiceName: 'Rainham Health Centre',
        odsCode: 'F84002',
        appointmentsLast12Months: 23,
      },
      introducer: {
        partner: true,
        tenantId: users.gpReceptionist.tenantId,
        organisation: 'Rainham Health Centre',
        kind: 'gp-practice',
      },
      routing: { patch: { id: 'rainham-south-hornchurch' } },
    });
  });

  it('checks the ODS code', async () => {
    const { key } = await openForm(users.gpReceptionist, 'flag frequent attender');
    const { text } = await submit(
      users.gpReceptionist,
      key,
      {
        fullName: 'A B',
        dateOfBirth: '1961-05-02',
        postcode: 'RM13 9AB',
        phone: '07700 900456',
        consent: 'true',
        consentHow: 'phone',
        immediateRisk: 'no',
        practiceName: 'X',
        odsCode: 'RM3',
        appointments: '4',
      },
      'frequent-attender',
    );
    expect(text).toContain('"RM3" is not a GP practice ODS code');
  });
});

describe('my introductions, and who may see what', () => {
  it('lists the introducer’s own, newest first, ten to a page, in plain words', async () => {
    for (let i = 0; i < 11; i++) {
      const { key } = await openForm(users.housingOfficer);
      await submit(users.housingOfficer, key, { ...complete, fullName: `Person Number${i}` });
    }
    const exchange = await bot.send(activities.message(users.housingOfficer, 'my introductions'));
    const page1 = cardIn(exchange.sent[0]);
    expect(cardProblems(page1)).toEqual([]);
    const text = cardText(page1);
    expect(text).toMatch(/12 introductions, newest first \(page 1 of 2\)/);
    expect(text).toContain('with coordinator');
    expect(text).not.toContain('Margaret');
    const distinct = (t: string) => new Set(t.match(/Open LAC-[A-Z0-9]{4}-[A-Z0-9]{2}/g)).size;
    expect(distinct(text)).toBe(10);

    const older = await bot.send(activities.cardAction(users.housingOfficer, 'myIntroductions', { page: 2 }));
    const page2 = cardText((older.body as { value: unknown }).value);
    expect(distinct(page2)).toBe(2);
  });

  it('opens an introduction’s timeline for its introducer', async () => {
    const { key } = await openForm();
    await submit(users.introducer, key, complete);
    const exchange = await bot.send(activities.cardAction(users.introducer, 'openIntroduction', { id: key }));
    const text = cardText((exchange.body as { value: unknown }).value);
    expect(text).toContain('You introduced Margaret J.');
    expect(text).toContain('Offered to Tammy Hughes, the Local Area Coordinator for Harold Hill North.');
    expect(text).not.toContain('of 50');
  });

  it('shows it to the patch’s coordinator and the triage manager, and "not found" to anyone else', async () => {
    const { key } = await openForm();
    await submit(users.introducer, key, complete);
    const view = async (user: TestUser) =>
      JSON.stringify((await bot.send(activities.cardAction(user, 'openIntroduction', { id: key }))).body);
    expect(await view(users.tammy)).toContain('Margaret J.');
    expect(await view(users.priya)).toContain('Margaret J.');
    const refused = await view(users.housingOfficer);
    expect(refused).toContain('Not found');
    expect(refused).not.toContain('Margaret');
    expect(await view(users.amira)).toContain('Not found');
    const { resources } = await bot.bot.store
      .container('audit')
      .items.query({
        query: 'SELECT * FROM c WHERE c.subjectId = @id',
        parameters: [{ name: '@id', value: key }],
      })
      .fetchAll();
    expect(resources.map((a) => a.action).sort()).toEqual([
      'created',
      'denied',
      'denied',
      'viewed',
      'viewed',
    ]);
  });

  it('answers "not found" for an id that does not exist or is malformed', async () => {
    for (const id of ['7d0f9a6e-2f4b-4d8e-9a3c-000000000000', 'nonsense', { $ne: 1 }]) {
      const exchange = await bot.send(activities.cardAction(users.introducer, 'openIntroduction', { id }));
      expect(JSON.stringify(exchange.body)).toContain('Not found');
    }
  });
});

describe('the message action: "Introduce to a coordinator" on any message', () => {
  const invoke = (name: string, value: Record<string, unknown>) => {
    const activity = activities.message(users.introducer, '');
    return { ...activity, type: 'invoke', name, text: undefined, value };
  };

  it('opens an empty form when the message payload is not what Teams should send', async () => {
    const activity = activities.message(users.introducer, '');
    const fetched = await bot.send({
      ...activity,
      type: 'invoke',
      name: 'composeExtension/fetchTask',
      text: undefined,
      value: { commandId: 'introduceToLac', messagePayload: { body: { content: { html: 'not text' } } } },
    });
    const card = (fetched.body as { task: { value: { card: { content: CardJson } } } }).task.value.card
      .content;
    expect(cardProblems(card)).toEqual([]);
    expect(inputValue(card, 'anythingElse')).toBe('');
  });

  it('opens the form in a dialog with the message text in "anything else", and sends from it', async () => {
    const fetched = await bot.send(
      invoke('composeExtension/fetchTask', {
        commandId: 'introduceToLac',
        commandContext: 'message',
        messagePayload: {
          body: { contentType: 'html', content: '<p>Mrs Jones is <b>lonely</b> &amp; keeps calling us</p>' },
        },
      }),
    );
    expect(fetched.status).toBe(200);
    const task = (fetched.body as { task: { type: string; value: { card: { content: CardJson } } } }).task;
    expect(task.type).toBe('continue');
    const card = task.value.card.content;
    expect(cardProblems(card)).toEqual([]);
    expect(inputValue(card, 'anythingElse')).toBe('Mrs Jones is lonely & keeps calling us');
    expect(JSON.stringify(card)).not.toContain('Action.Execute');
    const submitAction = card.actions?.[0] as {
      data: { idempotencyKey: string; variant: string; verb: string };
    };

    const invalid = await bot.send(
      invoke('composeExtension/submitAction', {
        commandId: 'introduceToLac',
        data: { ...submitAction.data, ...complete, postcode: 'nope' },
      }),
    );
    const again = (invalid.body as { task: { type: string; value: { card: { content: unknown } } } }).task;
    expect(again.type).toBe('continue');
    expect(cardText(again.value.card.content)).toContain('"nope" is not a UK postcode');

    const sent = await bot.send(
      invoke('composeExtension/submitAction', {
        commandId: 'introduceToLac',
        data: { ...submitAction.data, ...complete },
      }),
    );
    const message = (sent.body as { task: { type: string; value: string } }).task;
    expect(message.type).toBe('message');
    expect(message.value).toMatch(/^Introduction sent\. Your reference is LAC-/);
    expect((await stored()).some((i) => i.id === submitAction.data.idempotencyKey)).toBe(true);
  });
});

describe('consent withdrawn', () => {
  it('is recorded from the timeline by the introducer: all contact stops, with who, when and why', async () => {
    const { key } = await openForm();
    await submit(users.introducer, key, complete);
    const exchange = await bot.send(
      activities.cardAction(users.introducer, 'withdrawConsent', {
        id: key,
        withdrawNote: 'She phoned to say no thanks',
      }),
    );
    // Restricted at once: the introducer is told so, and sees it no more.
    const said = JSON.stringify(exchange.body);
    expect(said).toContain('the person withdrew their consent. Nobody will contact them');
    expect(said).toContain("only the council's records leads see its details");
    expect(said).not.toContain('Margaret');
    const introduction = (await stored()).find((i) => i.id === key);
    expect(introduction?.status).toBe('consent-withdrawn');
    expect(introduction?.restriction).toMatchObject({ reason: 'The person withdrew their consent.' });
    const reopened = await bot.send(activities.cardAction(users.introducer, 'openIntroduction', { id: key }));
    expect(JSON.stringify(reopened.body)).toContain('Not found');
    const listed = await bot.send(activities.message(users.introducer, 'my introductions'));
    expect(JSON.stringify(listed.sent)).not.toContain(introduction?.reference);
    expect(introduction?.consent.withdrawn).toMatchObject({
      by: { aadObjectId: users.introducer.aadObjectId },
      note: 'She phoned to say no thanks',
    });
    expect(introduction?.events.at(-2)).toMatchObject({
      type: 'status-changed',
      from: 'offered',
      to: 'consent-withdrawn',
    });
    expect(introduction?.events.at(-1)).toMatchObject({ type: 'restricted' });
  });

  it('cannot be recorded by someone who cannot see the introduction', async () => {
    const { key } = await openForm();
    await submit(users.introducer, key, complete);
    const exchange = await bot.send(
      activities.cardAction(users.housingOfficer, 'withdrawConsent', { id: key }),
    );
    expect(JSON.stringify(exchange.body)).toContain('Not found');
    expect((await stored()).find((i) => i.id === key)?.status).toBe('offered');
  });
});

describe('when the store is down', () => {
  it('says it was NOT sent and keeps everything typed', async () => {
    const { key } = await openForm();
    await bot.bot.localCosmos?.stop();
    const { text, card } = await submit(users.introducer, key, complete);
    expect(text).toContain('Your introduction was NOT sent');
    expect(inputValue(card, 'fullName')).toBe('Margaret Jones');
    expect(inputValue(card, 'goodLife')).toBe(complete.goodLife);
    expect(cardProblems(card)).toEqual([]);
  });
});
