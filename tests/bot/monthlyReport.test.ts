/**
 * Monthly monitoring through the real adapter: the nine introductions of the hand-computed October
 * 2026 (tests/domain/monthlyReport.test.ts) stored in Cosmos DB, and the report asked for in Teams.
 * A triage manager sees the whole service; a coordinator their patch; a report viewer the service
 * with small numbers suppressed; an introducer and a partner nothing.
 */
import ExcelJS from 'exceljs';
import { REPORTS_REFUSED } from '../../src/domain/reports/reportAccess';
import {
  activities,
  COUNCIL_TENANT,
  cardIn,
  cardText,
  type Exchange,
  greet,
  registerUsers,
  startTestBot,
  type TestBot,
  type TestUser,
  users,
} from '../helpers/botHarness';
import { downloadLink, linkOf, pressDownload } from '../helpers/downloads';
import { RECORDS, storedIntroduction } from '../helpers/reportFixture';

/** The demo council's report viewer (a head of service): reports only. */
const helen: TestUser = {
  id: '29:helen',
  aadObjectId: '7c6b5a49-3827-4e16-9d05-a1b2c3d4e5f6',
  name: 'Helen Ward',
  tenantId: COUNCIL_TENANT,
  email: 'helen.ward@demo.gov.uk',
};
registerUsers(helen);

let bot: TestBot;
let now = new Date('2026-11-30T12:00:00Z');

beforeAll(async () => {
  bot = await startTestBot({}, { clock: () => now });
  for (const record of RECORDS)
    await bot.bot.store.container('introductions').items.create(storedIntroduction(record));
  await greet(bot, users.priya, users.amira, users.introducer, users.gpReceptionist, helen);
});
afterAll(() => bot.stop());

const ask = (user: TestUser, text: string) => bot.send(activities.message(user, text));
const reportIn = (exchange: Exchange) => cardText(cardIn(exchange.sent.find((a) => cardIn(a))));
const said = (exchange: Exchange) => exchange.sent.map((a) => a.text ?? '').join('\n');

it("gives a triage manager the whole service's October, with the hand-computed numbers", async () => {
  const report = await ask(users.priya, 'monthly report October 2026');
  const text = reportIn(report);
  for (const expected of [
    'Monthly report: October 2026',
    'The whole service: 8 patches, and the triage team.',
    'Year to date (2026/27)',
    '2 of 3 (67%)', // accepted within 2 working days
    '6 hours', // median time to accept
    'Waiting more than 10 working days for a first conversation: 1. See the team queue.',
    '63 days', // median time walked alongside, of those who stepped back
    'Feeling lonely or isolated',
    '3 (60%)',
    'No patch covers this postcode',
    'Ethnic group: White',
    'Ethnic group: Prefer not to say',
    'Life satisfaction',
    '+1 on average; 50% improved',
    '1 in October 2026; 2 this year (at £7,000 each)', // evictions avoided
    'ILLUSTRATIVE figures',
  ])
    expect(text).toContain(expected);
  expect(text).toMatch(/Costs avoided \(an estimate\)\s+£7,300\s+£14,300/);
  // Teams refuses a card over about 80 KB: the demo council's (8 patches) is far under.
  const size = Buffer.byteLength(JSON.stringify(cardIn(report.sent.find((a) => cardIn(a)))));
  process.stdout.write(`monthly report card: ${size} bytes\n`);
  expect(size).toBeLessThan(40_000);
  expect(text).not.toContain('fewer than 5');
  // Introduced: 5 in October, 7 in the year to date (the first row of the headline table).
  expect(text).toMatch(/Introduced\s+5\s+7/);
});

it('gives last month when no month is named, and refuses a month not begun', async () => {
  expect(reportIn(await ask(users.priya, 'monthly report'))).toContain('Monthly report: October 2026');
  expect(said(await ask(users.priya, 'monthly report December 2026'))).toContain(
    'December 2026 has not begun yet.',
  );
});

