/**
 * The open door's pages (issue 23, in progress): the start page and the privacy page, in English at
 * /introduce and in Welsh at /cy/introduce where the council's file offers Welsh
 * (`residents.languages`), with GOV.UK Frontend's assets. They work without JavaScript. Not yet
 * mounted by the app (src/main.ts): the journey that makes an introduction comes first; tests mount
 * them (tests/web/residentPages.test.ts, tests/e2e/residentPages.test.ts).
 */
import type { Request, Response, Server } from 'restify';
import type { Directory } from '../../domain/directory/directory';
import { type ClientAddressFrom, LIMITS, rateLimited } from '../rateLimits';
import { assets } from './assets';
import { pageHeaders } from './headers';
import type { Language } from './messages';
import { type Paths, render } from './render';

export interface ResidentPagesOptions {
  directory: () => Directory;
  /** Not on loopback: HSTS, and the client's address from App Service's front end or Front Door. */
  behindProxy: ClientAddressFrom;
  /** The first question of the journey, once there is one. */
  firstQuestion?: (lang: Language) => string;
}

const base = (lang: Language) => (lang === 'cy' ? '/cy/introduce' : '/introduce');

function pathsFor(
  lang: Language,
  offered: readonly Language[],
  page: 'start' | 'privacy',
  options: ResidentPagesOptions,
): Paths {
  const other: Language = lang === 'cy' ? 'en' : 'cy';
  const pageOf = (l: Language) => (page === 'start' ? base(l) : `${base(l)}/privacy`);
  return {
    start: base(lang),
    privacy: `${base(lang)}/privacy`,
    ...(offered.includes(other) ? { other: pageOf(other) } : {}),
    ...(options.firstQuestion ? { firstQuestion: options.firstQuestion(lang) } : {}),
  };
}

export function mountResidentPages(server: Server, options: ResidentPagesOptions): void {
  const limit = rateLimited(LIMITS.residentPages, options.behindProxy);
  const page = (lang: Language, template: 'start' | 'privacy') => async (_req: Request, res: Response) => {
    const directory = options.directory();
    const offered = directory.residents.languages;
    pageHeaders(res, { hsts: options.behindProxy !== false, noStore: false });
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    if (!offered.includes(lang)) {
      res.sendRaw(
        404,
        render('notOffered.njk', {
          lang: 'en',
          paths: pathsFor('en', offered, 'start', options),
          values: { area: directory.area },
        }),
      );
      return;
    }
    const other: Language = lang === 'cy' ? 'en' : 'cy';
    const { retention } = directory.records;
    res.sendRaw(
      200,
      render(`${template}.njk`, {
        lang,
        ...(offered.includes(other) ? { otherLang: other } : {}),
        paths: pathsFor(lang, offered, template, options),
        values: {
          area: directory.area,
          dpo: directory.records.dataProtectionOfficer ?? '',
          shortYears: retention.neverBecameSupportYears,
          longYears: retention.supportYears,
        },
        safeguarding:
          lang === 'cy'
            ? (directory.residents.safeguardingWelsh ?? directory.safeguarding)
            : directory.safeguarding,
        dpo: directory.records.dataProtectionOfficer,
        privacyNotice: directory.records.privacyNotice,
      }),
    );
  };
  for (const lang of ['en', 'cy'] as const) {
    server.get(base(lang), limit, page(lang, 'start'));
    server.get(`${base(lang)}/privacy`, limit, page(lang, 'privacy'));
  }
  server.get('/assets/*', limit, assets);
}
