/**
 * Sobol indices at N = 8192 base rows over 10 parameters: Saltelli design, model evaluation and
 * the analysis, first/total order and with second order, replicate t intervals and the bootstrap.
 * The model is Sobol's G function, whose indices are known exactly, so the error is printed too.
 * Run: npx tsx bench/sobol.ts   (prints one JSON object)
 */
import { performance } from 'node:perf_hooks'
import { sobolIndices, type SobolResult } from '../src/main/engine/analysis/sobol'
import { saltelliDesign } from '../src/main/engine/studies/designs/saltelli'

const N = 8192
const D = 10
const REPLICATES = 8
const REPEATS = 5
const a = [0, 1, 4.5, 9, 99, 99, 99, 99, 99, 99]
const names = a.map((_, i) => `x${i + 1}`)

function gFunction(points: Float64Array, rows: number): Float64Array {
  const y = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    let p = 1
    for (let k = 0; k < D; k++) p *= (Math.abs(4 * points[i * D + k] - 2) + a[k]) / (1 + a[k])
    y[i] = p
  }
  return y
}

/** Exact first-order indices of the G function: V_i = 1 / (3(1 + a_i)²), V = Π(1 + V_i) − 1. */
const Vi = a.map((ai) => 1 / (3 * (1 + ai) ** 2))
const V = Vi.reduce((p, v) => p * (1 + v), 1) - 1
const exactS1 = Vi.map((v) => v / V)

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y)
  return s[Math.floor(s.length / 2)]
}

function measure(secondOrder: boolean, interval: 'replicates' | 'bootstrap', replicates: number) {
  const design = saltelliDesign({ dims: D, n: N, secondOrder, replicates, seed: 1 })
  const y = gFunction(design.points, design.rows)
  const times = { design: [] as number[], analysis: [] as number[] }
  let result: SobolResult | undefined
  for (let r = 0; r <= REPEATS; r++) {
    let t = performance.now()
    saltelliDesign({ dims: D, n: N, secondOrder, replicates, seed: r })
    const designMs = performance.now() - t
    t = performance.now()
    result = sobolIndices(y, { names, secondOrder, replicates, interval, seed: 1, resamples: interval === 'bootstrap' ? 1000 : undefined })
    const analysisMs = performance.now() - t
    // The first round warms the JIT up and is not counted.
    if (r > 0) {
      times.design.push(designMs)
      times.analysis.push(analysisMs)
    }
  }
  const maxErr = Math.max(...result!.params.map((p, i) => Math.abs(p.S1 - exactS1[i])))
  const meanHalf = result!.params.reduce((s, p) => s + (p.S1_hi - p.S1_lo) / 2, 0) / D
  return {
    rows: design.rows,
    design_ms: +median(times.design).toFixed(2),
    analysis_ms: +median(times.analysis).toFixed(2),
    total_s: +((median(times.design) + median(times.analysis)) / 1000).toFixed(4),
    S1_max_abs_error: +maxErr.toExponential(2),
    S1_mean_half_width: +meanHalf.toExponential(2)
  }
}

console.log(
  JSON.stringify({
    benchmark: 'sobol',
    n: N,
    params: D,
    model: 'Sobol G function',
    node: process.version,
    first_total_replicates: { target_s: 0.3, replicates: REPLICATES, ...measure(false, 'replicates', REPLICATES) },
    second_order_replicates: { target_s: 1, replicates: REPLICATES, ...measure(true, 'replicates', REPLICATES) },
    first_total_bootstrap: { replicates: 1, resamples: 1000, ...measure(false, 'bootstrap', 1) },
    second_order_bootstrap: { replicates: 1, resamples: 1000, ...measure(true, 'bootstrap', 1) }
  })
)
