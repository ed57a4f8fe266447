import type { EngineApi } from '../../../shared/api'
import { createTableColumnsBuilder } from '../../../shared/compare/table-columns'
import type { MetricGoal, RunsTableColumns, TableParamValue, TableStatus } from '../../../shared/schemas/compare'
import type { Store } from '../store'
import { createRunTableQueries, type KeptRow, type NewSummaryRow, type SummaryCells, type TableRunRow, type WriteMark } from '../store/run-table'

type RunsTableApi = Pick<EngineApi, 'runs.table' | 'runs.metricAt'>

interface Deps {
  store: Store
  /** The goals a trainer declares for its metrics (`{ 'val/loss': 'min' }`); empty for one it does not know. */
  goalsOf?: (trainer: string) => Record<string, MetricGoal>
  /** From the start, keep ended runs' missing rows and read the newest kept rows into memory, in the background (the engine's; tests choose). */
  warm?: boolean
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

/** Run statuses after which a run's config and series stay as they are (a resume queues it again): their rows are kept in the file. */
const ENDED = new Set(['finished', 'failed', 'cancelled', 'crashed', 'diverged', 'interrupted'])
/** Selections whose last answer is kept (the first screen's and the whole table's of two pages). */
const ANSWERS_KEPT = 4
/** Kept rows held in memory between calls, about 1 KB each; past it the cache starts again. */
const KEEP_MAX = 200_000
/** Rows written per step after an answer (keepLater) or after a start (keepMissing): about 40 ms each. */
const KEEP_STEP = 1_000
/** Kept rows read into memory after a start (warmUp): the newest runs, ~1 KB each. */
const WARM_MAX = 50_000
/** Kept rows read per step of warmUp: ~15 ms each. */
const WARM_STEP = 2_000
/** Distinct key and name lists parsed once each (runs of one trainer share theirs); past it the cache starts again. */
const LISTS_MAX = 10_000

/** A run's flat params (keys and values in the same order) and series summaries: per series last, lastStep, min, max, count (NaN: none). */
interface Details {
  keys: readonly string[]
  values: readonly TableParamValue[]
  names: readonly string[]
  numbers: Float64Array
}

/** A row to keep, and the details in memory it was made from. */
interface ToKeep {
  row: NewSummaryRow
  details: Details
}

/** A kept row's float64 column as an array; copied where SQLite's buffer is not 8-byte aligned. */
function float64s(buffer: Buffer): Float64Array {
  if (buffer.byteOffset % 8 === 0) return new Float64Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 8)
  return new Float64Array(Uint8Array.prototype.slice.call(buffer).buffer)
}

/**
 * The comparison table's reads: every row with its summaries, and values at a step. An ended
 * run's params and summaries are kept as one row in the file (run_summaries, written after the
 * first read that finds none, or in the background after the engine starts) and in memory while
 * that row stays, so opening the table reads the runs' own fields and, after a start, one row per
 * run instead of its config and every series.
 */
