/**
 * The runs table by column, as `runs.table` sends it, and back to rows. 20,000 runs × 40 columns
 * as row objects were 40–60 MB of JSON that repeated every key in every row and took seconds to
 * write, send and read; by column, numbers travel as Float64Array (IPC keeps them, HTTP sends
 * their bytes: binary-body.ts) and everything else as plain arrays.
 *
 * Wire layout (`RunsTableColumns`): the run fields as arrays by row; `params[key]` is `{ f64 }`
 * for a column of numbers (NaN: none) and `{ values }` otherwise (null: none); `metrics[name]`
 * holds `values`, 5 × n float64 — last, then min, then max (NaN: none or not finite), then last
 * step, then count (0: the run has no such series).
 */
import type { RunsTable, RunsTableColumns, TableParamValue, TableRow, TableStatus } from '../schemas/compare'

type WireParam = RunsTableColumns['params'][string]

/**
 * A float64 column as it arrived: a Float64Array, or the list of numbers of an answer that came
 * as JSON (null for NaN).
 */
function asF64(column: Float64Array | readonly (number | null)[], name: string): Float64Array {
  if (column instanceof Float64Array) return column
  // A Float64Array through JSON.stringify arrives as an object of indices: refused, not read as empty.
  if (!Array.isArray(column)) throw new Error(`the column "${name}" is neither a Float64Array nor a list of numbers`)
  return Float64Array.from(column, (v) => v ?? Number.NaN)
}

/** One run's fields, as a row of the table has them. */
export type RunFields = Omit<TableRow, 'params' | 'metrics'>

/**
 * Builds the wire table row by row for `n` runs: the engine from its SQLite rows, tests from
 * row objects. Params and metrics may be given in any order; a run gives each at most once.
 */
