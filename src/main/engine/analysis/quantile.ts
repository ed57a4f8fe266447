import { Rng } from '../random'
import { encodeColumn, type Feature } from './encode'
import { poisson } from './stats/poisson'
import { spread } from './stats/summary'
import { regimeNote, type ResultTable } from './table'

/**
 * Top-quantile importance in the manner of PED-ANOVA (Watanabe et al. 2023): how far a
 * parameter's distribution among the best γ of the trials is from its distribution among all,
 * measured by the Pearson divergence ∫ p_all (p_top / p_all − 1)². Zero means the best trials
 * look like any trials in this parameter. Numbers are smoothed by a Gaussian kernel on a grid in
 * the parameter's measure; categories and small integer ranges are counted per level.
 */
export interface QuantileParam {
  name: string
  importance: number
  importance_lo: number
  importance_hi: number
  share: number
  /** Rows the parameter was measured on (its active regime). */
  n: number
  note?: string
}

export interface QuantileResult {
  method: 'quantile'
  target: string
  n: number
  seed: number
  gamma: number
  goal: 'min' | 'max'
  bootstrap: number
  params: QuantileParam[]
}

export interface QuantileOptions {
  /** Share of trials counted as the best; default 0.1. */
  gamma?: number
  goal?: 'min' | 'max'
  /** Poisson-bootstrap replicates for the interval; default 100. */
  bootstrap?: number
  seed?: number
}

const GRID = 64

/** Per row a cell index (grid bin or level) and whether the cells are smoothed by a kernel. */
function cellsOf(f: Feature): { cell: Int32Array; cells: number; smooth: boolean } {
  if (f.kind === 'categorical') return { cell: f.codes, cells: f.levels.length, smooth: false }
  const discrete = f.int && !f.log && f.high - f.low < GRID
  const cells = discrete ? f.high - f.low + 1 : GRID
  const cell = new Int32Array(f.x.length)
  const span = f.high - f.low || 1
  for (let i = 0; i < f.x.length; i++) {
    if (Number.isNaN(f.x[i])) cell[i] = -1
    else cell[i] = discrete ? Math.round(f.x[i] - f.low) : Math.min(GRID - 1, Math.floor(((f.x[i] - f.low) / span) * GRID))
  }
  return { cell, cells, smooth: !discrete }
}

/** Normalised density on the cells: a Gaussian kernel (Scott's bandwidth, at least one cell,
 *  reflected at the bounds) or add-half smoothed level frequencies. */
function density(h: Float64Array, smooth: boolean): Float64Array {
  const k = h.length
  let w = 0
  let m = 0
  for (let c = 0; c < k; c++) {
    w += h[c]
    m += h[c] * c
  }
  const out = new Float64Array(k)
  if (!smooth) {
    for (let c = 0; c < k; c++) out[c] = (h[c] + 0.5) / (w + 0.5 * k)
    return out
  }
  m /= w
  let v = 0
  for (let c = 0; c < k; c++) v += h[c] * (c - m) ** 2
  const bw = Math.max(1, 1.06 * Math.sqrt(v / Math.max(1, w - 1)) * w ** -0.2)
  // Kernel by cell distance, reflected at both ends so mass near a bound is not lost over the edge.
  // Cut at 5 bandwidths, where the kernel is below 4e-6 of its peak.
  const reach = Math.min(2 * k - 1, Math.ceil(5 * bw))
  const kern = new Float64Array(reach + 1)
  for (let d = 0; d <= reach; d++) kern[d] = Math.exp(-0.5 * (d / bw) ** 2)
  let total = 0
  for (let g = 0; g < k; g++) {
    let s = 0
    for (let c = Math.max(0, g - reach); c <= Math.min(k - 1, g + reach); c++) s += h[c] * kern[Math.abs(g - c)]
    for (let c = 0; c <= reach - g - 1 && c < k; c++) s += h[c] * kern[g + c + 1]
    for (let c = Math.max(0, 2 * k - 1 - g - reach); c < k; c++) s += h[c] * kern[2 * k - 1 - g - c]
    out[g] = s
    total += s
  }
  for (let g = 0; g < k; g++) out[g] = out[g] / total + 1e-12
  return out
}

function divergence(top: Float64Array, all: Float64Array, smooth: boolean): number {
  const pt = density(top, smooth)
  const pa = density(all, smooth)
  let d = -1
  for (let c = 0; c < pt.length; c++) d += (pt[c] * pt[c]) / pa[c]
  return Math.max(0, d)
}

