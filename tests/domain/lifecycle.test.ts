import {
  canSeeDetails,
  type Introduction,
  STATUSES,
  type Status,
} from '../../src/domain/introductions/introduction';
import {
  canChange,
  changeStatus,
  TRANSITIONS,
  withdrawConsent,
} from '../../src/domain/introductions/lifecycle';
import { introductionFor, OFFERED_TO_TAMMY } from '../helpers/introductionFixture';

const tammy = { aadObjectId: 'tammy', name: 'Tammy Hughes', tenantId: 't' };

function introduction(status: Status): Introduction {
  return {
    id: 'i1',
    status,
    events: [],
    consent: {
      given: true,
      how: 'in-person',
      obtainedBy: { aadObjectId: 'jo', name: 'Jo' },
      at: '2026-11-01T09:00:00Z',
      wordingVersion: 'v',
    },
  } as unknown as Introduction;
}

/** Every allowed move, written out: anything not listed here must be refused. */
const ALLOWED: [Status, Status][] = [
  ['with-triage', 'offered'],
  ['with-triage', 'did-not-want-support'],
  ['with-triage', 'consent-withdrawn'],
  ['offered', 'offered'],
  ['offered', 'accepted'],
  ['offered', 'with-triage'],
  ['offered', 'did-not-want-support'],
  ['offered', 'consent-withdrawn'],
  ['accepted', 'in-touch'],
  ['accepted', 'walking-alongside'],
  ['accepted', 'did-not-want-support'],
  ['accepted', 'stepped-back'],
  ['accepted', 'consent-withdrawn'],
  ['in-touch', 'walking-alongside'],
  ['in-touch', 'stepped-back'],
  ['in-touch', 'did-not-want-support'],
  ['in-touch', 'consent-withdrawn'],
  ['walking-alongside', 'stepped-back'],
  ['walking-alongside', 'consent-withdrawn'],
  ['stepped-back', 'in-touch'],
  ['stepped-back', 'walking-alongside'],
  ['stepped-back', 'consent-withdrawn'],
  ['did-not-want-support', 'in-touch'],
  ['did-not-want-support', 'consent-withdrawn'],
];

const allPairs = STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as [Status, Status]));
const isAllowed = (from: Status, to: Status) => ALLOWED.some(([f, t]) => f === from && t === to);

it.each(allPairs.filter(([f, t]) => isAllowed(f, t)))(
  'allows %s → %s, with an event of who, when and why',
  (from, to) => {
    const result = changeStatus(introduction(from), to, tammy, '2026-11-23T10:42:00Z', 'because');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.introduction.status).toBe(to);
    expect(result.introduction.events.at(-1)).toEqual({
      at: '2026-11-23T10:42:00Z',
      by: { aadObjectId: 'tammy', name: 'Tammy Hughes' },
      type: 'status-changed',
      from,
      to,
      note: 'because',
    });
  },
);

it.each(allPairs.filter(([f, t]) => !isAllowed(f, t)))('refuses %s → %s and changes nothing', (from, to) => {
  const before = introduction(from);
  const result = changeStatus(before, to, tammy, '2026-11-23T10:42:00Z');
  expect(result.ok).toBe(false);
  expect(before.status).toBe(from);
  expect(before.events).toEqual([]);
});

it('has the table and the written-out list agree', () => {
  expect(allPairs.filter(([f, t]) => canChange(f, t)).length).toBe(ALLOWED.length);
  expect(Object.keys(TRANSITIONS).sort()).toEqual([...STATUSES].sort());
});

it('never closes anyone: the person can come back after a coordinator steps back', () => {
  expect(canChange('stepped-back', 'walking-alongside')).toBe(true);
  expect(STATUSES).not.toContain('closed');
});

it('ends all contact when consent is withdrawn, recording who, when and why', () => {
  const result = withdrawConsent(
    introduction('walking-alongside'),
    tammy,
    '2026-11-23T10:42:00Z',
    'Told me by phone',
  );
  expect(result.ok && result.introduction.consent.withdrawn).toEqual({
    at: '2026-11-23T10:42:00Z',
    by: { aadObjectId: 'tammy', name: 'Tammy Hughes' },
    note: 'Told me by phone',
  });
  // Restricted at once, by whoever recorded it, as an event.
  expect(result.ok && result.introduction.restriction).toEqual({
    reason: 'The person withdrew their consent.',
    by: { aadObjectId: 'tammy', name: 'Tammy Hughes' },
    at: '2026-11-23T10:42:00Z',
  });
  expect(result.ok && result.introduction.events.map((e) => e.type).slice(-2)).toEqual([
    'status-changed',
    'restricted',
  ]);
  const again = withdrawConsent(introduction('consent-withdrawn'), tammy, '2026-11-24T10:00:00Z');
  expect(again).toEqual({ ok: false, reason: expect.stringContaining('nobody may contact them') });
  for (const to of STATUSES) expect(canChange('consent-withdrawn', to)).toBe(false);
});

it('keeps a restriction a records lead set before consent was withdrawn, with its reason', () => {
  const restricted = {
    ...introduction('offered'),
    restriction: {
      reason: 'she objected',
      by: { aadObjectId: 'grace', name: 'Grace Obi' },
      at: '2026-11-20T09:00:00Z',
    },
  };
  const result = withdrawConsent(restricted, tammy, '2026-11-23T10:42:00Z');
  expect(result.ok && result.introduction.restriction).toEqual(restricted.restriction);
  expect(result.ok && result.introduction.events.at(-1)?.type).toBe('status-changed');
});

describe('a records lead appraising a record', () => {
  const viewer = {
    aadObjectId: 'grace',
    isTriageManager: false,
    isReportViewer: false,
    isRecordsLead: true,
    isAdministrator: false,
    coordinatesPatches: [],
    directoryEmails: [],
  } as unknown as Parameters<typeof canSeeDetails>[1];
  const record = (extra: object) =>
    ({ ...introductionFor(OFFERED_TO_TAMMY, '2023-01-01T10:00:00.000Z'), ...extra }) as Parameters<
      typeof canSeeDetails
    >[0];

  it('sees a record past its review date, or held, when opening it by its reference', () => {
    expect(canSeeDetails(record({ retainUntil: '2025-01-01' }), viewer, '2026-12-04')).toBe(true);
    expect(
      canSeeDetails(
        record({
          retainUntil: '2030-01-01',
          legalHold: { reason: 'x', by: { aadObjectId: 'g', name: 'G' }, at: '' },
        }),
        viewer,
        '2026-12-04',
      ),
    ).toBe(true);
  });

  it('sees nothing else: a record not yet due, and any record from a list or a card', () => {
    expect(canSeeDetails(record({ retainUntil: '2030-01-01' }), viewer, '2026-12-04')).toBe(false);
    expect(canSeeDetails(record({ retainUntil: '2025-01-01' }), viewer)).toBe(false);
  });
});
