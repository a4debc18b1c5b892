/** A subject access request's month, as the ICO counts it; days left; "received …" as typed. No I/O. */
import {
  daysLeftWords,
  dueWithin,
  makeRequestReference,
  REQUEST_REFERENCE,
  receivedOnOf,
  type SubjectAccessRequest,
  subjectAccessDueOn,
} from '../../src/domain/records/subjectAccessRequest';

it.each([
  ['2026-11-03', '2026-12-03', 'the corresponding date next month (a Thursday)'],
  ['2027-01-31', '2027-03-01', 'no 31 February: the last day of February, a Sunday, so Monday'],
  ['2028-01-30', '2028-02-29', 'a leap year: 29 February, a Tuesday'],
  ['2026-11-20', '2026-12-21', 'a Sunday: the next working day'],
  ['2026-11-25', '2026-12-29', 'Christmas, then a weekend, then the Boxing Day holiday: the 29th'],
  ['2026-12-31', '2027-02-01', '31 January 2027 is a Sunday: Monday'],
])('received %s is due %s (%s)', (received, due) => {
  expect(subjectAccessDueOn(received)).toBe(due);
});

it('says how many days are left, today, or how long overdue', () => {
  expect(daysLeftWords('2026-12-21', '2026-12-15')).toBe('6 days left');
  expect(daysLeftWords('2026-12-21', '2026-12-20')).toBe('1 day left');
  expect(daysLeftWords('2026-12-21', '2026-12-21')).toBe('**due today**');
  expect(daysLeftWords('2026-12-21', '2026-12-22')).toBe('**overdue by 1 day**');
});

it('reads "received" at the end, and refuses a day not real or not yet come', () => {
  expect(receivedOnOf('Joan Smith, 14/03/1958 received 2/12/2026', '2026-12-05')).toEqual({
    ok: true,
    query: 'Joan Smith, 14/03/1958',
    receivedOn: '2026-12-02',
  });
  expect(receivedOnOf('LAC-7K4M-QX', '2026-12-05')).toEqual({
    ok: true,
    query: 'LAC-7K4M-QX',
    receivedOn: '2026-12-05',
  });
  expect(receivedOnOf('LAC-7K4M-QX received 6/12/2026', '2026-12-05')).toMatchObject({ ok: false });
  expect(receivedOnOf('LAC-7K4M-QX received 30/02/2026', '2026-12-05')).toMatchObject({ ok: false });
});

it('lists open requests due within a week, overdue ones too, soonest first; never a closed one', () => {
  const request = (reference: string, dueOn: string, closed = false) =>
    ({
      reference,
      dueOn,
      ...(closed ? { closed: { at: '', by: { aadObjectId: '', name: '' }, because: '' } } : {}),
    }) as SubjectAccessRequest;
  const due = dueWithin(
    [
      request('SAR-AAAA-AA', '2026-12-20'),
      request('SAR-CCCC-CC', '2026-12-10'),
      request('SAR-DDDD-DD', '2026-12-01'),
      request('SAR-EEEE-EE', '2026-12-09', true),
    ],
    '2026-12-05',
    7,
  );
  expect(due.map((r) => r.reference)).toEqual(['SAR-DDDD-DD', 'SAR-CCCC-CC']);
});

it('makes references people can read out', () => {
  const reference = makeRequestReference(new Uint8Array([0, 1, 2, 3, 4, 5]));
  expect(reference).toMatch(REQUEST_REFERENCE);
  // No 0/O, 1/I/L, 5/S, 2/Z or 8/B after the prefix.
  expect(reference.slice(4)).not.toMatch(/[0O1IL5S2Z8B]/);
});