export function createTableColumnsBuilder(n: number) {
  const fields = {
    ids: new Array<number>(n),
    names: new Array<string>(n),
    statuses: new Array<TableStatus>(n),
    experimentIds: new Array<number>(n),
    experimentNames: {} as Record<string, string>,
    studyIds: new Array<number | null>(n),
    trainers: new Array<string>(n),
    tags: new Array<string[]>(n),
    notes: new Array<string>(n),
    createdAt: new Array<number>(n),
    endedAt: new Array<number | null>(n),
    sources: new Array<string | null>(n)
  }
  /** Numbers straight into float64 (NaN: none) until a value of another type turns the column into values. */
  type ParamColumn = { numbers: Float64Array<ArrayBuffer> | null; values: TableParamValue[] | null; anyNumber: boolean }
  type MetricColumn = { values: Float64Array<ArrayBuffer> }
  const params = new Map<string, ParamColumn>()
  const metrics = new Map<string, MetricColumn>()
  const paramColumn = (key: string): ParamColumn => {
    let col = params.get(key)
    if (!col) params.set(key, (col = { numbers: new Float64Array(n).fill(Number.NaN), values: null, anyNumber: false }))
    return col
  }
  const setParam = (col: ParamColumn, i: number, value: TableParamValue): void => {
    if (col.numbers) {
      if (typeof value === 'number') {
        col.numbers[i] = value
        col.anyNumber = true
        return
      }
      if (value === null) return
      col.values = Array.from(col.numbers, (v) => (Number.isNaN(v) ? null : v))
      col.numbers = null
    }
    col.values![i] = value
  }
  const metricColumn = (name: string): MetricColumn => {
    let col = metrics.get(name)
    if (!col) {
      // Last, min and max none (NaN); last step and count 0.
      const values = new Float64Array(5 * n)
      values.fill(Number.NaN, 0, 3 * n)
      metrics.set(name, (col = { values }))
    }
    return col
  }
  // Runs of one trainer share their key and name lists (the same array): their columns are looked up once.
  const paramColumnsOf = new Map<readonly string[], ParamColumn[]>()
  const metricColumnsOf = new Map<readonly string[], MetricColumn[]>()
  return {
    run(i: number, r: RunFields): void {
      fields.ids[i] = r.id
      fields.names[i] = r.name
      fields.statuses[i] = r.status
      fields.experimentIds[i] = r.experimentId
      fields.experimentNames[String(r.experimentId)] = r.experimentName
      fields.studyIds[i] = r.studyId
      fields.trainers[i] = r.trainer
      fields.tags[i] = r.tags
      fields.notes[i] = r.notes
      fields.createdAt[i] = r.createdAt
      fields.endedAt[i] = r.endedAt
      fields.sources[i] = r.source
    },
    param(i: number, key: string, value: TableParamValue): void {
      setParam(paramColumn(key), i, value)
    },
    /** A run's params, `keys[k]` with `values[k]`; keys distinct. */
    params(i: number, keys: readonly string[], values: readonly TableParamValue[]): void {
      let cols = paramColumnsOf.get(keys)
      if (!cols) paramColumnsOf.set(keys, (cols = keys.map(paramColumn)))
      for (let k = 0; k < cols.length; k++) setParam(cols[k]!, i, values[k]!)
    },
    /** A run's summaries of series `names[k]`: last, lastStep, min, max, count at `numbers[5k..5k+4]`; NaN is none. Names distinct. */
    metrics(i: number, names: readonly string[], numbers: Float64Array): void {
      let cols = metricColumnsOf.get(names)
      if (!cols) metricColumnsOf.set(names, (cols = names.map(metricColumn)))
      for (let k = 0; k < cols.length; k++) {
        const values = cols[k]!.values
        values[i] = numbers[5 * k]!
        values[3 * n + i] = numbers[5 * k + 1]!
        values[n + i] = numbers[5 * k + 2]!
        values[2 * n + i] = numbers[5 * k + 3]!
        values[4 * n + i] = numbers[5 * k + 4]!
      }
    },
    /** The param keys and metric names given so far, in no order. */
    paramKeys: (): string[] => [...params.keys()],
    metricNames: (): string[] => [...metrics.keys()],
    /** A run's summary of one series; null or NaN values are none. */
    metric(i: number, name: string, last: number | null, lastStep: number, min: number | null, max: number | null, count: number): void {
      const col = metricColumn(name)
      col.values[i] = last ?? Number.NaN
      col.values[n + i] = min ?? Number.NaN
      col.values[2 * n + i] = max ?? Number.NaN
      col.values[3 * n + i] = lastStep
      col.values[4 * n + i] = count
    },
    finish(extra: Pick<RunsTableColumns, 'total' | 'paramKeys' | 'metricNames' | 'goals'>): RunsTableColumns {
      const wireParams: Record<string, WireParam> = {}
      for (const [key, col] of params) {
        wireParams[key] = col.numbers && col.anyNumber ? { f64: col.numbers } : { values: col.values ?? new Array<TableParamValue>(n).fill(null) }
      }
      const wireMetrics: RunsTableColumns['metrics'] = {}
      for (const [name, col] of metrics) wireMetrics[name] = { values: col.values }
      return { ...fields, params: wireParams, metrics: wireMetrics, ...extra }
    }
  }
}

/** The wire form of a table of rows (tests, and any caller holding rows). */
export function encodeRunsTable(table: RunsTable): RunsTableColumns {
  const b = createTableColumnsBuilder(table.rows.length)
  table.rows.forEach((row, i) => {
    const { params, metrics, ...fields } = row
    b.run(i, fields)
    for (const key in params) b.param(i, key, params[key]!)
    for (const name in metrics) {
      const m = metrics[name]!
      b.metric(i, name, m.last, m.lastStep, m.min, m.max, m.count)
    }
  })
  return b.finish({ total: table.rows.length, paramKeys: table.paramKeys, metricNames: table.metricNames, goals: table.goals })
}

