/**
 * The normal distribution as TPE's kernels use it: the mass of an interval (the discrete kernels
 * and every kernel's truncation) and draws truncated to an interval. Masses are taken from the
 * tail nearer to the interval, so two values close to 1 are never subtracted.
 */
import { normalQuantile } from '../../analysis/stats/quantiles'
import type { Rng } from '../../random'

const SQRT1_2 = Math.SQRT1_2

/** erfc(x), relative error under 1.2e-7 everywhere, tails included (Numerical Recipes' Chebyshev fit). */
export function erfc(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + 0.5 * z)
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    )
  return x >= 0 ? r : 2 - r
}

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z * SQRT1_2)
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI)

/**
 * Φ(b) − Φ(a) for a < b, accurate when both lie in one tail. An interval much narrower than one σ
 * takes the midpoint density times its width, whose error (w²/24 relative) is far below the
 * fit's when two nearly equal CDF values would be subtracted.
 */
export function normalMass(a: number, b: number): number {
  const w = b - a
  if (w < 1e-2) {
    const m = 0.5 * (a + b)
    return w * Math.exp(-0.5 * m * m - LOG_SQRT_2PI)
  }
  if (a >= 0) return 0.5 * (erfc(a * SQRT1_2) - erfc(b * SQRT1_2))
  if (b <= 0) return 0.5 * (erfc(-b * SQRT1_2) - erfc(-a * SQRT1_2))
  return 1 - 0.5 * (erfc(b * SQRT1_2) + erfc(-a * SQRT1_2))
}

/** ln of the normal density at standard score z, without the 1/σ. */
export function logNormalDensity(z: number): number {
  return -0.5 * z * z - LOG_SQRT_2PI
}

/**
 * A draw from N(mu, sigma²) truncated to [low, high], by the inverse CDF, from the tail nearer to
 * the interval so a window far from the mean keeps its precision.
 */
export function sampleTruncatedNormal(rng: Rng, mu: number, sigma: number, low: number, high: number): number {
  const a = (low - mu) / sigma
  const b = (high - mu) / sigma
  const u = rng.next()
  let z: number
  if (a >= 0) {
    // Both ends above the mean: draw from the upper tail, Q(z) = 1 − Φ(z).
    const qa = 0.5 * erfc(a * SQRT1_2)
    const qb = 0.5 * erfc(b * SQRT1_2)
    z = -quantile(qa - u * (qa - qb))
  } else {
    const pa = normalCdf(a)
    const pb = normalCdf(b)
    z = quantile(pa + u * (pb - pa))
  }
  return Math.min(high, Math.max(low, mu + sigma * z))
}

/** Φ⁻¹(p), with p kept inside (0, 1) where rounding put it on an end. */
function quantile(p: number): number {
  return normalQuantile(Math.min(1 - 1e-16, Math.max(1e-300, p)))
}
