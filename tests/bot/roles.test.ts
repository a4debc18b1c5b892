/**
 * Roles come from the patch directory by Entra object id, through the real adapter (hardening 1
 * and 3). An email is a claim another tenant controls: a partner tenant that reports a coordinator's
 * or a manager's address gets nothing of theirs. A directory entry listed by email alone is matched
 * from the council's own tenant only, and then pinned to the object id learnt. A coordinator
 * covering for a colleague of another patch can see and accept what is offered to them.
 */
import type { Activity, ConversationAccount } from 'botbuilder';
import { startLocalCosmos } from '../../src/storage/localCosmos';
import {
  activities,
  COUNCIL_TENANT,
  cardIn,
  cardText,
  greet,
  introduceAs,
  PARTNER_TENANT,
  readIntroduction,
  registerUsers,
  STRANGER_TENANT,
  startTestBot,
  TEAM,
  type TestBot,
  type TestUser,
  TRIAGE_CHANNEL,
  users,
} from '../helpers/botHarness';
import { MARGARET } from '../helpers/fixtures';

/** Romford Town's coordinator Leon Barnes is listed by email alone in the demo directory. */
const ROMFORD = { postcode: 'RM1 2AB' };

const partnerSayingLeon: TestUser = {
  id: '29:not-leon',
  aadObjectId: '0c0c0c0c-1111-4222-8333-444444444401',
  name: 'Not Leon',
  tenantId: PARTNER_TENANT,
  email: 'leon.barnes@demo.gov.uk',
};
const partnerSayingPriya: TestUser = {
  id: '29:not-priya',
  aadObjectId: '0c0c0c0c-1111-4222-8333-444444444402',
  name: 'Not Priya',
  tenantId: PARTNER_TENANT,
  email: 'priya.shah@demo.gov.uk',
};
const leon: TestUser = {
  id: '29:leon',
  aadObjectId: '7e7e7e7e-2222-4333-8444-555555555501',
  name: 'Leon Barnes',
  tenantId: COUNCIL_TENANT,
  email: 'leon.barnes@demo.gov.uk',
};
/** Someone of the council's own tenant whose mailbox reports Leon's address too, after Leon was pinned. */
const secondLeon: TestUser = {
  id: '29:second-leon',
  aadObjectId: '7e7e7e7e-2222-4333-8444-555555555502',
  name: 'Leon Barnes (shared mailbox)',
  tenantId: COUNCIL_TENANT,
  email: 'leon.barnes@demo.gov.uk',
};
const { sam } = users;

registerUsers(partnerSayingLeon, partnerSayingPriya, leon, secondLeon);

const personal = (user: TestUser) => `a:personal-${user.id}`;
const viewOf = (body: unknown) => cardText((body as { value?: unknown }).value);
const ownView = (bot: TestBot, user: TestUser, id: string) =>
  bot.send(activities.cardAction(user, 'showIntroduction', { id }));
const accept = (bot: TestBot, user: TestUser, id: string) =>
  bot.send(activities.cardAction(user, 'acceptIntroduction', { id }));

