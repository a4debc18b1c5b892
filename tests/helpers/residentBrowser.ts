/**
 * A resident's browser with JavaScript off, as far as the pages can tell: it keeps the form cookie,
 * reads each page's hidden token, posts forms as `application/x-www-form-urlencoded` and follows
 * redirects itself (so a test sees each 303). For the server-side tests; Chromium drives the same
 * pages in tests/e2e/residentJourney.test.ts.
 */
export interface PageResponse {
  status: number;
  html: string;
  location?: string;
  headers: Headers;
}

export class ResidentBrowser {
  cookie?: string;

  constructor(
    readonly base: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  private keep(response: Response): void {
    const set = response.headers.get('set-cookie');
    const match = set ? /^((?:__Host-)?lac-form)=([^;]+)/.exec(set) : null;
    if (match) this.cookie = `${match[1]}=${match[2]}`;
  }

  async get(path: string): Promise<PageResponse> {
    const response = await fetch(`${this.base}${path}`, {
      redirect: 'manual',
      headers: { ...this.headers, ...(this.cookie ? { cookie: this.cookie } : {}) },
    });
    this.keep(response);
    return {
      status: response.status,
      html: await response.text(),
      ...(response.headers.get('location') ? { location: response.headers.get('location') ?? '' } : {}),
      headers: response.headers,
    };
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
    const response = await fetch(`${this.base}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        ...this.headers,
        'content-type': 'application/x-www-form-urlencoded',
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: form.toString(),
    });
    this.keep(response);
    return {
      status: response.status,
      html: await response.text(),
      ...(response.headers.get('location') ? { location: response.headers.get('location') ?? '' } : {}),
      headers: response.headers,
    };
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
