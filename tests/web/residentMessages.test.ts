/**
 * Every word of the residents' pages in English and Welsh: the same keys in both catalogues, the
 * same placeholders in each message, and every key a template asks for present.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AGE_BANDS, CONTACT_PREFERENCES, THEMES } from '../../src/domain/introductions/introduction';
import { UNDER_16, WEB_PAGES, type WebField } from '../../src/domain/introductions/webIntroduction';
import { problemText } from '../../src/web/residents/journey';
import { CATALOGUES, placeholdersOf } from '../../src/web/residents/messages';

const TEMPLATES = path.resolve(__dirname, '..', '..', 'src', 'web', 'residents', 'templates');

it('has the same keys in English and Welsh', () => {
  expect(Object.keys(CATALOGUES.cy).sort()).toEqual(Object.keys(CATALOGUES.en).sort());
});

it('has the same placeholders in each message in both languages, and no empty message', () => {
  for (const [key, english] of Object.entries(CATALOGUES.en)) {
    const welsh = CATALOGUES.cy[key] ?? '';
    expect([key, placeholdersOf(welsh).sort()]).toEqual([key, placeholdersOf(english).sort()]);
    expect([key, english.trim() !== '' && welsh.trim() !== '']).toEqual([key, true]);
  }
});

it('has every key the templates ask for, the privacy page’s sections included', () => {
  const asked = new Set<string>();
  for (const file of readdirSync(TEMPLATES, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.njk')) continue;
    const text = readFileSync(path.join(TEMPLATES, file), 'utf8');
    for (const m of text.matchAll(/t\('([\w.]+)'\)/g)) asked.add(m[1] ?? '');
    // Keys made from who it is about: "t('person.title.' + about)".
    for (const m of text.matchAll(/t\('([\w.]+\.)' \+ about\)/g))
      for (const about of ['self', 'other']) asked.add(`${m[1]}${about}`);
    const sections = /for section in \[([^\]]+)\]/.exec(text)?.[1];
    for (const s of sections?.matchAll(/'(\w+)'/g) ?? []) {
      asked.add(`privacy.${s[1]}`);
      asked.add(`privacy.${s[1]}Heading`);
    }
  }
  expect(asked.size).toBeGreaterThan(20);
  const missing = [...asked].filter((key) => !(key in CATALOGUES.en));
  expect(missing).toEqual([]);
});

it('is Welsh in the Welsh catalogue, not English copied across', () => {
  const same = Object.keys(CATALOGUES.en).filter(
    (key) => CATALOGUES.en[key] === CATALOGUES.cy[key] && !/otherLanguage/.test(key),
  );
  expect(same).toEqual([]);
});

it('has the words for every choice the pages offer, and for every page that stops a journey', () => {
  const needed = [
    ...[...AGE_BANDS, UNDER_16].map((band) => `ageBand.${band}`),
    ...Object.keys(THEMES).map((theme) => `theme.${theme}`),
    ...Object.keys(CONTACT_PREFERENCES).map((way) => `contactWay.${way}`),
    ...['limited', 'unavailable', 'refused', 'expired'].flatMap((kind) => [
      `stopped.${kind}.title`,
      `stopped.${kind}.body`,
    ]),
    ...['patch', 'service', 'none'].map((basis) => `sent.expect.${basis}`),
    ...['self', 'someone', 'group'].map((who) => `who.${who}`),
  ];
  expect(needed.filter((key) => !(key in CATALOGUES.en))).toEqual([]);
});

it('words every problem of every question, in both languages, never with a placeholder left showing', () => {
  const fields = Object.values(WEB_PAGES).flat() as WebField[];
  for (const lang of ['en', 'cy'] as const)
    for (const field of fields)
      for (const problem of ['missing', 'invalid', 'too-long', 'under-16', 'not-agreed'] as const)
        for (const about of ['self', 'other'] as const) {
          const text = problemText(lang, field, problem, about, { max: 120, area: 'Demo', phone: '1' });
          expect([field, problem, text]).not.toEqual([field, problem, expect.stringMatching(/\{|^error\./)]);
        }
  // Each error message names a real question.
  for (const key of Object.keys(CATALOGUES.en).filter(
    (k) => k.split('.').length > 2 && k.startsWith('error.'),
  ))
    expect(fields).toContain(key.split('.')[1]);
});
