import { AppError } from '../../../shared/errors'
import { fromMeasure, toMeasure } from './encode'
import { normalQuantile } from './stats/quantiles'
import type { ParamColumn, ResultTable } from './table'

/**
 * Local one-at-a-time sensitivity from rows that form an OAT design: a baseline configuration
 * and rows that each change one parameter. The derivative is a finite difference in the
 * parameter's measure (central when the baseline has neighbours on both sides, else one-sided);
 * the normalised sensitivity is the elasticity (Δy / y0) / (Δx / x0), i.e. the relative change of
 * the metric per relative change of the parameter (for log parameters, per Δ ln x).
 */
export interface LocalParam {
  name: string
  /** Normalised sensitivity (elasticity); for categories the largest |Δy| / |y0| over levels. */
  sensitivity: number | null
  sensitivity_lo: number | null
  sensitivity_hi: number | null
  /** dy per unit of the measure (per decade for log parameters); null for categories. */
  derivative: number | null
  baseline: number | string
  /** Each perturbed value with the mean target there. */
  points: { value: number | string; y: number; rows: number }[]
  note?: string
  /** How the slope was taken: between the nearest points on both sides of the baseline, or on one side only. */
  difference?: 'central' | 'one-sided'
}

export interface LocalResult {
  method: 'oat'
  target: string
  n: number
  y0: number
  /** Seed-to-seed std pooled over repeated points, when any point repeats. */
  noise_sd: number | null
  /** Rows that change more than one parameter from the baseline (not used, counted here). */
  skipped_rows: number
  params: LocalParam[]
}

type Value = number | string

function valueAt(col: ParamColumn, i: number): Value {
  return col.kind === 'categorical' ? (col.values as string[])[i] : (col.values as Float64Array)[i]
}

function mode(col: ParamColumn): Value {
  const count = new Map<Value, number>()
  for (let i = 0; i < col.values.length; i++) count.set(valueAt(col, i), (count.get(valueAt(col, i)) ?? 0) + 1)
  let best: Value = valueAt(col, 0)
  for (const [v, c] of count) if (c > (count.get(best) as number)) best = v
  return best
}

export function localSensitivity(table: ResultTable, options: { baseline?: Record<string, Value>; level?: number } = {}): LocalResult {
  const level = options.level ?? 0.95
  const cols = table.params
  const base = cols.map((c) => options.baseline?.[c.name] ?? mode(c))
  const y = table.target
  const groups = cols.map(() => new Map<Value, number[]>())
  const baseRows: number[] = []
  let skipped = 0
  for (let i = 0; i < y.length; i++) {
    const diff = cols.flatMap((c, j) => (valueAt(c, i) === base[j] ? [] : [j]))
    if (diff.length === 0) baseRows.push(i)
    else if (diff.length === 1) {
      const g = groups[diff[0]]
      const v = valueAt(cols[diff[0]], i)
      g.set(v, [...(g.get(v) ?? []), y[i]])
    } else skipped++
  }
  if (baseRows.length === 0) {
    throw AppError.fromIssues('INVALID_INPUT', [{ field: 'rows', message: `no row has every parameter at the baseline (${cols.map((c, j) => `${c.name}=${base[j]}`).join(', ')})` }])
  }
  const y0 = baseRows.reduce((s, i) => s + y[i], 0) / baseRows.length
  // Pool the spread of every repeated point (baseline included) into one noise estimate.
  let ss = 0
  let df = 0
  for (const ys of [baseRows.map((i) => y[i]), ...groups.flatMap((g) => [...g.values()])]) {
    if (ys.length < 2) continue
    const m = ys.reduce((a, b) => a + b, 0) / ys.length
    ss += ys.reduce((a, b) => a + (b - m) ** 2, 0)
    df += ys.length - 1
  }
  const noise = df > 0 ? Math.sqrt(ss / df) : null
  const z = normalQuantile(0.5 + level / 2)
  const meanOf = (ys: number[]): number => ys.reduce((a, b) => a + b, 0) / ys.length

  const params = cols.map((col, j): LocalParam => {
    const points = [...groups[j]].map(([value, ys]) => ({ value, y: meanOf(ys), rows: ys.length }))
    const entry: LocalParam = { name: col.name, sensitivity: null, sensitivity_lo: null, sensitivity_hi: null, derivative: null, baseline: base[j], points }
    if (points.length === 0) {
      entry.note = 'no row changes this parameter alone'
      return entry
    }
    if (col.kind === 'categorical') {
      entry.sensitivity = Math.max(...points.map((p) => Math.abs(p.y - y0))) / (Math.abs(y0) || 1)
      return entry
    }
    const m0 = toMeasure(col, base[j] as number)
    const at = points.map((p) => ({ ...p, m: toMeasure(col, p.value as number) }))
    const below = at.filter((p) => p.m < m0).sort((a, b) => b.m - a.m)[0]
    const above = at.filter((p) => p.m > m0).sort((a, b) => a.m - b.m)[0]
    const lo = below ?? { m: m0, y: y0, rows: baseRows.length }
    const hi = above ?? { m: m0, y: y0, rows: baseRows.length }
    const d = (hi.y - lo.y) / (hi.m - lo.m)
    // Elasticity: dy/dln x · 1/y0; for linear parameters dy/dx = d, for log ones dy/dln x = d / ln 10.
    const scale = (col.log ? 1 / Math.LN10 : (base[j] as number)) / (Math.abs(y0) || 1)
    entry.derivative = d
    entry.sensitivity = d * scale
    if (noise !== null) {
      const half = (z * noise * Math.sqrt(1 / lo.rows + 1 / hi.rows)) / (hi.m - lo.m)
      entry.sensitivity_lo = (d - half) * scale
      entry.sensitivity_hi = (d + half) * scale
    }
    entry.difference = below && above ? 'central' : 'one-sided'
    entry.note = below && above ? `central difference over ${fromMeasure(col, lo.m)} … ${fromMeasure(col, hi.m)}` : 'one-sided difference'
    return entry
  })
  return { method: 'oat', target: table.targetName, n: y.length, y0, noise_sd: noise, skipped_rows: skipped, params }
}
