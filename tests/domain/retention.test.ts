import { changeStatus } from '../../src/domain/introductions/lifecycle';
import { isDueForReview, lastContactAt, recordClass, retainUntil } from '../../src/domain/records/retention';
import { introductionFor, OFFERED_TO_TAMMY } from '../helpers/introductionFixture';

const tammy = { aadObjectId: '9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c01', name: 'Tammy Hughes', tenantId: 't' };

describe('retention', () => {
  const offered = introductionFor(OFFERED_TO_TAMMY, '2023-03-01T10:00:00.000Z');

  it('keeps what never became support 2 years after last contact, by default', () => {
    expect(recordClass(offered)).toBe('never-became-support');
    expect(retainUntil(offered)).toBe('2025-03-01');
  });

  it('keeps support that happened 6 years, even after it stepped back', () => {
    let next = offered;
    for (const [to, at] of [
      ['accepted', '2023-03-02T10:00:00.000Z'],
      ['in-touch', '2023-03-05T10:00:00.000Z'],
      ['stepped-back', '2024-01-10T10:00:00.000Z'],
    ] as const) {
      const changed = changeStatus(next, to, tammy, at);
      if (!changed.ok) throw new Error(changed.reason);
      next = changed.introduction;
    }
    expect(recordClass(next)).toBe('support');
    expect(retainUntil(next)).toBe('2030-01-10');
    expect(retainUntil(next, { neverBecameSupportYears: 2, supportYears: 8 })).toBe('2032-01-10');
  });

  it("counts a person's contact, not the bot's own deliveries and reminders", () => {
    const withDelivery = {
      ...offered,
      events: [
        ...offered.events,
        {
          at: '2024-06-01T10:00:00.000Z',
          by: { aadObjectId: 'lac-front-door', name: 'LAC Front Door' },
          type: 'reminder-sent' as const,
        },
      ],
    };
    expect(lastContactAt(withDelivery)).toBe('2023-03-01T10:00:00.000Z');
  });

  it('does not count a records lead restricting a record, or lifting that, as contact', () => {
    const grace = { aadObjectId: 'grace', name: 'Grace Obi' };
    const restricted = {
      ...offered,
      events: [
        ...offered.events,
        {
          at: '2026-11-30T10:00:00.000Z',
          by: grace,
          type: 'restricted' as const,
          note: 'Restricted: objected',
        },
        { at: '2026-12-01T10:00:00.000Z', by: grace, type: 'restriction-lifted' as const, note: 'Lifted' },
      ],
    };
    expect(lastContactAt(restricted)).toBe('2023-03-01T10:00:00.000Z');
    expect(retainUntil(restricted)).toBe(retainUntil(offered));
  });

  it('is due on its date, and never while held', () => {
    expect(isDueForReview({ retainUntil: '2025-03-01' }, '2025-02-28')).toBe(false);
    expect(isDueForReview({ retainUntil: '2025-03-01' }, '2025-03-01')).toBe(true);
    const hold = {
      reason: 'An inquiry',
      by: { aadObjectId: 'x', name: 'Grace Obi' },
      at: '2025-03-01T09:00:00Z',
    };
    expect(isDueForReview({ retainUntil: '2025-03-01', legalHold: hold }, '2030-01-01')).toBe(false);
  });
});
