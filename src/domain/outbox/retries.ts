/**
 * Retries of messages Teams did not take: what a failure means (try again, or give up and why),
 * Retry-After as the Bot Connector sends it, and the backoff between attempts.
 *
 * No I/O: the time and the random jitter are passed in.
 */
import type { DeliveryResult } from './messages';

export interface RetryPolicy {
  /** First retry after this long; doubled each time, with ±20% jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts before giving up and treating it as undeliverable. */
  maxAttempts: number;
}

/**
 * 5 s, 10 s, 20 s ... capped at 5 minutes, ten attempts: about 20 minutes of trying before the
 * introduction goes to the triage team instead. (The Bot Framework SDK also retries each attempt up
 * to three times within seconds, honouring Retry-After; these retries are for what outlasts that.)
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseDelayMs: 5_000, maxDelayMs: 300_000, maxAttempts: 10 };

/** What a failed send means: try again (when), or give up (why). */
export function classifyFailure(failure: {
  status?: number;
  code?: string;
  retryAfterMs?: number;
}): DeliveryResult {
  const { status, code } = failure;
  const detail = { ...(status !== undefined ? { status } : {}), ...(code ? { code } : {}) };
  // Teams's guidance: retry 429, 412, 502 and 504 (with backoff and jitter); other 5xx and 408 too.
  if (status === 429 || status === 412 || status === 408 || (status !== undefined && status >= 500)) {
    return {
      outcome: 'retry',
      ...detail,
      ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
    };
  }
  // 401: the bot's own credentials were refused. Operators must act; retry meanwhile, then fall back.
  if (status === 401) return { outcome: 'retry', ...detail };
  if (status === 403) return { outcome: 'failed', reason: 'blocked', ...detail };
  if (status === 404) return { outcome: 'failed', reason: 'conversation-gone', ...detail };
  if (status !== undefined && status >= 400) return { outcome: 'failed', reason: 'rejected', ...detail };
  // No status: the network or a timeout (ECONNRESET, ETIMEDOUT, TIMEOUT...): try again.
  return { outcome: 'retry', ...detail };
}

/** Retry-After as sent by the Bot Connector: seconds, or an HTTP date. */
export function parseRetryAfter(value: string | undefined | null, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/**
 * How long to wait before attempt `attempts + 1`: doubling from the base with ±20% jitter (so that
 * instances do not retry in step); when the Bot Connector said Retry-After, that long and at most
 * 20% more.
 */
export function retryDelayMs(
  attempts: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  if (retryAfterMs !== undefined) return retryAfterMs + Math.round(retryAfterMs * 0.2 * random());
  return Math.round(exponential * (0.8 + 0.4 * random()));
}
