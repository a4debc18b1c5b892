/** When to expect contact: measured in the patch, else across the service, else the council's words. */
import {
  daysPastUsual,
  expectationWords,
  expectedContact,
  type FirstConversationSample,
  median,
} from '../../src/domain/introductions/expectedContact';

/** `count` introductions made on Monday 2 November 2026, each first met `days` working days later. */
function made(count: number, patchId: string, firstOn: string): FirstConversationSample[] {
  return Array.from({ length: count }, () => ({ patchId, madeOn: '2026-11-02', firstOn }));
}

it('takes the patch’s median where it has ten first conversations or more', () => {
  const samples = [
    ...made(6, 'north', '2026-11-04'),
    ...made(5, 'north', '2026-11-09'),
    ...made(3, 'south', '2026-11-20'),
  ];
  expect(expectedContact(samples, 'north')).toEqual({
    kind: 'measured',
    workingDays: 2,
    mostWithin: 5,
    basis: 'patch',
    count: 11,
  });
  // Too few in the south alone: the service's median instead.
  expect(expectedContact(samples, 'south')).toMatchObject({ kind: 'measured', basis: 'service', count: 14 });
});

it('falls back to the council’s sentence, then to no time at all, never a made-up one', () => {
  const few = made(4, 'north', '2026-11-04');
  expect(expectedContact(few, 'north', 'Most people hear within two weeks.')).toEqual({
    kind: 'council',
    sentence: 'Most people hear within two weeks.',
  });
  expect(expectedContact(few, 'north')).toEqual({ kind: 'none' });
  expect(expectationWords({ kind: 'none' })).toBe('');
});

it('counts working days in England and Wales, and words it as an expectation', () => {
  // Made on Thursday 24 December 2026, first met on Tuesday 29 December: Christmas, a weekend and
  // the Boxing Day holiday between, so one working day.
  const samples = made(10, 'north', '2026-12-29').map((s) => ({ ...s, madeOn: '2026-12-24' }));
  const expectation = expectedContact(samples, 'north');
  expect(expectation).toMatchObject({ workingDays: 1 });
  expect(expectationWords(expectation)).toBe(
    'People introduced in this neighbourhood over the last six months usually had a first conversation within 1 working day (the median): expect contact around then, though it can take longer.',
  );
  expect(median([5, 1, 3, 9])).toBe(3);
  expect(median([])).toBeUndefined();
});

it('flags as late only past what four in five had, never merely past the median; and says 1 day, never 0', () => {
  const samples = [...made(8, 'north', '2026-11-03'), ...made(2, 'north', '2026-11-13')];
  const expectation = expectedContact(samples, 'north');
  expect(expectation).toMatchObject({ workingDays: 1, mostWithin: 1 });
  const late = (madeOn: string, today: string) =>
    daysPastUsual(
      { status: 'accepted', createdDay: madeOn, hadFirstConversation: false },
      expectation,
      today,
    );
  expect(late('2026-11-23', '2026-11-24')).toBeUndefined();
  expect(late('2026-11-23', '2026-11-25')).toEqual({ waited: 2, usual: 1 });
  // Met already, or with nobody yet to meet them: never late.
  expect(
    daysPastUsual(
      { status: 'in-touch', createdDay: '2026-11-01', hadFirstConversation: true },
      expectation,
      '2026-11-30',
    ),
  ).toBeUndefined();
  const sameDay = expectedContact(made(10, 'north', '2026-11-02'), 'north');
  expect(sameDay).toMatchObject({ workingDays: 1 });
});
