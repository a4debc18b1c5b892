/**
 * Small numbers in what leaves the LAC team (reports for report viewers such as commissioners, and
 * their exports), so nobody in a small patch can be recognised:
 *
 * - a count from 1 to 4 is shown as "fewer than 5"; zero is shown (it identifies nobody);
 * - every other count is rounded to the nearest 5. Suppression alone is not enough: a year to date
 *   minus the months shown, or this month's year to date minus last month's, would give a hidden
 *   count back (an independent review found exactly that). Rounding every count, as the ONS does for
 *   small-area tables, means a difference of counts is never exact;
 * - when a breakdown still has exactly one count hidden, the smallest other count above zero is
 *   hidden too (complementary suppression);
 * - a share, a median or a mean over fewer than 5 people is not shown, nor a share whose part, or
 *   whose remainder, is from 1 to 4.
 *
 * Totals and breakdowns are rounded independently, so they may not add up: reports say so.
 */

export const FEWER_THAN_5 = 'fewer than 5';
export const SMALL_NUMBER_THRESHOLD = 5;

/** A count as shown: the number, or "fewer than 5". */
export type ShownCount = number | typeof FEWER_THAN_5;

export function isSmall(count: number): boolean {
  return count > 0 && count < SMALL_NUMBER_THRESHOLD;
}

/** Rounded to the nearest 5 (halves up): 5 → 5, 7 → 5, 8 → 10. */
export function roundToFive(count: number): number {
  return Math.round(count / 5) * 5;
}

/** One count on its own (a headline): hidden when small, rounded to 5 otherwise. */
export function shownCount(count: number, suppress: boolean): ShownCount {
  if (!suppress) return count;
  return isSmall(count) ? FEWER_THAN_5 : roundToFive(count);
}

/**
 * The counts of one breakdown as shown, in the same order: small ones hidden, the others rounded to
 * 5, and when that leaves exactly one hidden, the smallest other count above zero hidden as well.
 */
export function shownBreakdown(counts: readonly number[], suppress: boolean): ShownCount[] {
  if (!suppress) return [...counts];
  const hidden = counts.map(isSmall);
  if (hidden.filter(Boolean).length === 1) {
    let smallest = -1;
    counts.forEach((count, i) => {
      if (!hidden[i] && count > 0 && (smallest < 0 || count < (counts[smallest] as number))) smallest = i;
    });
    if (smallest >= 0) hidden[smallest] = true;
  }
  return counts.map((count, i) => (hidden[i] ? FEWER_THAN_5 : roundToFive(count)));
}

/** A statistic (median, mean) computed over `people`: shown only for 5 people or more. */
export function shownStatistic<T>(value: T | undefined, people: number, suppress: boolean): T | undefined {
  if (value === undefined) return undefined;
  return suppress && people < SMALL_NUMBER_THRESHOLD ? undefined : value;
}

/**
 * A share of people, `part` of `whole` (0 to 1): not shown when there is nobody, and outside the
 * team when the part or the remainder is small (either would tell a small count).
 */
export function shownShare(part: number, whole: number, suppress: boolean): number | undefined {
  if (whole === 0) return undefined;
  if (suppress && (whole < SMALL_NUMBER_THRESHOLD || isSmall(part) || isSmall(whole - part)))
    return undefined;
  return part / whole;
}
