/**
 * Art. 19: a correction, or the person's disagreement, is told to whoever received the record (the
 * coordinator who holds it, the introducer), never with the value that was wrong, and every card the
 * bot posted about it is brought up to date.
 */
import type { Introduction } from '../../src/domain/introductions/introduction';
import { rectify } from '../../src/domain/introductions/rectification';
import { recordDelivery } from '../../src/domain/outbox/outbox';
import { introductionFor, OFFERED_TO_TAMMY, POSTED_CARD } from '../helpers/introductionFixture';

const at = '2026-11-30T10:00:00.000Z';
const tammy = { aadObjectId: 'tammy-object-id', name: 'Tammy Hughes', tenantId: 'council' };
const priya = { aadObjectId: 'priya-object-id', name: 'Priya Shah', tenantId: 'council' };

/** Accepted by Tammy, its offer card posted in her chat, nothing waiting to be sent. */
function held(): Introduction {
  const introduction = introductionFor({
    ...OFFERED_TO_TAMMY,
    coordinator: {
      ...(OFFERED_TO_TAMMY.coordinator as NonNullable<typeof OFFERED_TO_TAMMY.coordinator>),
      aadObjectId: tammy.aadObjectId,
    },
  });
  return {
    ...introduction,
    person: { ...introduction.person, phone: '07700 900123' },
    status: 'accepted',
    outbox: [],
    postedCards: [POSTED_CARD],
  };
}

const told = (introduction: Introduction) =>
  (introduction.outbox ?? [])
    .filter((n) => n.status === 'pending')
    .map((n) => ({
      purpose: n.purpose,
      to: n.to.kind === 'person' ? n.to.role : n.to.kind,
      text: n.text,
    }));

it('tells the introducer, not the coordinator who made it, and updates the posted cards', () => {
  const result = rectify(held(), 'phone', '07700 900999', 'A new number', false, tammy, at);
  if (!result.ok) throw new Error(result.reason);
  expect(told(result.introduction)).toEqual([
    { purpose: 'card-updates', to: 'posted-cards', text: undefined },
    {
      purpose: 'detail-corrected',
      to: 'introducer',
      text: 'A detail of LAC-7K4M-QX (Margaret J.) was corrected by Tammy Hughes. Open it for the record as it now stands.',
    },
  ]);
  expect(JSON.stringify(result.introduction.outbox)).not.toMatch(/07700 900123|07700 900999|phone/i);
});

it('tells both when someone else (a triage manager) corrects it, and a disagreement too', () => {
  const corrected = rectify(held(), 'fullName', 'Margaret Joan Jones', 'Her full name', false, priya, at);
  if (!corrected.ok) throw new Error(corrected.reason);
  expect(told(corrected.introduction).map((t) => t.to)).toEqual([
    'posted-cards',
    'coordinator',
    'introducer',
  ]);
  const disputed = rectify(held(), 'postcode', '', 'She says she moved', true, priya, at);
  if (!disputed.ok) throw new Error(disputed.reason);
  expect(told(disputed.introduction).find((t) => t.to === 'coordinator')?.text).toBe(
    'Priya Shah recorded that Margaret J. (LAC-7K4M-QX) disagrees with a detail of their record: it is noted beside the detail.',
  );
});

it('sends nothing to the triage team when the coordinator cannot be told: the team queue shows it', () => {
  const corrected = rectify(held(), 'phone', '07700 900999', 'A new number', false, priya, at);
  if (!corrected.ok) throw new Error(corrected.reason);
  const toCoordinator = corrected.introduction.outbox?.find(
    (n) => n.purpose === 'detail-corrected' && n.to.kind === 'person' && n.to.role === 'coordinator',
  );
  const after = recordDelivery(
    corrected.introduction,
    toCoordinator?.id ?? '',
    { outcome: 'failed', reason: 'blocked', status: 403 },
    new Date(at),
  );
  expect(after.outbox?.some((n) => n.to.kind === 'triage')).toBe(false);
  expect(after.events.at(-1)).toMatchObject({
    type: 'coordinator-not-reachable',
    note: expect.stringContaining('could not be told in Teams that a detail was corrected'),
  });
  expect(after.deliveryProblem).toBe(true);
});

