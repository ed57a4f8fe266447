import { AppError } from '../../../../shared/errors'
import { analysisNotice } from '../../../../shared/messages/analysis'
import type { AnalysisNotice, AnalysisSource } from '../../../../shared/schemas/analysis'
import type { ParamValue } from '../../../../shared/schemas/params'
import type { StudyDefinition } from '../../../../shared/schemas/studies'
import type { Store } from '../../store'
import type { TrialRecord } from '../../store/study-repository'
import { SEED_KEY } from '../../studies/definition'
import { makeDesign } from '../../studies/design'
import { parseSpace } from '../../studies/space'
import { canonicalJson } from '../../studies/trial-hash'
import type { ParamHint } from '../table'
import { hintsFromSchema } from '../table-sources'
import type { ReadRunsOptions } from './read-runs'
import type { RunRow, SourceData } from './job'

type StudySource = Extract<AnalysisSource, { kind: 'study' }>

/** The column that holds each trial's objective, as the study computed it. */
export const OBJECTIVE_COLUMN = 'objective'

/** Designs whose estimator reads the rows' layout: their repeats are read as one mean per point. */
const LAYOUT_DESIGNS = new Set(['saltelli', 'morris', 'oat'])

export interface StudyData {
  data: SourceData
  /** The study's search space, as an analysis request gives one: bounds, log scales and choices. */
  space: { params: Record<string, unknown> }
  /** Its swept parameters, in the definition's order. */
  params: string[]
}

type LayoutPoint = { key: string; params: Record<string, ParamValue> }

/** A point as the ledger tells points apart (15 significant digits, keys sorted). */
const pointKey = (params: Record<string, ParamValue>) => canonicalJson(params)

function mean(values: number[]): number {
  const finite = values.filter(Number.isFinite)
  return finite.length === 0 ? NaN : finite.reduce((s, v) => s + v, 0) / finite.length
}

/** Each point's repeats as one row: parameters once, every metric's mean over the repeats. */
function pointMeans(rows: { key: string; row: RunRow }[]): Map<string, RunRow> {
  const byPoint = new Map<string, RunRow[]>()
  for (const { key, row } of rows) byPoint.set(key, [...(byPoint.get(key) ?? []), row])
  const means = new Map<string, RunRow>()
  for (const [key, group] of byPoint) {
    const names = new Set(group.flatMap((r) => Object.keys(r.metrics)))
    const metrics = Object.fromEntries([...names].map((n) => [n, mean(group.map((r) => r.metrics[n] ?? NaN))]))
    const config = { ...group[0].config }
    delete config[SEED_KEY]
    means.set(key, { id: group[0].id, config, metrics })
  }
  return means
}

/**
 * The points of the study's own design, in its order, as the plan drew them (the same seed draws
 * the same rows). The ledger keeps a point once, but Morris trajectories and Saltelli blocks may
 * visit one twice; their estimators need every visit in its place.
 */
function designLayout(definition: StudyDefinition): LayoutPoint[] {
  const { method, n, levels, replicates, secondOrder, variant } = definition.design
  if (method === 'tpe' || definition.seed === undefined) return []
  const design = makeDesign(parseSpace({ params: definition.space.params }), { method, n, seed: definition.seed, levels, replicates, secondOrder, variant })
  return design.rows.map((row) => {
    const params = Object.fromEntries(design.names.map((name, i) => [name, row[i]]))
    return { key: pointKey(params), params }
  })
}

/**
 * The visits of a design that lost points to trials that did not finish, and what that does to it:
 * a Morris design keeps its whole trajectories (two at least), a one-at-a-time design its other
 * points while its baseline is there; a Saltelli design, whose estimators pair every row with its
 * block, no longer is one — its notice then names the method that ran instead.
 */
function keptOfLayout(
  layout: LayoutPoint[], means: Map<string, RunRow>, method: string, dims: number, counts: { missing: number; points: number }, notes: AnalysisNotice[]
): LayoutPoint[] {
  const present = (p: LayoutPoint) => means.has(p.key)
  if (method === 'morris') {
    const len = dims + 1
    const trajectories = Math.floor(layout.length / len)
    const whole: LayoutPoint[] = []
    for (let t = 0; t < trajectories; t++) {
      const chunk = layout.slice(t * len, (t + 1) * len)
      if (chunk.every(present)) whole.push(...chunk)
    }
    const kept = whole.length / len
    if (kept >= 2) {
      notes.push(analysisNotice('studyTrajectoriesDropped', { dropped: trajectories - kept, trajectories, kept }))
      return whole
    }
  } else if (method === 'oat' && layout.length > 0 && present(layout[0])) {
    notes.push(analysisNotice('studyPointsMissing', { ...counts, design: method }))
    return layout.filter(present)
  }
  notes.push(analysisNotice('studyDesignIncomplete', { ...counts, design: method }))
  return layout.filter(present)
}

