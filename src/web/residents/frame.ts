/**
 * What every residents' page shares: where each page is in each language, the switch to the same
 * page in the other language where the council's file offers both, the council's words (its area,
 * its phone number, its safeguarding words in the page's language), and the page for a language
 * the council does not offer.
 */
import type { Directory } from '../../domain/directory/directory';
import type { Language } from './messages';
import { type Paths, render } from './render';

/** The journey's root in each language: /introduce and /cy/introduce. */
export const base = (lang: Language) => (lang === 'cy' ? '/cy/introduce' : '/introduce');

/**
 * The layout's context for the page at `here` (under the root: '' for the start page), with the
 * Start button's address where the journey is there to take.
 */
export function frame(lang: Language, directory: Directory, here: string, journey = true) {
  const offered = directory.residents.languages;
  const other: Language = lang === 'cy' ? 'en' : 'cy';
  const paths: Paths = {
    start: base(lang),
    privacy: `${base(lang)}/privacy`,
    ...(offered.includes(other) ? { other: `${base(other)}${here}` } : {}),
    ...(journey ? { firstQuestion: `${base(lang)}/who` } : {}),
  };
  return {
    lang,
    ...(offered.includes(other) ? { otherLang: other } : {}),
    paths,
    values: { area: directory.area, phone: directory.residents.phone ?? '' } as Record<
      string,
      string | number
    >,
    phone: directory.residents.phone,
    safeguarding:
      lang === 'cy'
        ? (directory.residents.safeguardingWelsh ?? directory.safeguarding)
        : directory.safeguarding,
  };
}

/** The page in a language the council's file does not offer (404, in English), or undefined if offered. */
export function notOffered(lang: Language, directory: Directory): string | undefined {
  return directory.residents.languages.includes(lang)
    ? undefined
    : render('notOffered.njk', frame('en', directory, '', false));
}
