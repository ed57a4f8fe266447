/**
 * Speed of the random-forest functional ANOVA, surrogate Sobol and the top-quantile importance.
 * Run: npx tsx bench/fanova.ts   (prints one JSON object; times in milliseconds, median of runs)
 */
import { performance } from 'node:perf_hooks'
import { Rng } from '../src/main/engine/random'
import { fanova } from '../src/main/engine/analysis/forest/forest-importance'
import { surrogateSobol } from '../src/main/engine/analysis/forest/surrogate-sobol'
import { quantileImportance } from '../src/main/engine/analysis/quantile'
import type { ResultTable } from '../src/main/engine/analysis/table'

/** n trials of p uniform parameters; the target mixes main effects, a curve and one interaction. */
function table(n: number, p: number, seed: number): ResultTable {
  const rng = new Rng(seed)
  const cols = Array.from({ length: p }, () => new Float64Array(n))
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) cols[j][i] = rng.next()
    y[i] = 4 * cols[0][i] + 2 * cols[1][i] ** 2 + 3 * cols[2][i] * cols[3][i] + 0.1 * rng.normal()
  }
  return { params: cols.map((values, j) => ({ name: `x${j}`, kind: 'float', log: false, values, active: null })), target: y, targetName: 'y', dropped: [] }
}

function median(runs: number, fn: () => void): number {
  const t: number[] = []
  for (let k = 0; k < runs; k++) {
    const s = performance.now()
    fn()
    t.push(performance.now() - s)
  }
  return Math.round(t.sort((a, b) => a - b)[Math.floor(runs / 2)])
}

const t1k = table(1000, 8, 1)
const t10k = table(10_000, 8, 2)
const q10k = table(10_000, 32, 3)
let oob1k = 0
let oob10k = 0
const result = {
  fanova_1000x8_64trees_pairs_ms: median(3, () => (oob1k = fanova(t1k, { trees: 64, seed: 1 }).oob_r2)),
  fanova_1000x8_oob_r2: Number(oob1k.toFixed(3)),
  fanova_10000x8_64trees_pairs_ms: median(1, () => (oob10k = fanova(t10k, { trees: 64, seed: 1 }).oob_r2)),
  fanova_10000x8_oob_r2: Number(oob10k.toFixed(3)),
  surrogate_sobol_1000x8_64trees_4096samples_ms: median(3, () => surrogateSobol(t1k, { trees: 64, seed: 1 })),
  quantile_10000x32_ms_no_interval: median(3, () => quantileImportance(q10k, { bootstrap: 0 })),
  quantile_10000x32_ms_100_bootstrap: median(3, () => quantileImportance(q10k, { bootstrap: 100, seed: 1 })),
  node: process.version
}
console.log(JSON.stringify(result))
