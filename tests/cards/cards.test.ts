/**
 * Every card the bot can send, built from typed data and validated with the adaptivecards parser.
 * When a card builder is added to src/bot/cards, the last test fails until it is listed here.
 */
import * as cards from '../../src/bot/cards';
import { monthlyReportCardData } from '../../src/bot/reports/reportCard';
import { monthlyReport } from '../../src/domain/reports/monthlyReport';
import { cardText } from '../helpers/botHarness';
import { cardProblems } from '../helpers/cards';
import { DIRECTORY, RECORDS } from '../helpers/reportFixture';

const octoberReport = () =>
  monthlyReport({
    month: '2026-10',
    records: RECORDS,
    directory: DIRECTORY,
    scope: { kind: 'service' },
    reminderWorkingDays: 2,
    asAt: new Date('2026-11-30T12:00:00Z'),
  });

const samples: Record<string, () => unknown> = {
  directoryCard: () =>
    cards.directoryCard({
      title: 'What this version would change',
      summary: 'Version 8e7fd9f384f7. Nothing has changed yet: confirm with a reason, or cancel.',
      facts: [{ title: 'In force', value: 'version 6647678677dd' }],
      lines: ['Tammy Hughes leaves Harold Hill North: 2 offers waiting will need someone.'],
      note: '',
      showFile: true,
      fileLabel: 'The file in force',
      file: 'area: Demo Borough\n',
      proposalId: '7d0f9a6e-2f4b-4d8e-9a3c-1b2c3d4e5f61',
      actionId: '7d0f9a6e-2f4b-4d8e-9a3c-1b2c3d4e5f62',
      restores: [{ title: 'Restore 6647678677dd', version: '6647678677dd' }],
      showHistory: true,
    }),
  subjectAccessCard: () =>
    cards.subjectAccessCard({
      summary: 'Found 2 records by name with date of birth.',
      records: [
        {
          reference: 'LAC-7K4M-QX',
          introduced: '2 Mar 2025',
          status: 'walking alongside',
          html: 'https://bot.example/subject-access/abc/subject-access.html',
          json: 'https://bot.example/subject-access/abc/subject-access.json',
        },
        {
          reference: 'LAC-JGUX-DF',
          introduced: '3 Nov 2026',
          status: 'sent: the LAC team is deciding who can help',
          html: 'https://bot.example/subject-access/def/subject-access.html',
          json: 'https://bot.example/subject-access/def/subject-access.json',
        },
      ],
      downloadNote: 'The buttons work for 10 minutes.',
    }),
  recordsDueCard: () =>
    cards.recordsDueCard({
      summary: '2 past their retention date, oldest first; 1 held.',
      notice: 'Disposed of 1: each is in the destruction log.',
      actionId: '7d0f9a6e-2f4b-4d8e-9a3c-1b2c3d4e5f61',
      records: [
        {
          reference: 'LAC-7K4M-QX',
          recordClass: 'Never became support',
          triggerDate: '2 Mar 2025',
          patch: 'Harold Hill North',
          held: '',
        },
        {
          reference: 'LAC-JGUX-DF',
          recordClass: 'Never became support',
          triggerDate: '2 Mar 2025',
          patch: 'Harold Hill North',
          held: 'Held since 3 Mar 2025 by Grace Obi: An open subject access request',
        },
      ],
      choices: [
        {
          title: 'LAC-7K4M-QX (never became support, due since 2 Mar 2025)',
          value: '7d0f9a6e-2f4b-4d8e-9a3c-1b2c3d4e5f60',
        },
      ],
    }),
  monthlyReportCard: () =>
    cards.monthlyReportCard(
      monthlyReportCardData(octoberReport(), { suppressSmallNumbers: false, reminderWorkingDays: 2 }),
    ),
  welcomeCard: () =>
    cards.welcomeCard({ area: 'Demo Borough', safeguarding: 'Adult safeguarding: 01234 567890.' }),
  helpCard: () =>
    cards.helpCard({
      inChannel: true,
      commands: [
        { example: 'help', description: 'See what this bot can do for you.' },
        { example: 'who covers RM3 7AB', description: 'Find the coordinator for a postcode.' },
      ],
    }),
  whoCoversCard: () =>
    cards.whoCoversCard({
      asked: 'RM3 7AB',
      answer: {
        headline: 'RM3 7AB is in Harold Hill North',
        lines: ['Local Area Coordinator: Tammy Hughes'],
        style: 'good',
      },
    }),
  introductionFormCard: () =>
    cards.introductionFormCard({
      variant: 'introduction',
      idempotencyKey: '7d0f9a6e-2f4b-4d8e-9a3c-1b2c3d4e5f60',
      values: { fullName: 'Margaret Jones', goodLife: 'The allotment' },
      errors: { postcode: '"RM3 7X" is not a UK postcode.' },
      banner: { style: 'attention', text: 'Not sent yet: please check the fields marked below.' },
      safeguarding: 'Adult safeguarding: 01632 960001.',
      introducer: { name: 'Jo Carter', email: 'jo.carter@demo.gov.uk' },
    }),
  introductionSentCard: () =>
    cards.introductionSentCard({
      heading: 'Introduction sent',
      reference: 'LAC-7K4M-QX',
      who: 'Margaret J.',
      where: 'Harold Hill North',
      coordinator: 'Tammy Hughes',
      next: 'Tammy Hughes will get in touch with Margaret.',
    }),
  myIntroductionsCard: () =>
    cards.myIntroductionsCard({
      summary: '12 introductions, newest first.',
      items: [
        {
          id: 'a',
          reference: 'LAC-7K4M-QX',
          who: 'Margaret J.',
          date: '23 Nov 2026',
          where: 'Harold Hill North',
          status: 'with coordinator',
        },
      ],
      previousPage: 0,
      nextPage: 2,
    }),
  introductionTimelineCard: () =>
    cards.introductionTimelineCard({
      id: '7d0f9a6e-2f4b-4d8e-9a3c-1b2c3d4e5f60',
      canWithdraw: true,
      // Assigning (with triage, offered) and recording progress (accepted on) never show together:
      // with both, the card would pass Adaptive Cards' five actions.
      canAssign: false,
      canRecord: true,
      status_id: 'accepted',
      workingOn: 'isolation,money',
      hasFirstConversation: false,
      themes: [
        { title: 'Feeling lonely or isolated', value: 'isolation' },
        { title: 'Money or debt', value: 'money' },
      ],
      coordinators: [{ name: 'Gareth Lewis (Elm Park)', email: 'gareth.lewis@demo.gov.uk' }],
      who: 'Margaret J.',
      reference: 'LAC-7K4M-QX',
      status: 'with coordinator',
      date: '23 Nov 2026',
      where: 'Harold Hill North',
      coordinator: 'Tammy Hughes',
      events: [{ when: '23 Nov 2026 10:42', what: 'You introduced Margaret J.' }],
      canMonitor: true,
      monitoringSummary: 'Equalities monitoring not asked yet. Wellbeing measured once.',
      ethnicity_id: '',
      disability_id: 'no',
      carer_id: '',
      ethnicities: [
        { title: 'White: Irish', value: 'white-irish' },
        { title: 'Prefer not to say', value: 'prefer-not-to-say' },
      ],
      avoidedKinds: [{ title: 'An eviction', value: 'eviction' }],
      proposedAvoided: [
        { eventId: 'e1', what: 'An eviction: arrears plan agreed (Tammy Hughes, 3 Nov 2026)' },
      ],
      canCorrect: true,
      correctable: [{ title: 'Phone', value: 'phone' }],
    }),
  caseListCard: () =>
    cards.caseListCard({
      title: 'My people',
      summary: '3 of 50 (your capacity)',
      items: [
        {
          id: 'a',
          who: 'Margaret J.',
          reference: 'LAC-7K4M-QX',
          detail: '23 Nov 2026 · Harold Hill North',
          status: 'accepted',
        },
      ],
    }),
  offerCard: () =>
    cards.offerCard({
      id: '7d0f9a6e-2f4b-4d8e-9a3c-1b2c3d4e5f60',
      heading: 'For the LAC team: a new introduction',
      who: 'Margaret J.',
      reference: 'LAC-7K4M-QX',
      notice: 'Amira Khan could not be reached in Teams. Please assign it, or accept it for the team.',
      status: 'Offered to Amira Khan: waiting to be accepted.',
      statusStyle: 'accent',
      where: 'Harold Hill North',
      themes: 'Feeling lonely or isolated',
      introducer: 'Jo Carter, Demo Borough adult social care',
      why: 'Harold Hill North by sector RM3 7; Tammy Hughes, 31 of 50',
      safety: 'There is a note about visiting safely: read it before any visit.',
      outcome: 'Accepted by you at 10:42 on 23 Nov.',
      duplicates: 'Possibly introduced before in the last 60 days (1): check before contacting.',
      duplicateLinks: [
        { id: '0b5c1d9e-2f4a-4b6c-8d7e-9f0a1b2c3d4e', label: 'Open the earlier introduction' },
      ],
      details: [
        { title: 'Name', value: 'Margaret Jones' },
        { title: 'Phone', value: '07700 900123' },
      ],
      hint: 'This view is yours alone.',
      userIds: ['29:tammy', '29:priya'],
      canAct: true,
      canAssign: true,
      canOpen: false,
      showDetailsButton: false,
      patches: [
        { id: 'elm-park', name: 'Elm Park' },
        { id: 'romford-town', name: 'Romford Town' },
      ],
      coordinators: [{ name: 'Gareth Lewis (Elm Park)', email: 'gareth.lewis@demo.gov.uk' }],
    }),
  questionForIntroducerCard: () =>
    cards.questionForIntroducerCard({
      introductionId: '7d0f9a6e-2f4b-4d8e-9a3c-1b2c3d4e5f60',
      questionId: '8e1f0b7f-3a5c-4e9f-8b4d-2c3d4e5f6a71',
      who: 'Margaret J.',
      reference: 'LAC-7K4M-QX',
      askedBy: 'Tammy Hughes',
      question: 'Does Margaret prefer mornings?',
    }),
  questionPostedCard: () =>
    cards.questionPostedCard({
      introductionId: '7d0f9a6e-2f4b-4d8e-9a3c-1b2c3d4e5f60',
      questionId: '8e1f0b7f-3a5c-4e9f-8b4d-2c3d4e5f6a71',
      who: 'Margaret J.',
      reference: 'LAC-7K4M-QX',
      askedBy: 'Tammy Hughes',
      userIds: ['29:introducer'],
    }),
  replyToQuestionCard: () =>
    cards.replyToQuestionCard({
      introductionId: '7d0f9a6e-2f4b-4d8e-9a3c-1b2c3d4e5f60',
      questionId: '8e1f0b7f-3a5c-4e9f-8b4d-2c3d4e5f6a71',
      who: 'Margaret J.',
      reference: 'LAC-7K4M-QX',
      repliedBy: 'Jo Carter',
      question: 'Does Margaret prefer mornings?',
      reply: 'Yes, before 11.',
      posted: false,
      userIds: [],
    }),
};

