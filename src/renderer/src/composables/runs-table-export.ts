import type { Cell, ExportTable } from '../../../shared/compare/export'
import { columnValues, type Column, type ValueContext } from './runs-table-columns'
import type { TableRow } from './runs-table-types'

/**
 * The runs table as shown, for export: the shown columns in their order with their headers, and
 * the runs that pass the filter in the shown order, each cell the value the grid shows (a
 * metric's last, best, min, max or value at the step, as chosen). Values stay raw — numbers in
 * full precision, statuses as their names — so the file reads back as data.
 */
export function exportView(rows: readonly TableRow[], order: readonly number[], columns: readonly Column[], ctx: ValueContext, label: (c: Column) => string): ExportTable {
  // Column by column: a decoded table reads each metric or param in one pass, not a call per cell.
  const values = columns.map((c) => columnValues(rows, c, ctx))
  return {
    columns: columns.map((c) => ({ key: c.id, label: label(c) })),
    rows: order.map((i) => {
      const out: Record<string, Cell> = {}
      columns.forEach((c, k) => (out[c.id] = values[k]![i] ?? null))
      return out
    })
  }
}
