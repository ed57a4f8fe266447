/**
 * Small statistics helpers for the forest and the other table methods: summaries of a sample and
 * the quantiles of the normal and chi-square distributions that their intervals need.
 */

export function mean(a: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i]
  return s / a.length
}

/** Sample standard deviation (n − 1). */
export function sd(a: ArrayLike<number>): number {
  if (a.length < 2) return 0
  const m = mean(a)
  let s = 0
  for (let i = 0; i < a.length; i++) s += (a[i] - m) ** 2
  return Math.sqrt(s / (a.length - 1))
}

/** Quantile q of a sample by linear interpolation between order statistics (type 7, as R and numpy). */
export function quantile(a: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(a).sort()
  return quantileSorted(s, q)
}

export function quantileSorted(s: ArrayLike<number>, q: number): number {
  if (s.length === 0) return NaN
  const h = (s.length - 1) * q
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, s.length - 1)
  return s[lo] + (h - lo) * (s[hi] - s[lo])
}

/** Mean, spread and the central 95% range of per-replicate values (trees, bootstrap draws). */
export interface Spread {
  mean: number
  sd: number
  lo: number
  hi: number
}

export function spread(values: ArrayLike<number>): Spread {
  const s = Float64Array.from(values).sort()
  return { mean: mean(s), sd: sd(s), lo: quantileSorted(s, 0.025), hi: quantileSorted(s, 0.975) }
}

/** Standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity
  if (p >= 1) return Infinity
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239]
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
  const pl = 0.02425
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p))
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
  }
  if (p > 1 - pl) return -normalQuantile(1 - p)
  const q = p - 0.5
  const r = q * q
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
}

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, 9 terms): about 15 significant digits for x > 0.
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7]
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x)
  x -= 1
  let s = g[0]
  for (let i = 1; i < 9; i++) s += g[i] / (x + i)
  const t = x + 7.5
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s)
}

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

/** Ranks 1..n with ties given their average rank. */
export function ranks(a: ArrayLike<number>): Float64Array {
  const n = a.length
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i] - a[j])
  const r = new Float64Array(n)
  for (let i = 0; i < n; ) {
    let j = i
    while (j + 1 < n && a[order[j + 1]] === a[order[i]]) j++
    const avg = (i + j) / 2 + 1
    for (let k = i; k <= j; k++) r[order[k]] = avg
    i = j + 1
  }
  return r
}
