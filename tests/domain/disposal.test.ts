/** Whether an approved disposal may go ahead, decided afresh each time it runs. */
import {
  approvalStep,
  DISPOSAL_MARK_MS,
  decideDisposal,
  disposalUnderWay,
} from '../../src/domain/records/disposal';

const now = new Date('2026-12-21T10:00:00Z');
const by = { aadObjectId: 'grace', name: 'Grace Obi' };
const ago = (ms: number) => ({ at: new Date(now.getTime() - ms).toISOString(), by });
const due = { retainUntil: '2025-11-03' };
const today = '2026-12-21';

it('holds off holds only while the mark is in force', () => {
  expect(disposalUnderWay({ disposing: ago(60_000) }, now)).toBe(true);
  expect(disposalUnderWay({ disposing: ago(DISPOSAL_MARK_MS) }, now)).toBe(false);
  expect(disposalUnderWay({}, now)).toBe(false);
});

it.each([
  ['a record due, never marked', { ...due }, 'retention-schedule', { go: true, resumed: false }],
  [
    'a disposal under way (a second press)',
    { ...due, disposing: ago(60_000) },
    'retention-schedule',
    { go: true, resumed: false },
  ],
  [
    'a stopped disposal, still due',
    { ...due, disposing: ago(21 * 86_400_000) },
    'retention-schedule',
    { go: true, resumed: true },
  ],
  [
    'a stopped disposal, no longer due',
    { retainUntil: '2028-12-21', disposing: ago(21 * 86_400_000) },
    'retention-schedule',
    { go: false, outcome: 'not-due', clearStaleMark: true },
  ],
  [
    'a stopped disposal, held since',
    { ...due, disposing: ago(21 * 86_400_000), legalHold: { reason: 'Inquiry', by, at: now.toISOString() } },
    'retention-schedule',
    { go: false, outcome: 'held', clearStaleMark: true },
  ],
  ['an erasure, not due', { retainUntil: '2028-12-21' }, 'erasure', { go: true, resumed: false }],
  [
    'an erasure of a held record',
    { retainUntil: '2028-12-21', legalHold: { reason: 'Litigation', by, at: now.toISOString() } },
    'erasure',
    { go: false, outcome: 'held', clearStaleMark: false },
  ],
] as const)('%s', (_what, record, reason, decision) => {
  expect(decideDisposal(record, reason, today, now)).toEqual(decision);
});

describe('two approvals, where the council asks for them', () => {
  const now = new Date('2025-03-10T10:00:00Z');
  const first = {
    at: '2025-03-05T10:00:00.000Z',
    by: { aadObjectId: 'grace', name: 'Grace Obi' },
    reason: 'retention-schedule' as const,
  };
  it('goes ahead on one where one is asked for', () => {
    expect(approvalStep({ retainUntil: '2025-03-01' }, 'grace', 'retention-schedule', 1, now)).toEqual({
      go: true,
    });
  });
  it('keeps the first, refuses the same lead twice, and goes on another lead’s', () => {
    expect(approvalStep({ retainUntil: '2025-03-01' }, 'grace', 'retention-schedule', 2, now)).toEqual({
      go: false,
      wait: 'first',
    });
    const approved = { retainUntil: '2025-03-01', disposalApproval: first };
    expect(approvalStep(approved, 'grace', 'retention-schedule', 2, now)).toEqual({
      go: false,
      wait: 'same-lead',
    });
    expect(approvalStep(approved, 'ola', 'retention-schedule', 2, now)).toEqual({ go: true, first });
  });
  it('counts a first approval only for the same kind, within 30 days, and since the record last fell due', () => {
    const approved = { retainUntil: '2025-03-01', disposalApproval: first };
    expect(approvalStep(approved, 'ola', 'erasure', 2, now)).toMatchObject({ wait: 'first' });
    expect(
      approvalStep(approved, 'ola', 'retention-schedule', 2, new Date('2025-04-05T10:00:00Z')),
    ).toMatchObject({
      wait: 'first',
    });
    // Contact since moved its date on, and it fell due again: the old approval was of another review.
    expect(
      approvalStep({ ...approved, retainUntil: '2025-03-08' }, 'ola', 'retention-schedule', 2, now),
    ).toMatchObject({ wait: 'first' });
  });
});

it('dates a first approval in London: given at 00:30 BST on the day the record fell due, it counts', () => {
  const first = {
    at: '2025-03-31T23:30:00.000Z', // 00:30 on 1 April, London (BST)
    by: { aadObjectId: 'grace', name: 'Grace Obi' },
    reason: 'retention-schedule' as const,
  };
  expect(
    approvalStep(
      { retainUntil: '2025-04-01', disposalApproval: first },
      'ola',
      'retention-schedule',
      2,
      new Date('2025-04-02T09:00:00Z'),
    ),
  ).toEqual({ go: true, first });
});
