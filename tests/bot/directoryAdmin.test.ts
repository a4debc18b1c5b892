/**
 * The directory kept in Teams, through the real adapter, with two instances on one Cosmos DB and the
 * deployed file in a temporary folder: Priya Shah (triage manager and administrator) checks a file
 * with problems (refused, every problem listed), then a good file in which Tammy Hughes leaves
 * Harold Hill North and Sam Okafor takes it on (the changes in words, nothing changed yet), and
 * confirms it: both instances apply it, Tammy's waiting offer goes to Sam, the person she walks
 * alongside shows in the team queue as needing a coordinator until Priya hands them over. History
 * restores the earlier version the same way. A coordinator and a partner are refused. The version
 * confirmed in Teams stays in force over the same deployed file, and gives way when it changes.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CARD_BYTES_MAX, fitted } from '../../src/bot/directory/directoryAdmin';
import { type LocalCosmos, startLocalCosmos } from '../../src/storage/localCosmos';
import {
  activities,
  cardIn,
  cardText,
  greet,
  introduceAs,
  readIntroduction,
  startTestBot,
  type TestBot,
  type TestUser,
  users,
} from '../helpers/botHarness';

const { sam } = users;
const { grace } = users;

const DEMO = path.resolve(__dirname, '..', '..', 'env', 'demo-borough.patches.yaml');
let dir: string;
let file: string;
let cosmos: LocalCosmos;
let a: TestBot;
let b: TestBot;
let original: string;
let offeredId: string;
let walkingId: string;

/** The demo file with Tammy Hughes gone from Harold Hill North and Sam Okafor covering it too. */
const withoutTammy = (text: string) =>
  text.replace(
    / {6}- name: Tammy Hughes\n(?: {8}.*\n)+/,
    '      - name: Sam Okafor\n        email: sam.okafor@demo.gov.uk\n        aadObjectId: 9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c02\n        capacity: 45\n',
  );

/** A day from today as people type it: 7/12/2026. */
const day = (offset: number) => {
  const d = new Date(Date.now() + offset * 86_400_000);
  return `${d.getUTCDate()}/${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`;
};

const start = (instanceId: string) =>
  startTestBot({ LAC_PATCHES_FILE: file }, { sharedLocalCosmos: cosmos, instanceId });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lac-directory-'));
  file = path.join(dir, 'council.patches.yaml');
  await copyFile(DEMO, file);
  original = await readFile(file, 'utf8');
  cosmos = await startLocalCosmos();
  a = await start('a');
  b = await start('b');
  await greet(a, users.tammy, users.introducer, users.priya, users.amira, sam, grace);
  // One offer waiting for Tammy, and one person she walks alongside.
  offeredId = (await introduceAs(a, users.introducer, { fullName: 'Olive Ward', phone: '07700 900555' })).id;
  walkingId = (await introduceAs(a, users.introducer, { fullName: 'Walter Penn', phone: '07700 900556' })).id;
  await a.send(activities.cardAction(users.tammy, 'acceptIntroduction', { id: walkingId }));
  await a.send(
    activities.cardAction(users.tammy, 'recordProgress', { id: walkingId, progress: 'walking-alongside' }),
  );
  await a.settled();
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
  await cosmos?.stop();
  await rm(dir, { recursive: true, force: true });
});

/**
 * What the bot answered. Every instance's replies reach the one stand-in Bot Connector (nock's first
 * interceptor, instance a's), so they are read from there.
 */