describe('a partner tenant that reports a council address', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({}, { clock: () => new Date('2026-11-23T10:42:00Z') });
    await greet(bot, partnerSayingLeon, partnerSayingPriya, users.introducer, users.priya);
  });
  afterAll(() => bot.stop());

  it('is never offered the coordinator’s introductions: the offer goes to triage instead', async () => {
    const before = bot.sent.length;
    const introduction = await introduceAs(bot, users.introducer, ROMFORD);
    expect(introduction.routing.coordinator?.email).toBe('leon.barnes@demo.gov.uk');
    const sent = bot.sent.slice(before);
    expect(sent.filter((a) => a.toConversation === personal(partnerSayingLeon))).toEqual([]);
    expect(JSON.stringify(sent)).not.toContain('07700 900123');
    expect(introduction.events.map((e) => e.type)).toContain('coordinator-not-reachable');
  });

  it('cannot see its details, accept it, or call it theirs', async () => {
    const introduction = await introduceAs(bot, users.introducer, ROMFORD);
    const view = await ownView(bot, partnerSayingLeon, introduction.id);
    expect(viewOf(view.body)).not.toMatch(/Margaret Jones|07700|allotment/);
    expect(viewOf(view.body)).not.toContain('Accept');
    const pressed = await accept(bot, partnerSayingLeon, introduction.id);
    expect(JSON.stringify(pressed.body)).toContain('Not found');
    const stored = await readIntroduction(bot, introduction.id);
    expect(stored.status).toBe('offered');
    expect(stored.acceptedBy).toBeUndefined();
    // Partners are refused coordinators' commands before anything is looked up.
    const mine = await bot.send(activities.message(partnerSayingLeon, 'my people'));
    expect(JSON.stringify(mine.sent)).toContain('This is for council staff');
    expect(JSON.stringify(mine.sent)).not.toContain('My people');
  });

  it('holds no manager role: no team queue, no "Assign to", no details', async () => {
    const introduction = await introduceAs(bot, users.introducer, ROMFORD);
    const queue = await bot.send(activities.message(partnerSayingPriya, 'team queue'));
    expect(JSON.stringify(queue.sent)).toContain('This is for council staff');
    expect(JSON.stringify(queue.sent)).not.toContain('Team queue');
    const view = await ownView(bot, partnerSayingPriya, introduction.id);
    expect(viewOf(view.body)).not.toMatch(/Assign to|Margaret Jones|07700/);
    const assigned = await bot.send(
      activities.cardAction(partnerSayingPriya, 'assignIntroduction', {
        id: introduction.id,
        assignTo: 'amira.khan@demo.gov.uk',
      }),
    );
    expect(JSON.stringify(assigned.body)).toContain('Not found');
    expect((await readIntroduction(bot, introduction.id)).routing.coordinator?.email).toBe(
      'leon.barnes@demo.gov.uk',
    );
    // The real manager, by object id, still can.
    const real = await ownView(bot, users.priya, introduction.id);
    expect(viewOf(real.body)).toContain('Assign to');
  });
});

describe('a coordinator listed by email alone', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({}, { clock: () => new Date('2026-11-23T10:42:00Z') });
    await bot.send(activities.message(users.introducer, 'hello'));
  });
  afterAll(() => bot.stop());

  it('is matched by email from the council’s tenant, and then pinned to their object id', async () => {
    await bot.send(activities.message(leon, 'hello'));
    const before = bot.sent.length;
    const introduction = await introduceAs(bot, users.introducer, ROMFORD);
    const offer = bot.sent.slice(before).find((a) => a.toConversation === personal(leon));
    expect(cardIn(offer)).toBeDefined();
    const view = await ownView(bot, leon, introduction.id);
    expect(viewOf(view.body)).toContain('Margaret Jones');
    const { resource: pin } = await bot.bot.store
      .container('people')
      .item('pin:leon.barnes@demo.gov.uk', 'pin:leon.barnes@demo.gov.uk')
      .read<{ aadObjectId: string }>();
    expect(pin?.aadObjectId).toBe(leon.aadObjectId);

    // Once pinned, another account reporting the same address is nobody in the directory.
    await bot.send(activities.message(secondLeon, 'hello'));
    const pressed = await accept(bot, secondLeon, introduction.id);
    expect(JSON.stringify(pressed.body)).toContain('Not found');
    const mine = await bot.send(activities.message(secondLeon, 'my people'));
    expect(JSON.stringify(mine.sent)).toContain('not listed as one in the patch directory');

    const accepted = await accept(bot, leon, introduction.id);
    expect(viewOf(accepted.body)).toContain('Accepted by you');
    expect((await readIntroduction(bot, introduction.id)).acceptedBy?.aadObjectId).toBe(leon.aadObjectId);
  });

  it('a later offer reaches the pinned person, not another account with the same address', async () => {
    const before = bot.sent.length;
    await introduceAs(bot, users.introducer, ROMFORD);
    const to = bot.sent.slice(before).map((a) => a.toConversation);
    expect(to).toContain(personal(leon));
    expect(to).not.toContain(personal(secondLeon));
  });
});

describe('a pin made on one instance', () => {
  it('is known to another, even when Teams reports another address for the person there', async () => {
    const cosmos = await startLocalCosmos({});
    const first = await startTestBot({}, { sharedLocalCosmos: cosmos, instanceId: 'first' });
    const second = await startTestBot({}, { sharedLocalCosmos: cosmos, instanceId: 'second' });
    try {
      await greet(first, users.introducer, leon);
      const introduction = await introduceAs(first, users.introducer, ROMFORD);
      expect(viewOf((await ownView(first, leon, introduction.id)).body)).toContain('Margaret Jones');
      // On the other instance Leon's mailbox now reports a new address: his pinned object id still counts.
      const renamed: TestUser = { ...leon, id: '29:leon-renamed', email: 'l.barnes@demo.gov.uk' };
      registerUsers(renamed);
      expect(viewOf((await ownView(second, renamed, introduction.id)).body)).toContain('Margaret Jones');
    } finally {
      await first.stop();
      await second.stop();
      await cosmos.stop();
    }
  });
});

