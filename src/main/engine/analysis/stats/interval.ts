import { mean, sd } from './summary'
import { tQuantile } from './quantiles'

export interface Interval {
  estimate: number
  lo: number
  hi: number
}

/**
 * Mean of independent replicate estimates with a Student t interval: the honest interval for
 * randomised quasi-Monte Carlo, where each replicate uses its own independent scrambling.
 */
export function tInterval(estimates: ArrayLike<number>, confidence = 0.95): Interval {
  const r = estimates.length
  const m = mean(estimates)
  if (r < 2) return { estimate: m, lo: NaN, hi: NaN }
  const half = (tQuantile(0.5 + confidence / 2, r - 1) * sd(estimates)) / Math.sqrt(r)
  return { estimate: m, lo: m - half, hi: m + half }
}
