/**
 * Monthly monitoring through the real adapter: the nine introductions of the hand-computed October
 * 2026 (tests/domain/monthlyReport.test.ts) stored in Cosmos DB, and the report asked for in Teams.
 * A triage manager sees the whole service; a coordinator their patch; a report viewer the service
 * with small numbers suppressed; an introducer and a partner nothing.
 */
import ExcelJS from 'exceljs';
import { REPORTS_REFUSED } from '../../src/domain/reportAccess';
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
  const text = reportIn(await ask(users.priya, 'monthly report October 2026'));
  for (const expected of [
    'Monthly report: October 2026',
    'The whole service: 8 patches, and the triage team.',
    'Year to date (2026/27)',
    '2 of 3 (67%)', // accepted within 2 working days
    '6 hours', // median time to accept
    '1 person has waited more than 10 working days for a first conversation',
    '63 days', // median time walked alongside, of those who stepped back
    'Feeling lonely or isolated',
    '3 (60%)',
    'No patch covers this postcode',
  ])
    expect(text).toContain(expected);
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
  expect(text).toContain('Counts from 1 to 4 are shown as "fewer than 5"');
  expect(text).toMatch(/Introduced\s+5\s+7/);
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

  it('offers the spreadsheet and CSV behind a link that works for 10 minutes, then says it has expired', async () => {
    const [spreadsheet, csv] = buttons(await ask(users.priya, 'monthly report October 2026'));
    expect(spreadsheet?.title).toBe('Download as a spreadsheet');
    expect(spreadsheet?.url).toMatch(new RegExp(`^${bot.url}/reports/[A-Za-z0-9_-]{43}/report\\.xlsx$`));

    const file = await fetch(spreadsheet?.url ?? '');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(
      'attachment; filename="lac-monthly-report-2026-10-service.xlsx"',
    );
    expect(file.headers.get('cache-control')).toBe('no-store');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await file.arrayBuffer());
    expect(workbook.getWorksheet('Headline')?.getRow(5).values).toEqual([undefined, 'Introduced', 5, 7]);

    const text = await (await fetch(csv?.url ?? '')).text();
    expect(text).toContain('Headline,Introduced,October 2026,5');

    now = new Date(now.getTime() + 11 * 60_000);
    const expired = await fetch(spreadsheet?.url ?? '');
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This download link has expired');
    now = new Date('2026-11-30T12:00:00Z');
  });

  it('gives a report viewer the suppressed file, and nothing for a token that was never given', async () => {
    const [spreadsheet] = buttons(await ask(helen, 'monthly report October 2026'));
    const file = await fetch(spreadsheet?.url ?? '');
    expect(file.headers.get('content-disposition')).toContain('small-numbers-suppressed.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await file.arrayBuffer());
    expect(workbook.getWorksheet('Coordinators')).toBeUndefined();

    const made = (spreadsheet?.url ?? '').split('/reports/')[1]?.slice(0, 43) ?? '';
    const other = made.startsWith('A') ? `B${made.slice(1)}` : `A${made.slice(1)}`;
    expect((await fetch(`${bot.url}/reports/${other}/report.xlsx`)).status).toBe(404);
    expect((await fetch(`${bot.url}/reports/${made}/report.exe`)).status).toBe(404);
    expect((await fetch(`${bot.url}/reports/not-a-token/report.xlsx`)).status).toBe(404);
  });
});
