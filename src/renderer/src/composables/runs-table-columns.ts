import { runFields, type RunFieldName } from '../../../shared/compare/run-fields'
import { metricColumn, metricOf, paramColumn, paramOf } from '../../../shared/compare/table-columns'
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

export const fieldKeys = ['name', 'status', 'trainer', 'experiment', 'tags', 'notes'] as const satisfies readonly RunFieldName[]
export type FieldKey = (typeof fieldKeys)[number]

export const paramId = (key: string): string => `p:${key}`
export const metricId = (name: string): string => `m:${name}`

const field = (key: FieldKey): Column => ({ id: key, kind: 'field', key })

/** Every column the rows offer: name and status, params and metrics in the engine's order, then the other fields. */
export function allColumns(paramKeys: readonly string[], metricNames: readonly string[]): Column[] {
  return [
    field('name'),
    field('status'),
    ...paramKeys.map((key): Column => ({ id: paramId(key), kind: 'param', key })),
    ...metricNames.map((key): Column => ({ id: metricId(key), kind: 'metric', key })),
    ...fieldKeys.filter((k) => k !== 'name' && k !== 'status').map(field)
  ]
}

export interface ValueContext {
  value: MetricValue
  goals: Record<string, Goal>
  /** For `step`: metric name -> run id -> value at the chosen step, as runs.metricAt answers. */
  atStep: Record<string, Record<string, number | null>>
}

/**
 * How a column reads a row, decided once per column: the pipeline calls it for every row, so
 * the choice of field, param or metric value is not remade per cell.
 */
export function valueGetter(col: Column, ctx: ValueContext): (row: TableRow) => CellValue {
  const key = col.key
  if (col.kind === 'param') return (row) => paramOf(row, key) ?? null
  if (col.kind === 'metric') {
    if (ctx.value === 'step') {
      const at = ctx.atStep[key] ?? {}
      return (row) => at[String(row.id)] ?? null
    }
    const which = ctx.value === 'best' ? (ctx.goals[key] ?? null) : ctx.value
    if (which === null) return () => null
    return (row) => metricOf(row, key, which) ?? null
  }
  // Tags show, sort and export as one text; the filter matches each.
  if (key === 'tags') return (row) => row.tags.join(', ')
  return (fieldKeys as readonly string[]).includes(key) ? runFields[key as Exclude<FieldKey, 'tags'>] : () => null
}

/** What a cell holds, before formatting: numbers stay numbers so they sort and scale as numbers. */
export const cellValue = (row: TableRow, col: Column, ctx: ValueContext): CellValue => valueGetter(col, ctx)(row)

/** One column's values for every row, by row index. */
export function columnValues(rows: readonly TableRow[], col: Column, ctx: ValueContext): CellValue[] {
  // A param's or a metric summary's column straight from the decoded table, where the rows are its own.
  const which = col.kind === 'metric' && ctx.value !== 'step' ? (ctx.value === 'best' ? (ctx.goals[col.key] ?? null) : ctx.value) : null
  const direct = col.kind === 'param' ? paramColumn(rows, col.key) : which !== null ? metricColumn(rows, col.key, which) : null
  if (direct) return direct
  const get = valueGetter(col, ctx)
  const out: CellValue[] = []
  for (let i = 0; i < rows.length; i++) out.push(get(rows[i]))
  return out
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })
const isMissing = (v: CellValue) => v === null || v === '' || (typeof v === 'number' && !Number.isFinite(v))

/**
 * Sorts row indices by one column's values (by row index): numbers numerically, text by a natural
 * collation, and missing values (null, empty text, non-finite numbers) last in both directions.
 * Returns a new array.
 */
export function sortOrder(values: readonly CellValue[], order: readonly number[], dir: 'asc' | 'desc'): number[] {
  const sign = dir === 'asc' ? 1 : -1
  const present: number[] = []
  const missing: number[] = []
  let allNumbers = true
  for (const i of order) {
    const v = values[i]
    if (isMissing(v)) missing.push(i)
    else {
      present.push(i)
      if (typeof v !== 'number') allNumbers = false
    }
  }
  // Array sort is stable: ties keep the order they came in.
  if (allNumbers) present.sort((a, b) => sign * ((values[a] as number) - (values[b] as number)))
  else
    present.sort((a, b) => {
      const va = values[a]
      const vb = values[b]
      let c: number
      if (typeof va === 'number' && typeof vb === 'number') c = va - vb
      else if (typeof va === 'number') c = -1
      else if (typeof vb === 'number') c = 1
      else c = collator.compare(String(va), String(vb))
      return sign * c
    })
  return present.concat(missing)
}

/** The key two cells compare by for "differences only": numbers by value, everything else as text. */
const sameKey = (v: CellValue): string => (typeof v === 'number' ? `n${v}` : v === null ? 'null' : `s${String(v)}`)

/** Columns whose value differs between at least two of the shown rows; the name always stays. */
export function differingColumns(order: readonly number[], cols: readonly Column[], valuesOf: (col: Column) => readonly CellValue[]): Column[] {
  return cols.filter((col) => {
    if (col.id === 'name') return true
    if (order.length < 2) return false
    const values = valuesOf(col)
    const first = sameKey(values[order[0]])
    for (let i = 1; i < order.length; i++) if (sameKey(values[order[i]]) !== first) return true
    return false
  })
}

/** The goal of a column, when it has one: a metric's goal as the engine knows it. */
export const columnGoal = (col: Column, goals: Record<string, Goal>): Goal | undefined => (col.kind === 'metric' ? goals[col.key] : undefined)

/** The number of a cell, or null when it holds none. */
export const asNumber = (v: CellValue): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
