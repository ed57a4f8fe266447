import type { Rng } from '../../random'

/** Fills `out` with n indices drawn with replacement from 0..n-1 (one bootstrap resample). */
export function resampleIndices(rng: Rng, out: Uint32Array): Uint32Array {
  const n = out.length
  for (let i = 0; i < n; i++) out[i] = rng.int(n)
  return out
}

/**
 * Linear-interpolated quantile (type 7, NumPy's default) of already sorted values.
 */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length
  if (n === 0) return NaN
  const pos = (n - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.min(lo + 1, n - 1)
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo])
}

/** Percentile interval of bootstrap replicates; replicates that came out NaN are left out. */
export function percentileInterval(replicates: Float64Array, confidence = 0.95): { lo: number; hi: number } {
  let finite = replicates.filter((v) => Number.isFinite(v))
  finite = finite.sort()
  const alpha = (1 - confidence) / 2
  return { lo: sortedQuantile(finite, alpha), hi: sortedQuantile(finite, 1 - alpha) }
}
