import type { Database } from 'better-sqlite3'
import { AppError } from '../../../shared/errors'
import { MetricChannel, type MetricPoint, type MetricSummary, type Series } from '../../../shared/schemas/runs'

export interface SeriesOptions {
  /** Only these metrics; all of the run's metrics when absent. */
  names?: readonly string[]
  /** Only points with a step greater than this one (the tail a live chart is missing). */
  afterStep?: number
}

export interface MetricRepository {
  /**
   * Stores a batch in one transaction, all or nothing. A point for a step the metric already
   * has replaces it: a trainer resumed from a checkpoint re-logs those steps, and the newer
   * value is the one that describes the run. A series keeps the channel of the first point that
   * names one (a command trainer's); a built-in trainer's points name none.
   */
  append(runId: number, points: readonly MetricPoint[]): void
  /** Each metric's points in step order, in columns. */
  series(runId: number, options?: SeriesOptions): Record<string, Series>
  /** First and last value by step, min, max and count of each metric, computed by SQLite. */
  summary(runId: number): Record<string, MetricSummary>
  /** Drops every point after `step`: what a run resumed from that step's checkpoint will log again. */
  deleteAfter(runId: number, step: number): number
}

interface SummaryRow {
  name: string
  channel: string | null
  count: number
  min: number | null
  max: number | null
  first: number | null
  last: number | null
}

// SQLite turns NaN into NULL; reading NULL back as NaN keeps a divergence visible.
const orNaN = (value: number | null): number => (value === null ? Number.NaN : value)

export function createMetricRepository(db: Database): MetricRepository {
  const runExistsStmt = db.prepare<[number], { id: number }>('SELECT id FROM runs WHERE id = ?')
  const nameIdStmt = db.prepare<[number, string], { id: number; channel: string | null; last_step: number | null }>(
    'SELECT id, channel, last_step FROM metric_names WHERE run_id = ? AND name = ?'
  )
  const insertNameStmt = db.prepare<[number, string, string | null]>('INSERT INTO metric_names (run_id, name, channel) VALUES (?, ?, ?)')
  const setChannelStmt = db.prepare<[string, number]>('UPDATE metric_names SET channel = ? WHERE id = ? AND channel IS NULL')
  const insertPointStmt = db.prepare<[number, number, number, number]>(`
    INSERT INTO metric_points (name_id, step, value, time) VALUES (?, ?, ?, ?)
    ON CONFLICT (name_id, step) DO UPDATE SET value = excluded.value, time = excluded.time`)
  const namesStmt = db.prepare<[number], { id: number; name: string; channel: string | null }>(
    'SELECT id, name, channel FROM metric_names WHERE run_id = ? ORDER BY id'
  )
  // One flat column per query: better-sqlite3 then builds a plain number array instead of a
  // million row arrays, which reads a 1e6-point series about a third faster.
  const columnStmt = (column: 'step' | 'value' | 'time') =>
    db
      .prepare<[number, number], number | null>(
        `SELECT ${column} FROM metric_points WHERE name_id = ? AND step > ? ORDER BY step`
      )
      .pluck()
  const stepsStmt = columnStmt('step')
  const valuesStmt = columnStmt('value')
  const timesStmt = columnStmt('time')
  // Aggregating straight off the primary key keeps rows in name order, so SQLite groups them
  // without a temporary B-tree (a join grouped by metric_names.id sorted all 1e6 rows first).
  const summaryStmt = db.prepare<[number], SummaryRow>(`
    SELECT n.name AS name, n.channel AS channel, a.count AS count, a.min AS min, a.max AS max,
      (SELECT value FROM metric_points f WHERE f.name_id = n.id ORDER BY f.step LIMIT 1) AS first,
      (SELECT value FROM metric_points l WHERE l.name_id = n.id ORDER BY l.step DESC LIMIT 1) AS last
    FROM (
      SELECT name_id, count(*) AS count, min(value) AS min, max(value) AS max
      FROM metric_points
      WHERE name_id IN (SELECT id FROM metric_names WHERE run_id = ?)
      GROUP BY name_id
    ) a JOIN metric_names n ON n.id = a.name_id
    ORDER BY n.id`)

  // The summary columns (migration 10): a batch that only adds later steps folds into them; one
  // that rewrites steps (a resumed run) or a deletion recounts the series from its points.
  const foldSummaryStmt = db.prepare<{ id: number; count: number; min: number | null; max: number | null; lastStep: number; last: number | null }>(`
    UPDATE metric_names SET point_count = point_count + @count,
      min_value = min(coalesce(min_value, @min), coalesce(@min, min_value)),
      max_value = max(coalesce(max_value, @max), coalesce(@max, max_value)),
      last_step = @lastStep, last_value = @last
    WHERE id = @id`)
  const recount = (where: string) => `
    UPDATE metric_names SET
      point_count = (SELECT count(*) FROM metric_points p WHERE p.name_id = metric_names.id),
      min_value = (SELECT min(value) FROM metric_points p WHERE p.name_id = metric_names.id),
      max_value = (SELECT max(value) FROM metric_points p WHERE p.name_id = metric_names.id),
      last_step = (SELECT max(step) FROM metric_points p WHERE p.name_id = metric_names.id),
      last_value = (SELECT value FROM metric_points p WHERE p.name_id = metric_names.id ORDER BY step DESC LIMIT 1)
    WHERE ${where}`
  const recountNameStmt = db.prepare<[number]>(recount('id = ?'))
  const recountRunStmt = db.prepare<[number]>(recount('run_id = ?'))

  const deleteAfterStmt = db.prepare<[number, number]>(
    'DELETE FROM metric_points WHERE name_id IN (SELECT id FROM metric_names WHERE run_id = ?) AND step > ?'
  )

  const assertRun = (runId: number): void => {
    if (!runExistsStmt.get(runId)) throw new AppError('NOT_FOUND', `Run ${runId} not found`, { runId })
  }

  const append = db.transaction((runId: number, points: readonly MetricPoint[]) => {
    assertRun(runId)
    // A batch names few metrics; resolving each once keeps the per-point cost to one insert.
    const ids = new Map<string, number>()
    const folds = new Map<number, Fold>()
    points.forEach((point, index) => {
      checkPoint(point, index)
      let nameId = ids.get(point.name)
      if (nameId === undefined) {
        const channel = point.channel ?? null
        const known = nameIdStmt.get(runId, point.name)
        nameId = known?.id ?? Number(insertNameStmt.run(runId, point.name, channel).lastInsertRowid)
        if (known && known.channel === null && channel !== null) setChannelStmt.run(channel, nameId)
        ids.set(point.name, nameId)
        folds.set(nameId, { count: 0, min: null, max: null, lastStep: known?.last_step ?? Number.NEGATIVE_INFINITY, last: null, appendOnly: true })
      }
      insertPointStmt.run(nameId, point.step, point.value, point.time)
      fold(folds.get(nameId)!, point)
    })
    for (const [id, f] of folds) {
      if (f.appendOnly) foldSummaryStmt.run({ id, count: f.count, min: f.min, max: f.max, lastStep: f.lastStep, last: f.last })
      else recountNameStmt.run(id)
    }
  })

  return {
    append(runId, points) {
      if (points.length > 0) append(runId, points)
    },
    series(runId, { names, afterStep = Number.MIN_SAFE_INTEGER } = {}) {
      const wanted = names && new Set(names)
      const result: Record<string, Series> = {}
      for (const { id, name, channel } of namesStmt.all(runId)) {
        if (wanted && !wanted.has(name)) continue
        const steps = stepsStmt.all(id, afterStep) as number[]
        const values = valuesStmt.all(id, afterStep).map(orNaN)
        const times = timesStmt.all(id, afterStep) as number[]
        result[name] = withChannel({ steps, values, times }, channel)
      }
      return result
    },
    deleteAfter(runId, step) {
      return db.transaction(() => {
        const deleted = deleteAfterStmt.run(runId, step).changes
        if (deleted > 0) recountRunStmt.run(runId)
        return deleted
      })()
    },
    summary(runId) {
      const result: Record<string, MetricSummary> = {}
      for (const row of summaryStmt.all(runId)) {
        result[row.name] = withChannel(
          { first: orNaN(row.first), last: orNaN(row.last), min: orNaN(row.min), max: orNaN(row.max), count: row.count },
          row.channel
        )
      }
      return result
    }
  }
}

