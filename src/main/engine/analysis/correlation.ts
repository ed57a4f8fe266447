import { encodeColumn } from './encode'
import { normalQuantile } from './stats/quantiles'
import { ranks } from './stats/ranks'
import { regimeNote, type ResultTable } from './table'

/**
 * Pearson and Spearman correlation of each parameter (in its measure, so log-scale parameters
 * correlate through log10 of their value) with the target, with Fisher-z intervals: Pearson's
 * standard error 1/√(n−3), Spearman's √(1.06/(n−3)) (Fieller, Hartley & Pearson 1957).
 * Categories have no order, so they get the correlation ratio η instead (no sign, no interval).
 */
export interface CorrelationParam {
  name: string
  n: number
  spearman: number | null
  spearman_lo: number | null
  spearman_hi: number | null
  pearson: number | null
  pearson_lo: number | null
  pearson_hi: number | null
  /** Correlation ratio η = √(between-level variance / total variance), for categories. */
  eta?: number
  note?: string
}

export interface CorrelationResult {
  method: 'correlation'
  target: string
  n: number
  level: number
  params: CorrelationParam[]
}

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) {
    mx += x[i]
    my += y[i]
  }
  mx /= n
  my /= n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my)
    sxx += (x[i] - mx) ** 2
    syy += (y[i] - my) ** 2
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN
}

export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return pearson(ranks(x), ranks(y))
}

/** Fisher-z interval for a correlation r from n pairs; `varianceFactor` is 1 for Pearson. */
export function fisherInterval(r: number, n: number, level: number, varianceFactor = 1): [number, number] {
  if (!(n > 3) || !Number.isFinite(r)) return [NaN, NaN]
  const z = Math.atanh(Math.max(-0.999999999, Math.min(0.999999999, r)))
  const half = normalQuantile(0.5 + level / 2) * Math.sqrt(varianceFactor / (n - 3))
  return [Math.tanh(z - half), Math.tanh(z + half)]
}

function eta(codes: Int32Array, y: ArrayLike<number>, levels: number): number {
  const sum = new Float64Array(levels)
  const cnt = new Float64Array(levels)
  let m = 0
  let k = 0
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] < 0) continue
    sum[codes[i]] += y[i]
    cnt[codes[i]]++
    m += y[i]
    k++
  }
  m /= k
  let between = 0
  let total = 0
  for (let l = 0; l < levels; l++) if (cnt[l] > 0) between += cnt[l] * (sum[l] / cnt[l] - m) ** 2
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) total += (y[i] - m) ** 2
  return total > 0 ? Math.sqrt(between / total) : 0
}

export function correlations(table: ResultTable, level = 0.95): CorrelationResult {
  const y = table.target
  const params = table.params.map((col): CorrelationParam => {
    const f = encodeColumn(col)
    const note = regimeNote(col)
    if (f.kind === 'categorical') {
      return {
        name: col.name,
        n: f.active,
        spearman: null,
        spearman_lo: null,
        spearman_hi: null,
        pearson: null,
        pearson_lo: null,
        pearson_hi: null,
        eta: eta(f.codes, y, f.levels.length),
        note: ['categorical: correlation ratio η, which has no sign', note].filter(Boolean).join('; ')
      }
    }
    // Conditional parameters correlate over the rows where they apply.
    const xs: number[] = []
    const ys: number[] = []
    for (let i = 0; i < f.x.length; i++) {
      if (Number.isNaN(f.x[i])) continue
      xs.push(f.x[i])
      ys.push(y[i])
    }
    const n = xs.length
    const p = pearson(xs, ys)
    const s = spearman(xs, ys)
    const [plo, phi] = fisherInterval(p, n, level)
    const [slo, shi] = fisherInterval(s, n, level, 1.06)
    const entry: CorrelationParam = { name: col.name, n, spearman: s, spearman_lo: slo, spearman_hi: shi, pearson: p, pearson_lo: plo, pearson_hi: phi }
    if (note) entry.note = note
    return entry
  })
  return { method: 'correlation', target: table.targetName, n: y.length, level, params }
}
