/**
 * Fewer kernels for one parameter's many observations, with nearly the same mixture. Past a few
 * thousand trials, the neighbour-gap bandwidth of almost every kernel is clipped to the minimum
 * (range/100), so kernels close together are interchangeable: the observations are binned at
 * range/512, and in each bin the lowest and the highest keep their own kernels (their outer gaps
 * set their bandwidths, as in the full sort), while the ones between, whose gaps are under a bin
 * and so clipped, merge into one kernel at their weighted mean with their summed weight. Merging
 * points less than 0.2σ apart moves the density by well under 1 %. A category's kernels at one
 * choice are identical, so they merge exactly. The prior's centre is left out of the gaps, which
 * changes at most the two kernels beside it.
 */
import type { Dim, MergedKernels } from './parzen'
import { rampWeights } from './parzen'

export const COMPRESS_BINS = 512

export interface Compressed {
  values: Float64Array
  merged: MergedKernels
}

/** Kernels for the observations of one dimension (in trial order, values as the kernels read them). */
export function compress(dim: Dim, values: Float64Array): Compressed {
  const n = values.length
  const ramp = rampWeights(n)
  if (dim.kind === 'categorical') {
    const weights = new Float64Array(dim.size)
    for (let i = 0; i < n; i++) weights[values[i]] += ramp[i]
    const seen = Array.from({ length: dim.size }, (_, c) => c).filter((c) => weights[c] > 0)
    return { values: Float64Array.from(seen), merged: { weights: Float64Array.from(seen, (c) => weights[c]), trials: n } }
  }
  const { lo, hi } = dim
  const t = dim.log ? values.map(Math.log) : values
  const bins = COMPRESS_BINS
  const width = (hi - lo) / bins
  const count = new Int32Array(bins)
  const low = new Int32Array(bins).fill(-1)
  const high = new Int32Array(bins).fill(-1)
  const secondLow = new Float64Array(bins).fill(Infinity)
  const secondHigh = new Float64Array(bins).fill(-Infinity)
  const weight = new Float64Array(bins)
  const moment = new Float64Array(bins)
  const binOf = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor((t[i] - lo) / width)))
    binOf[i] = b
    count[b]++
    weight[b] += ramp[i]
    moment[b] += ramp[i] * t[i]
    // Ties go to the earlier trial at the low end and the later at the high end, as a stable sort orders them.
    if (low[b] < 0 || t[i] < t[low[b]]) {
      if (low[b] >= 0) secondLow[b] = t[low[b]]
      low[b] = i
    } else if (t[i] < secondLow[b]) secondLow[b] = t[i]
    if (high[b] < 0 || t[i] >= t[high[b]]) {
      if (high[b] >= 0) secondHigh[b] = t[high[b]]
      high[b] = i
    } else if (t[i] > secondHigh[b]) secondHigh[b] = t[i]
  }
  const occupied = Array.from({ length: bins }, (_, b) => b).filter((b) => count[b] > 0)
  const mu: number[] = []
  const sigma: number[] = []
  const w: number[] = []
  const emit = (x: number, s: number, weightOf: number) => {
    mu.push(x)
    sigma.push(s)
    w.push(weightOf)
  }
  occupied.forEach((b, k) => {
    const first = k === 0
    const last = k === occupied.length - 1
    const tl = t[low[b]]
    const th = t[high[b]]
    const left = first ? tl - lo : tl - t[high[occupied[k - 1]]]
    const right = last ? hi - th : t[low[occupied[k + 1]]] - th
    if (count[b] === 1) {
      // Optuna ignores the outer gap of the first and last kernels.
      emit(tl, first && !last ? right : last && !first ? left : Math.max(left, right), ramp[low[b]])
      return
    }
    const innerLow = count[b] === 2 ? th - tl : secondLow[b] - tl
    const innerHigh = count[b] === 2 ? th - tl : th - secondHigh[b]
    emit(tl, first ? innerLow : Math.max(left, innerLow), ramp[low[b]])
    emit(th, last ? innerHigh : Math.max(innerHigh, right), ramp[high[b]])
    if (count[b] > 2) {
      const innerWeight = weight[b] - ramp[low[b]] - ramp[high[b]]
      // Gaps inside a bin are under its width, below the minimum bandwidth: 0 is clipped up to it.
      emit((moment[b] - ramp[low[b]] * tl - ramp[high[b]] * th) / innerWeight, 0, innerWeight)
    }
  })
  const external = Float64Array.from(mu, (x) => (dim.log ? Math.exp(x) : x))
  return { values: external, merged: { weights: Float64Array.from(w), trials: n, sigma: Float64Array.from(sigma) } }
}
