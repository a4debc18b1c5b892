/**
 * Subject access through the real adapter and the local Cosmos DB: Margaret Jones's introduction is
 * seeded the way people make it (introduced, offered, accepted, a question, first conversation,
 * progress with an outcome and a note, monitoring with her, a correction, a disagreement); Grace
 * Obi, a records lead, finds her by name with date of birth and downloads the export. It holds every
 * item the right of access covers, marks other people's details, and is audited.
 */
import type { SubjectAccessExport } from '../../src/domain/records/subjectAccess';
import type { StoredAuditEntry } from '../../src/storage/records/auditRepository';
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
import { pressDownload } from '../helpers/downloads';

const { grace } = users;

let bot: TestBot;
let id: string;
let reference: string;
let now = new Date('2026-11-23T10:00:00Z');

const actionIdIn = (card: unknown) => /"actionId":"([0-9a-f-]{36})"/.exec(JSON.stringify(card))?.[1] ?? '';
const timeline = async (user: TestUser) =>
  (await bot.send(activities.cardAction(user, 'openIntroduction', { id }))).body as { value: unknown };
const press = async (user: TestUser, verb: string, data: Record<string, unknown>) => {
  const actionId = actionIdIn((await timeline(user)).value);
  await bot.send(activities.cardAction(user, verb, { id, actionId, ...data }));
  await bot.settled();
};
const ask = async (user: TestUser, text: string) => {
  const exchange = await bot.send(activities.message(user, text));
  return exchange.sent.map((a) => a.text ?? cardText(cardIn(a))).join('\n');
};
/** The download buttons of the card the records lead got. */
const downloadsIn = async (text: string) => {
  const exchange = await bot.send(activities.message(grace, text));
  const card = exchange.sent.map((a) => cardIn(a)).find(Boolean);
  const urls = [...JSON.stringify(card ?? {}).matchAll(/"url":"([^"]+)"/g)].map((m) => m[1] ?? '');
  return { card, urls };
};
/** The button pressed, as the download page does it (the bot's own address, not the card's). */
const fetchFile = (url: string) => pressDownload(bot.url, url);

/** Every open request closed, as a lead would once each is answered. */
const closeEveryRequest = async () => {
  const open = await ask(grace, 'subject access requests');
  for (const [request] of open.matchAll(/SAR-[A-Z0-9]{4}-[A-Z0-9]{2}/g))
    await ask(grace, `close subject access ${request} because the export was sent`);
};

beforeAll(async () => {
  bot = await startTestBot({}, { clock: () => now });
  await greet(bot, users.tammy, users.introducer, grace, users.priya);
  const introduction = await introduceAs(bot, users.introducer, {
    dateOfBirth: '1948-03-14',
    goodLife: 'Back at the allotment with <b>friends</b>',
  });
  id = introduction.id;
  reference = introduction.reference;
  await bot.send(activities.cardAction(users.tammy, 'acceptIntroduction', { id }));
  await bot.send(
    activities.cardAction(users.tammy, 'askIntroducer', { id, question: 'Is a morning visit all right?' }),
  );
  await bot.settled();
  now = new Date('2026-11-25T10:00:00Z');
  await press(users.tammy, 'recordProgress', {
    progress: 'walking-alongside',
    outcomes: 'connected-to-community',
    workingOn: 'isolation',
    progressNote: 'Met at the community cafe; keen on the allotment society',
  });
  await press(users.tammy, 'recordMonitoring', {
    ethnicity: 'white-irish',
    disability: 'no',
    lifeSatisfaction: '6',
    worthwhile: '5',
    happy: '7',
    anxious: '4',
  });
  await press(users.tammy, 'correctDetail', {
    correctField: 'phone',
    correctValue: '07700 900999',
    correctReason: 'She gave a new number',
  });
  await press(users.tammy, 'correctDetail', {
    correctField: 'postcode',
    correctValue: '',
    correctReason: 'She says she has moved, not where',
    disagreement: 'true',
  });
});
afterAll(() => bot.stop());

it('is for records leads only', async () => {
  for (const user of [users.tammy, users.priya, users.introducer])
    expect(await ask(user, `subject access ${reference}`)).toContain("council's records leads");
});

