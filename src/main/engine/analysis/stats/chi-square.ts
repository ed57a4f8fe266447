import { logGamma } from './quantiles'

/** Regularised lower incomplete gamma P(a, x): series below a + 1, continued fraction above. */
function gammaP(a: number, x: number): number {
  if (x <= 0) return 0
  const lg = a * Math.log(x) - x - logGamma(a)
  if (x < a + 1) {
    let term = 1 / a
    let sum = term
    for (let k = 1; k < 1000 && Math.abs(term) > Math.abs(sum) * 1e-15; k++) {
      term *= x / (a + k)
      sum += term
    }
    return sum * Math.exp(lg)
  }
  let b = x + 1 - a
  let c = 1e300
  let d = 1 / b
  let h = d
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    d = Math.abs(d) < 1e-300 ? 1e-300 : d
    c = b + an / c
    c = Math.abs(c) < 1e-300 ? 1e-300 : c
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < 1e-15) break
  }
  return 1 - Math.exp(lg) * h
}

export function chiSquareCdf(x: number, df: number): number {
  return gammaP(df / 2, x / 2)
}

/** Chi-square quantile by bisection on the CDF (monotone, so it always converges). */
export function chiSquareQuantile(p: number, df: number): number {
  let lo = 0
  let hi = Math.max(1, df)
  while (chiSquareCdf(hi, df) < p) hi *= 2
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2
    if (chiSquareCdf(mid, df) < p) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}