const answer = async (bot: TestBot, user: TestUser, text: string) => {
  const before = a.sent.length;
  const exchange = await bot.send(activities.message(user, text));
  const sent = bot === a ? exchange.sent : a.sent.slice(before);
  const card = sent.map((x) => cardIn(x)).find(Boolean);
  return { card, text: sent.map((x) => x.text ?? cardText(cardIn(x))).join('\n') };
};
const press = async (bot: TestBot, user: TestUser, verb: string, data: Record<string, unknown>) => {
  const exchange = await bot.send(activities.cardAction(user, verb, data));
  const value = (exchange.body as { value?: unknown }).value;
  return { card: value, text: typeof value === 'string' ? value : cardText(value) };
};
/** Worked through in the background: done when the store says which version it was done for. */
const workedThrough = async () => {
  const reconciled = async () =>
    (await a.bot.store.container('directory').item('reconciled', 'reconciled').read<{ version: string }>())
      .resource?.version;
  for (let i = 0; (await reconciled()) !== a.bot.directories.directory.version; i++) {
    if (i === 150) throw new Error('the directory change was not worked through in 15 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};
const proposalIn = (card: unknown) => /"proposalId":"([0-9a-f-]{36})"/.exec(JSON.stringify(card))?.[1] ?? '';
/** The text of the version in force, as stored. */
const storedContent = async () => {
  const { resource } = await a.bot.store.container('directory').item('current', 'current').read();
  return (resource as { content: string }).content;
};
const storedVersion = async () => {
  const { resource } = await a.bot.store.container('directory').item('current', 'current').read();
  return resource as { version: string; origin?: string; by?: { name: string }; reason?: string };
};

it('refuses anyone but an administrator, a partner included', async () => {
  for (const user of [users.tammy, users.introducer]) {
    expect((await answer(a, user, 'directory')).text).toContain("directory's administrators");
    expect((await press(a, user, 'checkDirectory', { directoryFile: original })).text).toContain(
      "directory's administrators",
    );
  }
  // A partner's people never hold a role: the command is not theirs, nor is the card action.
  expect((await answer(a, users.gpReceptionist, 'directory')).text).toContain('This is for council staff');
  expect((await press(a, users.gpReceptionist, 'checkDirectory', { directoryFile: original })).text).toMatch(
    /council staff|directory's administrators/,
  );
  expect(a.bot.directories.inForce?.origin).toBe('file');
});

it("writes nothing for a partner's press: the directory's audit chain is not theirs to grow", async () => {
  const chainOf = async () => {
    const { resources } = await a.bot.store
      .container('audit')
      .items.query({
        query: 'SELECT c.actorId FROM c WHERE c.subjectId = @s',
        parameters: [{ name: '@s', value: 'patch-directory' }],
      })
      .fetchAll();
    return resources as { actorId: string }[];
  };
  const before = (await chainOf()).length;
  for (let i = 0; i < 3; i++)
    await press(a, users.gpReceptionist, 'checkDirectory', { directoryFile: original });
  const after = await chainOf();
  expect(after.length).toBe(before);
  expect(after.filter((e) => e.actorId === users.gpReceptionist.aadObjectId)).toEqual([]);
});

it('shows the version in force, where it came from and why, with the file to edit', async () => {
  const { card, text } = await answer(a, users.priya, 'directory');
  expect(text).toContain(`version ${a.bot.directories.directory.version}`);
  expect(text).toContain('from the deployed file council.patches.yaml');
  expect(text).toContain('The deployed file is in force');
  expect(text).toMatch(/Patches\n8/);
  expect(JSON.stringify(card)).toContain('Tammy Hughes');
});

it('refuses a file with problems, listing every one, and changes nothing', async () => {
  const broken = original
    .replace('capacity: 50\n', 'capacity: lots\n')
    .replace('id: elm-park', 'id: Elm Park');
  const { text } = await press(a, users.priya, 'checkDirectory', { directoryFile: broken });
  expect(text).toContain('Not changed: the file has problems');
  expect(text).toContain('2 problems');
  expect(text).toMatch(/Line \d+, column \d+ \(patches\[0\]\.coordinators\[0\]\.capacity\)/);
  expect(text).toContain('capacity must be a whole number of people');
  expect((await storedVersion()).version).toBe(a.bot.directories.directory.version);
});

it('keeps a card with more problems than Teams can carry under its limit, the file kept to correct', async () => {
  const rules = Array.from({ length: 1500 }, (_, i) => `Q${i}`).join(', ');
  const broken = original.replace('postcodes: ["RM3 7", "RM3 8", "RM3 9"]', `postcodes: [${rules}]`);
  const { card, text } = await press(a, users.priya, 'checkDirectory', { directoryFile: broken });
  const json = JSON.stringify(card);
  expect(Buffer.byteLength(json)).toBeLessThanOrEqual(27 * 1024);
  expect(text).toContain('1400 problems');
  expect(text).toContain('(patches[0].postcodes[100]): "Q100" is not a postcode');
  const more = /…and (\d+) more problems after these/.exec(text);
  expect(Number(more?.[1])).toBeGreaterThan(1000);
  // Every problem shown or counted, and the file still in the card to correct.
  expect((text.match(/Line \d+, column \d+/g) ?? []).length + Number(more?.[1])).toBe(1400);
  expect(json).toContain(JSON.stringify(broken).slice(1, 200));
  // A file over the limit in bytes (letters of more than one byte) is not taken from a card.
  expect(
    (await press(a, users.priya, 'checkDirectory', { directoryFile: `${original}# ${'é'.repeat(9_000)}\n` }))
      .text,
  ).toContain('too long for a card');
});

it('deletes proposals nobody can confirm any more when a new one is checked', async () => {
  const container = a.bot.store.container('directory');
  const stale = {
    id: 'proposal-00000000-0000-4000-8000-000000000001',
    type: 'proposal',
    content: original,
    basedOn: a.bot.directories.directory.version,
    kind: 'new',
    by: { aadObjectId: users.priya.aadObjectId, name: 'Priya Shah' },
    at: new Date(Date.now() - 25 * 3_600_000).toISOString(),
  };
  await container.items.upsert(stale);
  await container.items.upsert({
    ...stale,
    id: 'proposal-00000000-0000-4000-8000-000000000002',
    at: new Date().toISOString(),
  });
  const { card } = await press(a, users.priya, 'checkDirectory', { directoryFile: `${original}# swept\n` });
  const ids = (
    await container.items.query<{ id: string }>("SELECT c.id FROM c WHERE c.type = 'proposal'").fetchAll()
  ).resources.map((r) => r.id);
  expect(ids).not.toContain(stale.id);
  expect(ids).toEqual(
    expect.arrayContaining(['proposal-00000000-0000-4000-8000-000000000002', `proposal-${proposalIn(card)}`]),
  );
  await press(a, users.priya, 'cancelDirectory', { proposalId: proposalIn(card) });
});

it('drops the copy of a file from a card before the problems, if both cannot fit', () => {
  const data = {
    title: 'Not changed: the file has problems',
    summary: '3 problems',
    facts: [],
    lines: ['Line 1, column 1: one', 'Line 2, column 1: two', 'Line 3, column 1: three'],
    note: '',
    showFile: true,
    fileLabel: 'Your file, to correct',
    file: 'x'.repeat(30_000),
    proposalId: '',
    actionId: '00000000-0000-4000-8000-000000000009',
    restores: [],
    showHistory: false,
  };
  const card = fitted(data, (more) => `…and ${more} more`);
  const json = JSON.stringify(card);
  expect(Buffer.byteLength(json)).toBeLessThanOrEqual(CARD_BYTES_MAX);
  expect(json).not.toContain('x'.repeat(100));
  expect(json).toContain('Line 3, column 1: three');
  expect(json).toContain('too long to show again beside its problems');
});

it('never lets a change be confirmed unseen: who gains a role is read first, and a change too long for a card cannot be confirmed', async () => {
  const newLead =
    '    - { name: Mallory Grant, email: mallory.grant@demo.gov.uk, aadObjectId: 0d0d0d0d-1111-4222-8333-444444444499 }\n';
  // As many new patches as the card's file limit takes (20,000 bytes as the card carries them):
  // each is a line of the change.
  const carried = (text: string) => Buffer.byteLength(JSON.stringify(text)) - 2;
  let huge = original
    .replace(/^\s*#.*\n/gm, '')
    .replace(/(records:\n {2}leads:\n(?: {4}.*\n)+)/, `$1${newLead}`);
  for (const area of ['E', 'N', 'SE', 'SW', 'W', 'NW', 'EC', 'WC'])
    for (let district = 1; district <= 60; district++) {
      const patch = `  - {id: p${area.toLowerCase()}${district}, name: ${area}${district}, postcodes: [${area}${district} 1]}\n`;
      if (carried(huge + patch) < 19_900) huge += patch;
    }
  const { card, text } = await press(a, users.priya, 'checkDirectory', { directoryFile: huge });
  expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(CARD_BYTES_MAX);
  // The new records lead is on the card, before the hundreds of new patches.
  expect(text).toMatch(/Mallory Grant[^\n]*records lead/);
  expect(text.indexOf('Mallory Grant')).toBeLessThan(text.indexOf('New patch'));
  // Too long to read whole, so it cannot be confirmed here: no proposal to confirm.
  expect(text).toContain('cannot be confirmed here');
  expect(proposalIn(card)).toBe('');
  expect(a.bot.directories.directory.records.leads.map((l) => l.name)).not.toContain('Mallory Grant');
});

it('shows what a good file would change, in words, and changes nothing until confirmed', async () => {
  const before = a.bot.directories.directory.version;
  const { card, text } = await press(a, users.priya, 'checkDirectory', {
    directoryFile: withoutTammy(original),
  });
  expect(text).toContain('What this version would change');
  expect(text).toContain('Sam Okafor also covers Harold Hill North (still Harold Wood and Gidea Park).');
  expect(text).toContain(
    'Tammy Hughes leaves Harold Hill North: 1 person Tammy accepted or walks alongside and 1 offer waiting will need someone.',
  );
  expect(proposalIn(card)).not.toBe('');
  expect(a.bot.directories.directory.version).toBe(before);
  expect((await storedVersion()).version).toBe(before);
  // Cancel changes nothing, and the proposal cannot be confirmed afterwards.
  expect((await press(a, users.priya, 'cancelDirectory', { proposalId: proposalIn(card) })).text).toContain(
    'nothing changed',
  );
  expect(
    (await press(a, users.priya, 'confirmDirectory', { proposalId: proposalIn(card), reason: 'x' })).text,
  ).toContain('Done already, or cancelled');
  expect(a.bot.directories.directory.version).toBe(before);
});

it('confirms it on both instances, routes the waiting offer again, and puts the person in the team queue', async () => {
  // Tammy set time away in Teams next month (after her offer was made to her).
  await a.send(activities.message(users.tammy, `away from ${day(40)} to ${day(45)}`));
  expect(
    (
      await a.bot.store
        .container('directory')
        .item('away-tammy.hughes@demo.gov.uk', 'away-tammy.hughes@demo.gov.uk')
        .read()
    ).resource,
  ).toBeDefined();
  const checked = await press(a, users.priya, 'checkDirectory', { directoryFile: withoutTammy(original) });
  const confirmed = await press(a, users.priya, 'confirmDirectory', {
    proposalId: proposalIn(checked.card),
    reason: 'Tammy has left the council',
  });
  expect(confirmed.text).toContain('In force now: version');
  expect(confirmed.text).toContain(
    '1 offer waiting for someone who left is being routed again (and any waiting in a patch its coordinator no longer covers). 1 person needs a coordinator: they show in the team queue within a minute.',
  );
  const version = a.bot.directories.directory.version;
  expect(await storedVersion()).toMatchObject({
    version,
    origin: 'teams',
    by: { name: 'Priya Shah' },
    reason: 'Tammy has left the council',
  });
  // The other instance applies it within its reload period.
  await b.bot.directories.refreshFromStore();
  expect(b.bot.directories.directory.version).toBe(version);
  expect((await answer(b, users.priya, 'directory')).text).toContain('Confirmed in Teams');
  // Pressed again: nothing more happens.
  expect(
    (
      await press(a, users.priya, 'confirmDirectory', {
        proposalId: proposalIn(checked.card),
        reason: 'again',
      })
    ).text,
  ).toContain('Done already');

  await workedThrough();
  await a.settled();
  const offer = await readIntroduction(a, offeredId);
  expect(offer.status).toBe('offered');
  expect(offer.coordinatorEmail).toBe('sam.okafor@demo.gov.uk');
  expect(
    offer.events.some((e) =>
      /Tammy Hughes is no longer a coordinator of Harold Hill North \(coordinator left\)/.test(e.note ?? ''),
    ),
  ).toBe(true);
  const walking = await readIntroduction(a, walkingId);
  expect(walking.status).toBe('walking-alongside');
  expect(walking.needsCoordinator).toMatchObject({ formerCoordinator: 'Tammy Hughes' });
  expect(walking.coordinatorEmail).toBeUndefined();
  // Audited: the change (before it came into force), the check that showed what Tammy holds, the
  // views, and the refusals earlier.
  const { resources: trail } = await a.bot.store
    .container('audit')
    .items.query({ query: "SELECT * FROM c WHERE c.subjectId = 'patch-directory'" })
    .fetchAll();
  expect(trail).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        action: 'changed',
        actorId: users.priya.aadObjectId,
        detail: `version ${version} (new)`,
      }),
      expect.objectContaining({
        action: 'viewed',
        actorId: users.priya.aadObjectId,
        detail: expect.stringMatching(new RegExp(`^checked version ${version} \\(new\\): \\d+ changes$`)),
      }),
      expect.objectContaining({
        action: 'viewed',
        actorId: users.priya.aadObjectId,
        detail: expect.stringMatching(/^directory: version [0-9a-f]{12}$/),
      }),
      expect.objectContaining({ action: 'viewed', detail: 'checked a file (new): 2 problems' }),
      expect.objectContaining({ action: 'denied', actorId: users.tammy.aadObjectId }),
    ]),
  );
  // Time away set in Teams for Tammy is ended.
  const { resource: away } = await a.bot.store
    .container('directory')
    .item('away-tammy.hughes@demo.gov.uk', 'away-tammy.hughes@demo.gov.uk')
    .read();
  expect(away).toBeUndefined();
  const queue = await answer(a, users.priya, 'team queue');
  expect(queue.text).toContain('needs a coordinator');
  // The introducer is told nothing of it.
  expect(
    a.sent
      .filter((x) => x.toConversation.includes('introducer'))
      .map((x) => x.text ?? '')
      .join(),
  ).not.toMatch(/left|Tammy Hughes is no longer/);
});

