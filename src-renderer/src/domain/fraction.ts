// Exact rational numbers (BigInt numerator and denominator) for the score engine: criterion scores are ratios of
// small integers and weights are integers or short decimals, so every score has an exact value, and a score that is
// exactly the passing mark compares equal to it (floating point gives 74.99999999999999 for 75).

export interface Fraction {
  n: bigint;
  d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a || 1n;
};

export function frac(n: bigint, d: bigint = 1n): Fraction {
  if (d === 0n) throw new RangeError('zero denominator');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return { n: n / g, d: d / g };
}

/** The exact value of a finite JavaScript number as written in decimal (0.1 is 1/10, not the binary double). */
export function fromNumber(x: number): Fraction {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  if (Number.isInteger(x)) return frac(BigInt(x));
  const [mant, expPart] = x.toExponential().split('e') as [string, string];
  const exp = Number(expPart);
  const [int, dec = ''] = mant.replace('-', '').split('.') as [string, string?];
  const digits = BigInt(int + dec) * (x < 0 ? -1n : 1n);
  const shift = exp - dec.length;
  return shift >= 0 ? frac(digits * 10n ** BigInt(shift)) : frac(digits, 10n ** BigInt(-shift));
}

export const add = (a: Fraction, b: Fraction) => frac(a.n * b.d + b.n * a.d, a.d * b.d);
export const mul = (a: Fraction, b: Fraction) => frac(a.n * b.n, a.d * b.d);
export const div = (a: Fraction, b: Fraction) => frac(a.n * b.d, a.d * b.n);
/** -1, 0 or 1 as a is below, equal to or above b. */
export const cmp = (a: Fraction, b: Fraction) => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
export const isZero = (a: Fraction) => a.n === 0n;
/** The nearest double (exact when the value is one, e.g. 75). */
export const toNumber = (a: Fraction) => Number(a.n) / Number(a.d);
