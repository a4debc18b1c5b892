/**
 * What every residents' page sends besides itself: a strict Content-Security-Policy (this server's
 * own styles, scripts, fonts and images; no inline script; no frames; forms only to itself),
 * nosniff, no referrer, HSTS where the app is not on loopback, and no caching of anything that may
 * carry someone's answers.
 */
import type { Response } from 'restify';

export const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function pageHeaders(res: Response, options: { hsts: boolean; noStore: boolean }): void {
  res.setHeader('Content-Security-Policy', PAGE_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  if (options.hsts) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  res.setHeader('Cache-Control', options.noStore ? 'no-store' : 'no-cache');
}
