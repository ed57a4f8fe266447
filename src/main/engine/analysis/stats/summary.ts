import { sortedQuantile } from './bootstrap'

/** Moments of plain number arrays; typed arrays in, numbers out, nothing allocated per element. */

type Numbers = ArrayLike<number>

export function mean(values: Numbers): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i]
  return values.length ? sum / values.length : NaN
}

/**
 * Variance with `ddof` degrees of freedom removed: 1 (default) is the sample variance, 0 the
 * population variance that Sobol estimators divide by (as SALib's `np.var` does).
 */
export function variance(values: Numbers, ddof = 1): number {
  const n = values.length
  if (n - ddof <= 0) return NaN
  const m = mean(values)
  let ss = 0
  for (let i = 0; i < n; i++) {
    const d = values[i] - m
    ss += d * d
  }
  return ss / (n - ddof)
}

export function sd(values: Numbers, ddof = 1): number {
  return Math.sqrt(variance(values, ddof))
}

/** Mean, spread and the central 95% range of per-replicate values (trees, bootstrap draws). */
export interface Spread {
  mean: number
  sd: number
  lo: number
  hi: number
}

/** A single replicate has no spread: its sd is 0 rather than undefined. */
export function spread(values: Numbers): Spread {
  const s = Float64Array.from(values).sort()
  return { mean: mean(s), sd: s.length < 2 ? 0 : sd(s), lo: sortedQuantile(s, 0.025), hi: sortedQuantile(s, 0.975) }
}