it('hands the person over when a triage manager assigns someone, their support as it was', async () => {
  const assigned = await press(a, users.priya, 'assignIntroduction', {
    id: walkingId,
    assignTo: 'sam.okafor@demo.gov.uk',
  });
  expect(JSON.stringify(assigned.card)).toContain('Handed over to Sam Okafor');
  const walking = await readIntroduction(a, walkingId);
  expect(walking).toMatchObject({ status: 'walking-alongside', coordinatorEmail: 'sam.okafor@demo.gov.uk' });
  expect(walking.needsCoordinator).toBeUndefined();
  expect(walking.events.some((e) => e.type === 'handed-over')).toBe(true);
  expect((await answer(a, users.priya, 'team queue')).text).not.toContain('needs a coordinator');
  // Sam is told, in their own chat, with the least that works: no surname, nothing of the story.
  await a.settled();
  const told = a.sent.filter((x) => /has handed over/.test(x.text ?? ''));
  expect(told).toHaveLength(1);
  expect(told[0]?.text).toBe(
    `**Priya Shah** has handed over Walter P. (${walking.reference}) to you: their coordinator left the directory. Type **my people** and open them for their story so far.`,
  );
  expect(told[0]?.toConversation).toContain(sam.id);
  expect((await readIntroduction(a, walkingId)).events.at(-1)?.note).toBe(
    'Sam Okafor was told in Teams that they have this person now.',
  );
  // Pressed again: handed over once, told once.
  await press(a, users.priya, 'assignIntroduction', { id: walkingId, assignTo: 'sam.okafor@demo.gov.uk' });
  await a.settled();
  expect(a.sent.filter((x) => /has handed over/.test(x.text ?? ''))).toHaveLength(1);
});

