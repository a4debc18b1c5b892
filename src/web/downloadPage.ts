/**
 * The download page: what a card's download button opens (src/bot/downloadLinks.ts).
 *
 * - GET /download: a page with a Download button. Its script (GET /download.js, the only script,
 *   from this server) reads the link from after `#`, puts it in the form, and takes it out of the
 *   address bar and the browser's history. Without JavaScript the page says why it needs it.
 * - POST /download: the form (`link=<kind>/<token>/<file>`, URL-encoded, at most 1 KB): the file, as
 *   an attachment, once; a used, expired or unknown link gets a page saying to ask again in Teams.
 *
 * No request line carries the token; a link works once (src/storage/downloadLinks.ts) for ten
 * minutes. A strict CSP (this server's script only, no styles, no frames, forms only to itself), no
 * referrer, no caching. Both routes are rate limited per client (src/web/rateLimits.ts). The page
 * needs no CSRF token: what the POST does needs the link's own token, which only its holder has.
 */
import getRawBody from 'raw-body';
import type { Request, RequestHandler, Response } from 'restify';
import { DOWNLOAD_LINK, type DownloadKind } from '../bot/downloadLinks';
import type { Logger } from '../logger';
import type { Download } from '../services/reports/reportService';

export type DownloadSource = (token: string, file: string) => Promise<Download | 'expired' | undefined>;

const ASK_AGAIN: Record<DownloadKind, string> = {
  reports: 'Ask for the report again in Teams (type "monthly report").',
  'subject-access': 'Ask again in Teams (type "subject access").',
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Download: LAC Front Door</title>
</head>
<body>
<main>
<h1>Your download from LAC Front Door</h1>
<form method="post" action="/download">
<input type="hidden" name="link" id="link" value="">
<p id="ready" hidden>Press Download to save the file. The link works once, and for ten minutes after it was made: after that, ask again in Teams.</p>
<p id="missing" hidden>This page has no download link. Press the download button on the card in Teams again.</p>
<button type="submit" id="go" disabled>Download</button>
</form>
<noscript><p>This page needs JavaScript to read the download link, which stays in your browser and is never sent in the page's address. Turn JavaScript on, or ask again in Teams.</p></noscript>
</main>
<script src="/download.js"></script>
</body>
</html>
`;

const SCRIPT = `(function () {
  var link = window.location.hash.slice(1);
  if (!${DOWNLOAD_LINK.toString()}.test(link)) {
    document.getElementById('missing').hidden = false;
    return;
  }
  document.getElementById('link').value = link;
  window.history.replaceState(null, '', window.location.pathname);
  document.getElementById('ready').hidden = false;
  document.getElementById('go').disabled = false;
})();
`;

/** The page's policy: this server's script only, no styles, forms only to itself, no frames. */
const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/** A file's: an HTML export opened in the browser runs nothing and loads nothing (its styles are inline). */
const FILE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/** Once a response: restify adds a header a second time rather than replacing it. */
function secured(res: Response, policy = PAGE_POLICY): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', policy);
}

function message(res: Response, status: number, title: string, words: string): void {
  secured(res);
  res.header('Content-Type', 'text/html; charset=utf-8');
  res.sendRaw(
    status,
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${title}: LAC Front Door</title>\n</head>\n<body>\n<main>\n<h1>${title}</h1>\n<p>${words}</p>\n</main>\n</body>\n</html>\n`,
  );
}

export const downloadPage: RequestHandler = async (_req, res) => {
  secured(res);
  res.header('Content-Type', 'text/html; charset=utf-8');
  res.sendRaw(200, PAGE);
};

export const downloadScript: RequestHandler = async (_req, res) => {
  secured(res);
  res.header('Content-Type', 'text/javascript; charset=utf-8');
  res.sendRaw(200, SCRIPT);
};

/** POST /download: the file behind the link in the form, once. */
export function downloadFile(
  sources: Partial<Record<DownloadKind, DownloadSource>>,
  logger: Logger,
): RequestHandler {
  return async (req: Request, res: Response) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    let body = '';
    try {
      if (type !== 'application/x-www-form-urlencoded') throw new Error('not a form');
      body = await getRawBody(req, { limit: 1024, encoding: 'utf8' });
    } catch {
      res.header('Connection', 'close');
      message(
        res,
        400,
        'Not a download',
        'This is not a download this page made. Press the button in Teams again.',
      );
      return;
    }
    const match = DOWNLOAD_LINK.exec(new URLSearchParams(body).get('link') ?? '');
    const kind = match?.[1] as DownloadKind | undefined;
    const source = kind ? sources[kind] : undefined;
    const found = match && source ? await source(match[2] ?? '', match[3] ?? '') : undefined;
    if (found === undefined || found === 'expired') {
      const again = kind ? ASK_AGAIN[kind] : 'Ask again in Teams.';
      if (found === 'expired')
        message(res, 410, 'This link has expired', `It worked for ten minutes. ${again}`);
      else
        message(
          res,
          404,
          'Nothing to download',
          `This link has been used, or there is nothing here. A link works once. ${again}`,
        );
      return;
    }
    logger.info({ kind }, 'download given');
    secured(res, FILE_POLICY);
    res.header('Content-Type', found.contentType);
    res.header('Content-Disposition', `attachment; filename="${found.filename}"`);
    res.sendRaw(200, found.body);
  };
}
