import { asNumber, type CellValue, type Column } from './runs-table-columns'
import { groupStats, type GroupStats } from './runs-table-shared'

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
 * Groups rows (already filtered and sorted) by the values of the `groupBy` columns, keeping the
 * order in which each group first appears, so sorting the table sorts the groups by their
 * best-placed run. `valuesOf` gives a column's values by row index.
 */
export function groupRows(order: readonly number[], groupBy: readonly Column[], statCols: readonly Column[], valuesOf: (col: Column) => readonly CellValue[]): RunGroup[] {
  const byKey = new Map<string, RunGroup>()
  const groupValues = groupBy.map(valuesOf)
  for (const i of order) {
    const values = groupValues.map((v) => v[i])
    const key = JSON.stringify(values)
    let g = byKey.get(key)
    if (!g) byKey.set(key, (g = { key, values, rows: [], stats: {} }))
    g.rows.push(i)
  }
  const groups = [...byKey.values()]
  for (const col of statCols) {
    const values = valuesOf(col)
    for (const g of groups) {
      const nums: number[] = []
      for (const i of g.rows) {
        const n = asNumber(values[i])
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
