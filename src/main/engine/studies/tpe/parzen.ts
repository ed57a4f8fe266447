/**
 * The Parzen estimator of TPE: a weighted mixture of product kernels, one kernel per observed
 * trial plus a broad prior kernel, each in its parameter's own measure: a normal truncated to the
 * range (of ln x on a log scale), the same normal's mass over a value's cell for integer and
 * stepped parameters, and for a category a kernel that puts most of its weight on the observed
 * choice. Bandwidths, weights and the prior follow Optuna's TPE (Bergstra et al. 2011, Watanabe
 * 2023): the neighbour-gap bandwidth clipped to [range/min(100, n + 2), range] for one parameter,
 * Scott-like 0.2·n^(−1/(d+4))·range for several; older trials ramp down in weight past 25.
 *
 * Values travel as numbers: a numeric parameter's own value, a category's index in its choices.
 * The density is summed one dimension at a time over typed arrays; discrete kernels that share a
 * level and a bandwidth are evaluated once, those ~10σ away (a share under e^-50) not at all.
 */
import type { Rng } from '../../random'
import type { SpaceParam } from '../space'
import { levelCount } from '../space-values'
import { normalMass as importedNormalMass, sampleTruncatedNormal } from './truncated-normal'

// Bound once: the hot loops below call it per kernel.
const normalMass = importedNormalMass
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI)

/** A parameter's domain as the kernels see it; numeric bounds are internal (ln x on a log scale). */
export type Dim =
  | { kind: 'continuous'; log: boolean; low: number; high: number; lo: number; hi: number }
  | { kind: 'discrete'; log: boolean; low: number; high: number; step: number; lo: number; hi: number }
  | { kind: 'categorical'; size: number }

export function dimOf(p: SpaceParam): Dim {
  if (p.type === 'categorical') return { kind: 'categorical', size: p.choices.length }
  const t = p.log ? Math.log : (x: number) => x
  const levels = levelCount(p)
  if (levels === null || (p.type === 'float' && p.log)) return { kind: 'continuous', log: p.log, low: p.low, high: p.high, lo: t(p.low), hi: t(p.high) }
  const step = p.type === 'int' && p.log ? 1 : p.step!
  const high = Number((p.low + (levels - 1) * step).toPrecision(12))
  return { kind: 'discrete', log: p.log, low: p.low, high, step, lo: t(p.low - step / 2), hi: t(high + step / 2) }
}

export interface ParzenOptions {
  priorWeight: number
  /** One joint bandwidth rule for several parameters (Optuna's multivariate TPE) instead of neighbour gaps. */
  multivariate: boolean
}

type NumericDim = Exclude<Dim, { kind: 'categorical' }>

/**
 * A numeric dimension's kernels. Discrete kernels that share a level and a bandwidth (many do:
 * repeats of a level all get the clipped minimum) are evaluated once per point through `cell`.
 */
type Kernels =
  | { kind: 'numeric'; dim: NumericDim; mu: Float64Array; inv: Float64Array; logNorm: Float64Array; cell?: DiscreteCells }
  | { kind: 'categorical'; size: number; obs: Int32Array; logHit: number; logMiss: number }

interface DiscreteCells {
  cell: Int32Array
  mu: Float64Array
  inv: Float64Array
  logNorm: Float64Array
  term: Float64Array
}

export interface ParzenEstimator {
  /** Kernels, the prior's last. */
  size: number
  sample(rng: Rng, count: number): Float64Array[]
  /** ln density (in the internal measure) at each of `count` points given per dimension. */
  logPdf(points: Float64Array[], count: number): Float64Array
}

/** Optuna's default weights: 1 for the 25 newest, a ramp from 1/n for the older, in trial order. */
export function rampWeights(n: number): Float64Array {
  const w = new Float64Array(n).fill(1)
  const ramp = n - 25
  if (ramp > 0) for (let i = 0; i < ramp; i++) w[i] = ramp === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (ramp - 1)
  return w
}