it('refuses a confirm checked against a version no longer in force, and a non-administrator', async () => {
  const first = await press(a, users.priya, 'checkDirectory', {
    directoryFile: `${withoutTammy(original)}# one\n`,
  });
  const second = await press(a, users.priya, 'checkDirectory', {
    directoryFile: `${withoutTammy(original)}# two\n`,
  });
  expect(
    (await press(a, users.tammy, 'confirmDirectory', { proposalId: proposalIn(first.card), reason: 'x' }))
      .text,
  ).toContain("directory's administrators");
  expect(
    (
      await press(a, users.priya, 'confirmDirectory', {
        proposalId: proposalIn(first.card),
        reason: 'Comment',
      })
    ).text,
  ).toContain('In force now');
  // Checked against the version before: refused, on either instance, and nothing changes.
  const version = a.bot.directories.directory.version;
  expect(
    (
      await press(b, users.priya, 'confirmDirectory', {
        proposalId: proposalIn(second.card),
        reason: 'Other',
      })
    ).text,
  ).toContain('The directory changed since you checked this');
  expect((await storedVersion()).version).toBe(version);
});

it('lists the history and restores an earlier version the same way', async () => {
  const history = await answer(a, users.priya, 'directory history');
  expect(history.text).toContain('confirmed in Teams by Priya Shah: Tammy has left the council');
  expect(history.text).toContain('from the deployed file council.patches.yaml');
  // The deployed file's version, before Tammy left: restored the same way, with its changes shown.
  const earlier = /version ([0-9a-f]{12}), from the deployed file/.exec(history.text)?.[1] ?? '';
  expect(history.text).toContain(`${a.bot.directories.directory.version} (in force)`);
  const checked = await press(a, users.priya, 'restoreDirectory', { version: earlier });
  expect(checked.text).toContain('Restore this version?');
  expect(checked.text).toContain('Tammy Hughes joins Harold Hill North.');
  expect(checked.text).toContain(
    'Sam Okafor no longer covers Harold Hill North (still Harold Wood and Gidea Park)',
  );
  expect(a.bot.directories.directory.version).not.toBe(earlier);
  await press(a, users.priya, 'confirmDirectory', {
    proposalId: proposalIn(checked.card),
    reason: 'Tammy is back',
  });
  expect(a.bot.directories.directory.version).toBe(earlier);
  expect(await storedVersion()).toMatchObject({ origin: 'teams', reason: 'Tammy is back' });
});

