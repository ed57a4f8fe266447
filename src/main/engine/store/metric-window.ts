import type { Database } from 'better-sqlite3'

/** One metric's points in step order, in columns; values as stored (NaN where SQLite kept NULL). */
export interface MetricColumns {
  steps: number[]
  values: number[]
  times: number[]
}

export interface MetricWindow {
  /** The metric's points, only those with `from <= step <= to` when a step range is given; null when the run has no such metric. */
  read(runId: number, name: string, steps?: [number, number]): MetricColumns | null
  /** The metric's points with `from <= time <= to` (wall-clock milliseconds). */
  readByTime(runId: number, name: string, times: [number, number]): MetricColumns | null
}

/**
 * Reads of a whole series or a window of it for the compare view's downsampling. One column per
 * query (see metric-repository): better-sqlite3 then builds flat number arrays.
 */
export function createMetricWindow(db: Database): MetricWindow {
  const nameStmt = db.prepare<[number, string], { id: number }>('SELECT id FROM metric_names WHERE run_id = ? AND name = ?')
  const byStep = (column: string) =>
    db.prepare<[number, number, number], number | null>(`SELECT ${column} FROM metric_points WHERE name_id = ? AND step BETWEEN ? AND ? ORDER BY step`).pluck()
  const byTime = (column: string) =>
    db.prepare<[number, number, number], number | null>(`SELECT ${column} FROM metric_points WHERE name_id = ? AND time BETWEEN ? AND ? ORDER BY step`).pluck()
  const stepQueries = { steps: byStep('step'), values: byStep('value'), times: byStep('time') }
  const timeQueries = { steps: byTime('step'), values: byTime('value'), times: byTime('time') }

  const readWith = (queries: typeof stepQueries, runId: number, name: string, lo: number, hi: number): MetricColumns | null => {
    const id = nameStmt.get(runId, name)?.id
    if (id === undefined) return null
    return {
      steps: queries.steps.all(id, lo, hi) as number[],
      // SQLite turns NaN into NULL; reading NULL back as NaN keeps a divergence visible.
      values: queries.values.all(id, lo, hi).map((v) => (v === null ? Number.NaN : v)),
      times: queries.times.all(id, lo, hi) as number[]
    }
  }
  return {
    read: (runId, name, steps) => readWith(stepQueries, runId, name, steps?.[0] ?? Number.MIN_SAFE_INTEGER, steps?.[1] ?? Number.MAX_SAFE_INTEGER),
    readByTime: (runId, name, [lo, hi]) => readWith(timeQueries, runId, name, lo, hi)
  }
}
