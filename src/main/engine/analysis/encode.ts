import { activeCount, type ParamColumn, type ResultTable } from './table'

/**
 * A parameter in the measure it was sampled in: log10 of the value for log-scale parameters, the
 * value itself otherwise, and level codes for categories. Every method reads parameters through
 * here, so none of them can treat a log-uniform parameter as uniform by accident.
 */
export interface NumericFeature {
  kind: 'numeric'
  name: string
  log: boolean
  int: boolean
  /** Measure values, NaN where the parameter is inactive. */
  x: Float64Array
  /** Bounds of the domain in the measure (from the space when given, else the data). */
  low: number
  high: number
  active: number
}

export interface CategoricalFeature {
  kind: 'categorical'
  name: string
  levels: string[]
  /** Level index per row, -1 where inactive. */
  codes: Int32Array
  active: number
}

export type Feature = NumericFeature | CategoricalFeature

export interface Encoded {
  n: number
  features: Feature[]
  y: Float64Array
}

/** The measure of one natural value (log10 for log parameters). */
export function toMeasure(col: Pick<ParamColumn, 'log'>, v: number): number {
  return col.log ? Math.log10(v) : v
}

/** Back from the measure to a natural value. */
export function fromMeasure(col: Pick<ParamColumn, 'log'>, m: number): number {
  return col.log ? 10 ** m : m
}

export function encodeColumn(col: ParamColumn): Feature {
  const n = col.values.length
  if (col.kind === 'categorical') {
    const values = col.values as string[]
    const levels = [...new Set(values.filter((_, i) => col.active === null || col.active[i]))].sort()
    const index = new Map(levels.map((l, i) => [l, i]))
    const codes = new Int32Array(n)
    for (let i = 0; i < n; i++) codes[i] = col.active === null || col.active[i] ? (index.get(values[i]) as number) : -1
    return { kind: 'categorical', name: col.name, levels, codes, active: activeCount(col) }
  }
  const values = col.values as Float64Array
  const x = new Float64Array(n)
  let lo = Infinity
  let hi = -Infinity
  for (let i = 0; i < n; i++) {
    const m = Number.isNaN(values[i]) ? NaN : toMeasure(col, values[i])
    x[i] = m
    if (m < lo) lo = m
    if (m > hi) hi = m
  }
  if (col.low !== undefined && (!col.log || col.low > 0)) lo = Math.min(lo, toMeasure(col, col.low))
  if (col.high !== undefined && (!col.log || col.high > 0)) hi = Math.max(hi, toMeasure(col, col.high))
  return { kind: 'numeric', name: col.name, log: col.log, int: col.kind === 'int', x, low: lo, high: hi, active: activeCount(col) }
}

export function encodeTable(table: ResultTable): Encoded {
  return { n: table.target.length, features: table.params.map(encodeColumn), y: table.target }
}

/** Whether row i has the feature active. */
export function isActive(f: Feature, i: number): boolean {
  return f.kind === 'numeric' ? !Number.isNaN(f.x[i]) : f.codes[i] >= 0
}
