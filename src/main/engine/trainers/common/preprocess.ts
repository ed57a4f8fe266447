import { AppError, codedIssue } from '../../../../shared/errors'
import { msg, type CodedMessage } from '../../../../shared/messages'
import type { MixedColumn } from '../../datasets/readers/mixed'

/** How a table's feature columns become numbers: the `data.*` preprocessing parameters. */
export interface PreprocessOptions {
  categorical: 'one_hot' | 'drop'
  /** Most levels a one-hot column keeps; rarer ones share the "other" column. */
  maxLevels: number
  missing: 'median' | 'mean' | 'drop_rows' | 'refuse'
  /** Adds a 0/1 column beside each imputed column saying the value was missing. */
  indicator: boolean
}

/**
 * What was learned from the training part, stored with the model and applied the same way at
 * evaluation and in the exported graph. A one-hot column always has an "other" column last, for
 * levels beyond the cap, levels never seen in training, and missing cells.
 */
export type ColumnPlan =
  | { name: string; kind: 'numeric'; fill: number; indicator: boolean }
  | { name: string; kind: 'categorical'; levels: string[] }
  | { name: string; kind: 'dropped' }

export interface Preprocessing {
  columns: ColumnPlan[]
}

export const OTHER_LEVEL = '(other)'

/** Every row with a present value in each numeric column, for `drop_rows`; the row index of the first missing one for `refuse`. */
export function firstMissing(columns: MixedColumn[]): { column: string; row: number } | null {
  let best: { column: string; row: number } | null = null
  for (const c of columns) {
    if (c.kind !== 'numeric') continue
    const r = c.values.findIndex((v) => Number.isNaN(v))
    if (r >= 0 && (!best || r < best.row)) best = { column: c.name, row: r }
  }
  return best
}

export function completeRows(columns: MixedColumn[], rows: number): Uint32Array {
  const numeric = columns.filter((c) => c.kind === 'numeric')
  const keep: number[] = []
  for (let r = 0; r < rows; r++) if (numeric.every((c) => !Number.isNaN(c.values[r]))) keep.push(r)
  return Uint32Array.from(keep)
}

function median(sorted: number[]): number {
  const n = sorted.length
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
}

const shown = (v: number): string => String(Number(v.toPrecision(3)))

/** Levels by training-part frequency, most frequent first, ties by name. */
function topLevels(values: string[], rows: Uint32Array, cap: number): { levels: string[]; distinct: number } {
  const counts = new Map<string, number>()
  for (const r of rows) if (values[r] !== '') counts.set(values[r], (counts.get(values[r]) ?? 0) + 1)
  const ordered = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([v]) => v)
  return { levels: ordered.slice(0, cap), distinct: ordered.length }
}

/**
 * Learns the preprocessing from the training rows only and says what it did, one line per column
 * that needed anything ("region: one-hot, 4 levels"; "sugar: 62 missing, median 4.1").
 */
export function fitPreprocessing(columns: MixedColumn[], train: Uint32Array, o: PreprocessOptions): { plan: Preprocessing; log: CodedMessage[] } {
  const log: CodedMessage[] = []
  const plan = columns.map((c): ColumnPlan => {
    if (c.kind === 'categorical') {
      if (o.categorical === 'drop') {
        log.push(msg('log.dropped', { column: c.name }))
        return { name: c.name, kind: 'dropped' }
      }
      const { levels, distinct } = topLevels(c.values, train, o.maxLevels)
      log.push(distinct > levels.length ? msg('log.oneHotOther', { column: c.name, levels: levels.length, distinct }) : msg('log.oneHot', { column: c.name, levels: levels.length }))
      return { name: c.name, kind: 'categorical', levels }
    }
    const present: number[] = []
    for (const r of train) if (!Number.isNaN(c.values[r])) present.push(c.values[r])
    if (present.length === 0) {
      const message = msg('trainer.noTrainValues', { column: c.name })
      throw AppError.coded('DATASET_INVALID', message, { issues: [codedIssue('dataset', message)] })
    }
    const how = o.missing === 'mean' ? 'mean' : 'median'
    const fill = how === 'mean' ? present.reduce((a, b) => a + b, 0) / present.length : median(present.sort((a, b) => a - b))
    const missing = c.values.reduce((n, v) => n + (Number.isNaN(v) ? 1 : 0), 0)
    const indicator = o.indicator && missing > 0
    if (missing > 0) log.push(msg(indicator ? 'log.imputedIndicator' : 'log.imputed', { column: c.name, count: missing, how: msg(`log.${how}`), value: shown(fill) }))
    return { name: c.name, kind: 'numeric', fill, indicator }
  })
  return { plan: { columns: plan }, log }
}

/** The names of the encoded features, in the order `encodeRows` writes them. */
export function encodedNames(plan: Preprocessing): string[] {
  return plan.columns.flatMap((c) => {
    if (c.kind === 'dropped') return []
    if (c.kind === 'categorical') return [...c.levels.map((l) => `${c.name}=${l}`), `${c.name}=${OTHER_LEVEL}`]
    return c.indicator ? [c.name, `${c.name} (missing)`] : [c.name]
  })
}

/** The encoded features of the given rows (all rows when absent), row-major. */
export function encodeRows(plan: Preprocessing, columns: MixedColumn[], rowCount: number, rows?: Uint32Array): Float64Array {
  const width = encodedNames(plan).length
  const n = rows ? rows.length : rowCount
  const x = new Float64Array(n * width)
  let offset = 0
  plan.columns.forEach((p, j) => {
    const col = columns[j]
    if (col.name !== p.name) throw new Error(`column ${j} is "${col.name}", the preprocessing expects "${p.name}"`)
    if (p.kind === 'dropped') return
    for (let i = 0; i < n; i++) {
      const r = rows ? rows[i] : i
      if (p.kind === 'categorical') {
        const level = p.levels.indexOf(String(col.values[r]))
        x[i * width + offset + (level < 0 ? p.levels.length : level)] = 1
      } else {
        const v = Number(col.values[r])
        const missing = Number.isNaN(v)
        x[i * width + offset] = missing ? p.fill : v
        if (p.indicator) x[i * width + offset + 1] = missing ? 1 : 0
      }
    }
    offset += p.kind === 'categorical' ? p.levels.length + 1 : p.indicator ? 2 : 1
  })
  return x
}
