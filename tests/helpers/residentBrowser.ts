/**
 * A resident's browser with JavaScript off, as far as the pages can tell: it keeps the form cookie,
 * reads each page's hidden token, posts forms as `application/x-www-form-urlencoded` and follows
 * redirects itself (so a test sees each 303). For the server-side tests; Chromium drives the same
 * pages in tests/e2e/residentJourney.test.ts.
 */
import { request } from 'node:http';

export interface PageResponse {
  status: number;
  html: string;
  location?: string;
  headers: Headers;
}

export class ResidentBrowser {
  cookie?: string;

  /**
   * `localAddress`: the loopback address this browser connects from (127.0.0.2, 127.0.0.3…), so
   * that many residents on one machine are as many clients to the limits.
   */
  constructor(
    readonly base: string,
    private readonly headers: Record<string, string> = {},
    private readonly localAddress?: string,
  ) {}

  /** One request over node:http (fetch cannot choose the address it connects from). */
  private send(method: 'GET' | 'POST', path: string, extra: Record<string, string>, body?: string) {
    return new Promise<PageResponse>((resolve, reject) => {
      const headers = { ...this.headers, ...extra, ...(this.cookie ? { cookie: this.cookie } : {}) };
      const req = request(
        `${this.base}${path}`,
        { method, headers, ...(this.localAddress ? { localAddress: this.localAddress } : {}) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const set = res.headers['set-cookie']?.[0];
            const match = set ? /^((?:__Host-)?lac-form)=([^;]+)/.exec(set) : null;
            if (match) this.cookie = `${match[1]}=${match[2]}`;
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers))
              if (value !== undefined)
                responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
            resolve({
              status: res.statusCode ?? 0,
              html: Buffer.concat(chunks).toString('utf8'),
              ...(res.headers.location ? { location: res.headers.location } : {}),
              headers: responseHeaders,
            });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  get(path: string): Promise<PageResponse> {
    return this.send('GET', path, {});
  }

  /** The page's form posted with `fields` (the page's hidden token and honeypot included). */
  async post(path: string, fields: Record<string, string | string[]>, page?: string): Promise<PageResponse> {
    const form = new URLSearchParams();
    // The page's hidden fields, as a browser sends them (the token; "change" from check your answers).
    for (const hidden of page?.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g) ?? [])
      form.append(hidden[1] ?? '', (hidden[2] ?? '').replace(/&amp;/g, '&'));
    form.append('lac_leave_empty', '');
    for (const [name, value] of Object.entries(fields))
      for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
    return this.send('POST', path, { 'content-type': 'application/x-www-form-urlencoded' }, form.toString());
  }

  /** Opens a page and answers it: the redirect's target, or the page again with its problems. */
  async answer(path: string, fields: Record<string, string | string[]>): Promise<PageResponse> {
    const page = await this.get(path);
    if (page.status !== 200) throw new Error(`${path}: ${page.status} ${page.location ?? ''}`);
    const action = /<form method="post" action="([^"]+)"/.exec(page.html)?.[1]?.replace(/&amp;/g, '&');
    return this.post(action ?? path, fields, page.html);
  }
}

/** Every page of a self-introduction, answered as a person would. */
export async function introduceMyself(
  browser: ResidentBrowser,
  root: string,
  person: Record<string, string | string[]>,
  /** Called before the check page: a test's clock moves on as a person's would. */
  pause: () => void = () => {},
): Promise<PageResponse> {
  for (const [step, fields] of [
    ['who', { who: 'self' }],
    ['risk', { immediateRisk: 'no' }],
    [
      'person',
      { fullName: person.fullName ?? '', postcode: person.postcode ?? '', ageBand: person.ageBand ?? '' },
    ],
    ['contact', { phone: person.phone ?? '', email: '', contactPreference: 'phone', contactTimes: '' }],
    ['matters', { goodLife: person.goodLife ?? '', themes: person.themes ?? [], anythingElse: '' }],
  ] as const) {
    const answered = await browser.answer(`${root}/${step}`, fields);
    if (answered.status !== 303)
      throw new Error(`${step}: ${answered.status}\n${answered.html.slice(0, 3000)}`);
  }
  pause();
  const check = await browser.get(`${root}/check`);
  if (check.status !== 200) throw new Error(`check: ${check.status} ${check.location}`);
  return browser.post(`${root}/check`, {}, check.html);
}

/** What a flood of posts met: each status's count. */
export type FloodTally = Record<number, number>;

/**
 * A script flooding the pages from one address: `workers` at once, each making introductions page
 * after page, until `posts` posts have been sent in all. The worst case: each worker read one form
 * for a real token and cookie, and posts every page with them (a token serves for two hours; a
 * flood without one is refused before anything is counted or stored).
 */
export async function flood(base: string, posts: number, workers = 10): Promise<FloodTally> {
  const tally: FloodTally = {};
  let sent = 0;
  const pages: [string, Record<string, string>][] = [
    ['who', { who: 'self' }],
    ['risk', { immediateRisk: 'no' }],
    ['person', { fullName: 'Flood Script', postcode: 'RM3 7AB', ageBand: '25-34' }],
    ['contact', { phone: '07700 900999' }],
    ['matters', { goodLife: 'x' }],
    ['check', {}],
  ];
  await Promise.all(
    Array.from({ length: workers }, async () => {
      const browser = new ResidentBrowser(base);
      const form = await browser.get('/introduce/who');
      while (sent < posts)
        for (const [step, fields] of pages) {
          if (sent >= posts) return;
          sent++;
          const { status } = await browser.post(`/introduce/${step}`, fields, form.html);
          tally[status] = (tally[status] ?? 0) + 1;
        }
    }),
  );
  return tally;
}