it("gives a coordinator their own patch with 'my patch'", async () => {
  const text = reportIn(await ask(users.amira, 'my patch October 2026'));
  expect(text).toContain('Collier Row and Havering Park');
  expect(text).not.toContain('The whole service');
  expect(text).toMatch(/Introduced\s+2\s+3/); // R4, R7; and R6 in September
  expect(text).toContain('Amira Khan');
  expect(text).not.toContain('Tammy Hughes');
});

it('gives a report viewer the whole service with small numbers suppressed, and no coordinator named', async () => {
  const text = reportIn(await ask(helen, 'monthly report October 2026'));
  expect(text).toContain('The whole service');
  expect(text).toContain(
    'Counts from 1 to 4 are shown as "fewer than 5" and the others rounded to the nearest 5',
  );
  expect(text).toMatch(/Introduced\s+5\s+5/); // 5 and 7, rounded to 5
  expect(text).not.toMatch(/\d+%/); // every share here is of fewer than 5, or leaves fewer than 5
  expect(text).toMatch(/Accepted\s+fewer than 5\s+fewer than 5/);
  expect(text).not.toMatch(/Tammy Hughes|Amira Khan/);
});

it('refuses an introducer, and a partner', async () => {
  const introducer = await ask(users.introducer, 'monthly report');
  expect(said(introducer)).toContain(REPORTS_REFUSED);
  expect(introducer.sent.some((a) => cardIn(a))).toBe(false);
  const partner = await ask(users.gpReceptionist, 'my patch');
  expect(said(partner)).toContain('This is for council staff');
  expect(partner.sent.some((a) => cardIn(a))).toBe(false);
});

describe('downloads', () => {
  const buttons = (exchange: Exchange) =>
    (
      (cardIn(exchange.sent.find((a) => cardIn(a)))?.actions ?? []) as {
        type: string;
        title: string;
        url: string;
      }[]
    ).filter((a) => a.type === 'Action.OpenUrl');

  it('offers the spreadsheet and CSV, each behind a link that works once, for 10 minutes', async () => {
    const [spreadsheet, csv] = buttons(await ask(users.priya, 'monthly report October 2026'));
    expect(spreadsheet?.title).toBe('Download as a spreadsheet');
    // The token is after '#': no request line, and so no HTTP log, ever holds it.
    expect(spreadsheet?.url).toMatch(
      new RegExp(`^${bot.url}/download#reports/[A-Za-z0-9_-]{43}/report\\.xlsx$`),
    );
    expect(linkOf(csv?.url ?? '').split('/')[1]).not.toBe(linkOf(spreadsheet?.url ?? '').split('/')[1]);

    const file = await pressDownload(bot.url, spreadsheet?.url ?? '');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(
      'attachment; filename="lac-monthly-report-2026-10-service.xlsx"',
    );
    expect(file.headers.get('cache-control')).toBe('no-store');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await file.arrayBuffer());
    expect(workbook.getWorksheet('Headline')?.getRow(5).values).toEqual([undefined, 'Introduced', 5, 7]);

    const text = await (await pressDownload(bot.url, csv?.url ?? '')).text();
    expect(text).toContain('Headline,Introduced,October 2026,5');
    // Used: pressed again, or its token replayed from anywhere, it gives nothing.
    const again = await pressDownload(bot.url, spreadsheet?.url ?? '');
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('A link works once');

    const [later] = buttons(await ask(users.priya, 'monthly report October 2026'));
    now = new Date(now.getTime() + 11 * 60_000);
    const expired = await pressDownload(bot.url, later?.url ?? '');
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This link has expired');
    now = new Date('2026-11-30T12:00:00Z');
  });

  it('gives a report viewer the suppressed file, and nothing for a token that was never given', async () => {
    const [spreadsheet] = buttons(await ask(helen, 'monthly report October 2026'));
    const file = await pressDownload(bot.url, spreadsheet?.url ?? '');
    expect(file.headers.get('content-disposition')).toContain('small-numbers-suppressed.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await file.arrayBuffer());
    expect(workbook.getWorksheet('Coordinators')).toBeUndefined();

    const [, fresh] = buttons(await ask(helen, 'monthly report October 2026'));
    const made = linkOf(fresh?.url ?? '').split('/')[1] ?? '';
    const other = made.startsWith('A') ? `B${made.slice(1)}` : `A${made.slice(1)}`;
    expect((await downloadLink(bot.url, `reports/${other}/report.xlsx`)).status).toBe(404);
    expect((await downloadLink(bot.url, `reports/${made}/report.exe`)).status).toBe(404);
    expect((await downloadLink(bot.url, 'reports/not-a-token/report.xlsx')).status).toBe(404);
    // The old address, with the token in its path, is gone.
    expect((await fetch(`${bot.url}/reports/${made}/report.csv`)).status).toBe(404);
  });
});

