import { parseAway } from '../../src/domain/directory/away';

const TODAY = '2026-11-23';

it.each([
  [
    'from 20/12/2026 to 3/1/2027 cover Sam Okafor',
    { ok: true, from: '2026-12-20', to: '2027-01-03', cover: 'Sam Okafor' },
  ],
  ['from 2026-12-20 to 2027-01-03', { ok: true, from: '2026-12-20', to: '2027-01-03' }],
  [
    'FROM 1/12/2026 TO 1/12/2026 COVER sam.okafor@demo.gov.uk',
    { ok: true, from: '2026-12-01', to: '2026-12-01', cover: 'sam.okafor@demo.gov.uk' },
  ],
])('reads %j', (text, expected) => {
  expect(parseAway(text, TODAY)).toEqual(expected);
});

it.each([
  ['next week', 'Please say it like this'],
  ['from 31/2/2027 to 3/3/2027', '"31/2/2027" is not a date I can read'],
  ['from 3/1/2027 to 20/12/2026', 'before the first'],
  ['from 1/1/2026 to 2/1/2026', 'in the past'],
])('explains %j', (text, message) => {
  const result = parseAway(text, TODAY);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.message).toContain(message);
});
