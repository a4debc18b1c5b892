import { withEvent } from '../../src/domain/introductions/introduction';
import { changeStatus } from '../../src/domain/introductions/lifecycle';
import { CARD_UPDATES } from '../../src/domain/outbox/messages';
import {
  claimNotification,
  dueNotification,
  enqueue,
  isObsolete,
  recordDelivery,
  stillUnreached,
  unreached,
  withDeliveryProblem,
} from '../../src/domain/outbox/outbox';
import { handoverNotification, introducerRecipient } from '../../src/domain/outbox/recipients';
import {
  classifyFailure,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  retryDelayMs,
} from '../../src/domain/outbox/retries';
import { introductionFor, OFFERED_TO_TAMMY, POSTED_CARD, WITH_TRIAGE } from '../helpers/introductionFixture';

const NOW = new Date('2026-11-19T16:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);
const tammy = { aadObjectId: 'tammy-id', name: 'Tammy Hughes', tenantId: 'council' };
const POSTED = POSTED_CARD;

describe('a new introduction carries its first message', () => {
  it('is offered to its coordinator, due at once', () => {
    const introduction = introductionFor(OFFERED_TO_TAMMY);
    expect(introduction.outbox).toEqual([
      expect.objectContaining({
        id: 'n1',
        purpose: 'offer',
        status: 'pending',
        attempts: 0,
        nextAttemptAt: NOW.toISOString(),
        to: { kind: 'person', role: 'coordinator', name: 'Tammy Hughes', email: 'tammy.hughes@demo.gov.uk' },
      }),
    ]);
    expect(introduction.outboxDue).toBe(NOW.toISOString());
  });

  it('goes to the triage team when no patch covers it', () => {
    const introduction = introductionFor(WITH_TRIAGE);
    expect(introduction.outbox?.[0]).toMatchObject({ purpose: 'triage', to: { kind: 'triage' } });
  });
});

describe('claiming: one sender at a time', () => {
  it('lets one instance claim a due notification, and nobody else until the claim runs out', () => {
    const introduction = introductionFor(OFFERED_TO_TAMMY);
    const claimed = claimNotification(
      introduction,
      'n1',
      'instance-a',
      NOW.toISOString(),
      at(30_000).toISOString(),
    );
    expect(claimed?.outbox?.[0]?.claim).toEqual({ by: 'instance-a', until: at(30_000).toISOString() });
    if (!claimed) return;
    expect(
      claimNotification(claimed, 'n1', 'instance-b', at(1_000).toISOString(), at(31_000).toISOString()),
    ).toBeUndefined();
    expect(dueNotification(claimed, at(1_000).toISOString())).toBeUndefined();
    // The claim runs out (instance A crashed mid-send): it is due again, and B may take it.
    expect(claimed.outboxDue).toBe(at(30_000).toISOString());
    expect(dueNotification(claimed, at(30_000).toISOString())?.id).toBe('n1');
    expect(
      claimNotification(claimed, 'n1', 'instance-b', at(30_000).toISOString(), at(60_000).toISOString()),
    ).toBeDefined();
  });
});

describe('recording deliveries', () => {
  it('records a sent offer, keeps where the card was posted, and clears the due time', () => {
    const sent = recordDelivery(
      introductionFor(OFFERED_TO_TAMMY),
      'n1',
      { outcome: 'sent', posted: [POSTED] },
      NOW,
    );
    expect(sent.outbox?.[0]).toMatchObject({ status: 'sent', attempts: 1, sentAt: NOW.toISOString() });
    expect(sent.outboxDue).toBeUndefined();
    expect(sent.postedCards).toEqual([POSTED]);
    expect(sent.events.at(-1)).toMatchObject({
      type: 'offer-delivered',
      note: 'Offered to Tammy Hughes in Teams.',
    });
  });

  it('retries what may pass (429, 5xx, timeouts), later each time, never sooner than Retry-After', () => {
    let introduction = introductionFor(OFFERED_TO_TAMMY);
    introduction = recordDelivery(
      introduction,
      'n1',
      classifyFailure({ status: 500 }),
      NOW,
      DEFAULT_RETRY_POLICY,
      () => 0.5,
    );
    expect(introduction.outbox?.[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: { status: 500 },
    });
    expect(introduction.outboxDue).toBe(at(5_000).toISOString());
    introduction = recordDelivery(
      introduction,
      'n1',
      classifyFailure({ status: 429, retryAfterMs: 60_000 }),
      at(5_000),
      DEFAULT_RETRY_POLICY,
      () => 0,
    );
    expect(introduction.outboxDue).toBe(at(65_000).toISOString());
    introduction = recordDelivery(
      introduction,
      'n1',
      classifyFailure({ code: 'ETIMEDOUT' }),
      at(65_000),
      DEFAULT_RETRY_POLICY,
      () => 0.5,
    );
    expect(introduction.outbox?.[0]).toMatchObject({ attempts: 3, lastError: { code: 'ETIMEDOUT' } });
    expect(introduction.outboxDue).toBe(at(65_000 + 20_000).toISOString());
  });

  it('sends what could not reach the coordinator to the triage team instead, and flags it', () => {
    const failed = recordDelivery(
      introductionFor(OFFERED_TO_TAMMY),
      'n1',
      classifyFailure({ status: 403 }),
      NOW,
    );
    expect(failed.outbox?.[0]).toMatchObject({
      status: 'failed',
      failure: 'blocked',
      lastError: { status: 403 },
    });
    expect(failed.outbox?.[1]).toMatchObject({
      purpose: 'coordinator-unreachable',
      to: { kind: 'triage' },
      status: 'pending',
    });
    expect(failed.events.at(-1)).toMatchObject({
      type: 'coordinator-not-reachable',
      note: 'Tammy Hughes could not be reached in Teams (Teams refused: the app may be blocked or removed); it has gone to the triage team.',
    });
    expect(failed.deliveryProblem).toBe(true);
    // Once the triage team has it, nobody is left unreached.
    const told = recordDelivery(failed, 'n2', { outcome: 'sent' }, NOW);
    expect(told.deliveryProblem).toBe(true); // Tammy still has not been reached...
    expect(unreached(told.outbox)).toEqual([
      expect.objectContaining({ role: 'coordinator', name: 'Tammy Hughes' }),
    ]);
    expect(told.events.at(-1)).toMatchObject({ type: 'delivered', note: 'Sent to the triage team.' });
  });

  it('flags a coordinator not told of a handover for the team queue, without an offer card for triage', () => {
    const sent = recordDelivery(introductionFor(OFFERED_TO_TAMMY), 'n1', { outcome: 'sent' }, NOW);
    const handed = enqueue(
      { ...sent, coordinatorEmail: 'sam.okafor@demo.gov.uk' },
      NOW.toISOString(),
      handoverNotification(
        sent,
        { name: 'Sam Okafor', email: 'sam.okafor@demo.gov.uk', aadObjectId: 'sam-id' },
        'Priya Shah',
      ),
    );
    const failed = recordDelivery(handed, 'n2', classifyFailure({ status: 403 }), NOW);
    expect(failed.outbox?.map((n) => [n.purpose, n.status])).toEqual([
      ['offer', 'sent'],
      ['handed-over', 'failed'],
    ]);
    expect(failed.events.at(-1)).toMatchObject({
      type: 'coordinator-not-reachable',
      note: 'Sam Okafor could not be told in Teams that this person was handed over to them (Teams refused: the app may be blocked or removed): tell them another way.',
    });
    expect(failed.deliveryProblem).toBe(true);
    expect(unreached(failed.outbox)).toEqual([expect.objectContaining({ name: 'Sam Okafor' })]);
    // Not sent once the person is someone else's.
    const notice = handed.outbox?.[1];
    expect(notice && isObsolete({ ...handed, coordinatorEmail: 'sam.okafor@demo.gov.uk' }, notice)).toBe(
      false,
    );
    expect(notice && isObsolete({ ...handed, coordinatorEmail: 'amira.khan@demo.gov.uk' }, notice)).toBe(
      true,
    );
    // The flag goes once Sam acts on the record (then he knows)...
    const acted = withEvent(failed, {
      at: at(60_000).toISOString(),
      by: { aadObjectId: 'sam-id', name: 'Sam Okafor' },
      type: 'note',
      note: 'Met Margaret.',
    });
    expect(stillUnreached(acted)).toEqual([]);
    expect(withDeliveryProblem(acted).deliveryProblem).toBeUndefined();
    // ...or once the person is someone else's.
    expect(stillUnreached({ ...failed, coordinatorEmail: 'amira.khan@demo.gov.uk' })).toEqual([]);
    expect(stillUnreached(failed)).toEqual([expect.objectContaining({ name: 'Sam Okafor' })]);
  });

  it('stops flagging a coordinator not reached once the introduction is someone else’s', () => {
    const failed = recordDelivery(
      introductionFor(OFFERED_TO_TAMMY),
      'n1',
      classifyFailure({ status: 403 }),
      NOW,
    );
    expect(failed.deliveryProblem).toBe(true);
    const assigned = withDeliveryProblem({ ...failed, coordinatorEmail: 'sam.okafor@demo.gov.uk' });
    expect(assigned.deliveryProblem).toBeUndefined();
    // The failure itself is kept (what happened is in the events; the outbox keeps the latest).
    expect(unreached(assigned.outbox)).toHaveLength(1);
  });

  it('gives up after the last attempt, and falls back the same way', () => {
    let introduction = introductionFor(OFFERED_TO_TAMMY);
    for (let i = 0; i < DEFAULT_RETRY_POLICY.maxAttempts; i++) {
      introduction = recordDelivery(introduction, 'n1', { outcome: 'retry', status: 503 }, NOW);
    }
    expect(introduction.outbox?.[0]).toMatchObject({ status: 'failed', failure: 'gave-up', attempts: 10 });
    expect(introduction.outbox?.[1]?.purpose).toBe('coordinator-unreachable');
  });

  it('tells whoever asked when a question cannot reach the introducer', () => {
    let introduction = withEvent(introductionFor(OFFERED_TO_TAMMY), {
      at: NOW.toISOString(),
      by: { aadObjectId: 'tammy-id', name: 'Tammy Hughes' },
      type: 'question-asked',
      questionId: 'q1',
      note: 'Morning visits?',
    });
    introduction = enqueue(introduction, NOW.toISOString(), {
      purpose: 'question',
      to: { kind: 'person', role: 'introducer', name: 'Jo Carter', aadObjectId: 'jo-object-id' },
      questionId: 'q1',
    });
    const failed = recordDelivery(introduction, 'n2', { outcome: 'failed', reason: 'not-installed' }, NOW);
    expect(failed.events.at(-1)).toMatchObject({ type: 'introducer-not-reachable' });
    expect(failed.outbox?.[2]).toMatchObject({
      purpose: 'question-not-delivered',
      to: { kind: 'person', role: 'asker', aadObjectId: 'tammy-id' },
      text: expect.stringContaining('their contact details are in its details'),
    });
  });

  it('ignores a result for a notification no longer pending (recorded twice)', () => {
    const sent = recordDelivery(introductionFor(OFFERED_TO_TAMMY), 'n1', { outcome: 'sent' }, NOW);
    expect(recordDelivery(sent, 'n1', { outcome: 'failed', reason: 'blocked' }, NOW)).toBe(sent);
  });
});

describe('classifying failures', () => {
  it.each([
    [
      { status: 429, retryAfterMs: 2000 },
      { outcome: 'retry', status: 429, retryAfterMs: 2000 },
    ],
    [{ status: 500 }, { outcome: 'retry', status: 500 }],
    [{ status: 503 }, { outcome: 'retry', status: 503 }],
    [{ status: 408 }, { outcome: 'retry', status: 408 }],
    [{ status: 412 }, { outcome: 'retry', status: 412 }],
    [{ status: 502 }, { outcome: 'retry', status: 502 }],
    [{ code: 'ECONNRESET' }, { outcome: 'retry', code: 'ECONNRESET' }],
    [{ status: 401 }, { outcome: 'retry', status: 401 }],
    [{ status: 403 }, { outcome: 'failed', reason: 'blocked', status: 403 }],
    [{ status: 404 }, { outcome: 'failed', reason: 'conversation-gone', status: 404 }],
    [{ status: 400 }, { outcome: 'failed', reason: 'rejected', status: 400 }],
  ])('%j → %j', (failure, expected) => {
    expect(classifyFailure(failure)).toEqual(expected);
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(parseRetryAfter('3', NOW)).toBe(3000);
    expect(parseRetryAfter(new Date(NOW.getTime() + 10_000).toUTCString(), NOW)).toBe(10_000);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
  });

  it('backs off exponentially with jitter, capped', () => {
    const policy = DEFAULT_RETRY_POLICY;
    expect(retryDelayMs(1, policy, undefined, () => 0.5)).toBe(5_000);
    expect(retryDelayMs(2, policy, undefined, () => 0.5)).toBe(10_000);
    expect(retryDelayMs(9, policy, undefined, () => 0.5)).toBe(300_000);
    expect(retryDelayMs(1, policy, undefined, () => 0)).toBe(4_000);
    expect(retryDelayMs(1, policy, undefined, () => 1)).toBe(6_000);
    expect(retryDelayMs(1, policy, 30_000, () => 1)).toBe(36_000);
  });
});

/** An offer posted to Tammy's chat, then accepted: the change queues a card update. */
function postedThenAccepted() {
  const posted = recordDelivery(
    introductionFor(OFFERED_TO_TAMMY),
    'n1',
    { outcome: 'sent', posted: [POSTED] },
    NOW,
  );
  const accepted = changeStatus(posted, 'accepted', tammy, NOW.toISOString());
  if (!accepted.ok) throw new Error(accepted.reason);
  return accepted;
}

describe('card updates and obsolete messages', () => {
  it('every change of state updates the posted cards, once however many changes wait', () => {
    const accepted = postedThenAccepted();
    expect(accepted.introduction.outbox?.at(-1)).toMatchObject({
      purpose: 'card-updates',
      to: { kind: 'posted-cards' },
    });
    const again = enqueue(accepted.introduction, NOW.toISOString(), CARD_UPDATES);
    expect(again.outbox?.filter((n) => n.purpose === 'card-updates')).toHaveLength(1);
  });

  it('sends card updates one at a time, so an older rendering never lands after a newer one', () => {
    const accepted = postedThenAccepted();
    const first = accepted.introduction.outbox?.at(-1);
    if (!first) throw new Error('no card update');
    // Instance A takes the first update and is still sending it...
    const inFlight = claimNotification(
      accepted.introduction,
      first.id,
      'instance-a',
      NOW.toISOString(),
      at(30_000).toISOString(),
    );
    if (!inFlight) throw new Error('not claimed');
    // ...when another change queues a second one.
    const steppedIn = changeStatus(inFlight, 'in-touch', tammy, at(1_000).toISOString());
    if (!steppedIn.ok) throw new Error(steppedIn.reason);
    const second = steppedIn.introduction.outbox?.at(-1);
    expect(second?.purpose).toBe('card-updates');
    expect(second?.id).not.toBe(first.id);
    // Instance B may not take it while A's is in flight.
    expect(dueNotification(steppedIn.introduction, at(2_000).toISOString())).toBeUndefined();
    expect(
      claimNotification(
        steppedIn.introduction,
        second?.id ?? '',
        'instance-b',
        at(2_000).toISOString(),
        at(32_000).toISOString(),
      ),
    ).toBeUndefined();
    // Once A has sent its update, the second is due: rendered then, it shows the latest state.
    const sent = recordDelivery(steppedIn.introduction, first.id, { outcome: 'sent' }, at(3_000));
    expect(dueNotification(sent, at(3_000).toISOString())?.id).toBe(second?.id);
    // And if A died mid-send, its claim runs out and the next update goes anyway.
    expect(dueNotification(steppedIn.introduction, at(30_000).toISOString())?.purpose).toBe('card-updates');
  });

  it('adds no card update when no card was posted', () => {
    const changed = changeStatus(introductionFor(OFFERED_TO_TAMMY), 'accepted', tammy, NOW.toISOString());
    if (!changed.ok) throw new Error(changed.reason);
    expect(changed.introduction.outbox?.map((n) => n.purpose)).toEqual(['offer']);
  });

  it('drops an offer once it is no longer offered to that coordinator', () => {
    const introduction = introductionFor(OFFERED_TO_TAMMY);
    const offer = introduction.outbox?.[0];
    if (!offer) throw new Error('no offer');
    expect(isObsolete(introduction, offer)).toBe(false);
    const accepted = changeStatus(introduction, 'accepted', tammy, NOW.toISOString());
    if (!accepted.ok) throw new Error(accepted.reason);
    expect(isObsolete(accepted.introduction, offer)).toBe(true);
    const dropped = recordDelivery(accepted.introduction, 'n1', { outcome: 'dropped' }, NOW);
    expect(dropped.outbox?.[0]?.status).toBe('dropped');
    expect(dropped.outboxDue).toBeUndefined();
  });
});

describe('an introduction made on the council’s website', () => {
  it('sends nothing to its introducer, who has no chat with the app, and everything else as ever', () => {
    const fromTheWeb = {
      ...introductionFor(OFFERED_TO_TAMMY),
      introducer: {
        aadObjectId: '',
        tenantId: '',
        partner: false,
        name: 'Ann Byrne',
        organisation: "Themselves, on the council's website",
        web: 'self' as const,
      },
      outbox: [],
    };
    const queued = enqueue(
      fromTheWeb,
      '2026-12-05T10:00:00Z',
      { purpose: 'introducer-update', to: introducerRecipient(fromTheWeb), text: 'Good news' },
      {
        purpose: 'offer',
        to: { kind: 'person', role: 'coordinator', name: 'Tammy Hughes', email: 'tammy.hughes@demo.gov.uk' },
      },
    );
    expect((queued.outbox ?? []).map((n) => n.purpose)).toEqual(['offer']);
  });
});
