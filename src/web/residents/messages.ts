/**
 * Every word of the residents' pages, in English and Welsh: message catalogues with the same keys
 * (messages/en.json, messages/cy.json; a test fails on a key missing from either, or placeholders
 * that differ). The Welsh is the product's own draft: the council's translation service reviews it
 * before the pages go live (docs/resident-web.md).
 */
import cy from './messages/cy.json';
import en from './messages/en.json';

export const LANGUAGES = ['en', 'cy'] as const;
export type Language = (typeof LANGUAGES)[number];

export type MessageKey = keyof typeof en;

export const CATALOGUES: Record<Language, Record<string, string>> = { en, cy };

/** The placeholders a message holds ("{area}"), in order. */
export const placeholdersOf = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');

/** A message in a language, its placeholders filled in (a missing value stays visible as {name}). */
export function message(
  language: Language,
  key: MessageKey,
  values: Record<string, string | number> = {},
): string {
  const text = CATALOGUES[language][key] ?? CATALOGUES.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    values[name] === undefined ? whole : String(values[name]),
  );
}
