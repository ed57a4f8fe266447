import type { Database } from 'better-sqlite3'

/** One run of the runs table as SQLite returns it, its tags gathered as JSON. */
export interface TableRunRow {
  id: number
  name: string
  status: string
  experiment_id: number
  experiment_name: string
  study_id: number | null
  trial_status: string | null
  trainer: string
  notes: string
  created_at: number
  ended_at: number | null
  source: string | null
  tags_json: string
  /** Points over all the run's series: with status and end time, tells whether a kept summary still holds. */
  points: number
}

/** `[runId, name, last, lastStep, min, max, count]`: one series' summary; NaN arrives as null. */
export type SummaryCells = [number, string, number | null, number, number | null, number | null, number]

export interface TableSelection {
  experimentIds?: readonly number[]
  studyIds?: readonly number[]
  runIds?: readonly number[]
}

export interface RunTableQueries {
  /**
   * The runs of the experiments, studies and run ids (their union), by id; then, for the runs
   * `details` picks of them, their configs and the summaries of their series, in run order. One
   * read transaction, three statements, whatever the run count.
   */
  read(selection: TableSelection, limit: number | undefined, details: (runs: TableRunRow[]) => number[]): { runs: TableRunRow[]; total: number; configs: [number, string][]; summaries: SummaryCells[] }
  /** Each named run's value of `metric` at `step`, else its last point before it; runs without one are absent. */
  metricAt(runIds: readonly number[], metric: string, step: number): { run_id: number; value: number | null }[]
  /** The definitions of these studies, for their objectives. */
  studyDefinitions(studyIds: readonly number[]): string[]
}

/**
 * The series the table leaves out: system samples and per-layer diagnostics (every
 * `grad_norm/<layer>`, `grad_norm_var/<layer>`, `update_ratio/<layer>`); the global norms stay.
 */
const tableSeries = `n.name NOT GLOB 'sys/*'
  AND NOT ((n.name GLOB 'grad_norm/*' OR n.name GLOB 'grad_norm_var/*' OR n.name GLOB 'update_ratio/*') AND n.name NOT GLOB '*/global')`

export function createRunTableQueries(db: Database): RunTableQueries {
  // `source` arrives with the importers' migration; until then every run was trained here.
  const hasSource = (db.prepare("SELECT count(*) FROM pragma_table_info('runs') WHERE name = 'source'").pluck().get() as number) > 0
  // Lists travel as JSON arrays so one prepared statement serves any number of ids.
  const chosen = `
    r.experiment_id IN (SELECT value FROM json_each(@experiments))
    OR r.id IN (SELECT run_id FROM trials WHERE study_id IN (SELECT value FROM json_each(@studies)))
    OR r.id IN (SELECT value FROM json_each(@runs))`
  type Lists = { experiments: string; studies: string; runs: string }
  const countStmt = db.prepare<Lists, number>(`SELECT count(*) FROM runs r WHERE ${chosen}`).pluck()
  const runsStmt = db.prepare<Lists & { limit: number }, TableRunRow>(`
    SELECT r.id, r.name, r.status, r.experiment_id, e.name AS experiment_name, t.study_id, t.status AS trial_status,
      r.trainer, r.notes, r.created_at, r.ended_at, ${hasSource ? 'r.source' : 'NULL'} AS source,
      (SELECT json_group_array(tag) FROM (SELECT tag FROM run_tags g WHERE g.run_id = r.id ORDER BY position)) AS tags_json,
      (SELECT coalesce(sum(point_count), 0) FROM metric_names n WHERE n.run_id = r.id) AS points
    FROM runs r
    JOIN experiments e ON e.id = r.experiment_id
    LEFT JOIN trials t ON t.id = (SELECT max(id) FROM trials WHERE run_id = r.id)
    WHERE ${chosen}
    ORDER BY r.id
    LIMIT @limit`)
  // The summaries are the columns the metric repository keeps on metric_names, read as plain
  // arrays: building JSON per run in SQLite and parsing it again took longer than the read.
  const summariesStmt = db
    .prepare<[string], SummaryCells>(`
      SELECT n.run_id, n.name, n.last_value, n.last_step, n.min_value, n.max_value, n.point_count
      FROM metric_names n
      WHERE n.run_id IN (SELECT value FROM json_each(?)) AND n.point_count > 0 AND ${tableSeries}
      ORDER BY n.run_id`)
    .raw()
  const configsStmt = db.prepare<[string], [number, string]>('SELECT id, config_json FROM runs WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id').raw()
  // The same two for every run of the selection (a first read): the selection itself, not a list of 20,000 ids, bounds them.
  const allSummariesStmt = db
    .prepare<Lists, SummaryCells>(`
      SELECT n.run_id, n.name, n.last_value, n.last_step, n.min_value, n.max_value, n.point_count
      FROM metric_names n
      WHERE n.run_id IN (SELECT r.id FROM runs r WHERE ${chosen}) AND n.point_count > 0 AND ${tableSeries}
      ORDER BY n.run_id`)
    .raw()
  const allConfigsStmt = db.prepare<Lists, [number, string]>(`SELECT r.id, r.config_json FROM runs r WHERE ${chosen} ORDER BY r.id`).raw()
  const read = db.transaction((lists: Lists, limit: number | undefined, details: (runs: TableRunRow[]) => number[]) => {
    // LIMIT -1 is no limit.
    const runs = runsStmt.all({ ...lists, limit: limit ?? -1 })
    const total = limit !== undefined && runs.length === limit ? countStmt.get(lists)! : runs.length
    const wanted = details(runs)
    if (limit === undefined && wanted.length === runs.length) {
      return { runs, total, configs: allConfigsStmt.all(lists) as [number, string][], summaries: allSummariesStmt.all(lists) as SummaryCells[] }
    }
    const ids = JSON.stringify(wanted)
    return { runs, total, configs: configsStmt.all(ids) as [number, string][], summaries: summariesStmt.all(ids) as SummaryCells[] }
  })
  const metricAtStmt = db.prepare<{ runs: string; metric: string; step: number }, { run_id: number; value: number | null }>(`
    SELECT n.run_id, (SELECT value FROM metric_points p WHERE p.name_id = n.id AND p.step <= @step ORDER BY p.step DESC LIMIT 1) AS value
    FROM metric_names n
    WHERE n.run_id IN (SELECT value FROM json_each(@runs)) AND n.name = @metric`)
  const definitionsStmt = db.prepare<[string], string>('SELECT definition_json FROM studies WHERE id IN (SELECT value FROM json_each(?))').pluck()

  const list = (ids: readonly number[] | undefined) => JSON.stringify(ids ?? [])
  return {
    read: ({ experimentIds, studyIds, runIds }, limit, details) => read({ experiments: list(experimentIds), studies: list(studyIds), runs: list(runIds) }, limit, details),
    metricAt: (runIds, metric, step) => metricAtStmt.all({ runs: list(runIds), metric, step }),
    studyDefinitions: (studyIds) => definitionsStmt.all(list(studyIds))
  }
}
