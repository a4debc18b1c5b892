/**
 * The residents' pages' assets, all served by the app (no request leaves for another site):
 * GOV.UK Frontend's stylesheet, script, fonts and images from the installed package, and the
 * pages' own small script. Only files that exist under those folders, by name: no path from the
 * request is joined to the disk.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'restify';
import { PAGE_POLICY } from './headers';

const DIST = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist', 'govuk');

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.json': 'application/manifest+json',
};

/** The pages' own script: marks the page as having JavaScript and starts GOV.UK Frontend's components. */
const OWN_SCRIPT = `import { initAll } from '/assets/govuk-frontend.min.js?v=${JSON.parse(readFileSync(path.join(DIST, '..', '..', 'package.json'), 'utf8')).version}';
document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
`;

/** Every file the pages may load, by the path they load it from. */
function catalogue(): Map<string, { type: string; body: Buffer }> {
  const files = new Map<string, { type: string; body: Buffer }>();
  const add = (urlPath: string, file: string) => {
    const type = TYPES[path.extname(file)];
    if (type) files.set(urlPath, { type, body: readFileSync(file) });
  };
  add('govuk-frontend.min.css', path.join(DIST, 'govuk-frontend.min.css'));
  add('govuk-frontend.min.js', path.join(DIST, 'govuk-frontend.min.js'));
  for (const folder of ['fonts', 'images'])
    for (const name of readdirSync(path.join(DIST, 'assets', folder)))
      add(`${folder}/${name}`, path.join(DIST, 'assets', folder, name));
  add('manifest.json', path.join(DIST, 'assets', 'manifest.json'));
  files.set('lac-front-door.mjs', { type: TYPES['.mjs'] ?? '', body: Buffer.from(OWN_SCRIPT) });
  return files;
}

let files: Map<string, { type: string; body: Buffer }> | undefined;

/** GET /assets/*: one of the files above, cached a day; anything else 404. */
export const assets: RequestHandler = async (req, res) => {
  files ??= catalogue();
  const wanted = String((req.params as Record<string, string>)['*'] ?? '');
  const file = files.get(wanted);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', PAGE_POLICY);
  if (!file) {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.sendRaw(404, 'Not found\n');
    return;
  }
  res.setHeader('Content-Type', file.type);
  res.setHeader('Cache-Control', 'public, max-age=86400');
  res.sendRaw(200, file.body);
};