it('leaves a restricted offer alone when its coordinator leaves, and routes it again once lifted', async () => {
  const rhea = await introduceAs(a, users.introducer, { fullName: 'Rhea Stone', phone: '07700 900559' });
  expect(rhea.coordinatorEmail).toBe('tammy.hughes@demo.gov.uk');
  expect((await answer(a, grace, `restrict ${rhea.reference} because she objected`)).text).toContain(
    'is restricted',
  );
  const leave = await press(a, users.priya, 'checkDirectory', {
    directoryFile: `${withoutTammy(original)}# Tammy left again\n`,
  });
  await press(a, users.priya, 'confirmDirectory', { proposalId: proposalIn(leave.card), reason: 'Left' });
  await workedThrough();
  // Restricted: nothing but storage, so it waits where it is.
  expect(await readIntroduction(a, rhea.id)).toMatchObject({ coordinatorEmail: 'tammy.hughes@demo.gov.uk' });

  expect((await answer(a, grace, `lift restriction ${rhea.reference} because she agreed`)).text).toContain(
    'restriction lifted',
  );
  const lifted = await readIntroduction(a, rhea.id);
  expect(lifted).toMatchObject({ status: 'offered', coordinatorEmail: 'sam.okafor@demo.gov.uk' });
  expect(
    lifted.events.some((e) =>
      /Tammy Hughes is no longer a coordinator of Harold Hill North/.test(e.note ?? ''),
    ),
  ).toBe(true);

  // Tammy back, for what follows.
  const back = await press(a, users.priya, 'checkDirectory', { directoryFile: `${original}# Tammy back\n` });
  await press(a, users.priya, 'confirmDirectory', { proposalId: proposalIn(back.card), reason: 'Back' });
  await workedThrough();
});

