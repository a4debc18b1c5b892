/**
 * The residents' forms' only body parser: `application/x-www-form-urlencoded`, uncompressed, UTF-8,
 * at most 32 KiB (the longest journey page holds two 2,000-character answers). Anything else is
 * refused by the same header checks as the bot's JSON endpoint (src/jsonBody.ts) before a byte is
 * read (415, or 413 for a declared length over the limit), or as soon as the body passes the limit
 * (413).
 *
 * Fields are read into an object with no prototype, only the names a page asks, each the first
 * value sent (a field sent twice by a script is read once), except the fields a page allows
 * several of (checkboxes), joined with commas as the introduction form takes them. Control
 * characters other than new lines and tabs are dropped.
 */
import getRawBody from 'raw-body';
import type { Request } from 'restify';
import { refuseByHeaders } from '../../jsonBody';

export const MAX_FORM_BYTES = 32 * 1024;

export type FormBody = { ok: true; fields: Record<string, string> } | { ok: false; status: 400 | 413 | 415 };

/** Control characters (Unicode's Cc) but new lines and tabs. */
const CONTROL = /[^\P{Cc}\n\r\t]/gu;

/** The fields of a body already read (no I/O), keeping `names` only. */
export function formFields(
  body: string,
  names: readonly string[],
  several: readonly string[] = [],
): Record<string, string> {
  const params = new URLSearchParams(body);
  const fields: Record<string, string> = Object.create(null);
  for (const name of names) {
    const values = params.getAll(name).map((value) => value.replace(CONTROL, ''));
    if (values.length === 0) continue;
    fields[name] = several.includes(name)
      ? values
          .map((value) => value.trim())
          .filter(Boolean)
          .join(',')
      : (values[0] ?? '');
  }
  return fields;
}

export async function readForm(
  req: Request,
  names: readonly string[],
  several: readonly string[] = [],
): Promise<FormBody> {
  const refusal = refuseByHeaders(req.headers, MAX_FORM_BYTES, 'application/x-www-form-urlencoded');
  if (refusal) return { ok: false, status: refusal.status };
  try {
    const body = await getRawBody(req, {
      limit: MAX_FORM_BYTES,
      length: req.headers['content-length'] ?? null,
      encoding: 'utf-8',
    });
    return { ok: true, fields: formFields(body, names, several) };
  } catch (error) {
    return { ok: false, status: (error as { status?: number }).status === 413 ? 413 : 400 };
  }
}
