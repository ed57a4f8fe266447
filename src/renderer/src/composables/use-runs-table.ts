import { computed, shallowRef, triggerRef, type Ref } from 'vue'
import { allColumns, asNumber, columnGoal, columnValues, differingColumns, sortOrder, type Column, type ValueContext } from './runs-table-columns'
import { entries, groupRows, type Entry, type RunGroup } from './runs-table-groups'
import { bestIndex, normalize, parseFilter, type FilterResult } from './runs-table-shared'
import type { TableData, TableRow } from './runs-table-types'
import type { TableView } from './runs-table-view'

/** Per shown numeric column: each row's place on the colour scale and the best row, by row index. */
export interface ColumnMarks {
  /** Row index -> normalized value (z-score or 0..1), NaN where the cell holds no number. */
  scaled: Float64Array | null
  best: number
}

const emptyData: TableData = { rows: [], paramKeys: [], metricNames: [], goals: {} }

/**
 * The table's pipeline, outside Vue's deep reactivity: rows are one plain array behind a
 * shallowRef, and each step (filter, sort, columns, groups, marks) is a computed over plain
 * arrays of row indices, so 20,000 rows cost a few array passes, not 20,000 proxies.
 */
export function useRunsTable(view: Ref<TableView>) {
  const data = shallowRef<TableData>(emptyData)
  /** Metric name -> run id -> value at the view's step (runs.metricAt). */
  const atStep = shallowRef<ValueContext['atStep']>({})
  const expanded = shallowRef(new Set<string>())

  const ctx = computed<ValueContext>(() => ({ value: view.value.value, goals: data.value.goals, atStep: atStep.value }))
  const columns = computed(() => allColumns(data.value.paramKeys, data.value.metricNames))
  const chosen = computed<Column[]>(() => {
    const ids = view.value.columns
    if (!ids) return columns.value
    const byId = new Map(columns.value.map((c) => [c.id, c]))
    return ids.map((id) => byId.get(id)).filter((c): c is Column => c !== undefined)
  })

  const filter = computed<FilterResult>(() => parseFilter(view.value.filter, { goals: data.value.goals }))
  const filtered = computed<number[]>(() => {
    const rows = data.value.rows
    const f = filter.value
    const out: number[] = []
    if (!f.ok) {
      // A filter that does not parse yet hides nothing: the user sees the error and all rows.
      for (let i = 0; i < rows.length; i++) out.push(i)
      return out
    }
    for (let i = 0; i < rows.length; i++) if (f.test(rows[i])) out.push(i)
    return out
  })
  const sortColumn = computed(() => {
    const s = view.value.sort
    return s ? columns.value.find((c) => c.id === s.column) : undefined
  })
  const sorted = computed<number[]>(() => {
    const s = view.value.sort
    const col = sortColumn.value
    return s && col ? sortOrder(data.value.rows, filtered.value, col, s.dir, ctx.value) : filtered.value
  })
  const shown = computed<Column[]>(() => (view.value.diffOnly ? differingColumns(data.value.rows, sorted.value, chosen.value, ctx.value) : chosen.value))
  const numericCols = computed(() => shown.value.filter((c) => c.kind !== 'field'))

  const groups = computed<RunGroup[] | null>(() =>
    view.value.groupBy.length ? groupRows(data.value.rows, sorted.value, view.value.groupBy, numericCols.value, ctx.value) : null
  )
  const lines = computed<Entry[]>(() => entries(sorted.value, groups.value, expanded.value))

  const marks = computed<Record<string, ColumnMarks>>(() => {
    const out: Record<string, ColumnMarks> = {}
    const rows = data.value.rows
    // By the filtered rows, not the sorted ones: the marks do not change when the order does.
    const order = filtered.value
    const scale = view.value.scale
    for (const col of numericCols.value) {
      const values = columnValues(rows, order, col, ctx.value).map((v) => asNumber(v) ?? NaN)
      if (!values.some(Number.isFinite)) continue
      const goal = columnGoal(col, data.value.goals)
      const b = goal ? bestIndex(values, goal) : -1
      let scaled: Float64Array | null = null
      if (scale !== 'none') {
        scaled = new Float64Array(rows.length).fill(NaN)
        const norm = normalize(values, scale)
        for (let i = 0; i < order.length; i++) scaled[order[i]] = Number.isFinite(values[i]) ? norm[i] : NaN
      }
      out[col.id] = { scaled, best: b >= 0 ? order[b] : -1 }
    }
    return out
  })

  const baselineRow = computed<TableRow | null>(() => {
    const id = view.value.baseline
    return id === null ? null : (data.value.rows.find((r) => r.id === id) ?? null)
  })

  function toggleGroup(key: string): void {
    const next = new Set(expanded.value)
    if (!next.delete(key)) next.add(key)
    expanded.value = next
  }

  /** Replaces one row in place (after an edit) and redraws. */
  function replaceRow(row: TableRow): void {
    const i = data.value.rows.findIndex((r) => r.id === row.id)
    if (i < 0) return
    data.value.rows[i] = row
    triggerRef(data)
  }

  return { data, atStep, ctx, columns, chosen, filter, filtered, sorted, shown, groups, lines, marks, baselineRow, expanded, toggleGroup, replaceRow }
}

export type RunsTableState = ReturnType<typeof useRunsTable>
