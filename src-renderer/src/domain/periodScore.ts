// How far a person's QA score over a period can be trusted (SCORING.md, "An agent over a period"): the mean with
// n and a 95 % interval (Student t), the pass rate with a Wilson interval, "not enough evaluations" under the
// minimum, and for sample planning the margin of error at a sample size and the size a chosen margin needs.

/** Used when a person has too little history to estimate the spread of their scores (points on 0-100). */
export const DEFAULT_SCORE_SD = 12;
export const DEFAULT_MIN_EVALUATIONS = 5;

// Two-sided 95 % critical values of Student's t for 1-30 degrees of freedom.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08,
  2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];
const Z975 = 1.959964;

/** t(0.975, df): the table up to 30, then the Cornish-Fisher expansion around the normal quantile. */
export function tCritical95(df: number): number {
  if (df < 1) return Number.POSITIVE_INFINITY;
  if (df <= 30) return T975[Math.floor(df) - 1]!;
  const z = Z975;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2) + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3);
}

export interface PeriodScore {
  n: number;
  mean: number | null;
  /** 95 % interval of the mean, clipped to 0-100; null below two evaluations. */
  low: number | null;
  high: number | null;
  enough: boolean;
}

export function periodScore(unordered: readonly number[], minN = DEFAULT_MIN_EVALUATIONS): PeriodScore {
  // Summed in one order whatever order the rows were read in: floating-point sums depend on it, and the appraisal
  // sheet, My scores and the dashboard read the same evaluations through different indexes.
  const scores = [...unordered].sort((a, b) => a - b);
  const n = scores.length;
  if (n === 0) return { n, mean: null, low: null, high: null, enough: false };
  const mean = scores.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, low: null, high: null, enough: n >= minN };
  const sd = Math.sqrt(scores.reduce((a, s) => a + (s - mean) ** 2, 0) / (n - 1));
  const half = (tCritical95(n - 1) * sd) / Math.sqrt(n);
  return { n, mean, low: Math.max(0, mean - half), high: Math.min(100, mean + half), enough: n >= minN };
}

/** Wilson score interval for a proportion (passes out of n), 95 %. */
export function wilsonInterval(successes: number, n: number): { rate: number | null; low: number | null; high: number | null } {
  if (n === 0) return { rate: null, low: null, high: null };
  const p = successes / n;
  const z2 = Z975 ** 2;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z975 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 or n successes the bound is exactly 0 or 1 (the formula gets there up to rounding).
  return { rate: p, low: successes === 0 ? 0 : Math.max(0, centre - half), high: successes === n ? 1 : Math.min(1, centre + half) };
}

/**
 * The sample standard deviation of past scores, or the default when there are fewer than three, or when they are
 * all the same: no spread observed is not evidence of none, and a margin of ±0 would claim a certainty no sample has.
 */
export function scoreSpread(pastScores: number[]): { sd: number; fromHistory: boolean } {
  if (pastScores.length < 3) return { sd: DEFAULT_SCORE_SD, fromHistory: false };
  const mean = pastScores.reduce((a, b) => a + b, 0) / pastScores.length;
  const sd = Math.sqrt(pastScores.reduce((a, s) => a + (s - mean) ** 2, 0) / (pastScores.length - 1));
  if (sd === 0) return { sd: DEFAULT_SCORE_SD, fromHistory: false };
  return { sd, fromHistory: true };
}

/** Half-width of the 95 % interval of a mean of n scores with this spread. */
export function marginOfError(sd: number, n: number): number {
  return n < 2 ? Number.POSITIVE_INFINITY : (tCritical95(n - 1) * sd) / Math.sqrt(n);
}

/** The smallest sample whose margin of error is at most `margin` points (capped, as a plan has to be doable). */
export function sampleSizeFor(margin: number, sd: number, cap = 10_000): number {
  if (margin <= 0) return cap;
  let n = Math.max(2, Math.ceil(((Z975 * sd) / margin) ** 2));
  while (n < cap && marginOfError(sd, n) > margin) n++;
  // The normal estimate can overshoot by one or two for small n; step back while still within the margin.
  while (n > 2 && marginOfError(sd, n - 1) <= margin) n--;
  return Math.min(n, cap);
}
