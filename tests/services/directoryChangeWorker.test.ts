/**
 * The background working-through of directory changes: what each outcome of a pass leads to (at
 * once on a newer version, again later when busy or incomplete, one more look after a pass is
 * done), one pass at a time, and nothing after stop.
 */
import pino from 'pino';
import type { WorkThroughOutcome } from '../../src/services/directoryAdministration';
import { DirectoryChangeWorker } from '../../src/services/directoryChangeWorker';

const bot = { aadObjectId: 'lac-front-door', name: 'LAC Front Door', tenantId: 't' };
const priya = { aadObjectId: 'priya', name: 'Priya Shah', tenantId: 't' };
const worked = { rerouted: 0, needCoordinator: 0, followed: 0, restamped: 0, failed: 0, interrupted: false };
const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
};

function worker(outcomes: WorkThroughOutcome[], timing = { retryMs: 20, settleMs: 40 }) {
  const calls: { actor: string; again: boolean; overlapping: boolean }[] = [];
  let running = 0;
  const administration = {
    workThroughInForce: async (actor: typeof bot, again = false) => {
      calls.push({ actor: actor.name, again, overlapping: running > 0 });
      running++;
      await new Promise((r) => setTimeout(r, 2));
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

it('works a newer version through at once when a pass is superseded, as whoever caused it', async () => {
  const { changes, calls } = worker([{ outcome: 'superseded' }, { outcome: 'already' }]);
  changes.kick(priya);
  await until(() => calls.length === 2);
  expect(calls.map((c) => [c.actor, c.again])).toEqual([
    ['Priya Shah', false],
    ['Priya Shah', false],
  ]);
  await changes.stop();
});

it('tries again later while another instance is busy or records failed, then looks once more when done', async () => {
  const { changes, calls } = worker([
    { outcome: 'busy' },
    { outcome: 'incomplete', version: 'v2', ...worked, failed: 1 },
    { outcome: 'done', version: 'v2', ...worked },
    { outcome: 'done', version: 'v2', ...worked },
  ]);
  changes.kick();
  await until(() => calls.length === 4);
  expect(calls.map((c) => c.again)).toEqual([false, false, false, true]);
  // The look after the second "done" is scheduled; stop clears it.
  await changes.stop();
  await new Promise((r) => setTimeout(r, 60));
  expect(calls).toHaveLength(4);
});

it('runs one pass at a time on the instance, however often it is kicked', async () => {
  const { changes, calls } = worker([], { retryMs: 0, settleMs: 0 });
  for (let i = 0; i < 5; i++) changes.kick();
  await until(() => calls.length === 5);
  expect(calls.some((c) => c.overlapping)).toBe(false);
  await changes.stop();
  changes.kick();
  await new Promise((r) => setTimeout(r, 20));
  expect(calls).toHaveLength(5);
});

it('keeps going after a pass throws, trying again later', async () => {
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
        return { outcome: 'already' };
      },
    },
    { bot, logger: pino({ level: 'silent' }), retryMs: 20, settleMs: 0 },
  );
  changes.kick();
  await until(() => calls.length === 2);
  await changes.stop();
});
