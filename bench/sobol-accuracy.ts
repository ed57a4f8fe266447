/**
 * Sobol point accuracy and interval coverage against analytic indices, at equal model evaluations:
 * Ishigami (a = 7, b = 0.1) and Sobol's G function (a = 0, 0.5, 3, 9, 99, 99), 20 seeds, two
 * budgets of base rows N (N·(d + 2) evaluations, first and total order), for ParamScope's design
 * and estimator with 1, 2, 4 and 8 independently scrambled replicates, and for
 * scipy.stats.sobol_indices through the system python3 (bench/sobol-accuracy.py; its column is
 * left out with a note when python3 or scipy is missing). `monte-carlo-bootstrap` runs the same
 * estimators and bootstrap on plain random rows: there the base rows are independent, so its
 * coverage near 95 % shows that the bootstrap resamples A, B and AB_j of a base row together.
 *
 * Per variant: mean absolute error of S1 and ST over seeds and parameters, the ratio of that error
 * to SciPy's, the share of 95 % intervals that hold the analytic value, and the mean half-width
 * over the mean absolute error (≈ 1.96 × √(π/2) ≈ 2.5 for an interval as wide as the real error).
 * Run: npx tsx bench/sobol-accuracy.ts   (prints one JSON object; SOBOL_BENCH_SEEDS=5 for a quick look)
 */
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sobolIndices, type SobolResult } from '../src/main/engine/analysis/sobol'
import { Rng } from '../src/main/engine/random'
import { saltelliDesign } from '../src/main/engine/studies/designs/saltelli'

const SEEDS = Array.from({ length: Number(process.env.SOBOL_BENCH_SEEDS ?? 20) }, (_, i) => i + 1)
const BUDGETS = [1024, 8192]
const RESAMPLES = 1000

interface Model {
  name: 'ishigami' | 'g'
  dims: number
  a?: number[]
  f: (x: number[]) => number
  S1: number[]
  ST: number[]
}

function ishigami(): Model {
  const [a, b] = [7, 0.1]
  const V1 = 0.5 * (1 + (b * Math.PI ** 4) / 5) ** 2
  const V2 = a ** 2 / 8
  const V13 = (8 * b ** 2 * Math.PI ** 8) / 225
  const V = V1 + V2 + V13
  return {
    name: 'ishigami',
    dims: 3,
    f: (u) => {
      const [x1, x2, x3] = u.map((v) => Math.PI * (2 * v - 1))
      return Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1)
    },
    S1: [V1 / V, V2 / V, 0],
    ST: [(V1 + V13) / V, V2 / V, V13 / V]
  }
}

function gFunction(a: number[]): Model {
  const Vi = a.map((ai) => 1 / (3 * (1 + ai) ** 2))
  const prod = Vi.reduce((p, v) => p * (1 + v), 1)
  const V = prod - 1
  return {
    name: 'g',
    dims: a.length,
    a,
    f: (u) => u.reduce((p, v, k) => (p * (Math.abs(4 * v - 2) + a[k])) / (1 + a[k]), 1),
    S1: Vi.map((v) => v / V),
    ST: Vi.map((v) => (v * prod) / (1 + v) / V)
  }
}

interface Estimate {
  S1: number[]
  ST: number[]
  S1_lo?: number[]
  S1_hi?: number[]
  ST_lo?: number[]
  ST_hi?: number[]
}

/** The Saltelli rows with `replicates` scramblings, or from independent uniform draws (replicates 0). */
function evaluate(model: Model, n: number, replicates: number, seed: number): Float64Array {
  const d = model.dims
  const design = replicates > 0 ? saltelliDesign({ dims: d, n, secondOrder: false, replicates, seed }) : monteCarloSaltelli(d, n, seed)
  const y = new Float64Array(design.rows)
  for (let i = 0; i < design.rows; i++) y[i] = model.f(Array.from(design.points.subarray(i * d, (i + 1) * d)))
  return y
}

/**
 * The same A, AB_j, B layout from plain Monte Carlo draws: base rows are then truly independent,
 * so the bootstrap over base rows should cover at its nominal rate. It checks the resampling.
 */
function monteCarloSaltelli(d: number, n: number, seed: number): { rows: number; points: Float64Array } {
  const rng = new Rng(seed)
  const step = d + 2
  const points = new Float64Array(n * step * d)
  for (let i = 0; i < n; i++) {
    const A = Array.from({ length: d }, () => rng.next())
    const B = Array.from({ length: d }, () => rng.next())
    const o = i * step * d
    for (let k = 0; k < d; k++) {
      points[o + k] = A[k]
      points[o + (step - 1) * d + k] = B[k]
      for (let j = 0; j < d; j++) points[o + (1 + j) * d + k] = k === j ? B[k] : A[k]
    }
  }
  return { rows: n * step, points }
}

