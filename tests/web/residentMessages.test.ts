/**
 * Every word of the residents' pages in English and Welsh: the same keys in both catalogues, the
 * same placeholders in each message, and every key a template asks for present.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
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
  for (const file of readdirSync(TEMPLATES)) {
    const text = readFileSync(path.join(TEMPLATES, file), 'utf8');
    for (const m of text.matchAll(/t\('([\w.]+)'\)/g)) asked.add(m[1] ?? '');
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
