// Krippendorff's alpha against the published worked example (Krippendorff 2011, "Computing Krippendorff's
// Alpha-Reliability", section C: 4 observers, 12 units, values 1-5 with missing data), to 3 decimals.
import { describe, expect, it } from 'vitest';
import { krippendorffAlpha } from '@renderer/domain/krippendorff';

const _ = null;
// Rows are observers A-D, columns units 1-12.
const C_DATA = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, _],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, 3],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];

describe("Krippendorff's alpha", () => {
  it('reproduces the published values for the example data: nominal .743, ordinal .815, interval .849, ratio .797', () => {
    const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
    expect(round(krippendorffAlpha(C_DATA, 'nominal').alpha)).toBe(0.743);
    expect(round(krippendorffAlpha(C_DATA, 'ordinal').alpha)).toBe(0.815);
    expect(round(krippendorffAlpha(C_DATA, 'interval').alpha)).toBe(0.849);
    expect(round(krippendorffAlpha(C_DATA, 'ratio').alpha)).toBe(0.797);
  });

  it('counts only items with two or more values, and the raters who gave them', () => {
    const r = krippendorffAlpha(C_DATA, 'nominal');
    // Unit 12 has a single value and does not count.
    expect(r.items).toBe(11);
    expect(r.raters).toBe(4);
    expect(r.values).toBe(40);
  });

  it('is 1 for perfect agreement, undefined without variation, and below 0 for systematic disagreement', () => {
    expect(krippendorffAlpha([[1, 0, 1, 0], [1, 0, 1, 0]], 'nominal').alpha).toBe(1);
    expect(krippendorffAlpha([[1, 1, 1], [1, 1, 1]], 'nominal').alpha).toBeNull();
    expect(krippendorffAlpha([[1, 0, 1, 0], [0, 1, 0, 1]], 'nominal').alpha!).toBeLessThan(0);
  });

  it('a rater order or item order does not change alpha', () => {
    const swapped = [C_DATA[2]!, C_DATA[0]!, C_DATA[3]!, C_DATA[1]!];
    const reversed = C_DATA.map((row) => [...row].reverse());
    for (const level of ['nominal', 'ordinal', 'interval'] as const) {
      expect(krippendorffAlpha(swapped, level).alpha).toBeCloseTo(krippendorffAlpha(C_DATA, level).alpha!, 12);
      expect(krippendorffAlpha(reversed, level).alpha).toBeCloseTo(krippendorffAlpha(C_DATA, level).alpha!, 12);
    }
  });
});
