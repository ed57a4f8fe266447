import BetterSqlite3 from 'better-sqlite3'
import type { ImportedBatch, ImportedRun } from './model'
import { importError } from './model'
import { objectiveNames, optunaParam, optunaPoints, optunaRange, optunaStatus, optunaTime } from './optuna-common'
import { openForeignSqlite, requireTables } from './sqlite-source'

interface TrialRow {
  trial_id: number
  number: number
  study_id: number
  state: string
  datetime_start: string | null
  datetime_complete: string | null
}

/** Every trial of an Optuna RDB storage in SQLite (or of one study), read-only. */
export function readOptunaSqlite(file: string, options: { study?: string } = {}): ImportedBatch {
  const db = openForeignSqlite(file)
  try {
    requireTables(db, file, 'Optuna', ['studies', 'trials', 'trial_params', 'trial_values', 'trial_intermediate_values', 'trial_user_attributes'])
    const studies = db.prepare<[], { study_id: number; study_name: string }>('SELECT study_id, study_name FROM studies ORDER BY study_id').all()
    const chosen = options.study === undefined ? studies : studies.filter((s) => s.study_name === options.study)
    if (options.study !== undefined && chosen.length === 0)
      throw importError('imports.noStudy', { file, study: options.study, studies: studies.map((s) => s.study_name).join(', ') })
    const trialsOf = db.prepare<[number], TrialRow>('SELECT * FROM trials WHERE study_id = ? ORDER BY number')
    const params = db.prepare<[number], { param_name: string; param_value: number; distribution_json: string }>(
      'SELECT param_name, param_value, distribution_json FROM trial_params WHERE trial_id = ? ORDER BY param_id'
    )
    const values = db.prepare<[number], { objective: number; value: number | null; value_type: string }>(
      'SELECT objective, value, value_type FROM trial_values WHERE trial_id = ? ORDER BY objective'
    )
    const intermediate = db.prepare<[number], { step: number; intermediate_value: number | null; intermediate_value_type: string }>(
      'SELECT step, intermediate_value, intermediate_value_type FROM trial_intermediate_values WHERE trial_id = ? ORDER BY step'
    )
    const attrs = db.prepare<[number], { key: string; value_json: string }>('SELECT key, value_json FROM trial_user_attributes WHERE trial_id = ?')
    const directions = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM study_directions WHERE study_id = ?')
    const metricNames = hasTable(db, 'study_system_attributes')
      ? db.prepare<[number], { value_json: string }>("SELECT value_json FROM study_system_attributes WHERE study_id = ? AND key = 'study:metric_names'")
      : null
    const runs: ImportedRun[] = []
    for (const study of chosen) {
      const count = Math.max(1, directions.get(study.study_id)?.n ?? 1)
      const named = metricNames?.get(study.study_id)
      const objectives = objectiveNames(count, named ? JSON.parse(named.value_json) : null)
      for (const t of trialsOf.all(study.study_id)) {
        const rows = params.all(t.trial_id)
        const config = Object.fromEntries(rows.map((p) => [p.param_name, optunaParam(file, p.param_name, p.param_value, p.distribution_json)]))
        const space = Object.fromEntries(rows.flatMap((p) => {
          const range = optunaRange(p.distribution_json)
          return range ? [[p.param_name, range]] : []
        }))
        const finals = Array.from({ length: count }, () => null as number | null)
        for (const v of values.all(t.trial_id)) finals[v.objective] = special(v.value, v.value_type)
        const series = intermediate.all(t.trial_id).map((r): [number, number] => [r.step, special(r.intermediate_value, r.intermediate_value_type)])
        const start = optunaTime(t.datetime_start)
        const end = optunaTime(t.datetime_complete)
        const { status, reason } = optunaStatus(t.state, series.length > 0 ? series[series.length - 1][0] : null)
        const userAttrs = Object.fromEntries(attrs.all(t.trial_id).map((a) => [a.key, JSON.parse(a.value_json) as unknown]))
        runs.push({
          source: `optuna:${file}#study=${encodeURIComponent(study.study_name)}&trial=${t.number}`,
          name: `${study.study_name} #${t.number}`,
          trainer: 'optuna',
          group: study.study_name,
          status,
          statusReason: reason,
          createdAt: start ?? end ?? 0,
          startedAt: start,
          endedAt: end,
          params: config,
          metrics: optunaPoints(objectives, finals, series, end ?? start ?? 0),
          tags: [],
          notes: Object.keys(userAttrs).length > 0 ? JSON.stringify(userAttrs) : '',
          space
        })
      }
    }
    return { kind: 'optuna', file, runs }
  } finally {
    db.close()
  }
}

function hasTable(db: BetterSqlite3.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined
}

/** Optuna stores infinities and NaN as a type beside a NULL or placeholder value. */
function special(value: number | null, type: string): number {
  if (type === 'INF_POS') return Infinity
  if (type === 'INF_NEG') return -Infinity
  if (type === 'NAN' || value === null) return NaN
  return value
}
