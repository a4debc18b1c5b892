/**
 * The open door's pages (docs/resident-web.md): the start page and the privacy page, in English at
 * /introduce and in Welsh at /cy/introduce where the council's file offers Welsh
 * (`residents.languages`), with GOV.UK Frontend's assets; and, given what it needs, the journey that
 * makes an introduction (./journey.ts). They work without JavaScript.
 */
import type { Request, Response, Server } from 'restify';
import type { Directory } from '../../domain/directory/directory';
import { type ClientAddressFrom, LIMITS, rateLimited } from '../rateLimits';
import { assets } from './assets';
import { base, frame, notOffered } from './frame';
import { pageHeaders } from './headers';
import { type JourneyOptions, mountJourney } from './journey';
import type { Language } from './messages';
import { render } from './render';

export interface ResidentPagesOptions {
  directory: () => Directory;
  /** Not on loopback: HSTS, and the client's address from App Service's front end or Front Door. */
  behindProxy: ClientAddressFrom;
  /** The questions, check your answers and the confirmation: without them, the start page has no Start button. */
  journey?: Omit<JourneyOptions, 'directory' | 'behindProxy'>;
}

export function mountResidentPages(server: Server, options: ResidentPagesOptions): void {
  const limit = rateLimited(LIMITS.residentPages, options.behindProxy);
  const page = (lang: Language, template: 'start' | 'privacy') => async (_req: Request, res: Response) => {
    const directory = options.directory();
    pageHeaders(res, { hsts: options.behindProxy !== false, noStore: false });
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    const refused = notOffered(lang, directory);
    if (refused) {
      res.sendRaw(404, refused);
      return;
    }
    const context = frame(lang, directory, template === 'start' ? '' : '/privacy', !!options.journey);
    const { retention } = directory.records;
    res.sendRaw(
      200,
      render(`${template}.njk`, {
        ...context,
        values: {
          ...context.values,
          dpo: directory.records.dataProtectionOfficer ?? '',
          shortYears: retention.neverBecameSupportYears,
          longYears: retention.supportYears,
        },
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
  if (options.journey)
    mountJourney(
      server,
      { ...options.journey, directory: options.directory, behindProxy: options.behindProxy },
      limit,
    );
}