it('leaves an offer where it is while its coordinator covers for someone of the patch who is away', async () => {
  await a.send(activities.message(users.tammy, `away from ${day(0)} to ${day(7)} cover Sam Okafor`));
  const covered = await introduceAs(a, users.introducer, { fullName: 'Cora Bell', phone: '07700 900557' });
  expect(covered.coordinatorEmail).toBe('sam.okafor@demo.gov.uk');
  expect(covered.routing.coordinator?.coveringFor?.email).toBe('tammy.hughes@demo.gov.uk');
  // A change elsewhere (here, a comment) leaves it with Sam.
  const checked = await press(a, users.priya, 'checkDirectory', {
    directoryFile: `${original}# confirmed in Teams\n`,
  });
  await press(a, users.priya, 'confirmDirectory', { proposalId: proposalIn(checked.card), reason: 'A note' });
  await workedThrough();
  const after = await readIntroduction(a, covered.id);
  expect(after.coordinatorEmail).toBe('sam.okafor@demo.gov.uk');
  expect(after.events.some((e) => /coordinator left/.test(e.note ?? ''))).toBe(false);
});

it('keeps what a coordinator holds when their email changes under the same Entra account', async () => {
  const cora = (
    await a.bot.store
      .container('introductions')
      .items.query<{ id: string }>("SELECT c.id FROM c WHERE c.person.fullName = 'Cora Bell'")
      .fetchAll()
  ).resources[0]?.id as string;
  // Tammy back, an introduction she accepts, then away again with Sam covering.
  await a.send(activities.message(users.tammy, 'back'));
  const rosa = await introduceAs(a, users.introducer, { fullName: 'Rosa Lane', phone: '07700 900558' });
  expect(rosa.coordinatorEmail).toBe('tammy.hughes@demo.gov.uk');
  await a.send(activities.cardAction(users.tammy, 'acceptIntroduction', { id: rosa.id }));
  await a.send(activities.message(users.tammy, `away from ${day(0)} to ${day(7)} cover Sam Okafor`));
  await a.settled();

  const current = await storedContent();
  const renamed = current.replace('email: tammy.hughes@demo.gov.uk', 'email: tammy.jones@demo.gov.uk');
  expect(renamed).not.toBe(current);
  const checked = await press(a, users.priya, 'checkDirectory', { directoryFile: renamed });
  expect(checked.text).toContain(
    "Tammy Hughes's email changes from tammy.hughes@demo.gov.uk to tammy.jones@demo.gov.uk (the same Entra account): the people and offers they hold stay with them.",
  );
  expect(checked.text).not.toMatch(/Tammy Hughes leaves|Tammy Hughes joins/);
  await press(a, users.priya, 'confirmDirectory', {
    proposalId: proposalIn(checked.card),
    reason: 'New surname',
  });
  await workedThrough();

  const held = await readIntroduction(a, rosa.id);
  expect(held).toMatchObject({ status: 'accepted', coordinatorEmail: 'tammy.jones@demo.gov.uk' });
  expect(held.needsCoordinator).toBeUndefined();
  expect(held.events.at(-1)).toMatchObject({ type: 'coordinator-email-changed' });
  // The offer Sam holds while covering for her stays with Sam, covering for her new email.
  const covering = await readIntroduction(a, cora);
  expect(covering.coordinatorEmail).toBe('sam.okafor@demo.gov.uk');
  expect(covering.routing.coordinator?.coveringFor?.email).toBe('tammy.jones@demo.gov.uk');
  expect(covering.events.some((e) => /coordinator left/.test(e.note ?? ''))).toBe(false);
  // Her time away set in Teams moved with her, and routing still sends her patch to Sam.
  const away = a.bot.store.container('directory');
  expect(
    (await away.item('away-tammy.hughes@demo.gov.uk', 'away-tammy.hughes@demo.gov.uk').read()).resource,
  ).toBeUndefined();
  expect(
    (await away.item('away-tammy.jones@demo.gov.uk', 'away-tammy.jones@demo.gov.uk').read()).resource,
  ).toMatchObject({
    away: { cover: 'sam.okafor@demo.gov.uk' },
  });
  // She still has her people, found by her object id; nobody needs a coordinator.
  expect((await answer(a, users.tammy, 'my people')).text).toContain('Rosa L.');
  expect((await answer(a, users.priya, 'team queue')).text).not.toContain('Rosa L.');
  // The introducer is told nothing of it.
  expect(
    a.sent
      .filter((x) => x.toConversation.includes('introducer'))
      .map((x) => x.text ?? '')
      .join(),
  ).not.toMatch(/email/);
});

