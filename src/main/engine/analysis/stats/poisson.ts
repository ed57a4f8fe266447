import type { Rng } from '../../random'
import { logGamma } from './quantiles'

/**
 * A Poisson(λ) draw: inversion for small means, else Hörmann's transformed rejection with squeeze
 * (PTRS, 1993, as NumPy draws it), which needs about two uniforms whatever λ is.
 */
export function poisson(rng: Rng, lambda: number): number {
  if (!(lambda > 0)) return 0
  if (lambda < 10) {
    const u = rng.next()
    let k = 0
    let p = Math.exp(-lambda)
    let c = p
    while (u > c && k < 1000) {
      k++
      p *= lambda / k
      c += p
    }
    return k
  }
  const slam = Math.sqrt(lambda)
  const logLam = Math.log(lambda)
  const b = 0.931 + 2.53 * slam
  const a = -0.059 + 0.02483 * b
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4)
  const vr = 0.9277 - 3.6224 / (b - 2)
  for (;;) {
    const u = rng.next() - 0.5
    const v = rng.next()
    const us = 0.5 - Math.abs(u)
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43)
    if (us >= 0.07 && v <= vr) return k
    if (k < 0 || (us < 0.013 && v > us)) continue
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -lambda + k * logLam - logGamma(k + 1)) return k
  }
}
