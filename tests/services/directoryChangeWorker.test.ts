/**
 * The background working-through of directory changes: what each outcome of a pass leads to (at
 * once on a newer version, again later and less often when busy or incomplete, one more look after
 * a pass is done and no more), one pass at a time, and nothing after stop.
 */
import pino from 'pino';
import { DirectoryChangeWorker } from '../../src/services/directory/directoryChangeWorker';
import type { WorkThroughOutcome } from '../../src/services/directory/directoryWorkThrough';

const bot = { aadObjectId: 'lac-front-door', name: 'LAC Front Door', tenantId: 't' };
const priya = { aadObjectId: 'priya', name: 'Priya Shah', tenantId: 't' };
const worked = { rerouted: 0, needCoordinator: 0, followed: 0, restamped: 0, failed: 0, interrupted: false };
const done: WorkThroughOutcome = { outcome: 'done', version: 'v2', ...worked };
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await pause(5);
  expect(condition()).toBe(true);
};

interface Call {
  actor: string;
  again: boolean;
  at: number;
  overlapping: boolean;
}

function worker(outcomes: WorkThroughOutcome[], timing = { retryMs: 20, settleMs: 40, maxRetryMs: 60 }) {
  const calls: Call[] = [];
  let running = 0;
  const administration = {
    workThroughInForce: async (actor: typeof bot, options: { again?: boolean } = {}) => {
      calls.push({
        actor: actor.name,
        again: options.again ?? false,
        at: Date.now(),
        overlapping: running > 0,
      });
      running++;
      await pause(2);
      running--;
      return outcomes.shift() ?? { outcome: 'already' as const };
    },
  };
  const changes = new DirectoryChangeWorker(administration, {
    bot,
    logger: pino({ level: 'silent' }),
    ...timing,
  });
  return { changes, calls };
}

it('works a newer version through at once when a pass is superseded, as the bot', async () => {
  const { changes, calls } = worker([{ outcome: 'superseded' }, { outcome: 'already' }]);
  changes.kick(priya);
  await until(() => calls.length === 2);
  expect(calls.map((c) => [c.actor, c.again])).toEqual([
    ['Priya Shah', false],
    ['LAC Front Door', false],
  ]);
  await changes.stop();
});

it('tries again later while another instance is busy or records failed, then looks once more, and stops', async () => {
  jest.useFakeTimers();
  try {
    const { changes, calls } = worker([
      { outcome: 'busy' },
      { outcome: 'incomplete', version: 'v2', ...worked, failed: 1 },
      done,
      done,
    ]);
    changes.kick(priya);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(calls.map((c) => c.again)).toEqual([false, false, false, true]);
    // Each pass takes 2 ms here; the waits after it double (20, then 40 ms), and the look once
    // more comes 40 ms after the pass that was done. Nothing is scheduled after it.
    const gaps = calls.slice(1).map((c, i) => c.at - (calls[i] as Call).at);
    expect(gaps).toEqual([22, 42, 42]);
    await changes.stop();
  } finally {
    jest.useRealTimers();
  }
});

it('keeps one pass waiting, however many are asked for, and runs one at a time', async () => {
  jest.useFakeTimers();
  try {
    const { changes, calls } = worker([done, done, done, done, done], {
      retryMs: 0,
      settleMs: 30,
      maxRetryMs: 0,
    });
    for (let i = 0; i < 5; i++) changes.kick();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(calls.some((c) => c.overlapping)).toBe(false);
    // Five passes done, but one look after them, not five.
    expect(calls.map((c) => c.again)).toEqual([false, false, false, false, false, true]);
    await changes.stop();
    changes.kick();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(6);
  } finally {
    jest.useRealTimers();
  }
});

it('waits no longer than the longest retry, and keeps going after a pass throws', async () => {
  jest.useFakeTimers();
  try {
    let first = true;
    const calls: number[] = [];
    const changes = new DirectoryChangeWorker(
      {
        workThroughInForce: async () => {
          calls.push(Date.now());
          if (first) {
            first = false;
            throw new Error('Cosmos DB unavailable');
          }
          return { outcome: 'busy' };
        },
      },
      { bot, logger: pino({ level: 'silent' }), retryMs: 10, maxRetryMs: 40, settleMs: 0 },
    );
    changes.kick();
    await jest.advanceTimersByTimeAsync(200);
    const gaps = calls.slice(1).map((at, i) => at - (calls[i] as number));
    expect(gaps.slice(0, 5)).toEqual([10, 20, 40, 40, 40]);
    await changes.stop();
  } finally {
    jest.useRealTimers();
  }
});