const KEY_SLOTS = 2 ** 28
const INDEX_SLOTS = 2 ** 24

/**
 * Each kernel's bandwidth as the larger gap to its sorted neighbours (the prior's centre counted,
 * the ends' outer gaps ignored). The sort packs a position in [0, 1] (to 2⁻²⁸ of the range) and
 * the trial's index into one exact double, so a native numeric sort orders 10,000 kernels.
 */
function neighbourSigmas(mu: Float64Array, n: number, lo: number, hi: number): Float64Array {
  if (n >= INDEX_SLOTS) throw new RangeError(`TPE: at most ${INDEX_SLOTS - 1} observations, got ${n}`)
  const m = n + 1
  const span = hi - lo
  const keys = new Float64Array(m)
  for (let i = 0; i < m; i++) {
    const u = Math.min(1, Math.max(0, (mu[i] - lo) / span))
    keys[i] = Math.floor(u * (KEY_SLOTS - 1)) * INDEX_SLOTS + i
  }
  keys.sort()
  const order = new Int32Array(m)
  const sorted = new Float64Array(m)
  for (let k = 0; k < m; k++) {
    order[k] = keys[k] - Math.floor(keys[k] / INDEX_SLOTS) * INDEX_SLOTS
    sorted[k] = mu[order[k]]
  }
  const sigma = new Float64Array(m)
  for (let k = 0; k < m; k++) {
    const left = k === 0 ? lo : sorted[k - 1]
    const right = k === m - 1 ? hi : sorted[k + 1]
    let s = Math.max(sorted[k] - left, right - sorted[k])
    if (m >= 2 && k === 0) s = sorted[1] - sorted[0]
    if (m >= 2 && k === m - 1) s = sorted[m - 1] - sorted[m - 2]
    sigma[order[k]] = s
  }
  return sigma
}

function numericKernels(dim: NumericDim, values: Float64Array, d: number, trials: number, options: ParzenOptions, given?: Float64Array): Kernels {
  const n = values.length
  const { lo, hi } = dim
  const span = hi - lo
  const mu = new Float64Array(n + 1)
  for (let i = 0; i < n; i++) mu[i] = dim.log ? Math.log(values[i]) : values[i]
  mu[n] = 0.5 * (lo + hi)
  let sigma: Float64Array
  if (options.multivariate) sigma = new Float64Array(n + 1).fill(0.2 * Math.max(trials, 1) ** (-1 / (d + 4)) * span)
  else sigma = given ?? neighbourSigmas(mu, n, lo, hi)
  const minSigma = span / Math.min(100, trials + 2)
  const inv = new Float64Array(n + 1)
  const logNorm = new Float64Array(n + 1)
  for (let i = 0; i <= n; i++) {
    const s = i === n ? span : Math.min(span, Math.max(minSigma, sigma[i]))
    const a = (lo - mu[i]) / s
    const b = (hi - mu[i]) / s
    // Truncation mass; a kernel whose σ is small beside its distance to both ends keeps it all.
    const z = a < -9 && b > 9 ? 1 : normalMass(a, b)
    inv[i] = 1 / s
    logNorm[i] = -Math.log(z) - (dim.kind === 'continuous' ? Math.log(s) : 0)
  }
  const cell = dim.kind === 'discrete' ? discreteCells(dim, values, mu, inv, logNorm) : undefined
  return { kind: 'numeric', dim, mu, inv, logNorm, ...(cell ? { cell } : {}) }
}

const MAX_LEVELS = 1 << 16

