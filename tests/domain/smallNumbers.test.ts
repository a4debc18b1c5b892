import fc from 'fast-check';
import {
  FEWER_THAN_5,
  roundToFive,
  shownBreakdown,
  shownCount,
  shownShare,
  shownStatistic,
} from '../../src/domain/reports/smallNumbers';

describe('small numbers in what leaves the team', () => {
  it.each([
    [0, 0],
    [1, FEWER_THAN_5],
    [4, FEWER_THAN_5],
    [5, 5],
    [7, 5],
    [8, 10],
    [37, 35],
  ])('a headline of %i is shown as %s', (count, shown) => {
    expect(shownCount(count, true)).toBe(shown);
  });

  it('shows every number to the team itself', () => {
    expect(shownCount(3, false)).toBe(3);
    expect(shownBreakdown([3, 0, 12], false)).toEqual([3, 0, 12]);
  });

  it('suppresses the smallest other count when only one is small, so it cannot be worked out', () => {
    // Total 30: with only the 3 hidden, 30 - 12 - 15 would give it away.
    expect(shownBreakdown([3, 12, 15, 0], true)).toEqual([FEWER_THAN_5, FEWER_THAN_5, 15, 0]);
    expect(shownBreakdown([6, 12, 17], true)).toEqual([5, 10, 15]);
  });

  it('needs no second suppression when two are small already', () => {
    expect(shownBreakdown([3, 2, 15], true)).toEqual([FEWER_THAN_5, FEWER_THAN_5, 15]);
  });

  it('never leaves exactly one count hidden in a breakdown with another count above zero (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 30 }), { minLength: 1, maxLength: 12 }), (counts) => {
        const shown = shownBreakdown(counts, true);
        const hidden = shown.filter((s) => s === FEWER_THAN_5).length;
        const othersAboveZero = counts.filter((c, i) => c > 0 && shown[i] !== FEWER_THAN_5).length;
        if (hidden === 1) expect(othersAboveZero).toBe(0);
        shown.forEach((s, i) => {
          if (s !== FEWER_THAN_5) {
            expect(s).toBe(roundToFive(counts[i] as number));
            expect((s as number) % 5).toBe(0);
          }
        });
      }),
    );
  });

  it('hides a share whose part or remainder is small, as either would tell a count', () => {
    expect(shownShare(3, 10, true)).toBeUndefined(); // "fewer than 5 of 10 (30%)" is 3
    expect(shownShare(7, 10, true)).toBeUndefined(); // the other 3
    expect(shownShare(5, 10, true)).toBe(0.5);
    expect(shownShare(3, 10, false)).toBe(0.3);
    expect(shownShare(0, 0, false)).toBeUndefined();
  });

  it('makes a year to date minus its months never give a hidden month back (rounding)', () => {
    // September 2 (hidden), October 5, year to date 7: 7 - 5 would be 2; shown, 5 - 5 is 0.
    const ytd = shownCount(7, true);
    const october = shownCount(5, true);
    expect(shownCount(2, true)).toBe(FEWER_THAN_5);
    expect((ytd as number) - (october as number)).not.toBe(2);
  });

  it('hides a share or a median of fewer than 5 people', () => {
    expect(shownStatistic(0.5, 4, true)).toBeUndefined();
    expect(shownStatistic(0.5, 5, true)).toBe(0.5);
    expect(shownStatistic(0.5, 4, false)).toBe(0.5);
  });
});
