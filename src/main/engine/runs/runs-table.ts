import type { EngineApi } from '../../../shared/api'
import type { MetricGoal, TableMetricSummary, TableParamValue, TableRow, TableStatus } from '../../../shared/schemas/compare'
import type { Store } from '../store'
import { createRunTableQueries, type TableRunRow } from '../store/run-table'

type RunsTableApi = Pick<EngineApi, 'runs.table' | 'runs.metricAt'>

interface Deps {
  store: Store
  /** The goals a trainer declares for its metrics (`{ 'val/loss': 'min' }`); empty for one it does not know. */
  goalsOf?: (trainer: string) => Record<string, MetricGoal>
}

const finite = (value: number | null): number | null => (value !== null && Number.isFinite(value) ? value : null)

/**
 * A config as flat dotted keys. Configs of runs trained here are flat already; an imported one
 * may nest objects (flattened with dots) or hold arrays (kept as their JSON text).
 */
export function flattenParams(config: unknown, prefix = '', into: Record<string, TableParamValue> = {}): Record<string, TableParamValue> {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return into
  for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (value === null || typeof value === 'string' || typeof value === 'boolean') into[path] = value
    else if (typeof value === 'number') into[path] = Number.isFinite(value) ? value : null
    else if (Array.isArray(value)) into[path] = JSON.stringify(value)
    else if (typeof value === 'object') flattenParams(value, path, into)
  }
  return into
}

function toTableRow(row: TableRunRow, metrics: Record<string, TableMetricSummary>): TableRow {
  return {
    id: row.id,
    name: row.name,
    status: (row.trial_status === 'pruned' ? 'pruned' : row.status) as TableStatus,
    experimentId: row.experiment_id,
    experimentName: row.experiment_name,
    studyId: row.study_id,
    trainer: row.trainer,
    tags: JSON.parse(row.tags_json) as string[],
    notes: row.notes,
    createdAt: row.created_at,
    endedAt: row.ended_at,
    source: row.source,
    params: flattenParams(JSON.parse(row.config_json)),
    metrics
  }
}

/** The comparison table's reads: every row with its summaries in one statement, and values at a step. */
export function createRunsTableApi({ store, goalsOf = () => ({}) }: Deps): RunsTableApi {
  const queries = createRunTableQueries(store.db)
  return {
    'runs.table': async (selection) => {
      const { runs, summaries } = queries.rows(selection)
      // Both lists are in run order: one merge pass hands each run its summaries.
      let next = 0
      const rows = runs.map((run) => {
        const metrics: Record<string, TableMetricSummary> = {}
        while (next < summaries.length && summaries[next]![0] < run.id) next++
        for (; next < summaries.length && summaries[next]![0] === run.id; next++) {
          const [, name, last, lastStep, min, max, count] = summaries[next]!
          metrics[name] = { last: finite(last), lastStep, min: finite(min), max: finite(max), count }
        }
        return toTableRow(run, metrics)
      })
      const paramKeys = new Set<string>()
      const metricNames = new Set<string>()
      const trainers = new Set<string>()
      const studies = new Set<number>()
      for (const row of rows) {
        for (const key in row.params) paramKeys.add(key)
        for (const name in row.metrics) metricNames.add(name)
        trainers.add(row.trainer)
        if (row.studyId !== null) studies.add(row.studyId)
      }
      const goals: Record<string, MetricGoal> = {}
      for (const trainer of trainers) Object.assign(goals, goalsOf(trainer))
      // A study's objective states the user's intent for its metric: it wins over a trainer's default.
      for (const text of queries.studyDefinitions([...studies])) {
        const objective = (JSON.parse(text) as { objective?: { metric?: string; direction?: MetricGoal } }).objective
        if (objective?.metric && objective.direction) goals[objective.metric] = objective.direction
      }
      for (const name of Object.keys(goals)) if (!metricNames.has(name)) delete goals[name]
      return { rows, paramKeys: [...paramKeys].sort(), metricNames: [...metricNames].sort(), goals }
    },
    'runs.metricAt': async ({ runIds, metric, step }) => {
      const values: Record<string, number | null> = Object.fromEntries(runIds.map((id) => [String(id), null]))
      for (const { run_id, value } of queries.metricAt(runIds, metric, step)) values[String(run_id)] = finite(value)
      return { values }
    }
  }
}
