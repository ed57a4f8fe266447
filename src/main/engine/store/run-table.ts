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
  /** The id of the run's kept row (run_summaries), null where none is kept: new on every write. */
  summary_id: number | null
  /** Points over all the run's series, counted only where no row is kept (else -1): tells a live run's summaries changed. */
  points: number
}

/** `[runId, name, last, lastStep, min, max, count]`: one series' summary; NaN arrives as null. */
export type SummaryCells = [number, string, number | null, number, number | null, number | null, number]

/** A kept row of run_summaries (migration 12), its key and name lists parsed (one array per list). */
export interface KeptRow {
  runId: number
  summaryId: number
  paramKeys: readonly string[]
  /** JSON array of the params' values, in the order of the keys. */
  paramValues: string
  seriesNames: readonly string[]
  /** Per series last, last step, min, max, count as little-endian float64. */
  seriesValues: Buffer
}

/** A run's row to keep: its flat params and its series as the table shows them. */
export interface NewSummaryRow {
  runId: number
  /** JSON arrays of the flat params' keys and values, in the same order. */
  paramKeys: string
  paramValues: string
  /** JSON array of series names. */
  seriesNames: string
  /** Per series last, last step, min, max, count; NaN for none. */
  seriesValues: Float64Array
}

export interface TableSelection {
  experimentIds?: readonly number[]
  studyIds?: readonly number[]
  runIds?: readonly number[]
}

/** Which runs' details a read fetches: `live` from their configs and series, `kept` from their rows in run_summaries. */
export interface DetailsWanted {
  live: number[]
  kept: number[]
}

export interface TableRead {
  runs: TableRunRow[]
  total: number
  configs: [number, string][]
  summaries: SummaryCells[]
  kept: KeptRow[]
  /** The file's state at the read: `keep` writes only while nothing was written since. */
  mark: WriteMark
}

/**
 * What was written to the file as of a moment: by other connections (data_version) and by this
 * one (total_changes). Rows made from a read are current while neither moved since it.
 */
export interface WriteMark {
  version: number
  changes: number
}