it('a question and a reply as posted say that there is one, never what it says', () => {
  const question = JSON.stringify(samples.questionPostedCard?.());
  expect(question).toContain('Read and reply');
  expect(question).not.toContain('Your reply');
  const reply = cards.replyToQuestionCard({
    introductionId: '7d0f9a6e-2f4b-4d8e-9a3c-1b2c3d4e5f60',
    questionId: '8e1f0b7f-3a5c-4e9f-8b4d-2c3d4e5f6a71',
    who: 'Margaret J.',
    reference: 'LAC-7K4M-QX',
    repliedBy: 'Jo Carter',
    question: '',
    reply: '',
    posted: true,
    userIds: ['29:tammy'],
  });
  expect(reply.refresh).toMatchObject({ action: { verb: 'readReply' }, userIds: ['29:tammy'] });
  expect(JSON.stringify(reply)).not.toContain('replied:');
});

it('the offer card as posted (the base card everyone in the chat sees) is valid, with no details', () => {
  const card = cards.offerCard({
    id: '7d0f9a6e-2f4b-4d8e-9a3c-1b2c3d4e5f60',
    heading: 'New introduction for you',
    who: 'Margaret J.',
    reference: 'LAC-7K4M-QX',
    status: 'Accepted by Tammy Hughes at 10:42 on 23 Nov.',
    statusStyle: 'good',
    where: 'Harold Hill North',
    themes: 'Feeling lonely or isolated',
    introducer: 'Jo Carter, Demo Borough adult social care',
    why: 'Harold Hill North by sector RM3 7; Tammy Hughes, 31 of 50',
    hint: 'Details are shown only to the coordinators of its patch and the triage managers.',
    userIds: [],
    canAct: false,
    canAssign: false,
    canOpen: false,
    showDetailsButton: true,
    patches: [],
    coordinators: [],
  });
  expect(cardProblems(card)).toEqual([]);
  expect(cardText(card)).toContain('Show details and actions');
  expect(cardText(card)).not.toContain('Shown only to you');
});

