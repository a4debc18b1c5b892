/**
 * The only body parser on the HTTP endpoint: JSON, uncompressed, at most `limitBytes`.
 *
 * It runs before the adapter checks the caller's token, so it is the part anybody on the internet
 * reaches. restify's own body parser inflates `Content-Encoding: gzip` while counting only the
 * compressed bytes (a 200 KB request inflated to 200 MB), parses multipart bodies into temporary
 * files and urlencoded bodies into nested objects. The Bot Framework sends uncompressed JSON and
 * nothing else, so this parser accepts exactly that and refuses the rest before reading a byte:
 *
 * - any `Content-Encoding` other than `identity`: 415 (nothing is ever inflated);
 * - a media type other than `application/json`, or a charset other than UTF-8: 415;
 * - a declared `Content-Length` over the limit: 413 at once; a body that grows past the limit while
 *   it is read: 413 as soon as it does (raw-body stops reading there);
 * - a body that is not one JSON object: 400.
 *
 * A refused request is answered with `Connection: close`, so an unread body is not drained.
 */
import type { IncomingMessage } from 'node:http';
import getRawBody from 'raw-body';
import type { Next, Request, RequestHandler, Response } from 'restify';

/** 1 MiB: Teams caps a message at about 28 KB and an invoke's card data well below this. */
export const MAX_ACTIVITY_BYTES = 1024 * 1024;

export interface BodyRefusal {
  status: 400 | 413 | 415;
  reason: string;
}

/**
 * Why a request's headers alone rule its body out, or undefined when they do not: compressed, not
 * `mediaType` (JSON here; the residents' forms use it for theirs), not UTF-8, or declared too long.
 */
export function refuseByHeaders(
  headers: IncomingMessage['headers'],
  limitBytes: number,
  mediaType = 'application/json',
): BodyRefusal | undefined {
  const encoding = (headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    return { status: 415, reason: 'Compressed bodies are not accepted: send an uncompressed body.' };
  }
  const [given = '', ...parameters] = (headers['content-type'] ?? '').split(';');
  if (given.trim().toLowerCase() !== mediaType) {
    return { status: 415, reason: `Only ${mediaType} is accepted.` };
  }
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    const charset = value.trim().replace(/^"|"$/g, '').toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') {
      return { status: 415, reason: 'Only UTF-8 is accepted.' };
    }
  }
  const declared = headers['content-length'];
  if (declared !== undefined && Number(declared) > limitBytes) {
    return { status: 413, reason: `The body is larger than ${limitBytes} bytes.` };
  }
  return undefined;
}

function refuse(res: Response, next: Next, refusal: BodyRefusal): void {
  res.setHeader('Connection', 'close');
  res.send(refusal.status, { error: refusal.reason });
  next(false);
}

/** A restify handler that sets `req.body` to the parsed JSON object, or answers the request itself. */
export function jsonBodyOnly(limitBytes: number = MAX_ACTIVITY_BYTES): RequestHandler {
  return (req: Request, res: Response, next: Next) => {
    const refusal = refuseByHeaders(req.headers, limitBytes);
    if (refusal) return refuse(res, next, refusal);
    getRawBody(req, {
      limit: limitBytes,
      length: req.headers['content-length'] ?? null,
      encoding: 'utf-8',
    }).then(
      (text) => {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          return refuse(res, next, { status: 400, reason: 'The body is not valid JSON.' });
        }
        if (typeof body !== 'object' || body === null || Array.isArray(body)) {
          return refuse(res, next, { status: 400, reason: 'The body must be one JSON object.' });
        }
        req.body = body;
        next();
      },
      (error: { type?: string }) => {
        if (error.type === 'request.aborted') return next(false);
        if (error.type === 'entity.too.large') {
          return refuse(res, next, { status: 413, reason: `The body is larger than ${limitBytes} bytes.` });
        }
        return refuse(res, next, { status: 400, reason: 'The body could not be read.' });
      },
    );
  };
}
