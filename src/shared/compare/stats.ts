import type { MetricGoal } from '../schemas/compare'

/**
 * The runs table's arithmetic: group statistics over seeds, a baseline's deltas, normalized
 * colour scales and the best cell of a column. Missing (null) and non-finite values (a diverged
 * run's NaN) are left out of every statistic, as the table leaves their cells blank.
 */

export interface GroupStats {
  /** How many finite values the statistics are over. */
  n: number
  /** NaN when n is 0. */
  mean: number
  /** The sample standard deviation (n − 1); NaN when n < 2. */
  std: number
  /** The 95% confidence interval of the mean from Student's t with n − 1 degrees of freedom; NaN bounds when n < 2. */
  ci95: [number, number]
}

const finiteOf = (values: readonly (number | null)[]): number[] => values.filter((v): v is number => v !== null && Number.isFinite(v))

export function groupStats(values: readonly (number | null)[]): GroupStats {
  const xs = finiteOf(values)
  const n = xs.length
  const mean = n === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / n
  if (n < 2) return { n, mean, std: Number.NaN, ci95: [Number.NaN, Number.NaN] }
  const std = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1))
  const half = tQuantile(0.975, n - 1) * (std / Math.sqrt(n))
  return { n, mean, std, ci95: [mean - half, mean + half] }
}

/**
 * A cell's change from the pinned baseline: `abs` = value − base, `pct` = that change as a
 * percentage of |base| (so a fall reads negative whatever the base's sign). A zero base has no
 * percentage (null) unless the value is zero too (0).
 */
export function delta(base: number, value: number): { abs: number; pct: number | null } {
  const abs = value - base
  if (base === 0) return { abs, pct: value === 0 ? 0 : null }
  return { abs, pct: (abs / Math.abs(base)) * 100 }
}

/**
 * A column's values on a common scale for colour: `zscore` = (x − mean) / std with the
 * population std (every run of the column is the population, as scipy.stats.zscore), `minmax`
 * = (x − min) / (max − min) in [0, 1]. A constant column maps to 0 (z-score) or 0.5 (min–max);
 * a missing or non-finite value stays null.
 */
export function normalize(values: readonly (number | null)[], method: 'zscore' | 'minmax'): (number | null)[] {
  const xs = finiteOf(values)
  const isValue = (v: number | null): v is number => v !== null && Number.isFinite(v)
  if (method === 'minmax') {
    let min = Infinity
    let max = -Infinity
    for (const x of xs) {
      if (x < min) min = x
      if (x > max) max = x
    }
    return values.map((v) => (isValue(v) ? (max > min ? (v - min) / (max - min) : 0.5) : null))
  }
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  const std = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length)
  return values.map((v) => (isValue(v) ? (std > 0 ? (v - mean) / std : 0) : null))
}

/** The index of the smallest (goal min) or largest (goal max) finite value, the first on a tie; -1 when there is none. */
export function bestIndex(values: readonly (number | null)[], goal: MetricGoal): number {
  let best = -1
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return
    if (best < 0 || (goal === 'min' ? v < values[best]! : v > values[best]!)) best = i
  })
  return best
}

/** The p quantile of Student's t with `df` degrees of freedom (p > 0.5), by bisection on its CDF. */
export function tQuantile(p: number, df: number): number {
  // The upper tail P(T > t) = I_{df/(df+t²)}(df/2, 1/2) / 2 falls as t grows.
  const upper = (t: number) => incompleteBeta(df / (df + t * t), df / 2, 0.5) / 2
  const tail = 1 - p
  let lo = 0
  let hi = 1
  while (upper(hi) > tail) hi *= 2
  for (let k = 0; k < 200 && hi - lo > 1e-12 * hi; k++) {
    const mid = (lo + hi) / 2
    if (upper(mid) > tail) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** The regularized incomplete beta I_x(a, b), by its continued fraction (Numerical Recipes §6.4). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x))
  // The fraction converges fast for x below (a + 1) / (a + b + 2); above it, use the symmetry.
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a
  return 1 - (front * betaFraction(1 - x, b, a)) / b
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300
  let c = 1
  let d = 1 - ((a + b) * x) / (a + 1)
  d = 1 / (Math.abs(d) < tiny ? tiny : d)
  let h = d
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m
    for (const coefficient of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + coefficient * d
      d = 1 / (Math.abs(d) < tiny ? tiny : d)
      c = 1 + coefficient / c
      if (Math.abs(c) < tiny) c = tiny
      h *= d * c
    }
    if (Math.abs(d * c - 1) < 1e-15) break
  }
  return h
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms: about 15 significant digits). */
function logGamma(x: number): number {
  const g = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7
  ]
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x)
  const z = x - 1
  let sum = g[0]!
  for (let i = 1; i < 9; i++) sum += g[i]! / (z + i)
  const t = z + 7.5
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum)
}
