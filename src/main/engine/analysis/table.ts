import { AppError, type FieldIssue } from '../../../shared/errors'

/**
 * A table of results, independent of where it came from (a CSV, ParamScope runs, a sweep): one
 * column per parameter in the measure the parameter was sampled in, and one numeric target.
 */
export type ParamKind = 'float' | 'int' | 'categorical'

export interface ParamColumn {
  name: string
  kind: ParamKind
  /** Sampled on a log scale: every method works on log10 of the value. */
  log: boolean
  /** Natural values (NaN where inactive) for numbers; level names ('' where inactive) for categories. */
  values: Float64Array | string[]
  /** Per row whether the parameter applies (conditional parameters); null when it always does. */
  active: boolean[] | null
  /** Search-space bounds in natural units, when a space gave them; else the data range is used. */
  low?: number
  high?: number
}

export interface ResultTable {
  params: ParamColumn[]
  target: Float64Array
  /** Name of the target column, for reports. */
  targetName: string
  /** Per row the identity of its configuration (all parameter values), so repeats over seeds group. */
  groupKey?: string[]
  /** Per row its seed (the seed columns' values), when the source names a seed that varies. */
  seedKey?: string[]
  /** Rows left out (no target value), each with its reason, so nothing disappears silently. */
  dropped: { row: number; reason: string }[]
}

/** What a search space or trainer schema says about one parameter. */
export interface ParamHint {
  type?: ParamKind | 'choice' | 'bool'
  log?: boolean
  low?: number
  high?: number
}

export interface TableOptions {
  target: string
  /** Parameter columns in order; default: every column but the target and `exclude`. */
  params?: string[]
  /** Columns that are neither parameters nor the target (seed, run id, other metrics). */
  exclude?: string[]
  /** Kinds, log flags and bounds by parameter name, e.g. from a search space. */
  hints?: Record<string, ParamHint>
  /** Rows numbered from this in messages (2 for a CSV whose header is line 1). Default 1. */
  firstRow?: number
}

type Cell = unknown

function isMissing(v: Cell): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (typeof v === 'number' && Number.isNaN(v))
}

function asNumber(v: Cell): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'boolean') return null
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim())
    return Number.isFinite(n) ? n : null
  }
  return null
}

function inferKind(cells: Cell[]): ParamKind {
  let numeric = 0
  let integral = true
  for (const c of cells) {
    if (isMissing(c)) continue
    const n = asNumber(c)
    if (n === null) return 'categorical'
    numeric++
    if (!Number.isInteger(n)) integral = false
  }
  if (numeric === 0) return 'categorical'
  return integral ? 'int' : 'float'
}

function hintKind(hint: ParamHint | undefined): ParamKind | undefined {
  if (!hint?.type) return undefined
  return hint.type === 'choice' || hint.type === 'bool' ? 'categorical' : hint.type
}

function buildColumn(name: string, cells: Cell[], hint: ParamHint | undefined, rowNo: (i: number) => number, issues: FieldIssue[]): ParamColumn {
  const kind = hintKind(hint) ?? inferKind(cells)
  const log = kind !== 'categorical' && hint?.log === true
  const active = cells.map((c) => !isMissing(c))
  const activeOrNull = active.every(Boolean) ? null : active
  if (kind === 'categorical') {
    const values = cells.map((c) => (isMissing(c) ? '' : String(c).trim()))
    return { name, kind, log, values, active: activeOrNull, low: hint?.low, high: hint?.high }
  }
  const values = new Float64Array(cells.length)
  for (let i = 0; i < cells.length; i++) {
    if (!active[i]) {
      values[i] = NaN
      continue
    }
    const n = asNumber(cells[i])
    if (n === null) {
      issues.push({ field: name, message: `row ${rowNo(i)}: "${String(cells[i])}" is not a number` })
      continue
    }
    if (log && n <= 0) issues.push({ field: name, message: `row ${rowNo(i)}: ${n} is not positive, but the parameter is on a log scale` })
    if (kind === 'int' && !Number.isInteger(n)) issues.push({ field: name, message: `row ${rowNo(i)}: ${n} is not an integer` })
    values[i] = n
  }
  return { name, kind, log, values, active: activeOrNull, low: hint?.low, high: hint?.high }
}

/** Builds a table from row objects (one per trial); every problem names its column and row. */
export function tableFromRows(rows: Record<string, Cell>[], options: TableOptions): ResultTable {
  const first = options.firstRow ?? 1
  const rowNo = (i: number): number => i + first
  if (rows.length === 0) throw AppError.fromIssues('INVALID_INPUT', [{ field: 'rows', message: 'the table has no rows' }])
  const columns = new Set<string>()
  for (const r of rows) for (const k of Object.keys(r)) columns.add(k)
  const issues: FieldIssue[] = []
  if (!columns.has(options.target)) {
    issues.push({ field: 'target', message: `no column "${options.target}" (columns: ${[...columns].join(', ')})` })
    throw AppError.fromIssues('INVALID_INPUT', issues)
  }
  const exclude = new Set([options.target, ...(options.exclude ?? [])])
  const names = options.params ?? [...columns].filter((c) => !exclude.has(c))
  for (const n of names) if (!columns.has(n)) issues.push({ field: n, message: 'no such column' })
  if (names.length === 0) issues.push({ field: 'params', message: 'no parameter columns are left' })

  const keep: number[] = []
  const dropped: ResultTable['dropped'] = []
  rows.forEach((r, i) => {
    const v = r[options.target]
    if (isMissing(v)) dropped.push({ row: rowNo(i), reason: `no value for ${options.target}` })
    else if (asNumber(v) === null) issues.push({ field: options.target, message: `row ${rowNo(i)}: "${String(v)}" is not a number` })
    else keep.push(i)
  })
  if (issues.length > 0) throw AppError.fromIssues('INVALID_INPUT', issues)
  if (keep.length < 2) throw AppError.fromIssues('INVALID_INPUT', [{ field: options.target, message: `only ${keep.length} row(s) have a value` }])

  const keptRowNo = (i: number): number => rowNo(keep[i])
  const params = names.map((n) => buildColumn(n, keep.map((i) => rows[i][n]), options.hints?.[n], keptRowNo, issues))
  if (issues.length > 0) throw AppError.fromIssues('INVALID_INPUT', issues)
  const target = Float64Array.from(keep, (i) => asNumber(rows[i][options.target]) as number)
  const groupKey = keep.map((_, r) => params.map((p) => String(p.values[r])).join('\u241f'))
  return { params, target, targetName: options.target, groupKey, dropped }
}

/** Rows in which a parameter applies, and how many there are. */
export function activeCount(col: ParamColumn): number {
  return col.active === null ? col.values.length : col.active.filter(Boolean).length
}

/** "active in k of N rows" for conditional parameters; null for ones that always apply. */
export function regimeNote(col: ParamColumn): string | null {
  if (col.active === null) return null
  return `active in ${activeCount(col)} of ${col.values.length} rows`
}
