import type { ParamValue } from '../../../shared/schemas/params'
import type { UnitDesign } from './designs/unit-design'
import type { SearchSpace, SpaceParam } from './space'

/** How many distinct values a parameter takes: categories, integer steps, float steps; null if continuous. */
export function levelCount(p: SpaceParam): number | null {
  if (p.type === 'categorical') return p.choices.length
  if (p.type === 'int' && p.log) return p.high - p.low + 1
  if (p.step === undefined) return null
  return Math.floor((p.high - p.low) / p.step + 1e-9) + 1
}

/** Keeps a stepped value free of binary noise (0.1 + 2·0.05 printing as 0.20000000000000004). */
function onStep(low: number, index: number, step: number): number {
  return Number((low + index * step).toPrecision(12))
}

/**
 * Log bounds. Integers widen the range by half a step each way (low ≥ 1 on a log scale), so each
 * integer gets the log width it rounds from, ends included.
 */
function logRange(p: SpaceParam & { low: number; high: number }): [number, number] {
  return p.type === 'int' ? [Math.log(p.low - 0.5), Math.log(p.high + 0.5)] : [Math.log(p.low), Math.log(p.high)]
}

/** Every value of a discrete parameter, in order. */
export function levelValues(p: SpaceParam): ParamValue[] {
  if (p.type === 'categorical') return [...p.choices]
  const levels = levelCount(p)
  if (levels === null) return []
  const step = p.type === 'int' && p.log ? 1 : p.step!
  return Array.from({ length: levels }, (_, i) => onStep(p.low, i, step))
}

/**
 * The value at unit coordinate u ∈ [0, 1]: the inverse CDF of the parameter's own measure, so
 * uniform u gives log-uniform values on a log scale, equally likely integer or stepped levels, and
 * equally likely categories (u's ordering means nothing for a category).
 */
export function valueAt(p: SpaceParam, u: number): ParamValue {
  const levels = levelCount(p)
  if (p.type === 'categorical') return p.choices[Math.min(levels! - 1, Math.floor(u * levels!))]
  if (p.log) {
    const [lo, hi] = logRange(p)
    const v = Math.exp(lo + u * (hi - lo))
    return p.type === 'int' ? Math.min(p.high, Math.max(p.low, Math.round(v))) : Math.min(p.high, Math.max(p.low, v))
  }
  if (levels !== null) return onStep(p.low, Math.min(levels - 1, Math.floor(u * levels)), (p as { step: number }).step)
  return p.low + u * (p.high - p.low)
}

/** The unit coordinate of a value (the CDF), the inverse of `valueAt`; discrete values map to their level's centre. */
export function unitOf(p: SpaceParam, value: ParamValue): number {
  const levels = levelCount(p)
  if (p.type === 'categorical') {
    const i = p.choices.indexOf(value)
    return i < 0 ? NaN : (i + 0.5) / levels!
  }
  const v = Number(value)
  if (p.log) {
    const [lo, hi] = logRange(p)
    return (Math.log(v) - lo) / (hi - lo)
  }
  if (levels !== null) return (Math.round((v - p.low) / (p as { step: number }).step) + 0.5) / levels
  return (v - p.low) / (p.high - p.low)
}

/** The baseline's unit coordinate: the declared baseline, or the middle of the range. */
export function baselineUnit(p: SpaceParam): number {
  return p.baseline === undefined ? 0.5 : unitOf(p, p.baseline)
}

/**
 * Grid levels as unit coordinates: every category and every integer or step when there are at most
 * `n` of them, else `n` levels evenly spread from low to high in the parameter's measure.
 */
export function gridLevels(p: SpaceParam, n: number): number[] {
  const levels = levelCount(p)
  if (levels !== null && levels <= n) return levelValues(p).map((v) => unitOf(p, v))
  if (n === 1) return [0.5]
  return Array.from({ length: n }, (_, i) => i / (n - 1))
}

/** The design's rows as values, one array per row in the space's parameter order. */
export function designValues(space: SearchSpace, design: UnitDesign): ParamValue[][] {
  const d = space.params.length
  const rows: ParamValue[][] = []
  for (let i = 0; i < design.rows; i++) rows.push(space.params.map((p, k) => valueAt(p, design.points[i * d + k])))
  return rows
}
