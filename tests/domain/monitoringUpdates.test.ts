/** Recording what the support helped avoid, and a triage manager's decision on it. */
import type { Actor } from '../../src/domain/introductions/introduction';
import { decideAvoided, recordMonitoring } from '../../src/domain/introductions/monitoringUpdates';
import { introductionFor, OFFERED_TO_TAMMY } from '../helpers/introductionFixture';

const priya: Actor = { aadObjectId: 'priya', name: 'Priya Shah', tenantId: 'council' };
const sam: Actor = { aadObjectId: 'sam', name: 'Sam Okafor', tenantId: 'council' };
const at = '2026-11-30T10:00:00.000Z';

function proposedBy(actor: Actor) {
  const walking = {
    ...introductionFor(OFFERED_TO_TAMMY, '2026-09-01T10:00:00.000Z'),
    status: 'walking-alongside' as const,
  };
  const recorded = recordMonitoring(
    walking,
    { avoided: { kind: 'eviction', evidence: 'Arrears plan agreed before the hearing' } },
    actor,
    at,
    'a1',
  );
  if (!recorded.ok) throw new Error(recorded.reason);
  return recorded.introduction;
}

it('is never confirmed by whoever recorded it', () => {
  const result = decideAvoided(proposedBy(priya), 'a1', 'confirmed', priya, at);
  expect(result).toEqual({
    ok: false,
    reason: expect.stringMatching(/^You recorded this, so another triage manager/),
  });
});

it('is confirmed by another triage manager, who is named', () => {
  const result = decideAvoided(proposedBy(priya), 'a1', 'confirmed', sam, at);
  expect(result.ok && result.introduction.avoided?.[0]).toMatchObject({
    status: 'confirmed',
    decidedBy: { aadObjectId: 'sam', name: 'Sam Okafor' },
  });
});

it('lets whoever recorded it reject their own, so one triage manager alone is never stuck', () => {
  const result = decideAvoided(proposedBy(priya), 'a1', 'rejected', priya, at);
  expect(result.ok && result.introduction.avoided?.[0]?.status).toBe('rejected');
});