it('the frequent attender form is valid too', () => {
  const card = cards.introductionFormCard({
    variant: 'frequent-attender',
    idempotencyKey: '7d0f9a6e-2f4b-4d8e-9a3c-1b2c3d4e5f60',
    safeguarding: 'x',
    introducer: { name: 'Lee Morgan' },
  });
  expect(cardProblems(card)).toEqual([]);
  expect(cardText(card)).toContain('Practice ODS code');
});

it('the introduction form keeps every value typed, shows each problem, and stays under Teams’ 28 KB', () => {
  const card = samples.introductionFormCard?.() as Record<string, unknown>;
  const text = JSON.stringify(card);
  expect(text).toContain('"value":"Margaret Jones"');
  expect(text).toContain('"RM3 7X\\" is not a UK postcode.');
  expect(Buffer.byteLength(text)).toBeLessThan(28 * 1024);
  // The section with an answer in it opens; the others stay closed.
  const sections = (card.body as { id?: string; isVisible?: boolean }[]).filter(
    (e) => e.id && e.isVisible !== undefined,
  );
  expect(Object.fromEntries(sections.map((e) => [e.id, e.isVisible]))).toEqual({
    morePerson: false,
    matters: true,
    context: false,
    aboutYou: false,
  });
});

const whoCoversStates: Record<string, cards.WhoCoversCardData> = {
  empty: {},
  error: { asked: 'RM3 7X', error: '"RM3 7X" is not a UK postcode, sector or district.' },
  uncovered: {
    asked: 'RM12 4',
    answer: { headline: 'No one', lines: ['Still welcome'], style: 'attention' },
  },
};

