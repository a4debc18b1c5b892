/**
 * Local mode (no BOT_ID: the Agents Playground on a laptop) has no authentication, so the only
 * thing between /api/messages and the rest of the world is that everything about a request is on
 * this machine:
 *
 * - the `Host` header names a loopback address (a web page that rebinds its own name to 127.0.0.1
 *   still sends its own name, so DNS rebinding is refused);
 * - an `Origin` header, when a browser sends one, is a loopback origin (a page elsewhere cannot
 *   drive the bot through a visitor's browser);
 * - the activity's `serviceUrl`, where the bot sends its replies and asks who a member is, is a
 *   loopback URL (the bot never follows a request to post a team's queue to somebody's server).
 *
 * With BOT_ID set none of this applies: the adapter refuses any request without a valid Bot
 * Framework token, and the service URL comes from a token Microsoft signed.
 */

const LOOPBACK_NAMES = new Set(['localhost', '::1', '[::1]']);

/** 127.0.0.0/8, ::1 and localhost (with or without a port, brackets for IPv6). */
export function isLoopbackHostname(hostname: string): boolean {
  const name = hostname.trim().toLowerCase().replace(/\.$/, '');
  return LOOPBACK_NAMES.has(name) || /^127(\.\d{1,3}){3}$/.test(name) || name.endsWith('.localhost');
}

/** A `Host` header's host name, without its port. */
export function hostnameOfHostHeader(host: string): string {
  const value = host.trim();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  return value.split(':')[0] ?? '';
}

export function isLoopbackUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      (parsed.protocol === 'http:' || parsed.protocol === 'https:') && isLoopbackHostname(parsed.hostname)
    );
  } catch {
    return false;
  }
}

/** Why a local-mode request is refused, or undefined when everything about it is local. */
export function refuseNonLocal(
  headers: { host?: string; origin?: string },
  activity: { serviceUrl?: unknown },
): string | undefined {
  if (!headers.host || !isLoopbackHostname(hostnameOfHostHeader(headers.host))) {
    return 'local mode answers requests addressed to this machine only';
  }
  if (headers.origin !== undefined && !isLoopbackUrl(headers.origin)) {
    return 'local mode answers pages on this machine only';
  }
  if (typeof activity.serviceUrl !== 'string' || !isLoopbackUrl(activity.serviceUrl)) {
    return 'local mode replies to a service on this machine only';
  }
  return undefined;
}
