import type { Encoded, Feature } from '../encode'

/**
 * Features cut into atoms ("bins"). Trees split only between atoms, so the forest is constant on
 * each atom and its functional ANOVA over the parameter's measure is an exact finite sum.
 *
 * The measure: numeric atoms weigh their width in the parameter's own scale (log10 for log
 * parameters; integers count each integer once), categories weigh equally. A conditional
 * parameter gets one extra atom, bin 0, standing for "inactive", weighted by the share of rows
 * where it is inactive; its active atoms share the rest.
 */
export interface BinnedFeature {
  name: string
  kind: 'numeric' | 'categorical'
  nBins: number
  codes: Uint16Array
  /** Measure of each atom; sums to 1. */
  weight: Float64Array
  hasInactive: boolean
  /** Numeric: atom b spans [edges[b], edges[b + 1]) in the measure (meaningless for bin 0 when inactive). */
  edges: Float64Array | null
  /** Label of each atom: a level name, '(inactive)', or the atom's centre in the measure. */
  labels: string[]
  /** Centre of each atom in the measure (NaN for categories and the inactive atom). */
  centres: Float64Array
}

export const INACTIVE = '(inactive)'

function binNumeric(f: Extract<Feature, { kind: 'numeric' }>, n: number, maxBins: number): BinnedFeature {
  const act = f.x.filter((v) => !Number.isNaN(v)).sort()
  const hasInactive = act.length < n
  const offset = hasInactive ? 1 : 0
  // Group sorted values into bins of about n / maxBins rows, never splitting equal values.
  const perBin = Math.max(1, Math.ceil(act.length / maxBins))
  const mins: number[] = []
  const maxs: number[] = []
  for (let i = 0; i < act.length; ) {
    const start = i
    i++
    while (i < act.length && (act[i] === act[i - 1] || i - start < perBin)) i++
    mins.push(act[start])
    maxs.push(act[i - 1])
  }
  const low = f.int && !f.log ? f.low - 0.5 : f.low
  const high = f.int && !f.log ? f.high + 0.5 : f.high
  const k = mins.length
  const edges = new Float64Array(k + 1 + offset)
  edges[offset] = low
  edges[k + offset] = high
  for (let b = 1; b < k; b++) {
    // Integers: cut at half steps, so each atom's width counts its integers.
    edges[b + offset] = f.int && !f.log ? Math.floor(maxs[b - 1]) + 0.5 : (maxs[b - 1] + mins[b]) / 2
  }
  const width = high - low
  const activeShare = act.length / n
  const nBins = k + offset
  const weight = new Float64Array(nBins)
  const centres = new Float64Array(nBins).fill(NaN)
  const labels: string[] = hasInactive ? [INACTIVE] : []
  for (let b = offset; b < nBins; b++) {
    weight[b] = (width > 0 ? (edges[b + 1] - edges[b]) / width : 1 / k) * activeShare
    centres[b] = (edges[b] + edges[b + 1]) / 2
    labels.push(String(centres[b]))
  }
  if (hasInactive) weight[0] = 1 - activeShare
  const codes = new Uint16Array(n)
  for (let i = 0; i < n; i++) {
    const v = f.x[i]
    if (Number.isNaN(v)) continue
    let lo = offset
    let hi = nBins - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (edges[mid] <= v) lo = mid
      else hi = mid - 1
    }
    codes[i] = lo
  }
  return { name: f.name, kind: 'numeric', nBins, codes, weight, hasInactive, edges, labels, centres }
}

function binCategorical(f: Extract<Feature, { kind: 'categorical' }>, n: number): BinnedFeature {
  let active = 0
  for (let i = 0; i < n; i++) if (f.codes[i] >= 0) active++
  const hasInactive = active < n
  const offset = hasInactive ? 1 : 0
  const nBins = f.levels.length + offset
  const codes = new Uint16Array(n)
  for (let i = 0; i < n; i++) codes[i] = f.codes[i] >= 0 ? f.codes[i] + offset : 0
  const weight = new Float64Array(nBins).fill(active / n / f.levels.length)
  if (hasInactive) weight[0] = 1 - active / n
  const labels = hasInactive ? [INACTIVE, ...f.levels] : [...f.levels]
  return { name: f.name, kind: 'categorical', nBins, codes, weight, hasInactive, edges: null, labels, centres: new Float64Array(nBins).fill(NaN) }
}

export interface Binned {
  n: number
  features: BinnedFeature[]
  y: Float64Array
}

export function binFeatures(enc: Encoded, maxBins = 256): Binned {
  const features = enc.features.map((f) => (f.kind === 'numeric' ? binNumeric(f, enc.n, maxBins) : binCategorical(f, enc.n)))
  return { n: enc.n, features, y: enc.y }
}