describe.each(Object.entries(whoCoversStates))('whoCoversCard when %s', (_name, data) => {
  it('is valid', () => {
    expect(cardProblems(cards.whoCoversCard(data))).toEqual([]);
  });
  it('keeps what was typed in the box', () => {
    const card = cards.whoCoversCard(data) as unknown as { body: { id?: string; value?: string }[] };
    expect(card.body.find((e) => e.id === 'postcode')?.value).toBe(data.asked ?? '');
  });
});

describe.each(Object.entries(samples))('%s', (_name, build) => {
  it('is a valid Adaptive Card 1.5 with labelled inputs', () => {
    expect(cardProblems(build())).toEqual([]);
  });
});

it('welcome card says where the council is, when it is known', () => {
  const withArea = cardText(cards.welcomeCard({ area: 'Demo Borough', safeguarding: 'x' }));
  const without = cardText(cards.welcomeCard({ safeguarding: 'x' }));
  expect(withArea).toContain('Introduce someone to Local Area Coordination in Demo Borough.');
  expect(without).toContain('Introduce someone to Local Area Coordination.');
});

it('the validator catches what it should', () => {
  const bad = {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'Input.Text', id: 'name', isRequired: true },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an Adaptive Card template expression
      { type: 'TextBlock', text: 'Hello ${name}' },
      { type: 'Mystery' },
    ],
    actions: [{ type: 'Action.Execute', title: 'Send' }],
  };
  const problems = cardProblems(bad).join('\n');
  expect(problems).toContain('without a label');
  expect(problems).toContain('without an errorMessage');
  expect(problems).toContain('unexpanded template');
  expect(problems).toContain('Unknown element type "Mystery"');
  expect(problems).toContain('Action.Execute without a verb');
});

