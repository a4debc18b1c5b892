/**
 * Dates as people type them (YYYY-MM-DD) and as the council's file holds them: the shape and a day
 * the calendar has. "2026-02-30" has the shape and is refused: stored, it would count in no month
 * and sort before March's first day.
 *
 * No I/O.
 */

/** A real calendar day written YYYY-MM-DD. */
export function isRealDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
