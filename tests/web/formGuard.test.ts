/** The residents' form's guards: a token bound to the browser's cookie, a person's time, the honeypot. */
import fc from 'fast-check';
import {
  checkForm,
  cookieHeader,
  formKey,
  issueForm,
  MAX_FORM_MS,
  MIN_FORM_MS,
} from '../../src/web/residents/formGuard';

const key = formKey(Buffer.alloc(32, 5));
const now = new Date('2026-12-05T18:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);

it('accepts a form sent by the browser it was given to, in a person’s time', () => {
  const { cookie, token } = issueForm(key, now);
  expect(checkForm(key, { token, cookie, honeypot: '' }, later(20_000))).toBe('ok');
});

it('refuses another browser’s cookie, a made-up token, no token, the honeypot, haste and a long pause', () => {
  const { cookie, token } = issueForm(key, now);
  const other = issueForm(key, now).cookie;
  expect(checkForm(key, { token, cookie: other }, later(20_000))).toBe('forged');
  expect(checkForm(key, { token: `${now.getTime()}.${'A'.repeat(43)}`, cookie }, later(20_000))).toBe(
    'forged',
  );
  expect(checkForm(key, { cookie }, later(20_000))).toBe('no-token');
  expect(checkForm(key, { token }, later(20_000))).toBe('no-token');
  expect(checkForm(key, { token, cookie, honeypot: 'http://spam' }, later(20_000))).toBe('honeypot');
  expect(checkForm(key, { token, cookie }, later(MIN_FORM_MS - 1))).toBe('too-fast');
  expect(checkForm(key, { token, cookie }, later(MAX_FORM_MS + 1))).toBe('expired');
  // A key derived from another audit key verifies nothing.
  expect(checkForm(formKey(Buffer.alloc(32, 6)), { token, cookie }, later(20_000))).toBe('forged');
});

it('keeps the browser’s cookie across forms, and makes a fresh one for a malformed value', () => {
  const first = issueForm(key, now);
  expect(issueForm(key, now, first.cookie).cookie).toBe(first.cookie);
  expect(issueForm(key, now, 'x;y=z').cookie).not.toBe('x;y=z');
});

it('sets the cookie strictly: HttpOnly, SameSite=Strict, and Secure with the __Host- prefix off loopback', () => {
  expect(cookieHeader('abc', true)).toBe(
    '__Host-lac-form=abc; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=7200',
  );
  expect(cookieHeader('abc', false)).toBe('lac-form=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=7200');
});

it('never throws, whatever is posted (fuzzed)', () => {
  fc.assert(
    fc.property(fc.string(), fc.string(), fc.string(), (token, cookie, honeypot) => {
      const outcome = checkForm(key, { token, cookie, honeypot }, now);
      return outcome !== 'ok';
    }),
  );
});