export interface RunTableQueries {
  /**
   * The runs of the experiments, studies and run ids (their union), by id; then, for the runs
   * `details` picks of them, their configs and the summaries of their series, or their kept
   * rows, in run order. One read transaction, at most five statements, whatever the run count.
   */
  read(selection: TableSelection, limit: number | undefined, details: (runs: TableRunRow[]) => DetailsWanted): TableRead
  /**
   * Keeps these runs' rows (replacing any), in one transaction, unless anything was written to
   * the file since `mark` (the rows could then be older than it); then moves `mark` past its own
   * write, so rows made from one read can be kept in several steps. Returns the rows' new ids by
   * run, or null where nothing was written.
   */
  keep(rows: readonly NewSummaryRow[], mark: WriteMark): Map<number, number> | null
  /** Runs in one of `statuses` with no kept row, newest first, at most `limit`. */
  withoutRow(statuses: readonly string[], limit: number): number[]
  /** Kept rows of the runs before `runId` (exclusive), newest first, at most `limit`. */
  keptBefore(runId: number, limit: number): KeptRow[]
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
      s.id AS summary_id,
      CASE WHEN s.id IS NULL THEN (SELECT coalesce(sum(point_count), 0) FROM metric_names n WHERE n.run_id = r.id) ELSE -1 END AS points
    FROM runs r
    JOIN experiments e ON e.id = r.experiment_id
    LEFT JOIN trials t ON t.id = (SELECT max(id) FROM trials WHERE run_id = r.id)
    LEFT JOIN run_summaries s ON s.run_id = r.id
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
  type KeptCells = [number, number, number, string, number, Buffer]
  const keptColumns = 's.run_id, s.id, s.param_keys, s.param_values, s.series_names, s.series_values'
  const keptStmt = db.prepare<[string], KeptCells>(`SELECT ${keptColumns} FROM run_summaries s WHERE s.run_id IN (SELECT value FROM json_each(?)) ORDER BY s.run_id`).raw()
  const withoutRowStmt = db
    .prepare<[string, number], number>(`
      SELECT r.id FROM runs r LEFT JOIN run_summaries s ON s.run_id = r.id
      WHERE s.id IS NULL AND r.status IN (SELECT value FROM json_each(?)) ORDER BY r.id DESC LIMIT ?`)
    .pluck()
  const keptBeforeStmt = db.prepare<[number, number], KeptCells>(`SELECT ${keptColumns} FROM run_summaries s WHERE s.run_id < ? ORDER BY s.run_id DESC LIMIT ?`).raw()
  const allKeptStmt = db.prepare<Lists, KeptCells>(`SELECT ${keptColumns} FROM run_summaries s WHERE s.run_id IN (SELECT r.id FROM runs r WHERE ${chosen}) ORDER BY s.run_id`).raw()
  // Lists never change once written (a new list is a new row): parsed once per engine.
  const listsStmt = db.prepare<[string], [number, string]>('SELECT id, json FROM run_summary_lists WHERE id IN (SELECT value FROM json_each(?))').raw()
  const addListStmt = db.prepare<[string]>('INSERT INTO run_summary_lists (json) VALUES (?) ON CONFLICT (json) DO NOTHING')
  const listIdStmt = db.prepare<[string], number>('SELECT id FROM run_summary_lists WHERE json = ?').pluck()
  const listById = new Map<number, readonly string[]>()
  const idByList = new Map<string, number>()
  const keptRows = (cells: KeptCells[]): KeptRow[] => {
    const unknown = new Set<number>()
    for (const c of cells) {
      if (!listById.has(c[2])) unknown.add(c[2])
      if (!listById.has(c[4])) unknown.add(c[4])
    }
    if (unknown.size > 0) for (const [id, json] of listsStmt.all(JSON.stringify([...unknown]))) listById.set(id, JSON.parse(json) as string[])
    return cells.map(([runId, summaryId, keys, paramValues, names, seriesValues]) => ({
      runId, summaryId, paramKeys: listById.get(keys)!, paramValues, seriesNames: listById.get(names)!, seriesValues
    }))
  }
  /** The id of a list (JSON text), added where the file has none. In a write transaction. */
  const listId = (json: string): number => {
    let id = idByList.get(json)
    if (id === undefined) {
      addListStmt.run(json)
      idByList.set(json, (id = listIdStmt.get(json)!))
    }
    return id
  }
  const totalChangesStmt = db.prepare<[], number>('SELECT total_changes()').pluck()
  const markNow = (): WriteMark => ({ version: db.pragma('data_version', { simple: true }) as number, changes: totalChangesStmt.get()! })
  const read = db.transaction((lists: Lists, limit: number | undefined, details: (runs: TableRunRow[]) => DetailsWanted): TableRead => {
    // LIMIT -1 is no limit.
    const runs = runsStmt.all({ ...lists, limit: limit ?? -1 })
    const total = limit !== undefined && runs.length === limit ? countStmt.get(lists)! : runs.length
    const { live, kept } = details(runs)
    const whole = limit === undefined
    const liveIds = JSON.stringify(live)
    const liveAll = whole && live.length === runs.length
    const keptAll = whole && kept.length > 0 && kept.length === runs.filter((r) => r.summary_id !== null).length
    return {
      runs,
      total,
      configs: live.length === 0 ? [] : ((liveAll ? allConfigsStmt.all(lists) : configsStmt.all(liveIds)) as [number, string][]),
      summaries: live.length === 0 ? [] : ((liveAll ? allSummariesStmt.all(lists) : summariesStmt.all(liveIds)) as SummaryCells[]),
      kept: kept.length === 0 ? [] : keptRows((keptAll ? allKeptStmt.all(lists) : keptStmt.all(JSON.stringify(kept))) as KeptCells[]),
      mark: markNow()
    }
  })
  const keepStmt = db.prepare<[number, number, string, number, Buffer]>(
    'INSERT OR REPLACE INTO run_summaries (run_id, param_keys, param_values, series_names, series_values) VALUES (?, ?, ?, ?, ?)'
  )
  const keep = db.transaction((rows: readonly NewSummaryRow[], mark: WriteMark): Map<number, number> | null => {
    const now = markNow()
    if (now.version !== mark.version || now.changes !== mark.changes) return null
    const ids = new Map<number, number>()
    for (const row of rows) {
      const values = Buffer.from(row.seriesValues.buffer, row.seriesValues.byteOffset, row.seriesValues.byteLength)
      ids.set(row.runId, Number(keepStmt.run(row.runId, listId(row.paramKeys), row.paramValues, listId(row.seriesNames), values).lastInsertRowid))
    }
    mark.changes = totalChangesStmt.get()!
    return ids
  })
  const metricAtStmt = db.prepare<{ runs: string; metric: string; step: number }, { run_id: number; value: number | null }>(`
    SELECT n.run_id, (SELECT value FROM metric_points p WHERE p.name_id = n.id AND p.step <= @step ORDER BY p.step DESC LIMIT 1) AS value
    FROM metric_names n
    WHERE n.run_id IN (SELECT value FROM json_each(@runs)) AND n.name = @metric`)
  const definitionsStmt = db.prepare<[string], string>('SELECT definition_json FROM studies WHERE id IN (SELECT value FROM json_each(?))').pluck()

  const list = (ids: readonly number[] | undefined) => JSON.stringify(ids ?? [])
  return {
    read: ({ experimentIds, studyIds, runIds }, limit, details) => read({ experiments: list(experimentIds), studies: list(studyIds), runs: list(runIds) }, limit, details),
    withoutRow: (statuses, limit) => withoutRowStmt.all(JSON.stringify(statuses), limit),
    keptBefore: (runId, limit) => keptRows(keptBeforeStmt.all(runId, limit) as KeptCells[]),
    keep: (rows, mark) => (rows.length === 0 ? new Map() : keep.immediate(rows, mark)),
    metricAt: (runIds, metric, step) => metricAtStmt.all({ runs: list(runIds), metric, step }),
    studyDefinitions: (studyIds) => definitionsStmt.all(list(studyIds))
  }
}
