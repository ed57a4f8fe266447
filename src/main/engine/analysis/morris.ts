import { AppError } from '../../../shared/errors'
import { Rng } from '../random'
import { percentileInterval } from './stats/bootstrap'

export interface MorrisOptions {
  names: string[]
  confidence?: number
  /** Bootstrap resamples of the trajectories for the intervals. */
  resamples?: number
  /** The design's seed, stored with the result; the bootstrap draws from it. */
  seed: number
}

export interface MorrisParam {
  name: string
  mu: number
  mu_lo: number
  mu_hi: number
  mu_star: number
  mu_star_lo: number
  mu_star_hi: number
  sigma: number
  sigma_lo: number
  sigma_hi: number
}

export interface MorrisResult {
  method: 'morris'
  n: number
  trajectories: number
  confidence: number
  resamples: number
  seed: number
  params: MorrisParam[]
}

/**
 * Elementary effects per parameter, EE = Δy / Δx with x in unit-cube coordinates, so an effect is
 * "change of the output over the parameter's whole range". Rows come in trajectories of d + 1 and
 * consecutive rows must differ in exactly one coordinate; the table says which one.
 */
function elementaryEffects(points: Float64Array, y: ArrayLike<number>, d: number): { ee: Float64Array; trajectories: number } {
  const rows = y.length
  if (points.length !== rows * d) throw new AppError('INVALID_INPUT', `Morris: ${points.length / d} design rows but ${rows} outputs`)
  const r = rows / (d + 1)
  if (!Number.isInteger(r) || r < 1)
    throw new AppError('INVALID_INPUT', `Morris: ${rows} rows are not whole trajectories of ${d + 1} rows for ${d} parameters`, {
      issues: [{ field: 'n', message: `expected a multiple of ${d + 1} rows` }]
    })
  const ee = new Float64Array(d * r).fill(NaN)
  for (let t = 0; t < r; t++)
    for (let s = 0; s < d; s++) {
      const row = t * (d + 1) + s
      let moved = -1
      for (let k = 0; k < d; k++) {
        if (Math.abs(points[(row + 1) * d + k] - points[row * d + k]) <= 1e-12) continue
        if (moved >= 0) moved = -2
        else if (moved === -1) moved = k
      }
      if (moved < 0 || !Number.isNaN(ee[moved * r + t]))
        throw new AppError('INVALID_INPUT', `Morris: rows ${row + 1} and ${row + 2} (trajectory ${t + 1}) must differ in exactly one parameter not yet moved in that trajectory`, {
          issues: [{ field: `row ${row + 2}`, message: 'not a one-parameter step of a Morris trajectory' }]
        })
      const dy = y[row + 1] - y[row]
      if (!Number.isFinite(dy)) throw new AppError('INVALID_INPUT', `Morris: output at row ${row + 1} or ${row + 2} is not a finite number`)
      ee[moved * r + t] = dy / (points[(row + 1) * d + moved] - points[row * d + moved])
    }
  return { ee, trajectories: r }
}

/** μ, μ* and σ (sample, ddof 1) of one parameter's effects, picked through `idx` when given. */
function moments(ee: Float64Array, from: number, r: number, idx: Uint32Array | null, out: Float64Array): void {
  let sum = 0
  let sumAbs = 0
  for (let i = 0; i < r; i++) {
    const v = ee[from + (idx ? idx[i] : i)]
    sum += v
    sumAbs += Math.abs(v)
  }
  const mu = sum / r
  let ss = 0
  for (let i = 0; i < r; i++) {
    const dv = ee[from + (idx ? idx[i] : i)] - mu
    ss += dv * dv
  }
  out[0] = mu
  out[1] = sumAbs / r
  out[2] = r > 1 ? Math.sqrt(ss / (r - 1)) : NaN
}

/**
 * Morris screening (Morris 1991; μ* after Campolongo et al. 2007) from a table of trajectories in
 * unit-cube coordinates, with percentile-bootstrap intervals over trajectories for μ, μ* and σ.
 */
export function morrisIndices(points: Float64Array, y: ArrayLike<number>, options: MorrisOptions): MorrisResult {
  const d = options.names.length
  const confidence = options.confidence ?? 0.95
  const resamples = options.resamples ?? 1000
  const { ee, trajectories: r } = elementaryEffects(points, y, d)
  const rng = new Rng(options.seed)
  const idx = new Uint32Array(r)
  const point = new Float64Array(3)
  const boot = [new Float64Array(resamples), new Float64Array(resamples), new Float64Array(resamples)]
  const params = options.names.map((name, k) => {
    moments(ee, k * r, r, null, point)
    const [mu, muStar, sigma] = point
    for (let s = 0; s < resamples; s++) {
      for (let i = 0; i < r; i++) idx[i] = rng.int(r)
      moments(ee, k * r, r, idx, point)
      for (let m = 0; m < 3; m++) boot[m][s] = point[m]
    }
    const [ciMu, ciStar, ciSigma] = boot.map((b) => percentileInterval(b, confidence))
    return {
      name,
      mu,
      mu_lo: ciMu.lo,
      mu_hi: ciMu.hi,
      mu_star: muStar,
      mu_star_lo: ciStar.lo,
      mu_star_hi: ciStar.hi,
      sigma,
      sigma_lo: ciSigma.lo,
      sigma_hi: ciSigma.hi
    }
  })
  return { method: 'morris', n: y.length, trajectories: r, confidence, resamples, seed: options.seed, params }
}
