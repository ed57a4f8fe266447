import { ref, shallowRef } from 'vue'

export interface RowRange {
  /** First row index shown. */
  start: number
  /** One past the last row index shown. */
  end: number
}

/** The rows a viewport shows at `scrollTop`, with `overscan` rows either side for smooth scrolling. */
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan = 4): RowRange {
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0 }
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight)
  const count = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1
  const start = Math.max(0, Math.min(first - overscan, total - 1))
  return { start, end: Math.min(total, first + count + overscan) }
}

/** Indices of the fixed-size windows (`size` rows each) that hold rows `start` to `end - 1`. */
export function windowsCovering(range: RowRange, size: number): number[] {
  if (range.end <= range.start) return []
  const out: number[] = []
  for (let w = Math.floor(range.start / size); w <= Math.floor((range.end - 1) / size); w++) out.push(w)
  return out
}

export type FetchRows = (offset: number, limit: number) => Promise<{ rows: string[][]; total: number }>

/**
 * Rows of a large table fetched in windows as they come into view. At most `maxWindows` are
 * kept, dropping those farthest from the view, so scrolling through millions of rows keeps
 * memory bounded; each window is asked for once while it is held.
 */
export function useRowWindows(fetchRows: FetchRows, options: { windowSize?: number; maxWindows?: number } = {}) {
  const size = options.windowSize ?? 100
  const maxWindows = options.maxWindows ?? 12
  const windows = shallowRef(new Map<number, string[][]>())
  const pending = new Set<number>()
  const total = ref<number | null>(null)
  const error = ref<unknown>(null)
  let wanted: number[] = []

  function evict(): void {
    if (windows.value.size <= maxWindows) return
    const center = wanted.length ? wanted[0] : 0
    const keys = [...windows.value.keys()].sort((a, b) => Math.abs(b - center) - Math.abs(a - center))
    const next = new Map(windows.value)
    for (const key of keys.slice(0, windows.value.size - maxWindows)) if (!wanted.includes(key)) next.delete(key)
    windows.value = next
  }

  async function load(w: number): Promise<void> {
    pending.add(w)
    try {
      const answer = await fetchRows(w * size, size)
      total.value = answer.total
      // Scrolled far away while it loaded: not worth keeping.
      if (!wanted.some((x) => Math.abs(x - w) <= maxWindows / 2)) return
      windows.value = new Map(windows.value).set(w, answer.rows)
      evict()
    } catch (err) {
      error.value = err
    } finally {
      pending.delete(w)
    }
  }

  /** Makes sure the rows of `range` are loaded or loading. */
  function show(range: RowRange): Promise<void> {
    wanted = windowsCovering(range, size)
    error.value = null
    return Promise.all(wanted.filter((w) => !windows.value.has(w) && !pending.has(w)).map(load)).then(() => undefined)
  }

  function rowAt(index: number): string[] | undefined {
    return windows.value.get(Math.floor(index / size))?.[index % size]
  }

  return { show, rowAt, total, error, windows }
}