it('tells nobody of a correction a records lead makes to a restricted record', () => {
  const restricted = {
    ...held(),
    restriction: { reason: 'Contested', by: { aadObjectId: 'g', name: 'Grace Obi' }, at },
  };
  const grace = { aadObjectId: 'grace-object-id', name: 'Grace Obi', tenantId: 'council' };
  const result = rectify(restricted, 'phone', '07700 900999', 'Never hers', false, grace, at, {
    restrictedByRecordsLead: true,
  });
  if (!result.ok) throw new Error(result.reason);
  expect(told(result.introduction)).toEqual([]);
  expect(result.introduction.person.phone).toBe('07700 900999');
});

it("does not message a partner organisation's introducer, who has no chat with the app", () => {
  const partners = held();
  const result = rectify(
    { ...partners, introducer: { ...partners.introducer, partner: true } },
    'phone',
    '07700 900999',
    'A new number',
    false,
    tammy,
    at,
  );
  if (!result.ok) throw new Error(result.reason);
  expect(told(result.introduction).map((t) => t.to)).toEqual(['posted-cards']);
});

it('refuses a date of birth corrected into the future, or to someone under 16', () => {
  expect(rectify(held(), 'dateOfBirth', '2027-01-01', 'x', false, tammy, at)).toMatchObject({ ok: false });
  expect(rectify(held(), 'dateOfBirth', '2012-01-01', 'x', false, tammy, at)).toEqual({
    ok: false,
    reason: 'Introductions are of people aged 16 and over: check the year.',
  });
  expect(rectify(held(), 'dateOfBirth', '1950-04-21', 'x', false, tammy, at)).toMatchObject({ ok: true });
});

describe('free text, put right', () => {
  it('corrects what matters, the safety note, other agencies and the themes, keeping no old value', () => {
    const before = held();
    let record = {
      ...before,
      whatMatters: { themes: ['isolation' as const], goodLife: 'Seeing her son Tom' },
    };
    for (const [field, value] of [
      ['goodLife', 'Seeing her daughter Ann again'],
      ['anythingElse', 'Prefers afternoons'],
      ['visitSafety', 'A dog in the house'],
      ['otherAgencies', 'Adult social care'],
      ['themes', 'Feeling lonely or isolated, housing'],
    ] as const) {
      const result = rectify(record, field, value, 'The person put it right', false, tammy, at);
      if (!result.ok) throw new Error(result.reason);
      record = result.introduction as typeof record;
    }
    expect(record.whatMatters).toEqual({
      themes: ['isolation', 'housing'],
      goodLife: 'Seeing her daughter Ann again',
      anythingElse: 'Prefers afternoons',
    });
    expect(record.person.visitSafety).toBe('A dog in the house');
    expect(record.context.otherAgencies).toBe('Adult social care');
    // The history says what was corrected and why, never the old words.
    expect(JSON.stringify(record.events)).not.toContain('Tom');
    expect(record.corrections?.map((c) => c.field)).toEqual([
      'goodLife',
      'anythingElse',
      'visitSafety',
      'otherAgencies',
      'themes',
    ]);
  });

  it('refuses a theme not on the list, and empty themes', () => {
    expect(rectify(held(), 'themes', 'Gardening', 'x', false, tammy, at)).toMatchObject({ ok: false });
    expect(rectify(held(), 'themes', '', 'x', false, tammy, at)).toMatchObject({ ok: false });
  });

  it("corrects a GP practice's frequent-attender details where there are some", () => {
    const gp = {
      ...held(),
      source: 'gp-practice' as const,
      frequentAttender: { practiceName: 'Elm Surgery', odsCode: 'F81001', appointmentsLast12Months: 14 },
    };
    const result = rectify(gp, 'appointmentsLast12Months', '9', 'Miscounted', false, tammy, at);
    if (!result.ok) throw new Error(result.reason);
    expect(result.introduction.frequentAttender?.appointmentsLast12Months).toBe(9);
    expect(rectify(gp, 'appointmentsLast12Months', 'nine', 'x', false, tammy, at)).toMatchObject({
      ok: false,
    });
    expect(rectify(held(), 'practiceContact', 'Dr Lee', 'x', false, tammy, at)).toMatchObject({ ok: false });
  });

  it('never rewrites a note in the history: the disagreement is recorded beside it', () => {
    expect(
      rectify(held(), 'notes', 'Something else', 'She says it is wrong', false, tammy, at),
    ).toMatchObject({
      ok: false,
    });
    const result = rectify(held(), 'notes', '', 'She says she never refused help', true, tammy, at);
    if (!result.ok) throw new Error(result.reason);
    expect(result.introduction.events.at(-1)).toMatchObject({
      type: 'detail-disputed',
      note: 'The person disagrees with a note in their history: She says she never refused help',
    });
  });
});
