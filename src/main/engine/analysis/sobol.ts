import { AppError } from '../../../shared/errors'
import { Rng } from '../random'
import { saltelliStep } from '../studies/designs/saltelli'
import { percentileInterval, resampleIndices } from './stats/bootstrap'
import { tInterval } from './stats/interval'
import { estimateCount, estimateIndices, type EstimatorLayout } from './sobol-estimators'

export type SobolInterval = 'replicates' | 'bootstrap'

export interface SobolOptions {
  names: string[]
  secondOrder: boolean
  /** Independently scrambled replicates in the table (1 for a plain SALib design). */
  replicates?: number
  /** Default: a t interval over replicates when there are two or more, else the bootstrap. */
  interval?: SobolInterval
  confidence?: number
  /** Bootstrap resamples. */
  resamples?: number
  /** The design's seed, stored with the result; the bootstrap draws from it. */
  seed: number
}

export interface SobolParam {
  name: string
  S1: number
  S1_lo: number
  S1_hi: number
  ST: number
  ST_lo: number
  ST_hi: number
}

export interface SobolPair {
  names: [string, string]
  S2: number
  S2_lo: number
  S2_hi: number
}

export interface SobolResult {
  method: 'sobol'
  /** Model evaluations used. */
  n: number
  baseRows: number
  replicates: number
  interval: SobolInterval
  confidence: number
  resamples?: number
  seed: number
  params: SobolParam[]
  pairs?: SobolPair[]
}

/**
 * Sobol indices from outputs of a Saltelli design in SALib's row layout. Estimates are reported as
 * computed: a negative index stays negative, with an interval that says whether it is consistent
 * with zero. With replicates, each replicate's estimate is independent (its own scrambling), so
 * the mean and a Student t interval are honest. One scrambled design (the default, as in SALib and
 * SciPy) estimates more accurately at the same evaluations, but its bootstrap resamples base rows
 * (A, B and every AB_j of a row together) as if they were independent draws, so it reports the
 * Monte Carlo error, many times the real one: conservative intervals. bench/sobol-accuracy.ts
 * measures both sides.
 */
export function sobolIndices(y: ArrayLike<number>, options: SobolOptions): SobolResult {
  const d = options.names.length
  const replicates = options.replicates ?? 1
  const confidence = options.confidence ?? 0.95
  const step = saltelliStep(d, options.secondOrder)
  const layout: EstimatorLayout = { dims: d, step, secondOrder: options.secondOrder }
  const total = y.length / step
  if (!Number.isInteger(total) || total < 2 || total % replicates !== 0)
    throw new AppError('INVALID_INPUT', `Sobol: ${y.length} outputs do not fill ${replicates} replicate(s) of Saltelli blocks of ${step} rows for ${d} parameters`, {
      issues: [{ field: 'n', message: `expected a multiple of ${step * replicates} outputs` }]
    })
  const baseRows = total / replicates
  const yc = centred(y, replicates, baseRows * step)
  const interval = options.interval ?? (replicates >= 2 ? 'replicates' : 'bootstrap')
  if (interval === 'replicates' && replicates < 2)
    throw new AppError('INVALID_INPUT', 'Sobol: a replicate interval needs two replicates or more; use the bootstrap', {
      issues: [{ field: 'interval', message: 'needs replicates ≥ 2' }]
    })
  const count = estimateCount(layout)
  const est = new Float64Array(count)
  const lo = new Float64Array(count)
  const hi = new Float64Array(count)
  const work = new Float64Array(count)
  let resamples: number | undefined
  if (interval === 'replicates') {
    const perRep = new Float64Array(replicates * count)
    const out = new Float64Array(count)
    for (let r = 0; r < replicates; r++) {
      estimateIndices(yc, layout, null, r * baseRows, baseRows, out, work)
      perRep.set(out, r * count)
    }
    const column = new Float64Array(replicates)
    for (let e = 0; e < count; e++) {
      for (let r = 0; r < replicates; r++) column[r] = perRep[r * count + e]
      const t = tInterval(column, confidence)
      est[e] = t.estimate
      lo[e] = t.lo
      hi[e] = t.hi
    }
  } else {
    resamples = options.resamples ?? 1000
    estimateIndices(yc, layout, null, 0, total, est, work)
    const boot = bootstrap(yc, layout, total, resamples, new Rng(options.seed))
    const column = new Float64Array(resamples)
    for (let e = 0; e < count; e++) {
      for (let s = 0; s < resamples; s++) column[s] = boot[s * count + e]
      const ci = percentileInterval(column, confidence)
      lo[e] = ci.lo
      hi[e] = ci.hi
    }
  }
  return {
    method: 'sobol',
    n: y.length,
    baseRows,
    replicates,
    interval,
    confidence,
    ...(resamples === undefined ? {} : { resamples }),
    seed: options.seed,
    params: options.names.map((name, j) => ({ name, S1: est[j], S1_lo: lo[j], S1_hi: hi[j], ST: est[d + j], ST_lo: lo[d + j], ST_hi: hi[d + j] })),
    ...(options.secondOrder ? { pairs: pairList(options.names, est, lo, hi) } : {})
  }
}

/** Outputs minus each replicate's mean: the estimators are shift-sensitive in finite samples. */
function centred(y: ArrayLike<number>, replicates: number, block: number): Float64Array {
  const out = Float64Array.from(y)
  for (let i = 0; i < out.length; i++)
    if (!Number.isFinite(out[i])) throw new AppError('INVALID_INPUT', `Sobol: output row ${i + 1} is not a finite number`, { issues: [{ field: `row ${i + 1}`, message: 'not a finite number' }] })
  for (let r = 0; r < replicates; r++) {
    let s = 0
    for (let i = r * block; i < (r + 1) * block; i++) s += out[i]
    const m = s / block
    for (let i = r * block; i < (r + 1) * block; i++) out[i] -= m
  }
  return out
}

/** Resamples base rows with replacement; returns resamples × estimates, row-major. */
function bootstrap(yc: Float64Array, layout: EstimatorLayout, total: number, resamples: number, rng: Rng): Float64Array {
  const count = estimateCount(layout)
  const all = new Float64Array(resamples * count)
  const rows = new Uint32Array(total)
  const out = new Float64Array(count)
  const work = new Float64Array(count)
  for (let s = 0; s < resamples; s++) {
    estimateIndices(yc, layout, resampleIndices(rng, rows), 0, total, out, work)
    all.set(out, s * count)
  }
  return all
}

function pairList(names: string[], est: Float64Array, lo: Float64Array, hi: Float64Array): SobolPair[] {
  const d = names.length
  const pairs: SobolPair[] = []
  let p = 2 * d
  for (let j = 0; j < d; j++)
    for (let k = j + 1; k < d; k++, p++) pairs.push({ names: [names[j], names[k]], S2: est[p], S2_lo: lo[p], S2_hi: hi[p] })
  return pairs
}
