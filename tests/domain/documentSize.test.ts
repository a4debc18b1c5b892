/**
 * An introduction with years of activity stays far below Cosmos DB's 2 MB item limit (hardening
 * 12): past it every write fails, consent withdrawal included. Years of activity are made with the
 * domain's own functions: notifications queued and delivered, reminders, coordinators' notes at
 * the longest the cards allow, questions and replies, card updates after every change.
 */
import {
  compactHistory,
  DOCUMENT_SOFT_LIMIT_BYTES,
  documentBytes,
  type Introduction,
  withEvent,
} from '../../src/domain/introductions/introduction';
import { CARD_UPDATES } from '../../src/domain/outbox/messages';
import {
  compactOutbox,
  enqueue,
  FINISHED_NOTIFICATIONS_KEPT,
  postedAs,
  recordDelivery,
  unreached,
} from '../../src/domain/outbox/outbox';
import { introductionFor, OFFERED_TO_TAMMY, POSTED_CARD } from '../helpers/introductionFixture';

const START = Date.parse('2026-11-19T16:00:00.000Z');
const tammy = { aadObjectId: 'tammy-id', name: 'Tammy Hughes' };
const CARD = POSTED_CARD;

/** 2,000 events over three years: a note at the longest every tenth, deliveries between. */
function yearsOfActivity(events = 2_000): Introduction {
  let introduction = recordDelivery(
    introductionFor(OFFERED_TO_TAMMY),
    'n1',
    { outcome: 'sent', posted: [CARD] },
    new Date(START),
  );
  for (let i = 0; introduction.events.length < events; i++) {
    const at = new Date(START + i * 12 * 3_600_000);
    const iso = at.toISOString();
    if (i % 10 === 0) {
      introduction = withEvent(introduction, { at: iso, by: tammy, type: 'note', note: 'n'.repeat(1_000) });
    } else if (i % 10 === 5) {
      introduction = withEvent(introduction, {
        at: iso,
        by: tammy,
        type: 'question-answered',
        questionId: `q-${i}`,
        note: 'r'.repeat(2_000),
      });
    } else {
      // A message queued and delivered, as every change makes one (card updates, introducer updates).
      introduction = enqueue(introduction, iso, CARD_UPDATES, {
        purpose: 'introducer-update',
        to: { kind: 'person', role: 'introducer', name: 'Jo Carter', aadObjectId: 'jo-id' },
        text: `Update ${i}`,
      });
      for (const n of (introduction.outbox ?? []).filter((x) => x.status === 'pending')) {
        introduction = recordDelivery(
          introduction,
          n.id,
          { outcome: 'sent', note: `Delivered, attempt ${i}.` },
          at,
        );
      }
    }
    // The repository compacts on every write; every 25th event is enough to bound it here.
    if (i % 25 === 0) introduction = compactHistory(introduction);
  }
  return compactHistory(introduction);
}

it('stays far below 2 MB after 2,000 events, and keeps every note a person typed', () => {
  const introduction = yearsOfActivity();
  const bytes = documentBytes(introduction);
  process.stdout.write(
    `an introduction with ${introduction.events.length} events: ${(bytes / 1024).toFixed(0)} KiB\n`,
  );
  expect(introduction.events.length).toBeGreaterThanOrEqual(2_000);
  expect(bytes).toBeLessThanOrEqual(DOCUMENT_SOFT_LIMIT_BYTES);
  expect(bytes).toBeLessThan(1024 * 1024);
  const typed = introduction.events.filter((e) => e.type === 'note' || e.type === 'question-answered');
  expect(typed.length).toBeGreaterThanOrEqual(200);
  for (const event of typed) expect(event.note?.length).toBeGreaterThanOrEqual(1_000);
  // The outbox keeps what is still to do and the latest few, not three years of messages, and its
  // ids are never given twice.
  expect(introduction.outbox?.length).toBeLessThanOrEqual(FINISHED_NOTIFICATIONS_KEPT);
  const ids = introduction.outbox?.map((n) => n.id) ?? [];
  expect(new Set(ids).size).toBe(ids.length);
  // The posted card still knows what it was posted as.
  expect(postedAs(introduction, CARD)).toBe('offer');
});

it('keeps a failure until the same person is reached again, however much else is sent', () => {
  let introduction = introductionFor(OFFERED_TO_TAMMY);
  introduction = recordDelivery(
    introduction,
    'n1',
    { outcome: 'failed', reason: 'blocked' },
    new Date(START),
  );
  for (let i = 0; i < 30; i++) {
    introduction = enqueue(introduction, new Date(START + i).toISOString(), {
      purpose: 'introducer-update',
      to: { kind: 'person', role: 'introducer', name: 'Jo Carter', aadObjectId: 'jo-id' },
      text: `Update ${i}`,
    });
    const pending = introduction.outbox?.find((n) => n.status === 'pending');
    if (pending)
      introduction = recordDelivery(introduction, pending.id, { outcome: 'sent' }, new Date(START + i));
  }
  expect(unreached(introduction.outbox).map((to) => to.kind === 'person' && to.role)).toEqual([
    'coordinator',
  ]);
  expect(compactOutbox(introduction.outbox ?? []).some((n) => n.status === 'failed')).toBe(true);
});

it('lets go of the bot’s own oldest delivery notes first when a document nears the limit, never a typed one', () => {
  let introduction = introductionFor(OFFERED_TO_TAMMY);
  for (let i = 0; i < 1_000; i++) {
    const at = new Date(START + i * 60_000).toISOString();
    introduction = withEvent(introduction, { at, by: tammy, type: 'delivered', note: 'd'.repeat(1_000) });
    if (i % 7 === 0)
      introduction = withEvent(introduction, { at, by: tammy, type: 'note', note: 't'.repeat(1_000) });
  }
  expect(documentBytes(introduction)).toBeGreaterThan(DOCUMENT_SOFT_LIMIT_BYTES);
  const compacted = compactHistory(introduction);
  expect(documentBytes(compacted)).toBeLessThanOrEqual(DOCUMENT_SOFT_LIMIT_BYTES);
  expect(compacted.events).toHaveLength(introduction.events.length);
  expect(compacted.events.filter((e) => e.type === 'note').every((e) => e.note?.length === 1_000)).toBe(true);
  // Oldest first: the newest delivery notes are still there.
  expect(compacted.events.at(-1)?.note).toHaveLength(1_000);
  expect(compacted.events.find((e) => e.type === 'delivered')?.note).toBeUndefined();
});

it('keeps one failure per recipient never reached, however many messages failed to reach them', () => {
  let introduction = introductionFor(OFFERED_TO_TAMMY);
  for (let i = 0; i < 40; i++) {
    introduction = enqueue(introduction, new Date(START + i).toISOString(), {
      purpose: 'introducer-update',
      to: { kind: 'person', role: 'introducer', name: 'Jo Carter', aadObjectId: 'jo-id' },
      text: `Update ${i}`,
    });
    const pending = introduction.outbox?.filter((n) => n.status === 'pending') ?? [];
    for (const n of pending) {
      introduction = recordDelivery(
        introduction,
        n.id,
        { outcome: 'failed', reason: 'not-installed' },
        new Date(START + i),
      );
    }
  }
  // Over 40 failures (the offer, its fallback to triage, 40 updates to Jo): the latest 10 finished
  // and the latest failure for each of the three never reached.
  expect(introduction.outbox?.length).toBeLessThanOrEqual(FINISHED_NOTIFICATIONS_KEPT + 3);
  expect(unreached(introduction.outbox)).toHaveLength(3);
});
