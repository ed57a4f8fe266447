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