it('covers every card builder', () => {
  const builders = Object.keys(cards).filter((name) => name.endsWith('Card'));
  expect(builders.sort()).toEqual(Object.keys(samples).sort());
});

describe('the monthly report card', () => {
  const card = (suppressSmallNumbers: boolean) =>
    cards.monthlyReportCard(
      monthlyReportCardData(octoberReport(), { suppressSmallNumbers, reminderWorkingDays: 2 }),
    );
  const elements = (node: unknown): Record<string, unknown>[] =>
    Array.isArray(node)
      ? node.flatMap(elements)
      : node && typeof node === 'object'
        ? [node as Record<string, unknown>, ...Object.values(node).flatMap(elements)]
        : [];

  it("puts the headline numbers first, then Teams' charts, each with a fallback of the same numbers", () => {
    const team = card(false);
    expect(cardProblems(team)).toEqual([]);
    const text = cardText(team);
    expect(text.indexOf('Introduced')).toBeLessThan(text.indexOf('Introductions, the last twelve months'));
    const charts = elements(team).filter((e) => String(e.type).startsWith('Chart.'));
    expect(charts.map((c) => c.type)).toEqual([
      'Chart.VerticalBar',
      'Chart.Donut',
      'Chart.HorizontalBar',
      'Chart.HorizontalBar',
      'Chart.VerticalBar',
    ]);
    // The trend: twelve months, October's five introductions last.
    expect(((charts[0]?.data ?? []) as { x: string; y: number }[]).map((p) => p.y)).toEqual([
      1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 5,
    ]);
    expect(charts[1]?.data).toEqual([
      { legend: 'Council department', value: 1 },
      { legend: 'GP practice or primary care', value: 1 },
      { legend: 'Housing provider', value: 1 },
      { legend: 'Voluntary or community group', value: 1 },
      { legend: 'Not given', value: 1 },
    ]);
    expect(JSON.stringify(team).length).toBeLessThan(40_000);
  });

  it('shows the hand-computed October numbers', () => {
    const text = cardText(card(false));
    for (const expected of [
      'Monthly report: October 2026',
      'Year to date (2026/27)',
      'Accepted within 2 working days',
      '2 of 3 (67%)',
      '6 hours',
      'Introduced more than 10 working days ago, not yet talked with',
      'Waiting more than 10 working days for a first conversation: 1. See the team queue.',
      '63 days',
      'Tammy Hughes',
      '2 walked alongside, capacity 3',
      'Feeling lonely or isolated',
      '3 (60%)',
    ])
      expect(text).toContain(expected);
  });

  it('for report viewers, shows no count from 1 to 4, draws no chart with one, and names no coordinator', () => {
    const outside = card(true);
    expect(cardProblems(outside)).toEqual([]);
    const text = cardText(outside);
    expect(text).toContain('fewer than 5');
    expect(text).not.toContain('Tammy Hughes');
    expect(text).not.toMatch(/\b[1-4] (of|person|people|walked|days)/);
    // Every chart of October's small numbers becomes its table; none is left with a small value.
    for (const chart of elements(outside).filter((e) => String(e.type).startsWith('Chart.'))) {
      const values = (chart.data as { y?: number; value?: number }[]).map((d) => d.y ?? d.value ?? 0);
      expect(values.every((v) => v === 0 || v >= 5)).toBe(true);
    }
  });
});