describe('a coordinator covering for a colleague of another patch', () => {
  let bot: TestBot;
  // Tammy Hughes (Harold Hill North) is away from 21 December 2026; Sam Okafor covers.
  beforeAll(async () => {
    bot = await startTestBot({}, { clock: () => new Date('2026-12-22T10:00:00Z') });
    await greet(bot, users.introducer, users.tammy, sam);
  });
  afterAll(() => bot.stop());

  it('is offered it, sees its details and can accept it', async () => {
    const before = bot.sent.length;
    const introduction = await introduceAs(bot, users.introducer);
    expect(introduction.routing.patch?.id).toBe('harold-hill-north');
    expect(introduction.routing.coordinator?.email).toBe(sam.email);
    const offer = bot.sent.slice(before).find((a) => a.toConversation === personal(sam));
    expect(cardIn(offer)?.refresh).toMatchObject({ userIds: [sam.id] });
    const view = await ownView(bot, sam, introduction.id);
    expect(viewOf(view.body)).toContain('Margaret Jones');
    expect(viewOf(view.body)).toContain('Accept');
    const accepted = await accept(bot, sam, introduction.id);
    expect(viewOf(accepted.body)).toContain('Accepted by you');
    const stored = await readIntroduction(bot, introduction.id);
    expect(stored.status).toBe('accepted');
    expect(stored.coordinatorEmail).toBe(sam.email);
    // Sam goes on walking alongside: recording progress is his to do.
    const progress = await bot.send(
      activities.cardAction(sam, 'recordProgress', { id: introduction.id, progress: 'in-touch' }),
    );
    expect(JSON.stringify(progress.body)).not.toContain('Not found');
    expect((await readIntroduction(bot, introduction.id)).status).toBe('in-touch');
  });

  it('loses it when it goes back to triage: it is no longer theirs', async () => {
    const introduction = await introduceAs(bot, users.introducer);
    expect(introduction.coordinatorEmail).toBe(sam.email);
    const back = await bot.send(
      activities.cardAction(sam, 'backToTriage', { id: introduction.id, triageReason: 'Not for me' }),
    );
    expect(JSON.stringify(back.body)).toContain('Back with LAC team triage');
    const view = await ownView(bot, sam, introduction.id);
    expect(viewOf(view.body)).not.toContain('Margaret Jones');
    const again = await accept(bot, sam, introduction.id);
    expect(JSON.stringify(again.body)).toContain('Not found');
  });
});

