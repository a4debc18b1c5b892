/**
 * The open door's questions, check your answers, and the confirmation (issue 23), in English under
 * /introduce and in Welsh under /cy/introduce: one page a question group, post, redirect, get.
 *
 * - **Order**: who is making it; whether anyone is at immediate risk (asked before anything about a
 *   person, so "yes" stores nothing at all: the draft is deleted and the page gives 999 and the
 *   council's safeguarding numbers); the person; how to reach them; what matters; the introducer
 *   (for someone else only); check your answers; sent.
 * - **Between pages** the answers are a draft on the server (src/storage/residents/drafts.ts),
 *   sealed with the form cookie's key. Every page checks its answers with the same rules as the
 *   Teams card (`parseWebIntroduction`), shows what was typed with the problems, and sends nothing
 *   until "Send introduction". A second press, or a refresh, sends nothing twice: the draft's form
 *   id is the introduction's id.
 * - **Guards** on every post (src/web/residents/formGuard.ts): the form's token bound to the cookie,
 *   the honeypot, and for sending, a person's pace since the first answer. Limits counted by every
 *   instance together, per keyed hash of the client's address and for the whole service, from the
 *   council's file (`residents.limits`); over a limit, a page that says so and gives the phone
 *   number.
 * - **Logs** carry the client's hash, never its address, a name or an answer.
 */
import { createHmac, hkdfSync, randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response, Server } from 'restify';
import type { Directory } from '../../domain/directory/directory';
import { ukToday } from '../../domain/directory/routing';
import type { ContactExpectation } from '../../domain/introductions/expectedContact';
import { AGE_BANDS, CONTACT_PREFERENCES, THEMES } from '../../domain/introductions/introduction';
import {
  parseWebIntroduction,
  UNDER_16,
  WEB_LONGEST,
  type WebAnswers,
  type WebField,
  type WebProblem,
  type WebWho,
} from '../../domain/introductions/webIntroduction';
import type { Logger } from '../../logger';
import type { WebSubmitResult } from '../../services/introductions/introductionService';
import type { DraftRepository, ResidentDraft } from '../../storage/residents/drafts';
import type { ThrottleOutcome } from '../../storage/residents/throttle';
import { type ClientAddressFrom, clientAddress } from '../rateLimits';
import { checkSections } from './checkAnswers';
import { readForm } from './formBody';
import { checkForm, cookieHeader, cookieName, HONEYPOT, issueForm } from './formGuard';
import { base, frame, notOffered } from './frame';
import { pageHeaders } from './headers';
import { CATALOGUES, type Language, type MessageKey, message } from './messages';
import { render } from './render';
import { FIELDS, STEPS, type Step, stepsFor } from './steps';

/** Fields sent several times (checkboxes), kept as one comma-separated answer. */
const SEVERAL: readonly string[] = ['themes'];

/**
 * The least time from a journey's first answer to sending it: a person reads and types eight pages;
 * a script that posts them all at once is refused (it is offered the page again, as a person who
 * really was that quick would be).
 */
export const MINIMUM_JOURNEY_MS = 20_000;

export interface Throttle {
  consume(key: string, limit: number, windowSeconds: number, now: Date): Promise<ThrottleOutcome>;
}

export interface JourneyOptions {
  directory: () => Directory;
  drafts: DraftRepository;
  throttle: Throttle;
  submit: (formId: string, answers: WebAnswers) => Promise<WebSubmitResult>;
  expectedContact: (patchId: string | undefined, welsh: boolean) => Promise<ContactExpectation>;
  /** The forms' signing key (formGuard's `formKey`), also keying the client address's hash. */
  formKey: Buffer;
  behindProxy: ClientAddressFrom;
  logger: Logger;
  clock?: () => Date;
  /** Tests only: a journey's least time (default MINIMUM_JOURNEY_MS). */
  minimumJourneyMs?: number;
}

