/**
 * Works each version of the directory through in the background, on every instance that runs
 * background workers (never a staging slot): when a version comes into force here (a confirm, a
 * reload from the store or the deployed file) and at start. Passes are serialised on the instance;
 * across instances the `directory-changes` lease lets one at a time work (DirectoryAdministration
 * workThroughInForce). What a pass comes to decides what follows, with at most one pass waiting:
 *
 * - `superseded`: a newer version came into force part-way: at once, on the newer one;
 * - `busy` (another instance is working) or `incomplete` (some records failed): again after
 *   `retryMs`, doubling each time up to `maxRetryMs`, until it is done;
 * - `done`: once more after `settleMs`, looking again at the version just worked through (an
 *   instance that had not yet loaded it, as each does within its poll period, may have routed an
 *   offer to someone who has just left); that second look schedules nothing more.
 *
 * Passes that follow one an administrator caused are by the bot: it is the bot that works them.
 * A timer of 0 ms means never (tests drive passes themselves).
 */
import type { Actor } from '../../domain/introductions/introduction';
import type { Logger } from '../../logger';
import type { DirectoryAdministration } from './directoryAdministration';
import type { WorkThroughOutcome } from './directoryWorkThrough';

export class DirectoryChangeWorker {
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private retries = 0;
  private stopped = false;

  constructor(
    private readonly administration: Pick<DirectoryAdministration, 'workThroughInForce'>,
    private readonly options: {
      /** Who the changes are by when nobody in particular caused them: the bot. */
      bot: Actor;
      retryMs: number;
      /** The longest wait between retries (default an hour). */
      maxRetryMs?: number;
      settleMs: number;
      logger: Logger;
    },
  ) {}

  /** Queues a pass; `actor` is whoever caused the change (an administrator's confirm). */
  kick(actor: Actor = this.options.bot, again = false): void {
    if (this.stopped) return;
    if (!again) this.clearTimer();
    this.chain = this.chain
      .then(() =>
        this.stopped
          ? undefined
          : this.administration.workThroughInForce(actor, { again, stopping: () => this.stopped }),
      )
      .then((result) => this.follow(result, again))
      .catch((error: unknown) => {
        this.options.logger.error({ err: error }, 'directory change not worked through');
        this.retry(again);
      });
  }

  /** Stops: no new pass starts, the waiting one is dropped, and the pass under way stops early. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    await this.chain;
  }

  private follow(result: WorkThroughOutcome | undefined, again: boolean): void {
    if (this.stopped || !result) return;
    switch (result.outcome) {
      case 'superseded':
        this.retries = 0;
        this.kick(this.options.bot);
        return;
      case 'busy':
      case 'incomplete':
        this.retry(again);
        return;
      case 'done':
        this.retries = 0;
        if (!again) this.later(this.options.settleMs, true);
        return;
      case 'already':
        this.retries = 0;
        return;
    }
  }

  private retry(again: boolean): void {
    const max = this.options.maxRetryMs ?? 3_600_000;
    this.later(Math.min(max, this.options.retryMs * 2 ** this.retries), again);
    this.retries++;
  }

  /** The one pass waiting, replacing any other. */
  private later(ms: number, again: boolean): void {
    if (ms <= 0 || this.stopped) return;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick(this.options.bot, again);
    }, ms);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
