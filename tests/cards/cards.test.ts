/**
 * Every card the bot can send, built from typed data and validated with the adaptivecards parser.
 * When a card builder is added to src/bot/cards, the last test fails until it is listed here.
 */
import * as cards from '../../src/bot/cards';
import { cardText } from '../helpers/botHarness';
import { cardProblems } from '../helpers/cards';

const samples: Record<string, () => unknown> = {
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
};

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
