/**
 * An introduction made on the council's website (the open door, issue 23): the resident's answers,
 * question by question, checked by the same rules as the Teams card (`parseIntroductionForm`: one
 * set of rules for what an introduction must hold), and mapped into it. Who is making it decides
 * the rest: about themselves (they agree by making it), about someone they know who agrees, or for
 * a community group about someone who agrees. "Is anyone at immediate risk?" answered yes stores
 * nothing: the page sends them to 999 and the council's safeguarding numbers at once.
 *
 * Problems are returned by field as codes (`missing`, `invalid`, and a few of their own), for the
 * pages to word from their catalogues in English or Welsh. No I/O.
 */

import type { Introducer, WebConsentHow } from './introduction';
import { type FormValues, parseIntroductionForm, type ValidForm } from './introductionForm';

export const WEB_WHO = ['self', 'someone', 'group'] as const;
export type WebWho = (typeof WEB_WHO)[number];

/** Every question the pages ask, by page, in order. */
export const WEB_PAGES = {
  who: ['who'],
  person: ['fullName', 'preferredName', 'postcode', 'noFixedAddress', 'ageBand'],
  contact: ['phone', 'email', 'contactPreference', 'contactTimes'],
  matters: ['themes', 'goodLife', 'anythingElse'],
  risk: ['immediateRisk'],
  introducer: ['introducerName', 'introducerPhone', 'introducerEmail', 'groupName', 'agreed'],
} as const;
export type WebPage = keyof typeof WEB_PAGES;
export type WebField = (typeof WEB_PAGES)[WebPage][number];
export type WebAnswers = Partial<Record<WebField, string>>;

/** Why a field is not right yet: the pages word each from their catalogues. */
export type WebProblem = 'missing' | 'invalid' | 'too-long' | 'under-16' | 'not-agreed';

export type WebResult =
  | {
      ok: true;
      form: Omit<ValidForm, 'consentHow'> & { consentHow: WebConsentHow };
      introducer: Introducer;
      who: WebWho;
    }
  /** Someone is at immediate risk: nothing is stored, the page sends them to 999 and safeguarding. */
  | { ok: false; risk: true }
  | { ok: false; risk?: false; problems: Partial<Record<WebField, WebProblem>> };

/**
 * The age band a resident may choose besides the Teams card's: under 16, answered with where to go
 * instead (Local Area Coordination here works with people aged 16 and over).
 */
export const UNDER_16 = 'under-16';

/** How long a resident's words may be (as the Teams card allows). */
export const WEB_LONGEST: Partial<Record<WebField, number>> = {
  fullName: 120,
  preferredName: 120,
  contactTimes: 120,
  introducerName: 120,
  introducerEmail: 254,
  introducerPhone: 40,
  groupName: 120,
  goodLife: 2000,
  anythingElse: 2000,
};

/** What a resident's introducer is called in the record and on the coordinator's offer. */
export const WEB_ORGANISATION: Record<WebWho, string> = {
  self: "Themselves, on the council's website",
  someone: "Someone who knows them, on the council's website",
  group: "A community group, on the council's website",
};

const FIELD_OF: Record<string, WebField> = {
  organisation: 'groupName',
  consent: 'agreed',
  consentHow: 'agreed',
};

