// A person's score over a period with its uncertainty, and the sample sizes a plan needs (SCORING.md).
import { describe, expect, it } from 'vitest';
import { marginOfError, periodScore, sampleSizeFor, scoreSpread, tCritical95, wilsonInterval, DEFAULT_SCORE_SD } from '@renderer/domain/periodScore';
import { rangeFilter } from '@renderer/domain/evaluationStats';

describe('period score with confidence', () => {
  it("uses Student's t: the table to 30 degrees of freedom, a close expansion beyond", () => {
    expect(tCritical95(4)).toBe(2.776);
    expect(tCritical95(31)).toBeCloseTo(2.0395, 3);
    expect(tCritical95(60)).toBeCloseTo(2.0003, 3);
    expect(tCritical95(120)).toBeCloseTo(1.9799, 3);
  });

  it('mean, n and the 95 % interval of a worked example; "not enough" under the minimum', () => {
    const r = periodScore([80, 90, 70, 100, 60]);
    expect(r.n).toBe(5);
    expect(r.mean).toBe(80);
    // sd = 15.811, half-width = 2.776 * 15.811 / sqrt(5) = 19.63
    expect(r.low!).toBeCloseTo(60.37, 2);
    expect(r.high!).toBeCloseTo(99.63, 2);
    expect(r.enough).toBe(true);
    expect(periodScore([80, 90, 70, 100]).enough).toBe(false);
    expect(periodScore([95, 100], 1).high).toBe(100);
    expect(periodScore([])).toEqual({ n: 0, mean: null, low: null, high: null, enough: false });
  });

  it('pass rate with a Wilson interval (8 of 10: 0.490-0.943)', () => {
    const w = wilsonInterval(8, 10);
    expect(w.rate).toBe(0.8);
    expect(w.low!).toBeCloseTo(0.4902, 3);
    expect(w.high!).toBeCloseTo(0.9433, 3);
    expect(wilsonInterval(0, 0).rate).toBeNull();
    expect(wilsonInterval(0, 5).low).toBe(0);
  });

  it('margin of error at a sample size, and the smallest sample for a chosen margin', () => {
    expect(marginOfError(12, 25)).toBeLessThanOrEqual(5);
    expect(marginOfError(12, 24)).toBeGreaterThan(5);
    expect(sampleSizeFor(5, 12)).toBe(25);
    for (const [margin, sd] of [[3, 10], [8, 15], [2, 20], [10, 5]] as const) {
      const n = sampleSizeFor(margin, sd);
      expect(marginOfError(sd, n)).toBeLessThanOrEqual(margin);
      expect(marginOfError(sd, n - 1)).toBeGreaterThan(margin);
    }
  });

  it('spread from history when there is some, else the default', () => {
    expect(scoreSpread([90, 80])).toEqual({ sd: DEFAULT_SCORE_SD, fromHistory: false });
    // Identical past scores show no spread, which is not a spread of zero: the default, said as such.
    expect(scoreSpread([100, 100, 100, 100])).toEqual({ sd: DEFAULT_SCORE_SD, fromHistory: false });
    expect(scoreSpread([80, 90, 70, 100, 60]).sd).toBeCloseTo(15.811, 3);
  });
});

describe('the period My scores shows', () => {
  it('this month and last month follow the company calendar; the last 90 days and all time by work date', () => {
    const now = Date.parse('2026-11-01T03:00:00Z'); // 1 November, 11:00 in Shanghai (still 31 October in UTC-5)
    const month = rangeFilter('month', now, 'Asia/Shanghai');
    expect(month('2026-10-31T16:30:00Z')).toBe(true); // 1 November 00:30 in Shanghai
    expect(month('2026-10-31T15:30:00Z')).toBe(false);
    const last = rangeFilter('lastMonth', now, 'Asia/Shanghai');
    expect(last('2026-10-31T15:30:00Z')).toBe(true);
    expect(last('2026-09-30T15:59:59Z')).toBe(false);
    expect(last('2026-09-30T16:00:00Z')).toBe(true);
    expect(rangeFilter('quarter', now, 'Asia/Shanghai')('2026-08-02T00:00:00Z')).toBe(false);
    expect(rangeFilter('quarter', now, 'Asia/Shanghai')('2026-08-04T00:00:00Z')).toBe(true);
    expect(rangeFilter('all', now, 'Asia/Shanghai')('2001-01-01T00:00:00Z')).toBe(true);
  });
});
