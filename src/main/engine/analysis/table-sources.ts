import type { Config, ParamSpec } from '../../../shared/schemas/params'
import { parseCsv } from '../datasets/readers/csv'
import { tableFromRows, type ParamHint, type ResultTable, type TableOptions } from './table'

/** A CSV of results (one trial per line); row numbers in messages are the file's line numbers. */
export function tableFromCsv(text: string, file: string, options: TableOptions): ResultTable {
  const csv = parseCsv(text, file)
  const rows = csv.records.map((rec) => Object.fromEntries(csv.header.map((h, j) => [h, rec[j] ?? ''])))
  const table = tableFromRows(rows, { ...options, firstRow: 1 })
  // Map the table's positional row numbers back to the line each record starts on.
  table.dropped = table.dropped.map((d) => ({ ...d, row: csv.lines[d.row - 1] ?? d.row }))
  return table
}

/** A finished ParamScope run reduced to what the analysis needs. */
export interface RunResult {
  id: number
  config: Config
  seed: number | null
  /** One value per metric name (final, best or any summary the caller chose). */
  metrics: Record<string, number>
}

/** Rows from runs: config keys are parameters, metrics become `metric:<name>` columns. */
export function rowsFromRuns(runs: RunResult[]): { rows: Record<string, unknown>[]; metricColumns: string[] } {
  const metricColumns = new Set<string>()
  const rows = runs.map((r) => {
    const row: Record<string, unknown> = { ...r.config }
    for (const [k, v] of Object.entries(r.metrics)) {
      metricColumns.add(`metric:${k}`)
      row[`metric:${k}`] = v
    }
    return row
  })
  return { rows, metricColumns: [...metricColumns] }
}

/** A table over runs for one metric; other metrics are not parameters. */
export function tableFromRuns(runs: RunResult[], metric: string, hints?: Record<string, ParamHint>): ResultTable {
  const { rows, metricColumns } = rowsFromRuns(runs)
  return tableFromRows(rows, { target: `metric:${metric}`, exclude: metricColumns, hints })
}

/** Kinds, log flags and bounds from a trainer's parameter schema. */
export function hintsFromSchema(specs: ParamSpec[]): Record<string, ParamHint> {
  const hints: Record<string, ParamHint> = {}
  for (const s of specs) {
    if (s.type === 'float' || s.type === 'int') hints[s.key] = { type: s.type, log: s.log === true, low: s.min, high: s.max }
    else if (s.type === 'choice' || s.type === 'bool') hints[s.key] = { type: 'categorical' }
  }
  return hints
}