/** Groups discrete kernels by level and bandwidth; none when the levels outnumber what a table holds. */
function discreteCells(dim: Extract<Dim, { kind: 'discrete' }>, values: Float64Array, mu: Float64Array, inv: Float64Array, logNorm: Float64Array): DiscreteCells | undefined {
  const size = mu.length
  const levels = Math.round((dim.high - dim.low) / dim.step) + 1
  if (levels > MAX_LEVELS) return undefined
  const head = new Int32Array(levels).fill(-1)
  const next: number[] = []
  const first: number[] = []
  const cell = new Int32Array(size)
  for (let i = 0; i < size; i++) {
    // The prior sits between levels; it gets a cell of its own.
    const level = i === size - 1 ? -1 : Math.min(levels - 1, Math.max(0, Math.round((values[i] - dim.low) / dim.step)))
    let u = level < 0 ? -1 : head[level]
    while (u >= 0 && (inv[first[u]] !== inv[i] || mu[first[u]] !== mu[i])) u = next[u]
    if (u < 0) {
      u = first.length
      first.push(i)
      next.push(level < 0 ? -1 : head[level])
      if (level >= 0) head[level] = u
    }
    cell[i] = u
  }
  const pick = (a: Float64Array) => Float64Array.from(first, (i) => a[i])
  return { cell, mu: pick(mu), inv: pick(inv), logNorm: pick(logNorm), term: new Float64Array(first.length) }
}

function categoricalKernels(size: number, values: Float64Array, trials: number, options: ParzenOptions): Kernels {
  const n = values.length
  const obs = new Int32Array(n + 1)
  for (let i = 0; i < n; i++) obs[i] = values[i]
  obs[n] = -1
  // Each observed kernel: prior_weight / kernels on every choice, plus 1 on the observed one.
  const fill = options.priorWeight / (trials + 1)
  const total = 1 + size * fill
  return { kind: 'categorical', size, obs, logHit: Math.log((1 + fill) / total), logMiss: Math.log(fill / total) }
}

/** Squared standard distance beyond which a kernel's share is negligible (e^-50). */
const FAR = 100

/**
 * Kernels that each stand for several trials: their weights, how many trials they stand for, and
 * their bandwidths before clipping where those were found on the whole set (compress.ts).
 */
export interface MergedKernels {
  weights: Float64Array
  trials: number
  sigma?: Float64Array
}

/**
 * Builds the estimator over `values[d][i]`, the i-th observation (in trial order) of dimension d.
 * Merged kernels keep their given weights, and bandwidths count the trials behind them.
 */
export function parzenEstimator(dims: Dim[], values: Float64Array[], options: ParzenOptions, merged?: MergedKernels): ParzenEstimator {
  const n = values[0]?.length ?? 0
  const size = n + 1
  const weights = new Float64Array(size)
  weights.set(merged?.weights ?? rampWeights(n))
  weights[n] = n === 0 ? 1 : options.priorWeight
  const total = weights.reduce((s, w) => s + w, 0)
  const logW = new Float64Array(size)
  const cumulative = new Float64Array(size)
  let acc = 0
  for (let i = 0; i < size; i++) {
    weights[i] /= total
    logW[i] = Math.log(weights[i])
    acc += weights[i]
    cumulative[i] = acc
  }
  const trials = merged?.trials ?? n
  const kernels = dims.map((dim, d) =>
    dim.kind === 'categorical' ? categoricalKernels(dim.size, values[d], trials, options) : numericKernels(dim, values[d], dims.length, trials, options, merged?.sigma)
  )

  function pick(rng: Rng): number {
    const u = rng.next() * acc
    let a = 0
    let b = size - 1
    while (a < b) {
      const mid = (a + b) >> 1
      if (cumulative[mid] > u) b = mid
      else a = mid + 1
    }
    return a
  }

  function sample(rng: Rng, count: number): Float64Array[] {
    const out = dims.map(() => new Float64Array(count))
    for (let j = 0; j < count; j++) {
      const i = pick(rng)
      for (let d = 0; d < dims.length; d++) out[d][j] = sampleKernel(kernels[d], i, rng)
    }
    return out
  }

  function logPdf(points: Float64Array[], count: number): Float64Array {
    const result = new Float64Array(count)
    const acc = new Float64Array(size)
    for (let j = 0; j < count; j++) {
      acc.set(logW)
      for (let d = 0; d < dims.length; d++) {
        const k = kernels[d]
        const x = points[d][j]
        if (k.kind === 'categorical') addCategorical(k, x, acc)
        else if (k.dim.kind === 'continuous') addContinuous(k, k.dim.log ? Math.log(x) : x, acc)
        else addDiscrete(k, x, acc)
      }
      let max = -Infinity
      for (let i = 0; i < size; i++) if (acc[i] > max) max = acc[i]
      // Terms e^-50 below the largest change nothing in double precision worth keeping.
      const floor = max - 50
      let sum = 0
      for (let i = 0; i < size; i++) if (acc[i] > floor) sum += Math.exp(acc[i] - max)
      result[j] = max + Math.log(sum)
    }
    return result
  }

  return { size, sample, logPdf }
}