/** The problems of one page's answers, by the same rules as the whole introduction. */
export function problemsOf(
  answers: WebAnswers,
  step: Step | 'all',
  today: string,
): { risk: true } | { risk?: false; problems: Partial<Record<WebField, WebProblem>> } {
  const result = parseWebIntroduction(answers, today);
  if (result.ok) return { problems: {} };
  if (result.risk) return { risk: true };
  if (step === 'all') return { problems: result.problems };
  const mine = FIELDS[step] as readonly string[];
  return {
    problems: Object.fromEntries(
      Object.entries(result.problems).filter(([field]) => mine.includes(field)),
    ) as Partial<Record<WebField, WebProblem>>,
  };
}

/** The first page holding a problem, in journey order. */
function firstStepWith(problems: Partial<Record<WebField, WebProblem>>, who: string | undefined): Step {
  return stepsFor(who).find((step) => FIELDS[step].some((field) => problems[field] !== undefined)) ?? 'who';
}

/** A problem in the page's words: the field's own for who it is about, the field's, or the kind's. */
export function problemText(
  lang: Language,
  field: WebField,
  problem: WebProblem,
  about: 'self' | 'other',
  values: Record<string, string | number>,
): string {
  for (const key of [`error.${field}.${problem}.${about}`, `error.${field}.${problem}`, `error.${problem}`])
    if (Object.hasOwn(CATALOGUES.en, key)) return message(lang, key as MessageKey, values);
  return message(lang, 'error.invalid', values);
}