describe('the monthly post, and a frozen month', () => {
  it("posts last month's report in the triage channel once, with a button for the spreadsheet", async () => {
    await bot.send(activities.botAdded(users.priya, 'channel'));
    await bot.send(activities.message(users.priya, 'use this channel for triage', 'channel'));
    const before = bot.sent.length;
    // 30 November is after November's first working day: October is frozen and posted.
    expect(await bot.bot.monthlyReports.runOnce()).toMatchObject({ ran: true, froze: true, posted: true });
    expect(await bot.bot.monthlyReports.runOnce()).toMatchObject({ froze: false, posted: false });
    const posts = bot.sent.slice(before).filter((a) => cardIn(a));
    expect(posts).toHaveLength(1);
    expect(posts[0]?.toConversation.startsWith('19:triage@thread.tacv2')).toBe(true);
    const card = cardIn(posts[0]) ?? {};
    expect(cardText(card)).toContain('Monthly report: October 2026');
    expect(cardText(card)).toContain('Frozen on 30 Nov 2026');
    // No download link in a post that stays for years: a button asks for one.
    const actions = (card.actions ?? []) as { type: string; verb?: string; data?: unknown }[];
    expect(actions.map((a) => a.type)).toEqual(['Action.Execute']);
    expect(actions[0]).toMatchObject({ verb: 'monthlyReportFor', data: { month: '2026-10' } });

    const pressed = await bot.send(
      activities.cardAction(users.priya, 'monthlyReportFor', { month: '2026-10' }, 'channel'),
    );
    const answer = (pressed.body as { value?: { actions?: { type: string; url?: string }[] } }).value;
    expect(answer?.actions?.filter((a) => a.type === 'Action.OpenUrl')).toHaveLength(2);
    // An introducer pressing it in a chat where it was forwarded gets nothing.
    const refused = await bot.send(
      activities.cardAction(users.introducer, 'monthlyReportFor', { month: '2026-10' }),
    );
    expect(JSON.stringify(refused.body)).toContain(REPORTS_REFUSED);
  });

  it('stays as it was when a record goes, until a triage manager corrects it, with who and why', async () => {
    await bot.bot.store.container('introductions').item('r7', 'r7').delete();
    expect(reportIn(await ask(users.priya, 'monthly report October 2026'))).toMatch(/Introduced\s+5\s+7/);
    expect(
      said(await ask(users.amira, 'correct monthly report October 2026 because r7 was a test')),
    ).toContain('This is for the triage managers');
    const corrected = await ask(
      users.priya,
      'correct monthly report October 2026 because an introduction was made in error',
    );
    expect(said(corrected)).toContain(
      'October 2026 counted again from the records as they are now: revision 2',
    );
    const text = reportIn(await ask(users.priya, 'monthly report October 2026'));
    expect(text).toMatch(/Introduced\s+4\s+6/);
    expect(text).toContain(
      'corrected on 30 Nov 2026 by Priya Shah (revision 2): an introduction was made in error',
    );
  });
});