function addCategorical(k: Extract<Kernels, { kind: 'categorical' }>, x: number, acc: Float64Array): void {
  const { obs, logHit, logMiss } = k
  const logPrior = -Math.log(k.size)
  for (let i = 0; i < obs.length; i++) acc[i] += obs[i] < 0 ? logPrior : obs[i] === x ? logHit : logMiss
}

function addContinuous(k: Extract<Kernels, { kind: 'numeric' }>, t: number, acc: Float64Array): void {
  const { mu, inv, logNorm } = k
  for (let i = 0; i < mu.length; i++) {
    const z = (t - mu[i]) * inv[i]
    acc[i] += logNorm[i] - 0.5 * z * z - LOG_SQRT_2PI
  }
}

/** The ln mass of a value's cell, −∞ for kernels over ~10σ away (a share below e^-50). */
function cellTerm(tl: number, th: number, mu: number, inv: number, logNorm: number): number {
  const za = (tl - mu) * inv
  const zb = (th - mu) * inv
  const gap = za > 0 ? za : zb < 0 ? -zb : 0
  return gap * gap > FAR ? -Infinity : Math.log(normalMass(za, zb)) + logNorm
}

function addDiscrete(k: Extract<Kernels, { kind: 'numeric' }>, x: number, acc: Float64Array): void {
  const dim = k.dim as Extract<Dim, { kind: 'discrete' }>
  const tl = dim.log ? Math.log(x - dim.step / 2) : x - dim.step / 2
  const th = dim.log ? Math.log(x + dim.step / 2) : x + dim.step / 2
  const c = k.cell
  if (c) {
    for (let u = 0; u < c.mu.length; u++) c.term[u] = cellTerm(tl, th, c.mu[u], c.inv[u], c.logNorm[u])
    for (let i = 0; i < acc.length; i++) acc[i] += c.term[c.cell[i]]
    return
  }
  for (let i = 0; i < acc.length; i++) acc[i] += cellTerm(tl, th, k.mu[i], k.inv[i], k.logNorm[i])
}

function sampleKernel(k: Kernels, i: number, rng: Rng): number {
  if (k.kind === 'categorical') {
    const o = k.obs[i]
    if (o < 0) return Math.min(k.size - 1, Math.floor(rng.next() * k.size))
    // The observed choice with its extra unit of weight, else any choice alike.
    const hit = Math.exp(k.logHit)
    const u = rng.next()
    if (u < hit - Math.exp(k.logMiss)) return o
    return Math.min(k.size - 1, Math.floor(rng.next() * k.size))
  }
  const { dim } = k
  const z = sampleTruncatedNormal(rng, k.mu[i], 1 / k.inv[i], dim.lo, dim.hi)
  const x = dim.log ? Math.exp(z) : z
  if (dim.kind === 'continuous') return Math.min(dim.high, Math.max(dim.low, x))
  const level = Math.round((x - dim.low) / dim.step)
  return Math.min(dim.high, Math.max(dim.low, Number((dim.low + level * dim.step).toPrecision(12))))
}