/** Decoded columns: numbers as Float64Array (NaN: none); a metric's five by run index. */
export interface TableColumns {
  params: Record<string, Float64Array | readonly TableParamValue[]>
  metrics: Record<string, { last: Float64Array; min: Float64Array; max: Float64Array; lastStep: Float64Array; count: Float64Array }>
}

/** The table as rows, and the columns they read from, for code that scans one column over every row. */
export interface DecodedRunsTable extends RunsTable {
  /** Runs in the selection: more than the rows where runs.table was asked for the first `limit`. */
  total: number
  columns: TableColumns
}

const present = (v: number): number | null => (Number.isNaN(v) ? null : v)
// Symbol keys: a row's own keys, its JSON and its spread show only the fields of a TableRow.
const AT = Symbol('row index')
const COLS = Symbol('columns')
const PARAMS = Symbol('params made')
const METRICS = Symbol('metrics made')

/**
 * A row that builds its params and metrics from the columns the first time they are read: a
 * table of 20,000 runs opens without making 20,000 × 40 values into objects, and the rows
 * shown, filtered or exported make theirs. Serializes as a plain row.
 */
class ColumnRow implements TableRow {
  id: number
  name: string
  status: TableStatus
  experimentId: number
  experimentName: string
  studyId: number | null
  trainer: string
  tags: string[]
  notes: string
  createdAt: number
  endedAt: number | null
  source: string | null
  readonly [AT]: number
  readonly [COLS]: TableColumns
  [PARAMS]: TableRow['params'] | null
  [METRICS]: TableRow['metrics'] | null

  constructor(w: RunsTableColumns, cols: TableColumns, i: number) {
    this.id = w.ids[i]!
    this.name = w.names[i]!
    this.status = w.statuses[i]!
    this.experimentId = w.experimentIds[i]!
    this.experimentName = w.experimentNames[String(this.experimentId)] ?? ''
    this.studyId = w.studyIds[i] ?? null
    this.trainer = w.trainers[i]!
    this.tags = w.tags[i] ?? []
    this.notes = w.notes[i] ?? ''
    this.createdAt = w.createdAt[i]!
    this.endedAt = w.endedAt[i] ?? null
    this.source = w.sources[i] ?? null
    this[AT] = i
    this[COLS] = cols
    this[PARAMS] = null
    this[METRICS] = null
  }

  get params(): TableRow['params'] {
    if (this[PARAMS]) return this[PARAMS]
    const out: TableRow['params'] = {}
    const cols = this[COLS].params
    for (const key in cols) {
      const v = cols[key]![this[AT]]!
      if (v === null || (typeof v === 'number' && Number.isNaN(v))) continue
      out[key] = v
    }
    return (this[PARAMS] = out)
  }

  get metrics(): TableRow['metrics'] {
    if (this[METRICS]) return this[METRICS]
    const out: TableRow['metrics'] = {}
    const i = this[AT]
    const cols = this[COLS].metrics
    for (const name in cols) {
      const m = cols[name]!
      if (m.count[i]! > 0) out[name] = { last: present(m.last[i]!), lastStep: m.lastStep[i]!, min: present(m.min[i]!), max: present(m.max[i]!), count: m.count[i]! }
    }
    return (this[METRICS] = out)
  }

  toJSON(): TableRow {
    const { id, name, status, experimentId, experimentName, studyId, trainer, tags, notes, createdAt, endedAt, source } = this
    return { id, name, status, experimentId, experimentName, studyId, trainer, tags, notes, createdAt, endedAt, source, params: this.params, metrics: this.metrics }
  }
}

export type Summary = 'last' | 'min' | 'max' | 'lastStep' | 'count'

/**
 * A row's param, read from its column when the row came from decodeRunsTable: filtering or
 * sorting 20,000 rows then makes no per-row objects. Undefined where the run has none.
 */
