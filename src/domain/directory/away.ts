/**
 * "away from 20/12/2026 to 3/1/2027 cover Sam Okafor": a coordinator's time away, typed in Teams.
 * Dates as 2026-12-20 or 20/12/2026 (UK order); the cover named or given by email.
 */
export type AwayParse =
  | { ok: true; from: string; to: string; cover?: string }
  | { ok: false; message: string };

export const AWAY_EXAMPLE = 'away from 20/12/2026 to 3/1/2027 cover Sam Okafor';

/** A date typed as 14/03/1958 (or 14.03.1958) or 1958-03-14, as ISO; undefined if not a real date. */
export function typedDate(text: string): string | undefined {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const uk = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(text);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : [];
  if (!year || !month || !day) return undefined;
  const value = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : undefined;
}

export function parseAway(text: string, today: string): AwayParse {
  const match = /^from\s+(\S+)\s+to\s+(\S+)(?:\s+cover\s+(.+))?$/i.exec(text.trim());
  if (!match?.[1] || !match[2]) return { ok: false, message: `Please say it like this: **${AWAY_EXAMPLE}**` };
  const from = typedDate(match[1]);
  const to = typedDate(match[2]);
  if (!from) return { ok: false, message: `"${match[1]}" is not a date I can read: try 20/12/2026.` };
  if (!to) return { ok: false, message: `"${match[2]}" is not a date I can read: try 3/1/2027.` };
  if (to < from) return { ok: false, message: 'The last day away is before the first.' };
  if (to < today) return { ok: false, message: 'Those dates are in the past.' };
  const cover = match[3]?.trim();
  return cover ? { ok: true, from, to, cover } : { ok: true, from, to };
}
