/**
 * Works each version of the directory through in the background, on every instance that runs
 * background workers (never a staging slot): when a version comes into force here (a confirm, a
 * reload from the store or the deployed file) and at start. Passes are serialised on the instance;
 * across instances the `directory-changes` lease lets one at a time work (DirectoryAdministration
 * workThroughInForce). What a pass comes to decides what follows:
 *
 * - `superseded`: a newer version came into force part-way: at once, on the newer one;
 * - `busy` (another instance is working) or `incomplete` (some records failed): again after
 *   `retryMs`, until done;
 * - `done`: once more after `settleMs`, looking again at a version already worked through: an
 *   instance that had not yet loaded the version (each reloads within its poll period) may have
 *   routed an offer to someone who has just left.
 *
 * A timer of 0 ms means never (tests drive passes themselves).
 */
import type { Actor } from '../domain/introduction';
import type { Logger } from '../logger';
import type { DirectoryAdministration, WorkThroughOutcome } from './directoryAdministration';

export class DirectoryChangeWorker {
  private chain: Promise<void> = Promise.resolve();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly administration: Pick<DirectoryAdministration, 'workThroughInForce'>,
    private readonly options: {
      /** Who the changes are by when nobody in particular caused them: the bot. */
      bot: Actor;
      retryMs: number;
      settleMs: number;
      logger: Logger;
    },
  ) {}

  /** Queues a pass; `actor` is whoever caused the change (an administrator's confirm). */
  kick(actor: Actor = this.options.bot, again = false): void {
    if (this.stopped) return;
    this.chain = this.chain
      .then(() => (this.stopped ? undefined : this.administration.workThroughInForce(actor, again)))
      .then((result) => this.follow(result, actor))
      .catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'directory change not worked through');
        this.later(this.options.retryMs, actor, again);
      });
  }

  /** Stops: no new pass starts, timers are cleared, and the pass under way is waited for. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.chain;
  }

  private follow(result: WorkThroughOutcome | undefined, actor: Actor): void {
    switch (result?.outcome) {
      case 'superseded':
        this.kick(actor);
        return;
      case 'busy':
      case 'incomplete':
        this.later(this.options.retryMs, actor, false);
        return;
      case 'done':
        this.later(this.options.settleMs, this.options.bot, true);
        return;
      default:
        return;
    }
  }

  private later(ms: number, actor: Actor, again: boolean): void {
    if (ms <= 0 || this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.kick(actor, again);
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }
}
