import type { ImportedBatch, ImportedRun } from './model'
import { mlflowParams, mlflowPoints, mlflowStatus, mlflowTags } from './mlflow-common'
import { openForeignSqlite, requireTables } from './sqlite-source'

interface RunRow {
  run_uuid: string
  name: string | null
  status: string
  start_time: number | null
  end_time: number | null
  experiment_name: string
}

/**
 * The active runs of an MLflow tracking database in SQLite, read-only, with one query per table
 * (never one per run): params, metric history and tags are grouped by run here.
 */
export function readMlflowSqlite(file: string): ImportedBatch {
  const db = openForeignSqlite(file)
  try {
    requireTables(db, file, 'MLflow', ['experiments', 'runs', 'params', 'metrics', 'tags'])
    const runs = db
      .prepare<[], RunRow>(
        `SELECT r.run_uuid, r.name, r.status, r.start_time, r.end_time, e.name AS experiment_name
         FROM runs r JOIN experiments e ON e.experiment_id = r.experiment_id
         WHERE coalesce(r.lifecycle_stage, 'active') != 'deleted' AND coalesce(e.lifecycle_stage, 'active') != 'deleted'
         ORDER BY r.start_time, r.run_uuid`
      )
      .all()
    const params = group(db.prepare<[], { run_uuid: string; key: string; value: string }>('SELECT run_uuid, key, value FROM params').all())
    const tags = group(db.prepare<[], { run_uuid: string; key: string; value: string | null }>('SELECT run_uuid, key, value FROM tags').all())
    const metrics = new Map<string, { key: string; value: number; timestamp: number; step: number; isNan: boolean }[]>()
    for (const m of db
      .prepare<[], { run_uuid: string; key: string; value: number; timestamp: number; step: number; is_nan: number }>(
        'SELECT run_uuid, key, value, timestamp, step, is_nan FROM metrics'
      )
      .iterate()) {
      let list = metrics.get(m.run_uuid)
      if (!list) metrics.set(m.run_uuid, (list = []))
      list.push({ key: m.key, value: m.value, timestamp: m.timestamp, step: m.step, isNan: m.is_nan === 1 })
    }
    return {
      kind: 'mlflow',
      file,
      runs: runs.map((r): ImportedRun => {
        const t = mlflowTags(Object.fromEntries((tags.get(r.run_uuid) ?? []).map((x) => [x.key, x.value ?? ''])))
        const { status, reason } = mlflowStatus(r.status)
        return {
          source: `mlflow:${file}#run=${r.run_uuid}`,
          name: r.name || t.name || r.run_uuid,
          trainer: 'mlflow',
          group: r.experiment_name,
          status,
          statusReason: reason,
          createdAt: r.start_time ?? 0,
          startedAt: r.start_time,
          endedAt: r.end_time,
          params: mlflowParams(Object.fromEntries((params.get(r.run_uuid) ?? []).map((p) => [p.key, p.value]))),
          metrics: mlflowPoints(metrics.get(r.run_uuid) ?? []),
          tags: t.labels,
          notes: t.notes
        }
      })
    }
  } finally {
    db.close()
  }
}

function group<T extends { run_uuid: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) {
    const list = out.get(r.run_uuid)
    if (list) list.push(r)
    else out.set(r.run_uuid, [r])
  }
  return out
}
