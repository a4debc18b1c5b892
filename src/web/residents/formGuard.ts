/**
 * What stands between the residents' form and a script (docs/decisions.md, "No CAPTCHA"):
 *
 * - **CSRF**: each form carries a token, HMAC-signed, bound to a random value in a cookie
 *   (`SameSite=Strict`, `HttpOnly`, `Secure` and the `__Host-` prefix when not on loopback): a post
 *   from another site, or with another browser's cookie, does not verify;
 * - **a honeypot**: a field people never see or fill in (hidden from sight and from screen readers);
 * - **time**: a form sent sooner than a person could (3 seconds) or later than a long pause
 *   (2 hours) is refused.
 *
 * The signing key is derived from the audit key (HKDF, its own label), so every instance verifies
 * every other's tokens with no new secret to keep. No I/O.
 */
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export const MIN_FORM_MS = 3_000;
export const MAX_FORM_MS = 2 * 60 * 60_000;
/**
 * The field a person never fills in: a name no browser's autofill recognises (a field called
 * "website" can be filled in for people), rendered with autocomplete="off", tabindex="-1", hidden.
 */
export const HONEYPOT = 'lac_leave_empty';

/** The form key, derived from the audit key for this use alone. */
export function formKey(auditKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', auditKey, Buffer.alloc(0), 'lac-front-door residents form', 32));
}

export const cookieName = (secure: boolean) => (secure ? '__Host-lac-form' : 'lac-form');

export function cookieHeader(value: string, secure: boolean): string {
  return `${cookieName(secure)}=${value}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}; Max-Age=7200`;
}

const sign = (key: Buffer, nonce: string, issuedAt: number) =>
  createHmac('sha256', key).update(`${nonce}.${issuedAt}`).digest('base64url');

/** A new form: the cookie's value (keep it if the browser has one) and the form's hidden token. */
export function issueForm(key: Buffer, now: Date, cookie?: string): { cookie: string; token: string } {
  const nonce =
    cookie && /^[A-Za-z0-9_-]{22,64}$/.test(cookie) ? cookie : randomBytes(24).toString('base64url');
  const issuedAt = now.getTime();
  return { cookie: nonce, token: `${issuedAt}.${sign(key, nonce, issuedAt)}` };
}

export type FormCheck = 'ok' | 'no-token' | 'forged' | 'too-fast' | 'expired' | 'honeypot';

/** Whether a posted form is one this service gave this browser, in a person's time, with the trap empty. */
export function checkForm(
  key: Buffer,
  posted: { token?: string; cookie?: string; honeypot?: string },
  now: Date,
  /** The least age of a form (default MIN_FORM_MS; 0 where a page is one quick choice). */
  options: { minimumMs?: number } = {},
): FormCheck {
  if ((posted.honeypot ?? '') !== '') return 'honeypot';
  const match = /^(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(posted.token ?? '');
  if (!match || !posted.cookie) return 'no-token';
  const issuedAt = Number(match[1]);
  const expected = Buffer.from(sign(key, posted.cookie, issuedAt));
  const given = Buffer.from(match[2] ?? '');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'forged';
  const age = now.getTime() - issuedAt;
  if (age < (options.minimumMs ?? MIN_FORM_MS)) return 'too-fast';
  if (age > MAX_FORM_MS) return 'expired';
  return 'ok';
}