it('finds a person by name with date of birth or postcode, or by reference, and names nobody in the chat', async () => {
  for (const typed of [
    'subject access margaret  JONES, 14/03/1948',
    `subject access Margaret Jones, RM3 7AB`,
    `subject access ${reference.toLowerCase()}`,
  ]) {
    const { card, urls } = await downloadsIn(typed);
    expect(cardText(card)).toContain(reference);
    expect(cardText(card)).toContain('walking alongside');
    expect(JSON.stringify(card)).not.toMatch(/Margaret|Jones|1948/);
    expect(urls).toEqual([
      expect.stringMatching(/\/download#subject-access\/[A-Za-z0-9_-]{43}\/subject-access\.html$/),
      expect.stringMatching(/\/download#subject-access\/[A-Za-z0-9_-]{43}\/subject-access\.json$/),
    ]);
  }
  expect(await ask(grace, 'subject access Margaret Jones, 15/03/1948')).toContain('Nothing is held');
  expect(await ask(grace, 'subject access Margaret Jones')).toContain('with their date of birth or postcode');
  // Typed in a channel, refused before any search: what is typed there stays there.
  const inChannel = await bot.send(activities.message(grace, `subject access ${reference}`, 'channel'));
  expect(JSON.stringify(inChannel.sent)).toContain('Type this in your own chat with the bot');
  expect(JSON.stringify(inChannel.sent)).not.toContain('download#');
});

it('exports every item held about her, other people marked, and audits the export', async () => {
  const { urls } = await downloadsIn('subject access Margaret Jones, 14/03/1948');
  const response = await fetchFile(urls[1] ?? '');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-disposition')).toMatch(
    /attachment; filename="subject-access-2026-11-25\.json"/,
  );
  expect(response.headers.get('cache-control')).toBe('no-store');
  const exported = (await response.json()) as SubjectAccessExport;
  expect(exported.records).toHaveLength(1);
  const [record] = exported.records;
  if (!record) throw new Error('no record');
  // biome-ignore lint/suspicious/noExplicitAny: the export's JSON, read back as a person would
  const held = record.record as Record<string, any>;
  // The introduction, as typed, with its corrections.
  expect(held.person).toMatchObject({
    fullName: 'Margaret Jones',
    dateOfBirth: '1948-03-14',
    phone: '07700 900999',
  });
  // Free text, marked: it can name someone else.
  expect(held.whatMatters.goodLife).toEqual({
    text: expect.stringContaining('allotment'),
    review: 'May name other people: review before release',
  });
  // The consent record, its codes in words, with who obtained it: staff, in their job.
  expect(held.consent).toMatchObject({ given: true, how: 'In person', wordingVersion: expect.any(String) });
  expect(held.consent.obtainedBy).toMatchObject({ staff: true, name: 'Jo Carter' });
  // Events and notes, each actor marked.
  const events = held.events as {
    type: string;
    note?: string;
    by: { staff: boolean; name: string; role: string };
  }[];
  // Each kind of event in words.
  expect(events.map((e) => e.type)).toEqual(
    expect.arrayContaining([
      'Introduced',
      'Routed to a coordinator or to the LAC team',
      'Where it stands changed',
      'A coordinator asked the introducer a question',
      'A note',
      'A detail was corrected',
      'The person disagreed with a detail',
    ]),
  );
  expect(JSON.stringify(events)).toContain('Met at the community cafe');
  expect(events.every((e) => e.by.staff)).toBe(true);
  expect(events.find((e) => e.by.name === 'Tammy Hughes')?.by.role).toBe(
    'Local Area Coordinator, Harold Hill North',
  );
  // Outcomes, equalities, wellbeing, corrections and disagreement.
  expect(held.outcomes).toEqual([expect.objectContaining({ outcome: 'Connected to a community group' })]);
  expect(held.equalities).toMatchObject({ ethnicity: 'Irish', disability: 'no' });
  expect(held.wellbeing[0].scores).toEqual({ lifeSatisfaction: 6, worthwhile: 5, happy: 7, anxious: 4 });
  expect(held.corrections).toEqual([
    expect.objectContaining({ field: 'phone' }),
    expect.objectContaining({ field: 'postcode', disagreement: true }),
  ]);
  // The introducer and the coordinator acted in their job: marked as staff, with their roles.
  expect(held.introducer).toMatchObject({
    staff: true,
    name: 'Jo Carter',
    role: expect.stringContaining('Introducer'),
  });
  expect(held.routing.coordinator).toMatchObject({ staff: true, name: 'Tammy Hughes' });
  expect(held.coordinatorEmail).toMatchObject({ staff: true });
  // What Article 15(1) gives the person beside the data.
  expect(exported.aboutTheProcessing).toMatchObject({
    retention: expect.stringContaining(
      '2 years after the last contact if support did not happen, and 6 years',
    ),
    complaint: expect.stringContaining("Information Commissioner's Office"),
    automatedDecisions: expect.stringContaining('None'),
  });
  expect(exported.aboutTheProcessing.purposes.map((p) => p.lawfulBasis).join(' ')).toContain(
    'Article 6(1)(e)',
  );
  expect(exported.aboutTheProcessing.rights.join(' ')).toMatch(
    /Article 16.*Article 17.*Article 18.*Article 21/,
  );
  // The words of what the bot posted (the offer card in Tammy's chat) and sent (to the introducer).
  expect(record.posted).toEqual([
    expect.objectContaining({
      where: "A coordinator's chat with the bot",
      words: expect.stringContaining(reference),
    }),
  ]);
  expect(record.sent.map((s) => s.words).join('\n')).toContain('has accepted your introduction');
  // The access history: who saw and changed it, with their role and organisation.
  const who = record.accessHistory.map((e) => `${e.who.name}|${e.what}`);
  expect(who).toEqual(
    expect.arrayContaining([
      'Jo Carter|made the introduction',
      'Tammy Hughes|changed it',
      'Tammy Hughes|saw its details',
      'Grace Obi|exported it (subject access)',
    ]),
  );
  expect(record.accessHistory[0]?.who.organisation).toBe("The council's own Microsoft 365");
  // Retention, and the notes: the deadline, the redaction review, what is not copied as stored.
  expect(record.retention).toMatchObject({ recordClass: 'Support happened', reviewFrom: '2032-11-25' });
  expect(exported.notes.join(' ')).toContain('one calendar month');
  expect(exported.notes.join(' ')).toContain('duplicateKeys');
  // Internal fields and the store's own are not copied (the notes list what is not, and why).
  expect(Object.keys(held)).not.toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^(handledActions|postedCards|outbox|duplicateKeys|_.*)$/),
    ]),
  );
  expect(JSON.stringify(exported)).not.toMatch(/"conversationId"|"serviceUrl"/);

  // Audited: the link, and each download.
  const { resources } = await bot.bot.store
    .container('audit')
    .items.query<StoredAuditEntry>({
      query: "SELECT * FROM c WHERE c.subjectId = @id AND c.action = 'exported'",
      parameters: [{ name: '@id', value: id }],
    })
    .fetchAll();
  // Only what was downloaded is an export: making the links exported nothing.
  expect(resources.map((e) => e.detail)).toEqual(['subject access: subject-access.json']);
  expect(resources.every((e) => e.actorId === grace.aadObjectId)).toBe(true);
});

