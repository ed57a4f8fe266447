import { metricValues, type MetricValue } from './runs-table-columns'

export type ColorScale = 'none' | 'zscore' | 'minmax'
const scales: readonly ColorScale[] = ['none', 'zscore', 'minmax']

/**
 * Everything that shapes what the table shows, besides which runs it reads. It lives in the
 * route's query, so a link (or a saved view) reopens the same table.
 */
export interface TableView {
  filter: string
  /** Shown columns in order; null = every column the rows offer. */
  columns: string[] | null
  sort: { column: string; dir: 'asc' | 'desc' } | null
  /** Param keys to group by. */
  groupBy: string[]
  baseline: number | null
  scale: ColorScale
  value: MetricValue
  step: number | null
  diffOnly: boolean
}

/** Which runs the table reads: the union of these. */
export interface TableSource {
  experimentIds: number[]
  studyIds: number[]
  runIds: number[]
}

export const defaultView = (): TableView => ({
  filter: '',
  columns: null,
  sort: null,
  groupBy: [],
  baseline: null,
  scale: 'none',
  value: 'last',
  step: null,
  diffOnly: false
})

type Query = Record<string, string | null | (string | null)[] | undefined>

const one = (v: Query[string]): string | undefined => (Array.isArray(v) ? (v[0] ?? undefined) : (v ?? undefined))
const ids = (v: Query[string]): number[] =>
  (one(v) ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0)
// Names may hold commas; each is encoded on its own before the list is joined.
const names = (v: Query[string]): string[] =>
  (one(v) ?? '')
    .split(',')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s)
      } catch {
        return s
      }
    })
const joinNames = (list: readonly string[]): string => list.map(encodeURIComponent).join(',')

export function sourceFromQuery(q: Query): TableSource {
  return { experimentIds: ids(q.experiments), studyIds: ids(q.studies), runIds: ids(q.runs) }
}

/** The view a query describes; anything missing or unreadable keeps its default. */
export function viewFromQuery(q: Query): TableView {
  const v = defaultView()
  v.filter = one(q.q) ?? ''
  if (one(q.cols) !== undefined) v.columns = names(q.cols)
  const sort = one(q.sort)
  const m = sort ? /^(.*):(asc|desc)$/.exec(sort) : null
  if (m) v.sort = { column: m[1], dir: m[2] as 'asc' | 'desc' }
  v.groupBy = names(q.group)
  const base = Number(one(q.base))
  if (Number.isInteger(base) && base > 0) v.baseline = base
  const scale = one(q.scale)
  if (scales.includes(scale as ColorScale)) v.scale = scale as ColorScale
  const value = one(q.value)
  if (metricValues.includes(value as MetricValue)) v.value = value as MetricValue
  const step = Number(one(q.step))
  if (one(q.step) !== undefined && Number.isInteger(step) && step >= 0) v.step = step
  v.diffOnly = one(q.diff) === '1'
  return v
}

/** The query for a source and a view: only what differs from the defaults, so links stay short. */
export function toQuery(source: TableSource, view: TableView): Record<string, string> {
  const q: Record<string, string> = {}
  if (source.experimentIds.length) q.experiments = source.experimentIds.join(',')
  if (source.studyIds.length) q.studies = source.studyIds.join(',')
  if (source.runIds.length) q.runs = source.runIds.join(',')
  if (view.filter) q.q = view.filter
  if (view.columns) q.cols = joinNames(view.columns)
  if (view.sort) q.sort = `${view.sort.column}:${view.sort.dir}`
  if (view.groupBy.length) q.group = joinNames(view.groupBy)
  if (view.baseline !== null) q.base = String(view.baseline)
  if (view.scale !== 'none') q.scale = view.scale
  if (view.value !== 'last') q.value = view.value
  if (view.step !== null) q.step = String(view.step)
  if (view.diffOnly) q.diff = '1'
  return q
}

export interface SavedView {
  name: string
  query: Record<string, string>
}

export const savedViewsKey = 'paramscope.runsTable.views'

/** Named views kept in this window's storage; a broken entry reads as none. */
export function loadSavedViews(storage: Pick<Storage, 'getItem'> | null = globalThis.localStorage ?? null): SavedView[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(savedViewsKey) ?? '[]')
    if (!Array.isArray(parsed)) return []
    return parsed.filter((v): v is SavedView => typeof v?.name === 'string' && typeof v?.query === 'object' && v.query !== null)
  } catch {
    return []
  }
}

/** Adds or replaces (by name) a saved view and returns the new list. */
export function saveView(view: SavedView, storage: Pick<Storage, 'getItem' | 'setItem'> | null = globalThis.localStorage ?? null): SavedView[] {
  const list = loadSavedViews(storage).filter((v) => v.name !== view.name)
  list.push(view)
  storage?.setItem(savedViewsKey, JSON.stringify(list))
  return list
}

export function deleteSavedView(name: string, storage: Pick<Storage, 'getItem' | 'setItem'> | null = globalThis.localStorage ?? null): SavedView[] {
  const list = loadSavedViews(storage).filter((v) => v.name !== name)
  storage?.setItem(savedViewsKey, JSON.stringify(list))
  return list
}