/** A batch's points of one series, folded into its stored summary unless they rewrite a stored step. */
interface Fold {
  count: number
  min: number | null
  max: number | null
  lastStep: number
  last: number | null
  appendOnly: boolean
}

function fold(f: Fold, { step, value }: MetricPoint): void {
  if (step <= f.lastStep) f.appendOnly = false
  f.count++
  f.lastStep = step
  // SQLite keeps NaN as NULL, which min() and max() skip: the fold does the same.
  f.last = Number.isNaN(value) ? null : value
  if (Number.isNaN(value)) return
  f.min = f.min === null ? value : Math.min(f.min, value)
  f.max = f.max === null ? value : Math.max(f.max, value)
}

/** The stored channel on a series or summary; none for NULL, or for a name this version does not know. */
function withChannel<T extends object>(target: T, stored: string | null): T & { channel?: MetricChannel } {
  const parsed = MetricChannel.safeParse(stored)
  return parsed.success ? { ...target, channel: parsed.data } : target
}

/** Trainer output is untrusted; a bad point is named before anything of the batch is kept. */
function checkPoint(point: MetricPoint, index: number): void {
  const field = (name: string, message: string): AppError =>
    AppError.fromIssues('INVALID_INPUT', [{ field: `points[${index}].${name}`, message }], 'Invalid metric point')
  if (typeof point.name !== 'string' || point.name === '') throw field('name', 'must be a non-empty string')
  if (!Number.isSafeInteger(point.step)) throw field('step', `must be an integer, got ${String(point.step)}`)
  if (typeof point.value !== 'number') throw field('value', `must be a number, got ${typeof point.value}`)
  if (!Number.isFinite(point.time)) throw field('time', `must be epoch milliseconds, got ${String(point.time)}`)
  if (point.channel !== undefined && !MetricChannel.safeParse(point.channel).success) throw field('channel', `must be one of ${MetricChannel.options.join(', ')}, got ${String(point.channel)}`)
}