it('gives a readable HTML document that runs nothing, escapes what was typed, and marks other people', async () => {
  const { urls } = await downloadsIn(`subject access ${reference}`);
  const response = await fetchFile(urls[0] ?? '');
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('content-security-policy')).toBe(
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  );
  const html = await response.text();
  expect(html).toContain(`<h2>${reference}`);
  expect(html).toContain('Margaret Jones');
  expect(html).toContain('&lt;b&gt;friends&lt;/b&gt;');
  expect(html).not.toContain('<b>friends</b>');
  expect(html).not.toMatch(/<script/i);
  // Opened from disk, where no header applies, the document still runs nothing and loads nothing.
  expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'');
  // Free text marked for review; staff in their job marked as such; Article 15(1) in words.
  expect(html).toContain('May name other people: review before release');
  expect(html).toContain('Staff, in their job: usually released');
  expect(html).toContain('<h2>How this information is used</h2>');
  expect(html).toContain('ico.org.uk/make-a-complaint');
  expect(html).toContain('one calendar month');
});

it('stops a link working once whoever made it is no longer a records lead', async () => {
  const { urls } = await downloadsIn(`subject access ${reference}`);
  const directories = bot.bot.directories;
  const before = directories.directory;
  await directories.applyConfirmed({
    directory: { ...before, records: { ...before.records, leads: [] }, version: 'no-leads-000' },
    loadedAt: now.toISOString(),
    source: 'test',
  });
  try {
    expect((await fetchFile(urls[1] ?? '')).status).toBe(404);
  } finally {
    await directories.applyConfirmed({ directory: before, loadedAt: now.toISOString(), source: 'test' });
  }
});

