import type { EngineApi } from '../../../shared/api'
import { createTableColumnsBuilder } from '../../../shared/compare/table-columns'
import type { MetricGoal, RunsTableColumns, TableParamValue, TableStatus } from '../../../shared/schemas/compare'
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

/** Run statuses after which a run's config and series stay as they are (a resume queues it again). */
const ENDED = new Set(['finished', 'failed', 'cancelled', 'crashed', 'diverged', 'interrupted'])
/** Selections whose last answer is kept (the first screen's and the whole table's of two pages). */
const ANSWERS_KEPT = 4
/** Ended runs kept between calls, about 1 KB each; past it the cache starts again. */
const KEEP_MAX = 200_000

/** A run's flat params and series summaries: per series last, lastStep, min, max, count (NaN: none). */
interface Details {
  params: Record<string, TableParamValue>
  names: string[]
  values: Float64Array
}

/**
 * The comparison table's reads: every row with its summaries, and values at a step. An ended
 * run's params and summaries are kept between calls while its status, end time and point count
 * stay the same, so opening the table again reads only the runs' own fields.
 */
export function createRunsTableApi({ store, goalsOf = () => ({}) }: Deps): RunsTableApi {
  const queries = createRunTableQueries(store.db)
  const kept = new Map<number, Details & { key: string }>()
  // Metric names repeat across runs: one string each in the cache.
  const interned = new Map<string, string>()
  const intern = (name: string) => interned.get(name) ?? (interned.set(name, name), name)
  const keyOf = (run: TableRunRow) => `${run.status}|${run.ended_at}|${run.points}`
  /**
   * The last answer per selection, with what it was built from: asked again with nothing changed
   * (the same runs, fields, tags and summaries), the same frozen object is the answer, so the
   * server writes its JSON once (http-api's resultText) and the page's second open costs one read
   * of the runs. A few selections only: a 20,000-run answer holds ~30 MB with its JSON.
   */
  const answered = new Map<string, { from: string; table: RunsTableColumns }>()
  const fromOf = (runs: TableRunRow[], total: number) =>
    `${total}\n${runs.map((r) => `${r.id}|${keyOf(r)}|${r.trial_status}|${r.name}|${r.notes}|${r.tags_json}|${r.experiment_name}|${r.study_id}|${r.source}`).join('\n')}`
  /** The goals of the runs' metrics: their trainers' declarations, then their studies' objectives. */
  const goalsFor = (runs: TableRunRow[], metricNames: ReadonlySet<string>): Record<string, MetricGoal> => {
    const trainers = new Set(runs.map((r) => r.trainer))
    const studies = new Set(runs.flatMap((r) => (r.study_id === null ? [] : [r.study_id])))
    const goals: Record<string, MetricGoal> = {}
    for (const trainer of trainers) Object.assign(goals, goalsOf(trainer))
    // A study's objective states the user's intent for its metric: it wins over a trainer's default.
    for (const text of queries.studyDefinitions([...studies])) {
      const objective = (JSON.parse(text) as { objective?: { metric?: string; direction?: MetricGoal } }).objective
      if (objective?.metric && objective.direction) goals[objective.metric] = objective.direction
    }
    for (const name of Object.keys(goals)) if (!metricNames.has(name)) delete goals[name]
    return goals
  }
  return {
    'runs.table': async (selection) => {
      const { limit, ...chosen } = selection
      const { runs, total, configs, summaries } = queries.read(chosen, limit, (all) => all.filter((r) => kept.get(r.id)?.key !== keyOf(r)).map((r) => r.id))
      const asked = JSON.stringify(selection)
      const from = fromOf(runs, total)
      // Configs and summaries are both in run order: one merge pass gives each read run its details.
      const read = new Map<number, Details>()
      let next = 0
      for (const [id, configJson] of configs) {
        while (next < summaries.length && summaries[next]![0] < id) next++
        let end = next
        while (end < summaries.length && summaries[end]![0] === id) end++
        const names = new Array<string>(end - next)
        const values = new Float64Array(5 * (end - next))
        for (let k = 0; next < end; next++, k++) {
          const [, name, last, lastStep, min, max, count] = summaries[next]!
          names[k] = intern(name)
          values[5 * k] = finite(last) ?? Number.NaN
          values[5 * k + 1] = lastStep
          values[5 * k + 2] = finite(min) ?? Number.NaN
          values[5 * k + 3] = finite(max) ?? Number.NaN
          values[5 * k + 4] = count
        }
        read.set(id, { params: flattenParams(JSON.parse(configJson)), names, values })
      }
      for (const run of runs) {
        const details = read.get(run.id)
        if (!details || !ENDED.has(run.status)) continue
        if (kept.size >= KEEP_MAX) kept.clear()
        kept.set(run.id, Object.assign(details, { key: keyOf(run) }))
      }
      const last = answered.get(asked)
      if (last?.from === from && JSON.stringify(goalsFor(runs, new Set(last.table.metricNames))) === JSON.stringify(last.table.goals)) return last.table

      const table = createTableColumnsBuilder(runs.length)
      const paramKeys = new Set<string>()
      const metricNames = new Set<string>()
      runs.forEach((run, i) => {
        const details = read.get(run.id) ?? kept.get(run.id)!
        table.run(i, {
          id: run.id,
          name: run.name,
          status: (run.trial_status === 'pruned' ? 'pruned' : run.status) as TableStatus,
          experimentId: run.experiment_id,
          experimentName: run.experiment_name,
          studyId: run.study_id,
          trainer: run.trainer,
          tags: JSON.parse(run.tags_json) as string[],
          notes: run.notes,
          createdAt: run.created_at,
          endedAt: run.ended_at,
          source: run.source
        })
        for (const key in details.params) {
          table.param(i, key, details.params[key]!)
          paramKeys.add(key)
        }
        const { names, values } = details
        for (let k = 0; k < names.length; k++) {
          table.metric(i, names[k]!, values[5 * k]!, values[5 * k + 1]!, values[5 * k + 2]!, values[5 * k + 3]!, values[5 * k + 4]!)
          metricNames.add(names[k]!)
        }
      })
      const answer = Object.freeze(table.finish({ total, paramKeys: [...paramKeys].sort(), metricNames: [...metricNames].sort(), goals: goalsFor(runs, metricNames) }))
      if (answered.size >= ANSWERS_KEPT && !answered.has(asked)) answered.delete(answered.keys().next().value!)
      answered.set(asked, { from, table: answer })
      return answer
    },
    'runs.metricAt': async ({ runIds, metric, step }) => {
      const values: Record<string, number | null> = Object.fromEntries(runIds.map((id) => [String(id), null]))
      for (const { run_id, value } of queries.metricAt(runIds, metric, step)) values[String(run_id)] = finite(value)
      return { values }
    }
  }
}
