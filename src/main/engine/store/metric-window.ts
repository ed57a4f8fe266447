import type { Database } from 'better-sqlite3'

/** One metric's x column and values in step order; values as stored (NaN where SQLite kept NULL). */
export interface MetricXY {
  xs: number[]
  values: number[]
}

export interface MetricWindow {
  /**
   * The metric's steps (or times, for `x = 'time'`) and values, only those with the x column in
   * `range` (inclusive) when given; null when the run has no such metric.
   */
  read(runId: number, name: string, x: 'step' | 'time', range?: [number, number]): MetricXY | null
}

/**
 * Reads of a whole series or an x window of it for the compare view's downsampling: only the two
 * columns it draws, one column per query (see metric-repository: better-sqlite3 then builds flat
 * number arrays).
 */
export function createMetricWindow(db: Database): MetricWindow {
  const nameStmt = db.prepare<[number, string], { id: number }>('SELECT id FROM metric_names WHERE run_id = ? AND name = ?')
  const column = (select: 'step' | 'time' | 'value', x: 'step' | 'time') =>
    db.prepare<[number, number, number], number | null>(`SELECT ${select} FROM metric_points WHERE name_id = ? AND ${x} BETWEEN ? AND ? ORDER BY step`).pluck()
  const queries = {
    step: { xs: column('step', 'step'), values: column('value', 'step') },
    time: { xs: column('time', 'time'), values: column('value', 'time') }
  }
  return {
    read(runId, name, x, range) {
      const id = nameStmt.get(runId, name)?.id
      if (id === undefined) return null
      const [lo, hi] = range ?? [-Number.MAX_VALUE, Number.MAX_VALUE]
      const q = queries[x]
      // SQLite turns NaN into NULL; reading NULL back as NaN keeps a divergence visible.
      return { xs: q.xs.all(id, lo, hi) as number[], values: q.values.all(id, lo, hi).map((v) => (v === null ? Number.NaN : v)) }
    }
  }
}