export function createRunsTable({ store, goalsOf = () => ({}), warm = false }: Deps): { api: RunsTableApi; keepNewRuns(): void } {
  const queries = createRunTableQueries(store.db)
  /**
   * Details in memory by run: current while the run's kept row has the same id, or, for an ended
   * run not kept in the file yet (the write waits for a quiet moment), while its status, end and
   * point count stay (`liveKey`).
   */
  const kept = new Map<number, Details & { summaryId: number | null; liveKey: string | null }>()
  const liveKeyOf = (run: TableRunRow) => `${run.status}|${run.ended_at}|${run.points}`
  const current = (run: TableRunRow) => {
    const held = kept.get(run.id)
    return held !== undefined && (run.summary_id !== null ? held.summaryId === run.summary_id : held.liveKey === liveKeyOf(run))
  }
  // Key and name lists repeat across runs: parsed once, one array each in the cache.
  const lists = new Map<string, string[]>()
  const listOf = (json: string): string[] => {
    let list = lists.get(json)
    if (!list) {
      if (lists.size >= LISTS_MAX) lists.clear()
      lists.set(json, (list = JSON.parse(json) as string[]))
    }
    return list
  }
  /**
   * The last answer per selection, with what it was built from: asked again with nothing changed
   * (the same runs, fields, tags and summaries), the same frozen object is the answer, so the
   * server writes its body once (http-api's resultBody) and the page's second open costs one read
   * of the runs. A few selections only: a 20,000-run answer holds ~30 MB with its JSON.
   */
  const answered = new Map<string, { runs: TableRunRow[]; total: number; table: RunsTableColumns }>()
  /** Whether two reads of a selection show the same: every run's fields and summaries' state alike. */
  const sameRuns = (a: TableRunRow[], b: TableRunRow[]) =>
    a.length === b.length &&
    a.every((r, i) => {
      const o = b[i]!
      return (
        r.id === o.id && r.summary_id === o.summary_id && r.status === o.status && r.ended_at === o.ended_at && r.points === o.points &&
        r.trial_status === o.trial_status && r.name === o.name && r.notes === o.notes && r.tags_json === o.tags_json &&
        r.experiment_name === o.experiment_name && r.study_id === o.study_id && r.source === o.source
      )
    })
  /** Holds a run's details in memory, current while its row keeps `summaryId` (or, with none yet, while `liveKey` stays). */
  const hold = (runId: number, details: Details, summaryId: number | null, liveKey: string | null): Details => {
    if (kept.size >= KEEP_MAX) kept.clear()
    kept.set(runId, Object.assign(details, { summaryId, liveKey }))
    return details
  }
  /** A kept row's details, held in memory from now on. */
  const remember = ({ runId, summaryId, paramKeys, paramValues, seriesNames, seriesValues }: KeptRow): Details =>
    hold(runId, { keys: paramKeys, values: JSON.parse(paramValues) as TableParamValue[], names: seriesNames, numbers: float64s(seriesValues) }, summaryId, null)
  /**
   * Keeps the rows of ended runs that have none (runs written while no engine ran, by a
   * ParamScope before kept rows, or by an import), newest first, a step at a time between other
   * work; then, after a start, warms up. Stops at the next runs.table call (its read keeps what
   * it reads live), a write by anything else (the table reads those runs live and keeps them
   * then), a closed store, or a step that keeps nothing. One loop at a time: a call while one
   * runs moves its start to now, since each step asks the file again for runs without a row.
   */
  let keeping = false
  let keepSince = 0
  let warmAfter = false
  const keepMissing = (then: 'warm up' | 'stop') => {
    keepSince = tableCalls
    warmAfter ||= then === 'warm up'
    if (keeping) return
    keeping = true
    const stop = () => {
      keeping = false
      warmAfter = false
    }
    const step = () => {
      if (tableCalls !== keepSince) return stop()
      let more = false
      try {
        const ids = queries.withoutRow([...ENDED], KEEP_STEP)
        if (ids.length > 0) {
          const read = new Map<number, Details>()
          const { runs, configs, summaries, mark } = queries.read({ runIds: ids }, undefined, (all) => ({ live: all.map((r) => r.id), kept: [] }))
          const rows = detailsLive(configs, summaries, runs, read)
          const written = queries.keep(rows.map((k) => k.row), mark)
          for (const [id, summaryId] of written ?? []) if (kept.size < WARM_MAX) hold(id, read.get(id)!, summaryId, null)
          more = (written?.size ?? 0) > 0
        }
      } catch {
        return stop()
      }
      if (more) return void setTimeout(step, 0).unref()
      if (warmAfter) warmUp(keepSince)
      stop()
    }
    setTimeout(step, 0).unref()
  }
  /**
   * Reads the newest runs' kept rows into memory after a start, a step at a time between other
   * work: the first open of the table after a start then costs what a second open does (the
   * window takes longer to open than this to finish). Stops at WARM_MAX runs, the first
   * runs.table call or a closed store; a copy in memory that is as new (its row's id) stays.
   */
  const warmUp = (since: number) => {
    let before = Number.MAX_SAFE_INTEGER
    let done = 0
    const step = () => {
      if (tableCalls !== since) return
      let rows: KeptRow[]
      try {
        rows = queries.keptBefore(before, WARM_STEP)
      } catch {
        return
      }
      for (const row of rows) if ((kept.get(row.runId)?.summaryId ?? -1) < row.summaryId) remember(row)
      done += rows.length
      before = rows.at(-1)?.runId ?? before
      if (rows.length === WARM_STEP && done < WARM_MAX && kept.size < KEEP_MAX) setTimeout(step, 0).unref()
    }
    setTimeout(step, 0).unref()
  }
  /** Details read from configs and series; for ended runs, also the rows to keep. */
  const detailsLive = (configs: [number, string][], summaries: SummaryCells[], runs: TableRunRow[], into: Map<number, Details>): ToKeep[] => {
    const ended = new Set(runs.flatMap((r) => (ENDED.has(r.status) ? [r.id] : [])))
    const rows: ToKeep[] = []
    // Configs and summaries are both in run order: one merge pass gives each read run its details.
    let next = 0
    for (const [id, configJson] of configs) {
      while (next < summaries.length && summaries[next]![0] < id) next++
      let end = next
      while (end < summaries.length && summaries[end]![0] === id) end++
      const seriesNames = new Array<string>(end - next)
      const numbers = new Float64Array(5 * (end - next))
      for (let k = 0; next < end; next++, k++) {
        const [, name, last, lastStep, min, max, count] = summaries[next]!
        seriesNames[k] = name
        numbers[5 * k] = finite(last) ?? Number.NaN
        numbers[5 * k + 1] = lastStep
        numbers[5 * k + 2] = finite(min) ?? Number.NaN
        numbers[5 * k + 3] = finite(max) ?? Number.NaN
        numbers[5 * k + 4] = count
      }
      const params = flattenParams(JSON.parse(configJson))
      const paramKeys = JSON.stringify(Object.keys(params))
      const seriesNamesJson = JSON.stringify(seriesNames)
      const values = Object.values(params)
      const details = { keys: listOf(paramKeys), values, names: listOf(seriesNamesJson), numbers }
      into.set(id, details)
      if (ended.has(id)) rows.push({ row: { runId: id, paramKeys, paramValues: JSON.stringify(values), seriesNames: seriesNamesJson, seriesValues: numbers }, details })
    }
    return rows
  }
  // Once the table is asked for, its reads keep and read what they need in one go: the steps
  // would only stand between its calls.
  let tableCalls = 0
  if (warm) keepMissing('warm up')
  /**
   * Writes the rows a read made after its answer, a step at a time: the first open of 20,000 runs
   * does not wait for their ~25 MB, and the engine answers other calls between steps. A write
   * anywhere in the file since the read stops it, since the rows might be older than the file
   * then (as does a closed store or a full disk); the runs left are read live next time and kept
   * then. Kept runs' details stay in memory, and the read's runs show their rows' ids, as the
   * next read will see them, so an unchanged selection is answered with the last answer.
   */
  const keepLater = (rows: ToKeep[], mark: WriteMark, runOf: ReadonlyMap<number, TableRunRow>) => {
    if (rows.length === 0) return
    let at = 0
    const step = () => {
      const part = rows.slice(at, (at += KEEP_STEP))
      let ids: Map<number, number> | null = null
      try {
        ids = queries.keep(part.map((k) => k.row), mark)
      } catch {
        return
      }
      if (!ids) return
      for (const { row, details } of part) {
        const summaryId = ids.get(row.runId)!
        hold(row.runId, details, summaryId, null)
        Object.assign(runOf.get(row.runId)!, { summary_id: summaryId, points: -1 })
      }
      if (at < rows.length) setImmediate(step)
    }
    setImmediate(step)
  }
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
  const api: RunsTableApi = {
    'runs.table': async (selection) => {
      tableCalls++
      const { limit, ...chosen } = selection
      const { runs, total, configs, summaries, kept: keptRows, mark } = queries.read(chosen, limit, (all) => ({
        live: all.filter((r) => r.summary_id === null && !current(r)).map((r) => r.id),
        kept: all.filter((r) => r.summary_id !== null && !current(r)).map((r) => r.id)
      }))
      const asked = JSON.stringify(selection)
      const read = new Map<number, Details>()
      for (const row of keptRows) read.set(row.runId, remember(row))
      const toKeep = detailsLive(configs, summaries, runs, read)
      // Held at once, before the file keeps them: a busy file (a study writing) may not for a while.
      const runOf = new Map(runs.map((r) => [r.id, r]))
      for (const { row, details } of toKeep) hold(row.runId, details, null, liveKeyOf(runOf.get(row.runId)!))
      keepLater(toKeep, mark, runOf)
      const last = answered.get(asked)
      if (last && last.total === total && sameRuns(runs, last.runs) && JSON.stringify(goalsFor(runs, new Set(last.table.metricNames))) === JSON.stringify(last.table.goals)) return last.table

      const table = createTableColumnsBuilder(runs.length)
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
        table.params(i, details.keys, details.values)
        table.metrics(i, details.names, details.numbers)
      })
      const metricNames = new Set(table.metricNames())
      const answer = Object.freeze(table.finish({ total, paramKeys: table.paramKeys().sort(), metricNames: [...metricNames].sort(), goals: goalsFor(runs, metricNames) }))
      if (answered.size >= ANSWERS_KEPT && !answered.has(asked)) answered.delete(answered.keys().next().value!)
      answered.set(asked, { runs, total, table: answer })
      return answer
    },
    'runs.metricAt': async ({ runIds, metric, step }) => {
      const values: Record<string, number | null> = Object.fromEntries(runIds.map((id) => [String(id), null]))
      for (const { run_id, value } of queries.metricAt(runIds, metric, step)) values[String(run_id)] = finite(value)
      return { values }
    }
  }
  /** After runs were written in bulk (an import): their rows kept in the background, as after a start. */
  return { api, keepNewRuns: () => keepMissing('stop') }
}

/** The runs table's contract methods alone (tests, benches). */
export const createRunsTableApi = (deps: Deps): RunsTableApi => createRunsTable(deps).api
