import type { Series } from '../../../shared/schemas/runs'
import type { StudyDefinition } from '../../../shared/schemas/studies'
import type { Store, TrialRecord } from '../store'
import type { PruneReason, Report, TrialCurve } from './pruners/curves'
import { createPruner, type PrunerSpec } from './pruners/pruner'

/** A decision to stop a trial: the step and value it had reached, and why. */
export interface PruneCall {
  step: number
  value: number
  reason: PruneReason
}

/**
 * The curves of one study's trials on its objective metric, fed by the metric batches of its
 * running trials, and the pruner it names asked on each report. Finished and pruned trials are
 * read from the store once; nothing else is kept, so a restarted engine decides as before.
 */
export interface StudyPruning {
  /** A trial's run started or resumed: its curve so far is the run's stored reports. */
  started(trial: TrialRecord, runId: number): void
  /** New reports of a running trial; a decision when the trial is to be stopped. */
  report(trial: TrialRecord, series: Record<string, Series>): PruneCall | null
  /** The trial ended (complete or pruned) or was queued again (null). */
  ended(trialId: number, status: 'complete' | 'pruned' | null): void
}

const reportsOf = (store: Store, runId: number, metric: string): Report[] => {
  const s = store.metrics.series(runId, { names: [metric] })[metric]
  return s ? s.steps.map((step, i) => ({ step, value: s.values[i] })) : []
}

/** The pruning of a study, or null when its pruner is `none`. */
export function createStudyPruning(store: Store, studyId: number, definition: StudyDefinition): StudyPruning | null {
  if (definition.pruner.type === 'none') return null
  const { type, ...options } = definition.pruner
  const { metric, direction } = definition.objective
  const decide = createPruner({ kind: type, ...options } as PrunerSpec, direction)
  let curves: Map<number, TrialCurve> | null = null
  const load = (): Map<number, TrialCurve> => {
    if (curves) return curves
    curves = new Map()
    for (const t of store.studies.trials(studyId)) {
      if (t.runId === null || (t.status !== 'finished' && t.status !== 'pruned')) continue
      curves.set(t.id, { id: t.id, status: t.status === 'finished' ? 'complete' : 'pruned', reports: reportsOf(store, t.runId, metric) })
    }
    return curves
  }
  return {
    started(trial, runId) {
      load().set(trial.id, { id: trial.id, status: 'running', reports: reportsOf(store, runId, metric) })
    },
    report(trial, series) {
      const points = series[metric]
      const curve = load().get(trial.id)
      if (!points || points.steps.length === 0 || !curve || curve.status !== 'running') return null
      const reports = [...curve.reports]
      for (let i = 0; i < points.steps.length; i++) reports.push({ step: points.steps[i], value: points.values[i] })
      const current: TrialCurve = { ...curve, reports }
      curves!.set(trial.id, current)
      // Every report of the batch is judged in turn, so a rung crossed inside it is not skipped.
      const decision = decide(current, [...curves!.values()].filter((c) => c.id !== trial.id), points.steps.length)
      if (!decision.prune || !decision.reason) return null
      const step = typeof decision.reason.values.step === 'number' ? decision.reason.values.step : reports[reports.length - 1].step
      const at = reports.findLast((r) => r.step <= step) ?? reports[reports.length - 1]
      return { step: at.step, value: at.value, reason: decision.reason }
    },
    ended(trialId, status) {
      const curve = load().get(trialId)
      if (!curve) return
      if (status === null) curves!.delete(trialId)
      else curves!.set(trialId, { ...curve, status })
    }
  }
}