describe('a shared channel hosted by the council (Teams Connect)', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({}, { clock: () => new Date('2026-11-23T10:42:00Z') });
    await greet(bot, users.introducer, users.priya);
  });
  afterAll(() => bot.stop());

  /** An activity from someone in the council's shared channel: Teams names the host's tenant. */
  const inSharedChannel = (activity: Partial<Activity>): Partial<Activity> => ({
    ...activity,
    channelData: { tenant: { id: COUNCIL_TENANT }, team: TEAM, channel: TRIAGE_CHANNEL },
    conversation: { ...(activity.conversation as ConversationAccount), tenantId: COUNCIL_TENANT },
  });

  it('judges a partner by their own tenant, not the channel’s: no role, even with a council address', async () => {
    const introduction = await introduceAs(bot, users.introducer, ROMFORD);
    const pressed = await bot.send(
      inSharedChannel(
        activities.cardAction(partnerSayingLeon, 'acceptIntroduction', { id: introduction.id }, 'channel'),
      ),
    );
    expect(JSON.stringify(pressed.body)).toContain('Not found');
    expect((await readIntroduction(bot, introduction.id)).status).toBe('offered');
    const view = await bot.send(
      inSharedChannel(
        activities.cardAction(partnerSayingPriya, 'showIntroduction', { id: introduction.id }, 'channel'),
      ),
    );
    expect(JSON.stringify(view.body)).not.toMatch(/Margaret Jones|Assign to/);
    const choose = await bot.send(
      inSharedChannel(activities.message(partnerSayingPriya, 'use this channel for triage', 'channel')),
    );
    expect(JSON.stringify(choose.sent)).not.toContain('Done: introductions for the LAC team');
  });

  it('refuses someone of an organisation that is not allowed at all', async () => {
    const stranger: TestUser = { ...users.stranger, id: '29:stranger-shared', tenantId: STRANGER_TENANT };
    registerUsers(stranger);
    const exchange = await bot.send(
      inSharedChannel(activities.cardAction(stranger, 'whoCovers', { postcode: 'RM3 7AB' }, 'channel')),
    );
    expect(exchange.status).toBe(403);
    expect(JSON.stringify(exchange.body)).not.toContain('Harold Hill');
  });

  it('asks someone whose organisation Teams cannot confirm to try again, and gives them nothing', async () => {
    // Not known to the stand-in Bot Connector: Teams' member lookup fails.
    const unconfirmed: TestUser = {
      ...partnerSayingPriya,
      id: '29:unconfirmed',
      aadObjectId: '0c0c0c0c-1111-4222-8333-444444444477',
    };
    const introduction = await introduceAs(bot, users.introducer, ROMFORD);
    const typed = await bot.send(inSharedChannel(activities.message(unconfirmed, 'team queue', 'channel')));
    expect(JSON.stringify(typed.sent)).toContain('Teams could not confirm your organisation');
    const pressed = await bot.send(
      inSharedChannel(
        activities.cardAction(unconfirmed, 'showIntroduction', { id: introduction.id }, 'channel'),
      ),
    );
    expect(pressed.status).toBe(200);
    expect(JSON.stringify(pressed.body)).toContain('Teams could not confirm your organisation');
    expect(JSON.stringify(pressed.body)).not.toMatch(/Margaret|Romford/);
  });

  it('lets a partner introduce there, see their introductions and open one, each shown to them alone', async () => {
    const gp: TestUser = {
      id: '29:gp-shared',
      aadObjectId: '0c0c0c0c-1111-4222-8333-444444444488',
      name: 'Dr Amara Okoye',
      tenantId: PARTNER_TENANT,
      email: 'amara.okoye@nhs.net',
    };
    registerUsers(gp);
    const opened = await bot.send(inSharedChannel(activities.message(gp, 'introduce', 'channel')));
    const form = opened.sent.find((a) => JSON.stringify(a).includes('idempotencyKey'));
    const key = /"idempotencyKey":"([^"]+)"/.exec(JSON.stringify(form))?.[1] as string;
    expect(key).toBeDefined();
    // Sent with Action.Execute: the answer is the invoke's response, seen by the one who pressed.
    const sent = await bot.send(
      inSharedChannel(
        activities.cardAction(
          gp,
          'submitIntroduction',
          { idempotencyKey: key, variant: 'introduction', ...MARGARET, postcode: 'RM1 3AB' },
          'channel',
        ),
      ),
    );
    expect(sent.status).toBe(200);
    expect(JSON.stringify(sent.body)).toMatch(/LAC-[A-Z0-9]{4}-[A-Z0-9]{2}/);
    expect(JSON.stringify(sent.sent)).not.toContain('Margaret');
    const introduction = await readIntroduction(bot, key);
    expect(introduction.introducer.aadObjectId).toBe(gp.aadObjectId);

    // Their list, posted in the channel: the least (a reference, first name and initial, status).
    const listed = await bot.send(inSharedChannel(activities.message(gp, 'my introductions', 'channel')));
    expect(JSON.stringify(listed.sent)).toContain(introduction.reference);
    expect(JSON.stringify(listed.sent)).not.toContain('Jones');
    // Opened from it: to them alone.
    const open = await bot.send(
      inSharedChannel(activities.cardAction(gp, 'openIntroduction', { id: introduction.id }, 'channel')),
    );
    expect(open.status).toBe(200);
    expect(JSON.stringify(open.body)).toContain('What has happened');
    expect(JSON.stringify(open.body)).toContain(introduction.reference);
    // Typed `open`: no personal chat to send it to, and the answer says what works instead.
    const typed = await bot.send(
      inSharedChannel(activities.message(gp, `open ${introduction.reference}`, 'channel')),
    );
    expect(JSON.stringify(typed.sent)).toContain('type **my introductions** here and use **Open**');
    expect(JSON.stringify(typed.sent)).not.toContain('Margaret Jones');
  });

  it('still knows the council’s own manager there', async () => {
    const introduction = await introduceAs(bot, users.introducer, ROMFORD);
    const view = await bot.send(
      inSharedChannel(
        activities.cardAction(users.priya, 'showIntroduction', { id: introduction.id }, 'channel'),
      ),
    );
    expect(JSON.stringify(view.body)).toContain('Assign to');
  });
});
