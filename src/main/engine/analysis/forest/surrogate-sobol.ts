import { Rng } from '../../random'
import type { ResultTable } from '../table'
import type { Binned } from './bins'
import { fitForest, type Forest, type ForestOptions } from './forest'
import { spread } from '../stats/summary'
import type { Tree } from './tree'

/**
 * Sobol indices of the fitted forest, for data that is not a Saltelli design: draw Saltelli's A,
 * B and AB_j matrices from the parameters' measure (atom by atom, as the forest is constant on
 * atoms), evaluate every tree, and estimate first-order (Saltelli 2010) and total (Jansen 1999)
 * indices per tree. The spread across trees carries both the surrogate's uncertainty and the
 * Monte Carlo error.
 */
export interface SurrogateSobolParam {
  name: string
  S1: number
  S1_lo: number
  S1_hi: number
  ST: number
  ST_lo: number
  ST_hi: number
}

export interface SurrogateSobolResult {
  method: 'surrogate-sobol'
  target: string
  n: number
  seed: number
  trees: number
  /** Base sample size of the Monte Carlo (model evaluations per tree: samples × (p + 2)). */
  samples: number
  oob_r2: number
  params: SurrogateSobolParam[]
}

/** Draws an atom per row from each feature's measure (inverse CDF on cumulative weights). */
function drawAtoms(data: Binned, rows: number, rng: Rng): Uint16Array[] {
  return data.features.map((f) => {
    const cdf = new Float64Array(f.nBins)
    let acc = 0
    for (let b = 0; b < f.nBins; b++) cdf[b] = acc += f.weight[b]
    const out = new Uint16Array(rows)
    for (let i = 0; i < rows; i++) {
      const u = rng.next() * acc
      let lo = 0
      let hi = f.nBins - 1
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (cdf[mid] > u) hi = mid
        else lo = mid + 1
      }
      out[i] = lo
    }
    return out
  })
}

/** Evaluates a tree at row i of a matrix, with column `swap` read from `alt` instead. */
function evalAt(t: Tree, cols: Uint16Array[], alt: Uint16Array[], swap: number, i: number): number {
  let node = 0
  while (t.feature[node] >= 0) {
    const f = t.feature[node]
    const c = f === swap ? alt[f][i] : cols[f][i]
    const set = t.catLeft[node]
    node = (set ? set[c] === 1 : c <= t.split[node]) ? t.left[node] : t.right[node]
  }
  return t.value[node]
}

export function sobolOfForest(forest: Forest, table: ResultTable, samples = 4096, seed = forest.seed): SurrogateSobolResult {
  const data = forest.data
  const p = data.features.length
  const rng = new Rng(seed ^ 0x5eed)
  const s1 = Array.from({ length: p }, () => [] as number[])
  const st = Array.from({ length: p }, () => [] as number[])
  const fA = new Float64Array(samples)
  const fB = new Float64Array(samples)
  for (const t of forest.trees) {
    // Fresh matrices per tree, so the Monte Carlo error averages out over trees instead of
    // being shared by all of them.
    const A = drawAtoms(data, samples, rng)
    const B = drawAtoms(data, samples, rng)
    let m = 0
    for (let i = 0; i < samples; i++) {
      fA[i] = evalAt(t, A, B, -1, i)
      fB[i] = evalAt(t, B, A, -1, i)
      m += fA[i] + fB[i]
    }
    m /= 2 * samples
    let v = 0
    for (let i = 0; i < samples; i++) v += (fA[i] - m) ** 2 + (fB[i] - m) ** 2
    v /= 2 * samples - 1
    if (!(v > 1e-300)) continue
    for (let j = 0; j < p; j++) {
      let first = 0
      let total = 0
      for (let i = 0; i < samples; i++) {
        const fAB = evalAt(t, A, B, j, i)
        first += fB[i] * (fAB - fA[i])
        total += (fA[i] - fAB) ** 2
      }
      s1[j].push(first / samples / v)
      st[j].push(total / (2 * samples) / v)
    }
  }
  const params = table.params.map((col, j): SurrogateSobolParam => {
    const a = spread(s1[j].length > 0 ? s1[j] : [0])
    const b = spread(st[j].length > 0 ? st[j] : [0])
    return { name: col.name, S1: a.mean, S1_lo: a.lo, S1_hi: a.hi, ST: b.mean, ST_lo: b.lo, ST_hi: b.hi }
  })
  return { method: 'surrogate-sobol', target: table.targetName, n: table.target.length, seed, trees: forest.trees.length, samples, oob_r2: forest.oobR2, params }
}

/** Fits a forest and computes its Sobol indices. */
export function surrogateSobol(table: ResultTable, options: ForestOptions & { samples?: number } = {}): SurrogateSobolResult {
  return sobolOfForest(fitForest(table, options), table, options.samples ?? 4096)
}
