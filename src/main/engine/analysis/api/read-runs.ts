import { analysisNotice } from '../../../../shared/messages/analysis'
import type { AnalysisSource } from '../../../../shared/schemas/analysis'
import type { ParamSpec } from '../../../../shared/schemas/params'
import { isActiveStatus, type Run } from '../../../../shared/schemas/runs'
import { AppError } from '../../../../shared/errors'
import type { Store } from '../../store'
import type { ParamRange } from '../../store/run-repository'
import type { ParamHint } from '../table'
import { hintsFromSchema } from '../table-sources'
import type { RunRow, SourceData } from './job'

type RunsSource = Extract<AnalysisSource, { kind: 'runs' }>

export interface ReadRunsOptions {
  /** A trainer's parameter schema, for kinds, log scales and bounds. */
  specsOf: (trainer: string) => ParamSpec[] | undefined
  /** The metric whose whole curve each run contributes (importance over training). */
  curveMetric?: string
}

function pickRuns(store: Store, source: RunsSource): Run[] {
  if (source.runIds && source.runIds.length > 0) {
    const missing: number[] = []
    const runs = source.runIds.flatMap((id) => {
      const run = store.runs.get(id)
      if (!run) missing.push(id)
      return run ? [run] : []
    })
    if (missing.length > 0) throw AppError.fromIssues('NOT_FOUND', [{ field: 'source.runIds', message: `no run ${missing.join(', ')}` }])
    return runs
  }
  if (source.experimentId === undefined) throw AppError.fromIssues('INVALID_INPUT', [{ field: 'source', message: 'give an experimentId or a list of runIds' }])
  if (!store.experiments.get(source.experimentId))
    throw AppError.fromIssues('NOT_FOUND', [{ field: 'source.experimentId', message: `no experiment ${source.experimentId}` }])
  return store.runs.list({ experimentId: source.experimentId, limit: 100000 })
}

/**
 * The ranges imported runs were sampled from (an Optuna study's distributions), as hints: per
 * parameter the union of its runs' bounds, on a log scale where every run's was, categorical
 * where any run's was. A trainer's schema, where there is one, goes before these.
 */
export function hintsFromRanges(spaces: readonly Record<string, ParamRange>[]): Record<string, ParamHint> {
  const hints: Record<string, ParamHint> = {}
  for (const space of spaces) {
    for (const [name, r] of Object.entries(space)) {
      const was = hints[name]
      if (r.type === 'categorical' || was?.type === 'categorical') hints[name] = { type: 'categorical' }
      else if (!was) hints[name] = { type: r.type, log: r.log === true, low: r.low, high: r.high }
      else {
        hints[name] = {
          type: was.type === 'int' && r.type === 'int' ? 'int' : 'float',
          log: was.log === true && r.log === true,
          low: was.low === undefined || r.low === undefined ? undefined : Math.min(was.low, r.low),
          high: was.high === undefined || r.high === undefined ? undefined : Math.max(was.high, r.high)
        }
      }
    }
  }
  return hints
}

/**
 * Runs as rows for an analysis, read on the engine thread (the store's one connection): each
 * run's config, each metric reduced to one value, and the curve of one metric when asked.
 */
export function readRuns(store: Store, source: RunsSource, options: ReadRunsOptions): SourceData {
  // In the order they were made: a study's runs follow its design's rows, and Saltelli blocks and
  // Morris trajectories are recognised only in that order.
  const all = pickRuns(store, source).sort((a, b) => a.id - b.id)
  const runs = all.filter((r) => !isActiveStatus(r.status))
  const notes = runs.length < all.length ? [analysisNotice('runsLeftOut', { count: all.length - runs.length })] : []
  if (runs.length === 0) throw AppError.fromIssues('INVALID_INPUT', [{ field: 'source', message: all.length === 0 ? 'there are no runs to analyse' : 'every run is still queued or running' }])
  const hints: Record<string, ParamHint> = {}
  const seedKeys = new Set<string>()
  for (const trainer of new Set(runs.map((r) => r.trainer))) {
    const specs = options.specsOf(trainer) ?? []
    Object.assign(hints, hintsFromSchema(specs))
    for (const s of specs) if (/(^|\.)seed$/.test(s.key)) seedKeys.add(s.key)
  }
  Object.assign(hints, { ...hintsFromRanges([...store.runs.spaces(runs.map((r) => r.id)).values()]), ...hints })
  const rows = runs.map((run): RunRow => {
    const summary = store.metrics.summary(run.id)
    const metrics: Record<string, number> = {}
    for (const [name, m] of Object.entries(summary)) metrics[name] = m[source.reduce]
    const row: RunRow = { id: run.id, config: run.config, metrics }
    if (options.curveMetric && summary[options.curveMetric]) row.curve = store.metrics.series(run.id, { names: [options.curveMetric] })[options.curveMetric]?.values
    return row
  })
  return { kind: 'runs', runs: rows, hints, seedKeys: [...seedKeys], notes }
}
