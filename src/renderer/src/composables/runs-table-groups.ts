import { asNumber, cellValue, paramId, type CellValue, type Column, type ValueContext } from './runs-table-columns'
import { groupStats, type GroupStats } from './runs-table-shared'
import type { TableRow } from './runs-table-types'

/** Runs that share the values of the grouping params, with each numeric column's statistics. */
export interface RunGroup {
  key: string
  /** The grouping params' values, in the order of `groupBy`. */
  values: CellValue[]
  /** Row indices, in the table's current order. */
  rows: number[]
  /** Column id -> statistics over the group's finite values; absent when the group has none. */
  stats: Record<string, GroupStats>
}

/** One line of the table as drawn: a run, or a group's summary line. */
export type Entry = { kind: 'run'; row: number; group: number | null } | { kind: 'group'; group: number }

/**
 * Groups rows (already filtered and sorted) by the values of `groupBy` params, keeping the order
 * in which each group first appears, so sorting the table sorts the groups by their best-placed run.
 */
export function groupRows(rows: readonly TableRow[], order: readonly number[], groupBy: readonly string[], statCols: readonly Column[], ctx: ValueContext): RunGroup[] {
  const byKey = new Map<string, RunGroup>()
  const groupCols = groupBy.map((key): Column => ({ id: paramId(key), kind: 'param', key }))
  for (const i of order) {
    const values = groupCols.map((c) => cellValue(rows[i], c, ctx))
    const key = JSON.stringify(values)
    let g = byKey.get(key)
    if (!g) byKey.set(key, (g = { key, values, rows: [], stats: {} }))
    g.rows.push(i)
  }
  const groups = [...byKey.values()]
  for (const g of groups) {
    for (const col of statCols) {
      const nums: number[] = []
      for (const i of g.rows) {
        const n = asNumber(cellValue(rows[i], col, ctx))
        if (n !== null) nums.push(n)
      }
      if (nums.length) g.stats[col.id] = groupStats(nums)
    }
  }
  return groups
}

/** The lines to draw: every run, or each group's line followed by its runs when it is expanded. */
export function entries(order: readonly number[], groups: readonly RunGroup[] | null, expanded: ReadonlySet<string>): Entry[] {
  if (!groups) return order.map((row) => ({ kind: 'run', row, group: null }))
  const out: Entry[] = []
  groups.forEach((g, gi) => {
    out.push({ kind: 'group', group: gi })
    if (expanded.has(g.key)) for (const row of g.rows) out.push({ kind: 'run', row, group: gi })
  })
  return out
}
