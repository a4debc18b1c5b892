/**
 * Rendering the residents' pages: nunjucks with GOV.UK Frontend's own macros and this feature's
 * templates (./templates, copied beside the compiled code by `npm run build`), every value escaped.
 * A page's words come from the message catalogues in its language (./messages.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import nunjucks from 'nunjucks';
import { type Language, type MessageKey, message } from './messages';

const GOVUK = path.dirname(require.resolve('govuk-frontend/package.json'));

/**
 * In the stylesheet's and the script's addresses (`?v=`), so an upgrade's browsers fetch them
 * afresh rather than keep a day-old copy: GOV.UK Frontend's version (the fonts and images it loads
 * carry a hash in their names already).
 */
export const ASSET_VERSION = (
  JSON.parse(readFileSync(path.join(GOVUK, 'package.json'), 'utf8')) as { version: string }
).version;

const environment = new nunjucks.Environment(
  new nunjucks.FileSystemLoader([path.join(__dirname, 'templates'), path.join(GOVUK, 'dist')], {
    noCache: false,
  }),
  { autoescape: true, throwOnUndefined: false },
);

/** Where each page of the journey is, in the page's language. */
export interface Paths {
  start: string;
  privacy: string;
  /** The same page in the other language, where the council offers it. */
  other?: string;
  /** The first question, once the journey is there to take. */
  firstQuestion?: string;
}

export function render(
  template: string,
  context: {
    lang: Language;
    otherLang?: Language;
    paths: Paths;
    values: Record<string, string | number>;
    [more: string]: unknown;
  },
): string {
  const t = (key: string) => message(context.lang, key as MessageKey, context.values);
  return environment.render(template, { ...context, t, assetVersion: ASSET_VERSION });
}
