import { computed, shallowRef, triggerRef, type Ref } from 'vue'
import { allColumns, asNumber, columnGoal, columnValues, differingColumns, paramId, sortOrder, type CellValue, type Column, type ValueContext } from './runs-table-columns'
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

  // Primitive slices of the view: a computed over them reruns only when its own slice changes,
  // so sorting does not refilter and filtering does not re-read every column.
  const metricValue = computed(() => view.value.value)
  const filterText = computed(() => view.value.filter)
  const sortKey = computed(() => (view.value.sort ? `${view.value.sort.dir}:${view.value.sort.column}` : ''))
  const columnIds = computed(() => (view.value.columns ? view.value.columns.join('\n') : null))
  const diffOnly = computed(() => view.value.diffOnly)
  const groupKey = computed(() => view.value.groupBy.join('\n'))
  const scale = computed(() => view.value.scale)

  const ctx = computed<ValueContext>(() => ({ value: metricValue.value, goals: data.value.goals, atStep: atStep.value }))
  /** Column id -> its values by row index, read once per data and value choice. */
  const cache = computed(() => {
    void ctx.value
    return new Map<string, CellValue[]>()
  })
  function valuesOf(col: Column): CellValue[] {
    let v = cache.value.get(col.id)
    if (!v) cache.value.set(col.id, (v = columnValues(data.value.rows, col, ctx.value)))
    return v
  }

  const columns = computed(() => allColumns(data.value.paramKeys, data.value.metricNames))
  const chosen = computed<Column[]>(() => {
    const ids = columnIds.value
    if (ids === null) return columns.value
    const byId = new Map(columns.value.map((c) => [c.id, c]))
    return ids
      .split('\n')
      .map((id) => byId.get(id))
      .filter((c): c is Column => c !== undefined)
  })

  const filter = computed<FilterResult>(() => parseFilter(filterText.value, { goals: data.value.goals }))
  const filtered = computed<number[]>(() => {
    const rows = data.value.rows
    const f = filter.value
    const out: number[] = []
    // A filter that does not parse yet hides nothing: the user sees the error and all rows.
    const test = f.ok ? f.test : () => true
    for (let i = 0; i < rows.length; i++) if (test(rows[i])) out.push(i)
    return out
  })
  const sorted = computed<number[]>(() => {
    const key = sortKey.value
    if (!key) return filtered.value
    const [dir, ...rest] = key.split(':')
    const col = columns.value.find((c) => c.id === rest.join(':'))
    return col ? sortOrder(valuesOf(col), filtered.value, dir as 'asc' | 'desc') : filtered.value
  })
  // Differences among the filtered rows: the order does not change which columns differ.
  const shown = computed<Column[]>(() => (diffOnly.value ? differingColumns(filtered.value, chosen.value, valuesOf) : chosen.value))
  const numericCols = computed(() => shown.value.filter((c) => c.kind !== 'field'))

  const groups = computed<RunGroup[] | null>(() => {
    if (!groupKey.value) return null
    const by = groupKey.value.split('\n').map((key): Column => ({ id: paramId(key), kind: 'param', key }))
    return groupRows(sorted.value, by, numericCols.value.filter((c) => c.kind === 'metric'), valuesOf)
  })
  const lines = computed<Entry[]>(() => entries(sorted.value, groups.value, expanded.value))

  const marks = computed<Record<string, ColumnMarks>>(() => {
    const out: Record<string, ColumnMarks> = {}
    const rows = data.value.rows
    // By the filtered rows, not the sorted ones: the marks do not change when the order does.
    const order = filtered.value
    const mode = scale.value
    for (const col of numericCols.value) {
      const goal = columnGoal(col, data.value.goals)
      // Only columns with a goal have a best, and only a colour scale needs every number.
      if (!goal && mode === 'none') continue
      const all = valuesOf(col)
      const values = order.map((i) => asNumber(all[i]) ?? NaN)
      if (!values.some(Number.isFinite)) continue
      const b = goal ? bestIndex(values, goal) : -1
      let scaled: Float64Array | null = null
      if (mode !== 'none') {
        scaled = new Float64Array(rows.length).fill(NaN)
        const norm = normalize(values, mode)
        for (let i = 0; i < order.length; i++) scaled[order[i]] = norm[i] ?? NaN
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

  return { data, atStep, ctx, valuesOf, columns, chosen, filter, filtered, sorted, shown, groups, lines, marks, baselineRow, expanded, toggleGroup, replaceRow }
}

export type RunsTableState = ReturnType<typeof useRunsTable>
