import { encodeColumn, fromMeasure } from './encode'
import { quantileImportance } from './quantile'
import { sortedQuantile } from './stats/bootstrap'
import type { ResultTable } from './table'

/**
 * Sensitivity tiers, recommended ranges and importance over training.
 *
 * Tiers read a variance fraction (fANOVA importance, Sobol ST, or any index on that scale):
 * - high:   ≥ 0.10. A parameter that moves a tenth of the metric's variance on its own is among
 *           the two or three that decide the result in a study of 5–20 parameters; tune it first.
 * - medium: ≥ 0.02. Visible above the typical estimation error of these indices at a few hundred
 *           trials (interval half-widths of 0.01–0.02), yet small enough that a default is usually
 *           fine once the high tier is right.
 * - low:    below 0.02, or whenever the interval's upper end is below 0.02, or the noise floor
 *           says the effect is under one seed-to-seed std: not distinguishable from doing nothing.
 * With an interval the tier is read from the interval alone, the highest tier its whole extent
 * supports: high when the lower end is ≥ 0.10, medium when it is ≥ 0.02, low when the upper end
 * is below 0.02, and `unclear` when it spans 0.02, since the data cannot then tell an effect from
 * none. The label never claims more than the interval printed beside it.
 */
export const TIER_HIGH = 0.1
export const TIER_MEDIUM = 0.02

export type Tier = 'high' | 'medium' | 'low' | 'unclear'

export interface IndexEntry {
  name: string
  importance: number
  importance_lo?: number
  importance_hi?: number
}

const isNumber = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v)

export function tierOf(e: IndexEntry, belowNoiseFloor = false): Tier {
  if (belowNoiseFloor) return 'low'
  if (isNumber(e.importance_lo) && isNumber(e.importance_hi)) {
    if (e.importance_hi < TIER_MEDIUM) return 'low'
    if (e.importance_lo >= TIER_HIGH) return 'high'
    if (e.importance_lo >= TIER_MEDIUM) return 'medium'
    return 'unclear'
  }
  if (e.importance >= TIER_HIGH) return 'high'
  if (e.importance >= TIER_MEDIUM) return 'medium'
  return 'low'
}

export interface Recommendation {
  name: string
  /**
   * Numbers: the central 80% of the best trials' values (natural units), widened to take in the
   * best trial's own value when it lies outside; `widened` says so.
   */
  range?: [number, number]
  widened?: boolean
  /** The best trial does not use this parameter (inactive there), so no range can hold its value. */
  bestInactive?: boolean
  best_value: number | string
  /** Categories: levels ordered by how over-represented they are among the best trials. */
  levels?: { level: string; top_share: number; all_share: number }[]
}

/** Where the best γ of the trials lie, per parameter, in natural units (quantiles taken in the measure). */
export function recommendedRanges(table: ResultTable, goal: 'min' | 'max' = 'min', gamma = 0.1): Recommendation[] {
  const y = table.target
  const sign = goal === 'min' ? 1 : -1
  const order = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => sign * (y[a] - y[b]))
  const top = order.slice(0, Math.max(1, Math.ceil(gamma * y.length)))
  return table.params.map((col): Recommendation => {
    const f = encodeColumn(col)
    if (f.kind === 'categorical') {
      const share = (rows: number[]): Float64Array => {
        const c = new Float64Array(f.levels.length)
        let k = 0
        for (const i of rows) if (f.codes[i] >= 0) {
          c[f.codes[i]]++
          k++
        }
        return c.map((v) => v / Math.max(1, k))
      }
      const t = share(top)
      const a = share(order)
      const levels = f.levels.map((level, l) => ({ level, top_share: t[l], all_share: a[l] })).sort((p, q) => q.top_share / (q.all_share || 1) - p.top_share / (p.all_share || 1))
      const best = f.codes[order[0]]
      return { name: col.name, best_value: f.levels[best] ?? '', levels, ...(best < 0 ? { bestInactive: true } : {}) }
    }
    const vals = Float64Array.from(top.map((i) => f.x[i]).filter((v) => !Number.isNaN(v))).sort()
    const best = f.x[order[0]]
    const bestValue = (col.values as Float64Array)[order[0]]
    if (vals.length === 0) return { name: col.name, best_value: bestValue, bestInactive: Number.isNaN(best) }
    const [lo, hi] = [sortedQuantile(vals, 0.1), sortedQuantile(vals, 0.9)]
    const widened = !Number.isNaN(best) && (best < lo || best > hi)
    // The widened end is the best value itself, not a round trip through the measure.
    return {
      name: col.name,
      range: [best < lo ? bestValue : fromMeasure(f, lo), best > hi ? bestValue : fromMeasure(f, hi)],
      best_value: bestValue,
      ...(widened ? { widened } : {}),
      ...(Number.isNaN(best) ? { bestInactive: true } : {})
    }
  })
}

export interface TierRow extends Recommendation {
  tier: Tier
  importance: number
}

/** The tier table: each parameter's tier beside its recommended range. */
export function tierTable(table: ResultTable, indices: IndexEntry[], options: { goal?: 'min' | 'max'; gamma?: number; belowFloor?: string[] } = {}): TierRow[] {
  const recs = recommendedRanges(table, options.goal, options.gamma)
  const floor = new Set(options.belowFloor ?? [])
  return recs.map((r) => {
    const e = indices.find((x) => x.name === r.name) ?? { name: r.name, importance: 0 }
    return { ...r, tier: tierOf(e, floor.has(r.name)), importance: e.importance }
  })
}

export interface TrainingImportance {
  epochs: number[]
  params: string[]
  /** importance[e][j] for epoch e and parameter j; rows without a value at an epoch are left out. */
  importance: number[][]
  /** Rows that had a value at each epoch. */
  n: number[]
}

/** Importance at each epoch, from per-row metric values by epoch (NaN where a run had stopped). */
export function importanceOverTraining(
  table: ResultTable,
  epochs: { epoch: number; target: Float64Array }[],
  importance: (t: ResultTable) => IndexEntry[] = (t) => quantileImportance(t, { bootstrap: 0 }).params
): TrainingImportance {
  const out: TrainingImportance = { epochs: [], params: table.params.map((p) => p.name), importance: [], n: [] }
  for (const { epoch, target } of epochs) {
    const keep: number[] = []
    for (let i = 0; i < target.length; i++) if (Number.isFinite(target[i])) keep.push(i)
    if (keep.length < 4) continue
    const sub: ResultTable = {
      targetName: `${table.targetName}@${epoch}`,
      target: Float64Array.from(keep, (i) => target[i]),
      dropped: [],
      params: table.params.map((p) => ({
        ...p,
        values: p.kind === 'categorical' ? keep.map((i) => (p.values as string[])[i]) : Float64Array.from(keep, (i) => (p.values as Float64Array)[i]),
        active: p.active ? keep.map((i) => (p.active as boolean[])[i]) : null
      }))
    }
    const idx = importance(sub)
    out.epochs.push(epoch)
    out.importance.push(out.params.map((name) => idx.find((e) => e.name === name)?.importance ?? 0))
    out.n.push(keep.length)
  }
  return out
}