/** Kinds, ranges and scales of the swept parameters, as the study's space gives them. */
function spaceHints(definition: StudyDefinition): Record<string, ParamHint> {
  const hints: Record<string, ParamHint> = {}
  for (const p of parseSpace({ params: definition.space.params }).params) {
    hints[p.name] = p.type === 'categorical' ? { type: 'categorical' } : { type: p.type, log: p.log, low: p.low, high: p.high }
  }
  return hints
}

/**
 * A study's trials as rows for an analysis, read on the engine thread: only its swept parameters,
 * its objective as a column of its own beside the runs' metrics, in plan order so that a Saltelli
 * or Morris design is recognised from its layout. Repeats over seeds of such a design are read as
 * each point's mean, and kept apart for the seed-noise floor; other designs keep every repeat as a
 * row with its seed. Pruned trials are left out unless asked for; the notices say what was done.
 */
export function readStudy(store: Store, source: StudySource, options: ReadRunsOptions): StudyData {
  const study = store.studies.get(source.studyId)
  if (!study) throw AppError.fromIssues('NOT_FOUND', [{ field: 'source.studyId', message: `no study ${source.studyId}` }])
  const { definition } = study
  const params = Object.keys(definition.space.params)
  const all = store.studies.trials(study.id)
  const counted = (t: TrialRecord) => t.runId !== null && (t.status === 'finished' || (source.includePruned && t.status === 'pruned'))
  const used = all.filter(counted)
  const pruned = all.filter((t) => t.status === 'pruned').length
  const notes: AnalysisNotice[] = [
    analysisNotice('studyTrials', {
      study: study.name, used: used.length, planned: all.length, metric: definition.objective.metric, value: definition.objective.value, step: definition.objective.step ?? 0
    })
  ]
  const unfinished = all.filter((t) => t.status !== 'finished' && t.status !== 'pruned').length
  if (unfinished > 0) notes.push(analysisNotice('studyUnfinished', { count: unfinished }))
  if (pruned > 0) notes.push(analysisNotice(source.includePruned ? 'studyPrunedIncluded' : 'studyPrunedLeftOut', { count: pruned }))
  if (used.length === 0) {
    throw AppError.fromIssues('INVALID_INPUT', [{ field: 'source', message: all.length === 0 ? 'the study has no trials' : 'no trial of the study has finished yet' }])
  }

  const specs = options.specsOf(study.trainer) ?? []
  // The study's own ranges and scales first: a parameter the schema calls log-scaled may have
  // been swept on a linear range.
  const hints = { ...hintsFromSchema(specs.filter((s) => params.includes(s.key))), ...spaceHints(definition) }
  const objectiveMetric = definition.objective.metric
  const rows = used.map((t) => {
    const summary = store.metrics.summary(t.runId!)
    const metrics: Record<string, number> = {}
    for (const [name, m] of Object.entries(summary)) metrics[name] = m.last
    // A pruned trial counts at the last value of the objective's metric it reported (its recorded
    // objective is the value the pruner judged, which later reports may have passed).
    metrics[OBJECTIVE_COLUMN] = (t.status === 'pruned' ? summary[objectiveMetric]?.last : undefined) ?? t.objective ?? NaN
    const config: Record<string, unknown> = { ...t.params }
    if (t.seed !== null) config[SEED_KEY] = t.seed
    const row: RunRow = { id: t.runId!, config, metrics }
    if (options.curveMetric) {
      const name = options.curveMetric === OBJECTIVE_COLUMN ? objectiveMetric : options.curveMetric
      row.curve = store.metrics.series(t.runId!, { names: [name] })[name]?.values
    }
    return { key: pointKey(t.params), row }
  })
  const seedKeys = used.some((t) => t.seed !== null) ? [SEED_KEY] : []
  const data: SourceData = { kind: 'runs', runs: rows.map((r) => r.row), hints, seedKeys, notes, preferredTarget: OBJECTIVE_COLUMN }

  const method = definition.design.method
  if (LAYOUT_DESIGNS.has(method)) {
    // The design's rows in their places, each the mean of its point's trials; the seed-noise floor
    // reads the trials themselves.
    const means = pointMeans(rows)
    const layout = designLayout(definition)
    const points = new Set(layout.map((p) => p.key))
    const missing = [...points].filter((k) => !means.has(k)).length
    const kept = missing === 0 ? layout : keptOfLayout(layout, means, method, params.length, { missing, points: points.size }, notes)
    const repeats = Math.max(...all.map((t) => t.repeat)) + 1
    if (repeats > 1) notes.push(analysisNotice('studyRepeatsAveraged', { design: method, repeats }))
    // Each visit keeps the design's own values, which the layout checks compare exactly.
    const runs = kept.flatMap(({ key, params }) => {
      const m = means.get(key)
      return m ? [{ ...m, config: params }] : []
    })
    Object.assign(data, { runs, seedKeys: [], repeats: { runs: data.runs, seedKeys } })
  }
  return { data, space: { params: definition.space.params }, params }
}