/** The answers checked, page by page, and mapped into an introduction's form. */
export function parseWebIntroduction(answers: WebAnswers, today: string): WebResult {
  // Own fields only, as text: nothing inherited (`__proto__`, `constructor`) is ever read.
  const text = (field: WebField) => {
    const value = Object.hasOwn(answers, field) ? answers[field] : undefined;
    return typeof value === 'string' ? value.trim() : '';
  };
  const problems: Partial<Record<WebField, WebProblem>> = {};
  const who = text('who') as WebWho;
  if (!(WEB_WHO as readonly string[]).includes(who)) return { ok: false, problems: { who: 'missing' } };
  // Asked before anything is kept: yes sends them to 999 and safeguarding, and nothing is stored.
  if (text('immediateRisk') === 'yes') return { ok: false, risk: true };
  if (text('immediateRisk') !== 'no') problems.immediateRisk = 'missing';
  for (const [field, longest] of Object.entries(WEB_LONGEST) as [WebField, number][])
    if (text(field).length > longest) problems[field] = 'too-long';
  if (text('ageBand') === UNDER_16) problems.ageBand = 'under-16';
  const forSomeone = who !== 'self';
  if (!forSomeone && text('contactPreference') === 'introducer') problems.contactPreference = 'invalid';
  if (text('introducerEmail') && !/^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{1,63}$/.test(text('introducerEmail')))
    problems.introducerEmail = 'invalid';
  if (forSomeone) {
    if (!text('introducerName')) problems.introducerName = 'missing';
    if (!text('introducerPhone') && !text('introducerEmail')) problems.introducerPhone = 'missing';
    if (text('agreed') !== 'yes') problems.agreed = 'not-agreed';
    if (who === 'group' && !text('groupName')) problems.groupName = 'missing';
  }
  // Cut to length for the shared rules (a too-long answer is said above), so every other check runs.
  const cut = (field: WebField) => text(field).slice(0, WEB_LONGEST[field] ?? 2000);
  const values: FormValues = {
    fullName: cut('fullName'),
    preferredName: cut('preferredName'),
    postcode: text('postcode'),
    noFixedAddress: text('noFixedAddress') === 'yes' ? 'true' : 'false',
    ageBand: text('ageBand') === UNDER_16 ? '' : text('ageBand'),
    phone: text('phone'),
    email: text('email'),
    contactPreference: text('contactPreference'),
    // Someone introducing another may be the way to reach them ("through me").
    contactThroughMe: forSomeone && text('contactPreference') === 'introducer' ? 'true' : 'false',
    contactTimes: cut('contactTimes'),
    themes: text('themes'),
    goodLife: cut('goodLife'),
    anythingElse: cut('anythingElse'),
    // Making it about themselves is their agreement; someone else says the person agreed.
    consent: !forSomeone || text('agreed') === 'yes' ? 'true' : 'false',
    consentHow: 'writing',
    immediateRisk: 'no',
    organisation: who === 'group' ? cut('groupName') || WEB_ORGANISATION.group : WEB_ORGANISATION[who],
    ...(forSomeone && text('introducerPhone') ? { introducerPhone: text('introducerPhone') } : {}),
  };
  const parsed = parseIntroductionForm(values, 'introduction', today);
  if (!parsed.ok)
    for (const [formField, message] of Object.entries(parsed.errors)) {
      const field = (FIELD_OF[formField] ?? formField) as WebField;
      if (problems[field] || !isWebField(field)) continue;
      problems[field] = /16 and over/.test(message ?? '')
        ? 'under-16'
        : text(field) === '' && !(field === 'postcode' && text('noFixedAddress') === 'yes')
          ? 'missing'
          : 'invalid';
    }
  if (Object.keys(problems).length > 0 || !parsed.ok) return { ok: false, problems };
  const name = forSomeone ? text('introducerName') : parsed.form.person.fullName;
  return {
    ok: true,
    who,
    // The Teams card's rules checked it as agreed "in writing"; recorded as it really came.
    form: { ...parsed.form, consentHow: forSomeone ? 'web-introducer' : 'web-self' },
    introducer: {
      aadObjectId: '',
      tenantId: '',
      partner: false,
      name,
      organisation: parsed.form.organisation,
      ...(forSomeone && text('introducerEmail') ? { email: text('introducerEmail').toLowerCase() } : {}),
      ...(forSomeone && text('introducerPhone') ? { phone: text('introducerPhone') } : {}),
      ...(who === 'group' ? { kind: 'community' as const } : {}),
      web: who,
    },
  };
}

const ALL_FIELDS = new Set<string>(Object.values(WEB_PAGES).flat());
const isWebField = (field: string): field is WebField => ALL_FIELDS.has(field);

/** Who introduced it, as the coordinator's offer says: how a web introduction came, in words. */
export function introducedByWords(introducer: Introducer): string {
  if (introducer.web === 'self') return "Introduced themselves on the council's website";
  if (introducer.web === 'someone')
    return `${introducer.name}, someone who knows them, on the council's website`;
  if (introducer.web === 'group')
    return `${introducer.organisation} (community group), on the council's website: ${introducer.name}`;
  return `${introducer.name}, ${introducer.organisation}`;
}
