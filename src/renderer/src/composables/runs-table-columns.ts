import type { TableRow } from './runs-table-types'

/** How a metric column reads a run's series. `step` reads the value at the view's chosen step. */
export type MetricValue = 'last' | 'best' | 'min' | 'max' | 'step'
export const metricValues: readonly MetricValue[] = ['last', 'best', 'min', 'max', 'step']

export type Goal = 'min' | 'max'
export type CellValue = string | number | boolean | null

/**
 * A column of the runs table. Ids are stable text so a view can name them in a URL:
 * `p:<param key>`, `m:<metric name>`, or one of the run's own fields.
 */
export interface Column {
  id: string
  kind: 'field' | 'param' | 'metric'
  /** The param key, metric name or field name. */
  key: string
}

export const fieldKeys = ['name', 'status', 'trainer', 'experiment', 'tags', 'notes'] as const
export type FieldKey = (typeof fieldKeys)[number]

export const paramId = (key: string): string => `p:${key}`
export const metricId = (name: string): string => `m:${name}`

/** Every column the rows offer: the run's fields, then params and metrics in the engine's order. */
export function allColumns(paramKeys: readonly string[], metricNames: readonly string[]): Column[] {
  return [
    ...fieldKeys.map((key): Column => ({ id: key, kind: 'field', key })),
    ...paramKeys.map((key): Column => ({ id: paramId(key), kind: 'param', key })),
    ...metricNames.map((key): Column => ({ id: metricId(key), kind: 'metric', key }))
  ]
}

export interface ValueContext {
  value: MetricValue
  goals: Record<string, Goal>
  /** For `step`: metric name -> run id -> value at the chosen step, as runs.metricAt answers. */
  atStep: Record<string, Record<string, number | null>>
}

/** What a cell holds, before formatting: numbers stay numbers so they sort and scale as numbers. */
export function cellValue(row: TableRow, col: Column, ctx: ValueContext): CellValue {
  if (col.kind === 'param') return row.params[col.key] ?? null
  if (col.kind === 'metric') {
    if (ctx.value === 'step') return ctx.atStep[col.key]?.[String(row.id)] ?? null
    const s = row.metrics[col.key]
    if (!s) return null
    const which = ctx.value === 'best' ? (ctx.goals[col.key] ?? 'last') : ctx.value
    return which === 'last' ? s.last : s[which]
  }
  switch (col.key as FieldKey) {
    case 'name':
      return row.name
    case 'status':
      return row.status
    case 'trainer':
      return row.trainer
    case 'experiment':
      return row.experimentName
    case 'tags':
      return row.tags.join(', ')
    case 'notes':
      return row.notes
  }
  return null
}

/** One column's values for the given rows, in their order. */
export function columnValues(rows: readonly TableRow[], order: ArrayLike<number>, col: Column, ctx: ValueContext): CellValue[] {
  const out: CellValue[] = new Array(order.length)
  for (let i = 0; i < order.length; i++) out[i] = cellValue(rows[order[i]], col, ctx)
  return out
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/**
 * Sorts row indices by one column: numbers numerically, text by a natural collation, and
 * missing values (null, empty text, non-finite numbers) last in both directions.
 * Returns a new array; the sort keys are read once, not once per comparison.
 */
export function sortOrder(rows: readonly TableRow[], order: readonly number[], col: Column, dir: 'asc' | 'desc', ctx: ValueContext): number[] {
  const values = columnValues(rows, order, col, ctx)
  const idx = order.map((_, i) => i)
  const sign = dir === 'asc' ? 1 : -1
  const missing = (v: CellValue) => v === null || v === '' || (typeof v === 'number' && !Number.isFinite(v))
  idx.sort((a, b) => {
    const va = values[a]
    const vb = values[b]
    const ma = missing(va)
    const mb = missing(vb)
    if (ma || mb) return ma === mb ? a - b : ma ? 1 : -1
    let c: number
    if (typeof va === 'number' && typeof vb === 'number') c = va - vb
    else if (typeof va === 'number') c = -1
    else if (typeof vb === 'number') c = 1
    else c = collator.compare(String(va), String(vb))
    return c === 0 ? a - b : sign * c
  })
  return idx.map((i) => order[i])
}

/** The key two cells compare by for "differences only": numbers by value, everything else as text. */
const sameKey = (v: CellValue): string => (typeof v === 'number' ? `n${v}` : v === null ? 'null' : `s${String(v)}`)

/** Columns whose value differs between at least two of the shown rows; the name always stays. */
export function differingColumns(rows: readonly TableRow[], order: readonly number[], cols: readonly Column[], ctx: ValueContext): Column[] {
  return cols.filter((col) => {
    if (col.id === 'name') return true
    if (order.length < 2) return false
    const first = sameKey(cellValue(rows[order[0]], col, ctx))
    for (let i = 1; i < order.length; i++) if (sameKey(cellValue(rows[order[i]], col, ctx)) !== first) return true
    return false
  })
}

/** The goal of a column, when it has one: a metric's goal as the engine knows it. */
export const columnGoal = (col: Column, goals: Record<string, Goal>): Goal | undefined => (col.kind === 'metric' ? goals[col.key] : undefined)

/** The number of a cell, or null when it holds none. */
export const asNumber = (v: CellValue): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
