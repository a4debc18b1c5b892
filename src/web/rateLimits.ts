/**
 * Rate limits for the routes anyone on the internet reaches without signing in: the download page
 * and its form, and the health probes. Per client address and per instance (in memory,
 * `rate-limiter-flexible`): enough for a person pressing buttons and for Azure's probes, far too
 * little to guess tokens (2^256 of them) or to load the store. Over the limit: 429 with Retry-After.
 *
 * The client's address: behind App Service's front ends, the last address in X-Forwarded-For, the
 * one the front end appended (a client can send the header itself, and what it sends comes first:
 * keyed on that, a made-up address each request would be a fresh allowance); its port is dropped.
 * Locally, the socket's own.
 */

import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { RequestHandler } from 'restify';

export interface Limit {
  /** Requests allowed per client in each window. */
  points: number;
  /** The window, in seconds. */
  seconds: number;
}

/** What each unauthenticated route allows a client. */
export const LIMITS = {
  /** The page and its script (two requests a download). */
  downloadPage: { points: 60, seconds: 60 },
  /**
   * The form that gives a file: a records lead exporting a request with many matches presses two
   * buttons a record; each link works once anyway, and a token cannot be guessed.
   */
  download: { points: 30, seconds: 60 },
  /** The residents' pages and their assets (a page loads about ten files). */
  residentPages: { points: 300, seconds: 60 },
  /** /healthz and /readyz: App Service probes each instance once a minute; availability tests less. */
  health: { points: 60, seconds: 60 },
} as const satisfies Record<string, Limit>;

/**
 * Where the client's address comes from: the socket (local), App Service's front end (the last
 * X-Forwarded-For address), or Azure Front Door in front of App Service (`X-Azure-ClientIP`, believed
 * only on requests carrying this Front Door's own id, `X-Azure-FDID`; behind it, the last
 * X-Forwarded-For address is Front Door's, shared by every resident).
 */
export type ClientAddressFrom = boolean | { frontDoorId: string };

const bare = (address: string) =>
  address.replace(/^\[([^\]]+)\](:\d+)?$/, '$1').replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1');

export function clientAddress(
  req: { headers: Record<string, string | string[] | undefined>; socket?: { remoteAddress?: string } },
  from: ClientAddressFrom,
): string {
  const header = (name: string) => {
    const value = req.headers[name];
    return (Array.isArray(value) ? value[0] : value)?.trim();
  };
  if (typeof from === 'object' && header('x-azure-fdid')?.toLowerCase() === from.frontDoorId.toLowerCase()) {
    const client = header('x-azure-clientip');
    if (client) return bare(client);
  }
  const behindProxy = from !== false;
  if (behindProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const all = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',') ?? [];
    const last = all.at(-1)?.trim();
    // "203.0.113.9:51234" or "[2001:db8::1]:51234" or a bare address.
    if (last) return last.replace(/^\[([^\]]+)\](:\d+)?$/, '$1').replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1');
  }
  return req.socket?.remoteAddress ?? 'unknown';
}

export function rateLimited(limit: Limit, behindProxy: ClientAddressFrom): RequestHandler {
  const limiter = new RateLimiterMemory({ points: limit.points, duration: limit.seconds });
  // Not async: restify takes an async handler only without `next`.
  return (req, res, next) => {
    limiter.consume(clientAddress(req, behindProxy)).then(
      () => next(),
      (refusal: unknown) => {
        const ms = (refusal as { msBeforeNext?: number }).msBeforeNext ?? 1000;
        const wait = Math.max(1, Math.ceil(ms / 1000));
        res.header('Retry-After', String(wait));
        res.header('Content-Type', 'text/plain; charset=utf-8');
        res.sendRaw(429, `Too many requests: try again in ${wait} seconds.\n`);
        next(false);
      },
    );
  };
}