export function paramOf(row: TableRow, key: string): TableParamValue | undefined {
  if (!(row instanceof ColumnRow) || row[PARAMS]) return row.params[key]
  const v = row[COLS].params[key]?.[row[AT]]
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? undefined : v
}

/** A row's summary of a metric (see paramOf); undefined where the run has no such series, null where the value is none. */
export function metricOf(row: TableRow, name: string, which: Summary): number | null | undefined {
  if (!(row instanceof ColumnRow) || row[METRICS]) return row.metrics[name]?.[which]
  const m = row[COLS].metrics[name]
  const i = row[AT]
  if (!m || !(m.count[i]! > 0)) return undefined
  return which === 'lastStep' || which === 'count' ? m[which][i] : present(m[which][i]!)
}

/** The columns behind `rows` when they are decodeRunsTable's rows in its order (edited ones included), else null. */
function columnsBehind(rows: readonly TableRow[]): TableColumns | null {
  const first = rows[0]
  if (!(first instanceof ColumnRow)) return null
  const cols = first[COLS]
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]
    if (!(row instanceof ColumnRow) || row[COLS] !== cols || row[AT] !== i) return null
  }
  return cols
}

/**
 * Every row's param `key` as paramOf reads it (null for none), straight from the decoded column
 * when the rows are decodeRunsTable's in its order: 20,000 values without a call per row. Null
 * when they are not (rows built elsewhere): read them one by one.
 */
export function paramColumn(rows: readonly TableRow[], key: string): (TableParamValue | null)[] | null {
  const cols = columnsBehind(rows)
  if (!cols) return null
  const col = cols.params[key]
  const out = new Array<TableParamValue | null>(rows.length)
  for (let i = 0; i < rows.length; i++) {
    const v = col?.[i]
    out[i] = v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : v
  }
  return out
}

/** Every row's summary of a metric as metricOf reads it (null for none or no series); see paramColumn. */
export function metricColumn(rows: readonly TableRow[], name: string, which: Summary): (number | null)[] | null {
  const cols = columnsBehind(rows)
  if (!cols) return null
  const m = cols.metrics[name]
  const out = new Array<number | null>(rows.length).fill(null)
  if (!m) return out
  const values = m[which]
  for (let i = 0; i < rows.length; i++) if (m.count[i]! > 0 && !Number.isNaN(values[i]!)) out[i] = values[i]!
  return out
}

/** The row with some of its run fields changed (after an edit); a decoded row stays one. */
export function withFields<R extends TableRow>(row: R, patch: Partial<RunFields>): R {
  return Object.assign(Object.create(Object.getPrototypeOf(row) as object) as R, row, patch)
}

/** The table `runs.table` sent, as rows (made lazily) with the decoded columns beside them; its numbers may also be lists (an answer read as JSON). */
export function decodeRunsTable(w: RunsTableColumns): DecodedRunsTable {
  const n = w.ids.length
  const params: TableColumns['params'] = {}
  for (const key in w.params) {
    const p = w.params[key]!
    params[key] = 'f64' in p ? asF64(p.f64, key) : p.values
  }
  const metrics: TableColumns['metrics'] = {}
  for (const name in w.metrics) {
    const all = asF64(w.metrics[name]!.values, name)
    if (all.length !== 5 * n) throw new Error(`the metric column "${name}" does not hold one value of each kind for each of the ${n} runs`)
    metrics[name] = { last: all.subarray(0, n), min: all.subarray(n, 2 * n), max: all.subarray(2 * n, 3 * n), lastStep: all.subarray(3 * n, 4 * n), count: all.subarray(4 * n, 5 * n) }
  }
  const columns: TableColumns = { params, metrics }
  const rows: TableRow[] = new Array<TableRow>(n)
  for (let i = 0; i < n; i++) rows[i] = new ColumnRow(w, columns, i)
  return { rows, total: w.total, paramKeys: w.paramKeys, metricNames: w.metricNames, goals: w.goals, columns }
}