const asEstimate = (r: SobolResult): Estimate => ({
  S1: r.params.map((p) => p.S1),
  ST: r.params.map((p) => p.ST),
  S1_lo: r.params.map((p) => p.S1_lo),
  S1_hi: r.params.map((p) => p.S1_hi),
  ST_lo: r.params.map((p) => p.ST_lo),
  ST_hi: r.params.map((p) => p.ST_hi)
})

/** ParamScope's estimators on its own Saltelli design with `replicates` scramblings. */
function paramscope(model: Model, n: number, replicates: number, seed: number): Estimate {
  const names = Array.from({ length: model.dims }, (_, k) => `x${k + 1}`)
  const y = evaluate(model, n, replicates, seed)
  return asEstimate(sobolIndices(y, { names, secondOrder: false, replicates: Math.max(1, replicates), seed, resamples: RESAMPLES }))
}

interface Score {
  mae_S1: number
  mae_ST: number
  mae: number
  coverage?: number
  width_over_error?: number
}

function score(model: Model, estimates: Estimate[]): Score {
  let e1 = 0
  let eT = 0
  let covered = 0
  let checks = 0
  let half = 0
  for (const est of estimates) {
    for (let k = 0; k < model.dims; k++) {
      e1 += Math.abs(est.S1[k] - model.S1[k])
      eT += Math.abs(est.ST[k] - model.ST[k])
      if (!est.S1_lo || !est.S1_hi || !est.ST_lo || !est.ST_hi) continue
      for (const [lo, hi, truth] of [[est.S1_lo[k], est.S1_hi[k], model.S1[k]], [est.ST_lo[k], est.ST_hi[k], model.ST[k]]]) {
        checks++
        if (lo <= truth && truth <= hi) covered++
        half += (hi - lo) / 2
      }
    }
  }
  const count = estimates.length * model.dims
  const mae = (e1 + eT) / (2 * count)
  const out: Score = { mae_S1: e1 / count, mae_ST: eT / count, mae }
  if (checks > 0) Object.assign(out, { coverage: covered / checks, width_over_error: half / checks / mae })
  return out
}

/** SciPy's estimates for every model, budget and seed, or why there are none. */
function scipyEstimates(models: Model[]): { version: string; results: Record<string, Estimate[]> } | { note: string } {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'sobol-accuracy.py')
  const request = { models: models.map((m) => ({ name: m.name, dims: m.dims, a: m.a })), budgets: BUDGETS, seeds: SEEDS, resamples: RESAMPLES - 1 }
  const run = spawnSync('python3', [script], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 1 << 28 })
  if (run.error) return { note: `scipy column left out: python3 could not start (${run.error.message})` }
  if (run.status !== 0) return { note: `scipy column left out: ${run.stderr.trim().split('\n').pop() ?? `python3 exited ${run.status}`}` }
  const parsed = JSON.parse(run.stdout) as { scipy: string; results: Record<string, Estimate[]> }
  return { version: parsed.scipy, results: parsed.results }
}

const round = (v: number, digits = 4) => +v.toPrecision(digits)
const rounded = (s: Score) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, round(v)]))

const models = [ishigami(), gFunction([0, 0.5, 3, 9, 99, 99])]
/** Replicates per variant; 0 is the Monte Carlo check of the bootstrap, not a design on offer. */
const variants: Record<string, number> = { 'monte-carlo-bootstrap': 0, 'replicates-1-bootstrap': 1, 'replicates-2-t': 2, 'replicates-4-t': 4, 'replicates-8-t': 8 }
const scipy = scipyEstimates(models)
const table: Record<string, Record<string, unknown>> = {}
for (const model of models) {
  for (const n of BUDGETS) {
    const key = `${model.name}:${n}`
    const row: Record<string, unknown> = { evaluations: n * (model.dims + 2) }
    const reference = 'results' in scipy ? score(model, scipy.results[key]) : null
    if (reference) row.scipy = rounded(reference)
    for (const [name, replicates] of Object.entries(variants)) {
      const s = score(model, SEEDS.map((seed) => paramscope(model, n, replicates, seed)))
      row[name] = { ...rounded(s), ...(reference ? { error_over_scipy: round(s.mae / reference.mae, 3) } : {}) }
    }
    table[key] = row
  }
}

console.log(
  JSON.stringify({
    benchmark: 'sobol-accuracy',
    seeds: SEEDS.length,
    budgets_base_rows: BUDGETS,
    confidence: 0.95,
    resamples: RESAMPLES,
    node: process.version,
    ...('version' in scipy ? { scipy: scipy.version } : { scipy: null, note: scipy.note }),
    results: table
  })
)