export function quantileImportance(table: ResultTable, options: QuantileOptions = {}): QuantileResult {
  const gamma = options.gamma ?? 0.1
  const goal = options.goal ?? 'min'
  const reps = options.bootstrap ?? 100
  const seed = options.seed ?? 0
  const rng = new Rng(seed)
  const y = table.target
  const n = y.length
  const sign = goal === 'min' ? 1 : -1
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => sign * (y[a] - y[b]))
  const encoded = table.params.map((col) => cellsOf(encodeColumn(col)))
  // Cells read in goal order, so the top set is a prefix and every pass is sequential.
  const sorted = encoded.map((e) => {
    const out = new Int32Array(n)
    for (let q = 0; q < n; q++) out[q] = e.cell[order[q]]
    return out
  })
  // Replicate 0 is the data itself; the others reweight trials by Poisson(1) counts, which is the
  // bootstrap without materialising resampled tables. The best γ almost always lie among the first
  // `head` trials in goal order (2γn plus a margin), so only those are weighted one by one; the
  // rest enter each cell's total as one Poisson draw of their count there (a sum of Poisson(1)
  // counts is Poisson), which spares a pass over every trial per replicate and parameter.
  const head = Math.min(n, Math.ceil(2 * gamma * n) + 64)
  const restCounts = encoded.map((e, j) => {
    const c = new Float64Array(e.cells)
    for (let q = head; q < n; q++) if (sorted[j][q] >= 0) c[sorted[j][q]]++
    return c
  })
  const values = encoded.map(() => new Float64Array(reps + 1))
  const w = new Float64Array(n)
  for (let r = 0; r <= reps; r++) {
    const boot = r > 0
    for (let q = 0; q < head; q++) w[q] = boot ? poisson1(rng) : 1
    let tailWeighted = false
    for (let j = 0; j < encoded.length; j++) {
      const { cells, smooth } = encoded[j]
      const cell = sorted[j]
      const all = new Float64Array(cells)
      const top = new Float64Array(cells)
      let active = 0
      for (let q = 0; q < head; q++) {
        const c = cell[q]
        if (c < 0) continue
        all[c] += w[q]
        active += w[q]
      }
      for (let c = 0; c < cells; c++) {
        const k = boot ? poisson(rng, restCounts[j][c]) : restCounts[j][c]
        all[c] += k
        active += k
      }
      let taken = takeTop(cell, w, head, gamma * active, top)
      if (taken < gamma * active - 1e-9 && head < n) {
        // Rare: inactive rows push this parameter's best γ past the head; weight every trial.
        if (!tailWeighted) for (let q = head; q < n; q++) w[q] = boot ? poisson1(rng) : 1
        tailWeighted = true
        all.fill(0)
        top.fill(0)
        active = 0
        for (let q = 0; q < n; q++) {
          if (cell[q] < 0) continue
          all[cell[q]] += w[q]
          active += w[q]
        }
        taken = takeTop(cell, w, n, gamma * active, top)
      }
      values[j][r] = active > 0 ? divergence(top, all, smooth) : 0
    }
  }
  const total = values.reduce((s, v) => s + v[0], 0)
  const params = table.params.map((col, j): QuantileParam => {
    const s = spread(values[j].subarray(1))
    const entry: QuantileParam = {
      name: col.name,
      importance: values[j][0],
      importance_lo: reps > 1 ? s.lo : NaN,
      importance_hi: reps > 1 ? s.hi : NaN,
      share: total > 0 ? values[j][0] / total : 0,
      n: encoded[j].cell.reduce((a, c) => a + (c >= 0 ? 1 : 0), 0)
    }
    const note = regimeNote(col)
    if (note) entry.note = `${note}; measured on those rows, top ${gamma} among them`
    return entry
  })
  return { method: 'quantile', target: table.targetName, n, seed, gamma, goal, bootstrap: reps, params }
}

/** Fills `top` with the first `need` weight of active trials among the first `upto`; returns what it took. */
function takeTop(cell: Int32Array, w: Float64Array, upto: number, need: number, top: Float64Array): number {
  let taken = 0
  for (let q = 0; q < upto && taken < need; q++) {
    if (cell[q] < 0 || w[q] === 0) continue
    const take = Math.min(w[q], need - taken)
    top[cell[q]] += take
    taken += take
  }
  return taken
}

// Cumulative Poisson(1) probabilities, so a draw is one uniform and a short scan.
const POISSON1_CDF = (() => {
  const c: number[] = []
  let p = Math.exp(-1)
  let acc = 0
  for (let k = 0; k < 20; k++) {
    acc += p
    c.push(acc)
    p /= k + 1
  }
  return Float64Array.from(c)
})()

/** A Poisson(1) draw by inversion. */
function poisson1(rng: Rng): number {
  const u = rng.next()
  let k = 0
  while (k < 19 && u > POISSON1_CDF[k]) k++
  return k
}