it('keeps the version confirmed in Teams over the same deployed file, and gives way when the file changes', async () => {
  const confirmed = a.bot.directories.directory.version;
  // Confirmed in Teams, and not the deployed file's content: the case where precedence matters.
  expect(a.bot.directories.inForce?.origin).toBe('teams');
  expect(confirmed).not.toBe(a.bot.directories.deployedFileVersion);
  const restarted = await start('c');
  try {
    expect(restarted.bot.directories.directory.version).toBe(confirmed);
    expect(restarted.bot.directories.inForce?.origin).toBe('teams');
    await writeFile(file, `${original}\n# redeployed with a comment\n`);
    expect(await restarted.bot.directories.reloadFromFile()).toMatchObject({ outcome: 'loaded' });
    expect(restarted.bot.directories.directory.version).not.toBe(confirmed);
    expect((await storedVersion()).origin).toBe('file');
    expect((await answer(restarted, users.priya, 'directory')).text).toContain(
      'The deployed file is in force',
    );
  } finally {
    await restarted.stop();
  }
});

it('works through a coordinator leaving in a redeployed file too, once, on the instance that loads it', async () => {
  const covered =
    (
      await a.bot.store
        .container('introductions')
        .items.query<{ id: string }>("SELECT c.id FROM c WHERE c.person.fullName = 'Cora Bell'")
        .fetchAll()
    ).resources[0]?.id ?? '';
  // Harold Hill North without Tammy, and nobody else there.
  const noTammy = original.replace(
    /coordinators:\n {6}- name: Tammy Hughes\n(?: {8}.*\n)+/,
    'coordinators: []\n',
  );
  await writeFile(file, `${noTammy}# Tammy left: redeployed\n`);
  expect(await a.bot.directories.reloadFromFile()).toMatchObject({ outcome: 'loaded' });
  // The offer Sam held while covering for Tammy is routed again: Harold Hill North has nobody now,
  // so it goes to the triage team.
  await workedThrough();
  const after = await readIntroduction(a, covered);
  expect(after.events.filter((e) => /coordinator left/.test(e.note ?? ''))).toHaveLength(1);
  expect(after.status).toBe('with-triage');
  expect(after.coordinatorEmail).toBeUndefined();
  const { resource } = await a.bot.store.container('directory').item('reconciled', 'reconciled').read();
  expect(resource).toMatchObject({ version: a.bot.directories.directory.version });
});
