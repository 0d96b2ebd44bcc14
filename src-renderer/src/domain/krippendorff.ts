// Krippendorff's alpha: agreement among any number of raters on any number of items, missing answers allowed,
// for nominal (binary criteria), ordinal (point scales), interval and ratio data. Computed from the coincidence
// matrix as in Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011).

export type AlphaLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

export interface AlphaResult {
  /** null when there is no variation at all (every pairable value the same): agreement cannot be told from chance. */
  alpha: number | null;
  /** Items with at least two values (only these count). */
  items: number;
  /** Raters who gave at least one pairable value. */
  raters: number;
  /** Pairable values (n in the formulas). */
  values: number;
  observedDisagreement: number;
  expectedDisagreement: number;
}

/**
 * `data[r][u]` is rater r's value for item u, or null/undefined when the rater did not answer it.
 * Values are numbers (a point scale's levels, 0/1 for yes/no).
 */
export function krippendorffAlpha(data: (number | null | undefined)[][], level: AlphaLevel): AlphaResult {
  const units = Math.max(0, ...data.map((row) => row.length));
  const raterSeen = new Set<number>();
  // Distinct values, sorted: indexes into the coincidence matrix.
  const pairable: number[][] = [];
  for (let u = 0; u < units; u++) {
    const vals: number[] = [];
    const who: number[] = [];
    data.forEach((row, r) => {
      const v = row[u];
      if (v !== null && v !== undefined && Number.isFinite(v)) {
        vals.push(v);
        who.push(r);
      }
    });
    if (vals.length >= 2) {
      pairable.push(vals);
      for (const r of who) raterSeen.add(r);
    }
  }
  const domain = [...new Set(pairable.flat())].sort((a, b) => a - b);
  const index = new Map(domain.map((v, i) => [v, i]));
  const k = domain.length;
  const o: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const vals of pairable) {
    const m = vals.length;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) if (i !== j) o[index.get(vals[i]!)!]![index.get(vals[j]!)!]! += 1 / (m - 1);
  }
  const nc = o.map((row) => row.reduce((a, b) => a + b, 0));
  const n = nc.reduce((a, b) => a + b, 0);
  const delta = distance(level, domain, nc);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++)
    for (let d = 0; d < k; d++) {
      observed += o[c]![d]! * delta(c, d);
      expected += nc[c]! * nc[d]! * delta(c, d);
    }
  const Do = n > 0 ? observed / n : 0;
  const De = n > 1 ? expected / (n * (n - 1)) : 0;
  return {
    alpha: De > 0 ? 1 - Do / De : null,
    items: pairable.length,
    raters: raterSeen.size,
    values: n,
    observedDisagreement: Do,
    expectedDisagreement: De,
  };
}

/** The squared difference function of each level, on indexes into the sorted distinct values. */
function distance(level: AlphaLevel, domain: number[], nc: number[]): (c: number, d: number) => number {
  if (level === 'nominal') return (c, d) => (c === d ? 0 : 1);
  if (level === 'interval') return (c, d) => (domain[c]! - domain[d]!) ** 2;
  if (level === 'ratio')
    return (c, d) => {
      const s = domain[c]! + domain[d]!;
      return s === 0 ? 0 : ((domain[c]! - domain[d]!) / s) ** 2;
    };
  // Ordinal: the number of values ranked between the two (each end counted half), squared.
  const cumulative = [0];
  for (const x of nc) cumulative.push(cumulative[cumulative.length - 1]! + x);
  return (c, d) => {
    if (c === d) return 0;
    const [lo, hi] = c < d ? [c, d] : [d, c];
    const between = cumulative[hi + 1]! - cumulative[lo]! - (nc[lo]! + nc[hi]!) / 2;
    return between ** 2;
  };
}
