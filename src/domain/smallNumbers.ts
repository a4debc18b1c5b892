/**
 * Small numbers in what leaves the LAC team (reports for report viewers such as commissioners, and
 * their exports): a count from 1 to 4 is shown as "fewer than 5", so nobody in a small patch can be
 * recognised from it. Zero is shown: it identifies nobody.
 *
 * One suppressed count in a breakdown could be worked out from the total and the others, so when a
 * breakdown has exactly one count suppressed, the smallest other count above zero is suppressed too
 * (complementary suppression, as the ONS and NHS Digital do for small-area tables). A share or a
 * median of fewer than 5 people is not shown either.
 */

export const FEWER_THAN_5 = 'fewer than 5';
export const SMALL_NUMBER_THRESHOLD = 5;

/** A count as shown: the number, or "fewer than 5". */
export type ShownCount = number | typeof FEWER_THAN_5;

export function isSmall(count: number): boolean {
  return count > 0 && count < SMALL_NUMBER_THRESHOLD;
}

/** One count on its own (a headline): suppressed when small. */
export function shownCount(count: number, suppress: boolean): ShownCount {
  return suppress && isSmall(count) ? FEWER_THAN_5 : count;
}

/**
 * The counts of one breakdown as shown, in the same order: small ones suppressed, and when that
 * leaves exactly one suppressed, the smallest other count above zero as well.
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
  return counts.map((count, i) => (hidden[i] ? FEWER_THAN_5 : count));
}

/** A statistic (share, median) computed over `people`: shown only for 5 people or more. */
export function shownStatistic<T>(value: T | undefined, people: number, suppress: boolean): T | undefined {
  if (value === undefined) return undefined;
  return suppress && people < SMALL_NUMBER_THRESHOLD ? undefined : value;
}
