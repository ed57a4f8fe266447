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
  if (dim.kind === 'categorical') {
    const ramp = rampWeights(n)
    const weights = new Float64Array(dim.size)
    for (let i = 0; i < n; i++) weights[values[i]] += ramp[i]
    const seen = Array.from({ length: dim.size }, (_, c) => c).filter((c) => weights[c] > 0)
    return { values: Float64Array.from(seen), merged: { weights: Float64Array.from(seen, (c) => weights[c]), trials: n } }
  }
  const { lo, hi } = dim
  const bins = COMPRESS_BINS
  const scale = bins / (hi - lo)
  const count = new Int32Array(bins)
  const weight = new Float64Array(bins)
  const moment = new Float64Array(bins)
  // Per bin: the lowest and highest values with their trials' weights, and the next ones in.
  const lowT = new Float64Array(bins)
  const lowW = new Float64Array(bins)
  const highT = new Float64Array(bins)
  const highW = new Float64Array(bins)
  const secondLow = new Float64Array(bins)
  const secondHigh = new Float64Array(bins)
  // rampWeights(n) inline: this loop runs over every trial of the rest at every suggestion.
  const rampLength = n - 25
  const oldest = 1 / n
  const slope = rampLength > 1 ? (1 - oldest) / (rampLength - 1) : 0
  const log = dim.log
  for (let i = 0; i < n; i++) {
    const x = log ? Math.log(values[i]) : values[i]
    const w = i >= rampLength ? 1 : oldest + slope * i
    let b = ((x - lo) * scale) | 0
    if (b < 0) b = 0
    else if (b >= bins) b = bins - 1
    weight[b] += w
    moment[b] += w * x
    if (count[b]++ === 0) {
      lowT[b] = highT[b] = x
      lowW[b] = highW[b] = w
      secondLow[b] = Infinity
      secondHigh[b] = -Infinity
      continue
    }
    // Ties go to the earlier trial at the low end and the later at the high end, as a stable sort orders them.
    if (x < lowT[b]) {
      secondLow[b] = lowT[b]
      lowT[b] = x
      lowW[b] = w
    } else if (x < secondLow[b]) secondLow[b] = x
    if (x >= highT[b]) {
      secondHigh[b] = highT[b]
      highT[b] = x
      highW[b] = w
    } else if (x > secondHigh[b]) secondHigh[b] = x
  }
  const occupied: number[] = []
  for (let b = 0; b < bins; b++) if (count[b] > 0) occupied.push(b)
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
    const tl = lowT[b]
    const th = highT[b]
    const left = first ? tl - lo : tl - highT[occupied[k - 1]]
    const right = last ? hi - th : lowT[occupied[k + 1]] - th
    if (count[b] === 1) {
      // Optuna ignores the outer gap of the first and last kernels.
      emit(tl, first && !last ? right : last && !first ? left : Math.max(left, right), lowW[b])
      return
    }
    const innerLow = count[b] === 2 ? th - tl : secondLow[b] - tl
    const innerHigh = count[b] === 2 ? th - tl : th - secondHigh[b]
    emit(tl, first ? innerLow : Math.max(left, innerLow), lowW[b])
    emit(th, last ? innerHigh : Math.max(innerHigh, right), highW[b])
    if (count[b] > 2) {
      const innerWeight = weight[b] - lowW[b] - highW[b]
      // Gaps inside a bin are under its width, below the minimum bandwidth: 0 is clipped up to it.
      emit((moment[b] - lowW[b] * tl - highW[b] * th) / innerWeight, 0, innerWeight)
    }
  })
  const external = Float64Array.from(mu, (x) => (dim.log ? Math.exp(x) : x))
  return { values: external, merged: { weights: Float64Array.from(w), trials: n, sigma: Float64Array.from(sigma) } }
}
