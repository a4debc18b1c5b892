import type { Introduction } from '../../src/domain/introductions/introduction';
import { changeStatus } from '../../src/domain/introductions/lifecycle';
import { applyDueNudge, DEFAULT_NUDGE_POLICY, nextNudge } from '../../src/domain/outbox/nudges';
import { recordDelivery } from '../../src/domain/outbox/outbox';
import { introductionFor, OFFERED_TO_TAMMY, WITH_TRIAGE } from '../helpers/introductionFixture';

// Offered on Thursday 19 November 2026 at 16:00 (GMT, so also 16:00 in London).
const OFFERED = '2026-11-19T16:00:00.000Z';
const policy = DEFAULT_NUDGE_POLICY;

function offered(): Introduction {
  return recordDelivery(
    introductionFor(OFFERED_TO_TAMMY, OFFERED),
    'n1',
    { outcome: 'sent' },
    new Date(OFFERED),
  );
}

it('reminds the coordinator two working days later: over a weekend, Monday at 16:00', () => {
  const introduction = offered();
  expect(nextNudge(introduction, policy)).toEqual({
    kind: 'reminder',
    dueAt: new Date('2026-11-23T16:00:00Z'),
  });
  expect(applyDueNudge(introduction, policy, new Date('2026-11-21T16:00:00Z'))).toBeUndefined(); // Saturday
  expect(applyDueNudge(introduction, policy, new Date('2026-11-23T15:59:00Z'))).toBeUndefined();
  const reminded = applyDueNudge(introduction, policy, new Date('2026-11-23T16:01:00Z'));
  expect(reminded?.events.at(-1)).toMatchObject({
    type: 'reminder-sent',
    note: 'Not accepted after 2 working days: reminded Tammy Hughes.',
  });
  expect(reminded?.outbox?.at(-1)).toMatchObject({
    purpose: 'reminder',
    to: { role: 'coordinator', name: 'Tammy Hughes' },
  });
});

it('then raises it with the triage team two working days after the reminder, once', () => {
  const reminded = applyDueNudge(offered(), policy, new Date('2026-11-23T16:01:00Z')) as Introduction;
  expect(nextNudge(reminded, policy)).toEqual({ kind: 'raise', dueAt: new Date('2026-11-25T16:01:00Z') });
  expect(applyDueNudge(reminded, policy, new Date('2026-11-25T16:00:00Z'))).toBeUndefined();
  const raised = applyDueNudge(reminded, policy, new Date('2026-11-25T16:02:00Z')) as Introduction;
  expect(raised.events.at(-1)?.type).toBe('raised-with-triage');
  expect(raised.outbox?.at(-1)).toMatchObject({ purpose: 'not-accepted', to: { kind: 'triage' } });
  expect(raised.status).toBe('offered'); // the coordinator can still accept it
  expect(nextNudge(raised, policy)).toBeUndefined();
  expect(applyDueNudge(raised, policy, new Date('2026-12-25T00:00:00Z'))).toBeUndefined();
});

it('counts bank holidays out: offered on Christmas Eve, reminded on 30 December', () => {
  const introduction = recordDelivery(
    introductionFor(OFFERED_TO_TAMMY, '2026-12-24T11:00:00.000Z'),
    'n1',
    { outcome: 'sent' },
    new Date('2026-12-24T11:00:00Z'),
  );
  expect(nextNudge(introduction, policy)?.dueAt.toISOString()).toBe('2026-12-30T11:00:00.000Z');
});

it('uses the configured number of working days', () => {
  expect(nextNudge(offered(), { workingDays: 5 })?.dueAt.toISOString()).toBe('2026-11-26T16:00:00.000Z');
});

it('starts again when it is offered to someone else, and stops once accepted', () => {
  const reminded = applyDueNudge(offered(), policy, new Date('2026-11-23T16:01:00Z')) as Introduction;
  const tammy = { aadObjectId: 'tammy-id', name: 'Tammy Hughes', tenantId: 'council' };
  const reoffered = changeStatus(reminded, 'offered', tammy, '2026-11-24T09:00:00.000Z');
  if (!reoffered.ok) throw new Error(reoffered.reason);
  expect(nextNudge(reoffered.introduction, policy)).toEqual({
    kind: 'reminder',
    dueAt: new Date('2026-11-26T09:00:00Z'),
  });
  const accepted = changeStatus(reoffered.introduction, 'accepted', tammy, '2026-11-24T10:00:00.000Z');
  if (!accepted.ok) throw new Error(accepted.reason);
  expect(nextNudge(accepted.introduction, policy)).toBeUndefined();
});

it('does not remind a coordinator the offer never reached: the triage team already has it', () => {
  const unreachable = recordDelivery(
    introductionFor(OFFERED_TO_TAMMY, OFFERED),
    'n1',
    { outcome: 'failed', reason: 'not-installed' },
    new Date(OFFERED),
  );
  expect(nextNudge(unreachable, policy)).toBeUndefined();
});

it('leaves introductions in triage to the team queue', () => {
  expect(nextNudge(introductionFor(WITH_TRIAGE), policy)).toBeUndefined();
});
