/** Dates people type are real days of the calendar, wherever they are typed. */
import { isRealDate } from '../../src/domain/dates';
import { rectify } from '../../src/domain/introductions/rectification';
import { introductionFor, OFFERED_TO_TAMMY } from '../helpers/introductionFixture';

it.each([
  ['2026-02-28', true],
  ['2028-02-29', true],
  ['2026-02-29', false],
  ['2026-02-30', false],
  ['2026-04-31', false],
  ['2026-13-01', false],
  ['2026-1-01', false],
  ['', false],
])('%s is a real date: %s', (text, real) => {
  expect(isRealDate(text)).toBe(real);
});

it('refuses a date of birth corrected to a day that does not exist', () => {
  const introduction = introductionFor(OFFERED_TO_TAMMY, '2026-11-01T10:00:00.000Z');
  const grace = { aadObjectId: 'grace', name: 'Grace Obi', tenantId: 'council' };
  const result = rectify(
    introduction,
    'dateOfBirth',
    '1950-02-30',
    'The person said so',
    false,
    grace,
    '2026-11-30T10:00:00.000Z',
  );
  expect(result).toEqual({ ok: false, reason: 'A date of birth is a real date, written 1950-04-21.' });
});