/** Mounts the journey's pages, each behind `limit` (the pages' per-instance limit) first. */
export function mountJourney(server: Server, options: JourneyOptions, limit: RequestHandler): void {
  const clock = options.clock ?? (() => new Date());
  const secure = options.behindProxy !== false;
  const addressKey = Buffer.from(
    hkdfSync('sha256', options.formKey, Buffer.alloc(0), 'lac-front-door client address', 32),
  );
  const clientOf = (req: Request) =>
    createHmac('sha256', addressKey)
      .update(clientAddress(req, options.behindProxy))
      .digest('base64url')
      .slice(0, 22);

  const cookieOf = (req: Request): string | undefined => {
    const name = cookieName(secure);
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [key, ...value] = part.trim().split('=');
      if (key === name) return value.join('=');
    }
    return undefined;
  };

  const send = (res: Response, status: number, html: string) => {
    pageHeaders(res, { hsts: secure, noStore: true });
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.sendRaw(status, html);
  };
  const redirect = (res: Response, to: string) => {
    pageHeaders(res, { hsts: secure, noStore: true });
    res.setHeader('Location', to);
    res.sendRaw(303, '');
  };
  /** A page that stops the journey: over a limit, the store unavailable, a form not ours. */
  const stop = (
    res: Response,
    lang: Language,
    directory: Directory,
    status: number,
    kind: 'limited' | 'unavailable' | 'refused' | 'expired',
    retryAfter?: number,
  ) => {
    if (retryAfter) res.setHeader('Retry-After', String(retryAfter));
    if (status === 413 || status === 415 || status === 400) res.setHeader('Connection', 'close');
    const context = frame(lang, directory, '');
    send(
      res,
      status,
      render('stopped.njk', {
        ...context,
        kind,
        values: { ...context.values, minutes: Math.max(1, Math.ceil((retryAfter ?? 60) / 60)) },
      }),
    );
  };

  /** The cookie this browser keeps for its journey, given now if it has none. */
  const session = (req: Request, res: Response) => {
    const issued = issueForm(options.formKey, clock(), cookieOf(req));
    res.setHeader('Set-Cookie', cookieHeader(issued.cookie, secure));
    return issued;
  };

  const offeredOr404 = (lang: Language, res: Response): Directory | undefined => {
    const directory = options.directory();
    const refused = notOffered(lang, directory);
    if (refused === undefined) return directory;
    send(res, 404, refused);
    return undefined;
  };

  const loadDraft = async (cookie: string): Promise<ResidentDraft | undefined> => {
    const draft = await options.drafts.load(cookie);
    return draft?.sent ? undefined : draft;
  };

  /**
   * A page shown: this browser's cookie (given now if it has none), a new token for its form, and
   * the answers so far; undefined when the store could not be read (the person has been told).
   */
  const opened = async (req: Request, res: Response, lang: Language, directory: Directory) => {
    const { cookie, token } = session(req, res);
    try {
      return { token, answers: (await loadDraft(cookie))?.answers ?? {} };
    } catch (error) {
      unavailable(res, lang, directory, error);
      return undefined;
    }
  };

  const showStep = (
    res: Response,
    lang: Language,
    directory: Directory,
    step: Step,
    answers: WebAnswers,
    token: string,
    status: number,
    change: boolean,
    problems: Partial<Record<WebField, WebProblem>> = {},
  ) => {
    const who = answers.who as WebWho | undefined;
    const about = who === 'self' ? 'self' : 'other';
    const steps = stepsFor(who);
    const index = steps.indexOf(step);
    const context = frame(lang, directory, `/${step}`);
    const values = { ...context.values };
    const errors = Object.entries(problems).map(([field, problem]) => ({
      field,
      text: problemText(lang, field as WebField, problem, about, {
        ...values,
        max: WEB_LONGEST[field as WebField] ?? 0,
      }),
    }));
    send(
      res,
      status,
      render(`steps/${step}.njk`, {
        ...context,
        values,
        step,
        about,
        who,
        answers,
        token,
        honeypot: HONEYPOT,
        change,
        action: `${base(lang)}/${step}${change ? '?change=1' : ''}`,
        back: change ? `${base(lang)}/check` : index <= 0 ? base(lang) : `${base(lang)}/${steps[index - 1]}`,
        errors,
        // The summary links to each field's own input (a radio group's or checkboxes' first).
        errorLinks: errors.map((e) => ({ text: e.text, href: `#${e.field}` })),
        err: (field: string) => {
          const found = errors.find((e) => e.field === field);
          return found ? { text: found.text, visuallyHiddenText: message(lang, 'common.error') } : undefined;
        },
        ageBands: [...AGE_BANDS, UNDER_16],
        themes: Object.keys(THEMES),
        contactWays: Object.keys(CONTACT_PREFERENCES).filter(
          (way) => way !== 'introducer' || about === 'other',
        ),
      }),
    );
  };

  /**
   * Counts one post (`answers`: every page posted) or one introduction about to be sent (`sent`,
   * counted only once it is really going: not for a repeat press, nor one sent too fast) against
   * the address's and the service's limits: undefined if allowed, or the seconds to wait.
   */
  const overLimit = async (
    req: Request,
    directory: Directory,
    what: 'answers' | 'sent',
  ): Promise<number | undefined> => {
    const limits = directory.residents.limits;
    const client = clientOf(req);
    const now = clock();
    const counts: [string, number, number][] =
      what === 'answers'
        ? [
            [`answers:${client}`, limits.answersPerAddressPerHour, 3600],
            ['answers:service', limits.answersPerHour, 3600],
          ]
        : [
            [`sent:${client}`, limits.introductionsPerAddressPerDay, 86_400],
            ['sent:service', limits.introductionsPerHour, 3600],
          ];
    for (const [key, limit, seconds] of counts) {
      const outcome = await options.throttle.consume(key, limit, seconds, now);
      if (!outcome.allowed) {
        options.logger.warn(
          { client, limit: key.replace(client, 'client') },
          'residents page: over the limit',
        );
        return outcome.retryAfterSeconds;
      }
    }
    return undefined;
  };

  /** The post's guard: the form is this service's, for this browser, with the trap empty. */
  const guarded = async (
    req: Request,
    res: Response,
    lang: Language,
    directory: Directory,
    names: readonly string[],
  ): Promise<{ fields: Record<string, string>; cookie: string } | undefined> => {
    const body = await readForm(req, [...names, 'csrf', HONEYPOT, 'change'], SEVERAL);
    if (!body.ok) {
      stop(res, lang, directory, body.status, 'refused');
      return undefined;
    }
    const cookie = cookieOf(req);
    const check = checkForm(
      options.formKey,
      {
        ...(body.fields.csrf !== undefined ? { token: body.fields.csrf } : {}),
        ...(cookie !== undefined ? { cookie } : {}),
        ...(body.fields[HONEYPOT] !== undefined ? { honeypot: body.fields[HONEYPOT] } : {}),
      },
      clock(),
      { minimumMs: 0 },
    );
    if (check !== 'ok' || cookie === undefined) {
      options.logger.warn({ client: clientOf(req), check }, 'residents page: form refused');
      stop(res, lang, directory, 400, check === 'expired' ? 'expired' : 'refused');
      return undefined;
    }
    try {
      const wait = await overLimit(req, directory, 'answers');
      if (wait !== undefined) {
        stop(res, lang, directory, 429, 'limited', wait);
        return undefined;
      }
    } catch (error) {
      options.logger.error({ err: error }, 'residents page: limits not counted');
      stop(res, lang, directory, 503, 'unavailable');
      return undefined;
    }
    return { fields: body.fields, cookie };
  };

  /** A page the store could not serve: the person is told, the operator sees why. */
  const unavailable = (res: Response, lang: Language, directory: Directory, error: unknown) => {
    options.logger.error({ err: error }, 'residents page: store unavailable');
    stop(res, lang, directory, 503, 'unavailable');
  };

  for (const lang of ['en', 'cy'] as const) {
    const root = base(lang);

    for (const step of STEPS) {
      server.get(`${root}/${step}`, limit, async (req: Request, res: Response) => {
        const directory = offeredOr404(lang, res);
        if (!directory) return;
        const page = await opened(req, res, lang, directory);
        if (!page) return;
        const { token, answers } = page;
        if (step !== 'who' && !answers.who) return redirect(res, `${root}/who`);
        if (!stepsFor(answers.who).includes(step)) return redirect(res, `${root}/check`);
        // From check your answers: back there once answered (restify parses no query by itself).
        const change = new URL(req.url ?? '/', 'http://page').searchParams.has('change');
        showStep(res, lang, directory, step, answers, token, 200, change);
      });

      server.post(`${root}/${step}`, limit, async (req: Request, res: Response) => {
        const directory = offeredOr404(lang, res);
        if (!directory) return;
        const posted = await guarded(req, res, lang, directory, FIELDS[step]);
        if (!posted) return;
        const { fields, cookie } = posted;
        const now = clock();
        try {
          const draft: ResidentDraft = (await loadDraft(cookie)) ?? {
            formId: randomUUID(),
            startedAt: now.toISOString(),
            answers: {},
          };
          // Every question on the page answered, an unticked box as empty.
          const answers: WebAnswers = { ...draft.answers };
          for (const field of FIELDS[step]) answers[field] = fields[field] ?? '';
          if (step === 'risk' && answers.immediateRisk === 'yes') {
            // Nothing kept: what was answered so far is deleted before the person is sent for help.
            await options.drafts.remove(cookie);
            return redirect(res, `${root}/urgent`);
          }
          await options.drafts.save(cookie, { ...draft, answers });
          const found = problemsOf(answers, step, ukToday(now));
          const problems = 'problems' in found ? found.problems : {};
          const change = fields.change !== undefined;
          if (Object.keys(problems).length > 0) {
            const { token } = session(req, res);
            return showStep(res, lang, directory, step, answers, token, 400, change, problems);
          }
          const steps = stepsFor(answers.who);
          const next = steps[steps.indexOf(step) + 1];
          redirect(res, change || !next ? `${root}/check` : `${root}/${next}`);
        } catch (error) {
          unavailable(res, lang, directory, error);
        }
      });
    }

    server.get(`${root}/urgent`, limit, async (_req: Request, res: Response) => {
      const directory = offeredOr404(lang, res);
      if (!directory) return;
      send(res, 200, render('urgent.njk', frame(lang, directory, '/urgent')));
    });

    server.get(`${root}/check`, limit, async (req: Request, res: Response) => {
      const directory = offeredOr404(lang, res);
      if (!directory) return;
      const page = await opened(req, res, lang, directory);
      if (!page) return;
      const { token, answers } = page;
      if (!answers.who) return redirect(res, `${root}/who`);
      const found = problemsOf(answers, 'all', ukToday(clock()));
      if (found.risk) return redirect(res, `${root}/risk`);
      if (Object.keys(found.problems).length > 0)
        return redirect(res, `${root}/${firstStepWith(found.problems, answers.who)}`);
      showCheck(res, lang, directory, answers, token, 200);
    });

    server.post(`${root}/check`, limit, async (req: Request, res: Response) => {
      const directory = offeredOr404(lang, res);
      if (!directory) return;
      const posted = await guarded(req, res, lang, directory, []);
      if (!posted) return;
      const { cookie } = posted;
      try {
        const kept = await options.drafts.load(cookie);
        if (kept?.sent) return redirect(res, `${root}/sent`);
        if (!kept?.answers.who) return redirect(res, `${root}/who`);
        const pace = clock().getTime() - Date.parse(kept.startedAt);
        if (pace < (options.minimumJourneyMs ?? MINIMUM_JOURNEY_MS)) {
          options.logger.warn({ client: clientOf(req), paceMs: pace }, 'residents page: sent too fast');
          const { token } = session(req, res);
          return showCheck(res, lang, directory, kept.answers, token, 400, true);
        }
        const wait = await overLimit(req, directory, 'sent');
        if (wait !== undefined) return stop(res, lang, directory, 429, 'limited', wait);
        const result = await options.submit(kept.formId, kept.answers);
        if (result.outcome === 'risk') {
          await options.drafts.remove(cookie);
          return redirect(res, `${root}/urgent`);
        }
        if (result.outcome === 'invalid')
          return redirect(res, `${root}/${firstStepWith(result.problems, kept.answers.who)}`);
        await options.drafts.save(cookie, {
          formId: kept.formId,
          startedAt: kept.startedAt,
          answers: { who: kept.answers.who },
          sent: { reference: result.reference, ...(result.patchId ? { patchId: result.patchId } : {}) },
        });
        options.logger.info(
          { client: clientOf(req), introductionId: result.id, repeated: result.repeated ?? false },
          'residents page: introduction sent',
        );
        redirect(res, `${root}/sent`);
      } catch (error) {
        unavailable(res, lang, directory, error);
      }
    });

    server.get(`${root}/sent`, limit, async (req: Request, res: Response) => {
      const directory = offeredOr404(lang, res);
      if (!directory) return;
      const cookie = cookieOf(req);
      try {
        const draft = cookie ? await options.drafts.load(cookie) : undefined;
        if (!draft?.sent) return redirect(res, root);
        const expectation = await options.expectedContact(draft.sent.patchId, lang === 'cy');
        const context = frame(lang, directory, '/sent');
        send(
          res,
          200,
          render('sent.njk', {
            ...context,
            about: draft.answers.who === 'self' ? 'self' : 'other',
            reference: draft.sent.reference,
            expectation,
            values: {
              ...context.values,
              reference: draft.sent.reference,
              days: expectation.kind === 'measured' ? expectation.workingDays : 0,
            },
          }),
        );
      } catch (error) {
        unavailable(res, lang, directory, error);
      }
    });
  }

  function showCheck(
    res: Response,
    lang: Language,
    directory: Directory,
    answers: WebAnswers,
    token: string,
    status: number,
    again = false,
  ) {
    const who = answers.who as WebWho;
    const context = frame(lang, directory, '/check');
    send(
      res,
      status,
      render('check.njk', {
        ...context,
        about: who === 'self' ? 'self' : 'other',
        who,
        answers,
        sections: checkSections(lang, answers),
        token,
        honeypot: HONEYPOT,
        again,
        action: `${base(lang)}/check`,
        back: `${base(lang)}/${stepsFor(who).at(-1)}`,
      }),
    );
  }
}