describe('a subject access request, answered within the month', () => {
  const SAR = /SAR-[A-Z0-9]{4}-[A-Z0-9]{2}/;
  const heldReason = async () => (await readIntroduction(bot, id)).legalHold?.reason;
  afterAll(() => {
    now = new Date('2026-11-25T10:00:00Z');
  });

  it('opens with its due date as the ICO counts it, and holds what it found until it is closed', async () => {
    await closeEveryRequest();
    // Received on Friday 20 November: due Sunday 20 December, so Monday 21 December.
    const opened = await ask(grace, `subject access ${reference} received 20/11/2026`);
    const sar = SAR.exec(opened)?.[0] ?? '';
    expect(opened).toContain(
      `Request **${sar}**: received 20 Nov 2026, to be answered by 21 Dec 2026 (26 days left)`,
    );
    expect(await heldReason()).toBe(`subject access request ${sar} is open`);
    // Held, the record opens to the lead for her to check it is the requester's (audited as seen).
    expect(await ask(grace, `open ${reference}`)).toContain('Margaret');
    // Another search joins the same request; the record is counted once.
    expect(await ask(grace, `subject access Margaret Jones, 14/03/1948 for ${sar}`)).toContain('added to it');
    expect(await ask(grace, 'subject access Margaret Jones, 14/03/1948 for SAR-AAAA-AA')).toContain(
      'There is no open subject access request SAR-AAAA-AA',
    );
    const listed = await ask(grace, 'subject access requests');
    expect(listed).toContain(
      `**${sar}**: received 20 Nov 2026, due 21 Dec 2026 (26 days left); 1 record found (${reference}), 0 exported; Grace Obi has it.`,
    );
    expect(await ask(users.priya, 'subject access requests')).toContain('records leads');
    // A date not yet come, or not a date, is refused before anything is opened.
    expect(await ask(grace, `subject access ${reference} received 1/12/2026`)).toContain('in the future');
    expect(await ask(grace, `subject access ${reference} received 31/11/2026`)).toContain(
      'not a date I can read',
    );
  });

  it('records what was exported, and tells the leads each day once it is due within a week', async () => {
    const sar = SAR.exec(await ask(grace, 'subject access requests'))?.[0] ?? '';
    const { urls } = await downloadsIn(`subject access ${reference} for ${sar}`);
    expect((await fetchFile(urls[1] ?? '')).status).toBe(200);
    expect(await ask(grace, 'subject access requests')).toContain('1 exported');
    // Tuesday 15 December: six days left.
    now = new Date('2026-12-15T09:00:00Z');
    const before = bot.sent.length;
    expect(await bot.bot.recordsReview.runOnce()).toMatchObject({ ran: true, requestsDueSoon: 1, told: 1 });
    const told = bot.sent
      .slice(before)
      .map((a) => a.text ?? '')
      .join('\n');
    expect(told).toContain(`**${sar}** (due 2026-12-21, 6 days left)`);
    expect(told).not.toMatch(/Margaret|Jones/);
    // Overdue, it says so.
    now = new Date('2026-12-23T09:00:00Z');
    await bot.bot.recordsReview.runOnce();
    expect(bot.sent.at(-1)?.text ?? '').toContain('overdue by 2 days');
  });

  it('closes with a reason, lifting its own holds and leaving a hold placed for something else', async () => {
    const sar = SAR.exec(await ask(grace, 'subject access requests'))?.[0] ?? '';
    expect(await ask(grace, `close subject access ${sar}`)).toContain('Give the request and why');
    expect(
      await ask(grace, `close subject access ${sar} because the export was sent on 22 December`),
    ).toContain(`${sar} closed`);
    expect(await heldReason()).toBeUndefined();
    expect(await ask(grace, `close subject access ${sar} because again`)).toContain('closed already');
    expect(await ask(grace, 'subject access requests')).toBe('No subject access request is open.');
    // Held for litigation first: a request then holds nothing of its own, and closing it lifts nothing.
    await ask(grace, `hold ${reference} because of litigation`);
    const second = SAR.exec(await ask(grace, `subject access ${reference}`))?.[0] ?? '';
    await ask(grace, `close subject access ${second} because answered`);
    expect(await heldReason()).toBe('of litigation');
    await ask(grace, `lift hold ${reference} because the litigation ended`);
  });
});

it('refuses an unknown or expired link, and exports nothing of a record disposed of meanwhile', async () => {
  const { urls } = await downloadsIn(`subject access ${reference}`);
  const url = urls[1] ?? '';
  expect(
    (await fetchFile(url.replace(/subject-access\/[^/]+/, `subject-access/${'A'.repeat(43)}`))).status,
  ).toBe(404);
  expect((await fetchFile(url.replace(/subject-access\.json$/, 'report.xlsx'))).status).toBe(404);
  now = new Date(now.getTime() + 11 * 60_000);
  expect((await fetchFile(url)).status).toBe(410);
  // Each link works once: the HTML's, used, gives nothing a second time.
  const once = (await downloadsIn(`subject access ${reference}`)).urls[0] ?? '';
  expect((await fetchFile(once)).status).toBe(200);
  expect((await fetchFile(once)).status).toBe(404);
  const fresh = (await downloadsIn(`subject access ${reference}`)).urls[1] ?? '';
  // Held while a request is open: answered, the requests are closed and their holds lifted.
  expect(await ask(grace, `erase ${reference} because she asked and nothing requires keeping it`)).toContain(
    'is held',
  );
  await closeEveryRequest();
  expect(await ask(grace, `erase ${reference} because she asked and nothing requires keeping it`)).toContain(
    'erased',
  );
  const after = (await (await fetchFile(fresh)).json()) as SubjectAccessExport;
  expect(after.records).toEqual([]);
  await expect(readIntroduction(bot, id)).rejects.toThrow();
});
