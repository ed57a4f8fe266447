import { msg, type CodedMessage } from '../../../shared/messages'
import type { StudyObjective } from '../../../shared/schemas/studies'
import type { Store } from '../store'

/** A finished run's objective, or why it has none. */
export type ObjectiveValue = { value: number; missing?: undefined } | { value: null; missing: CodedMessage }

/**
 * Reads the objective from a run's stored metric: its last value, its best in the study's
 * direction, or its value at a step (the last reported at or before it).
 */
export function objectiveOf(store: Store, runId: number, objective: StudyObjective): ObjectiveValue {
  const summary = store.metrics.summary(runId)[objective.metric]
  if (!summary) {
    const reported = Object.keys(store.metrics.summary(runId))
    const metric = objective.metric
    return { value: null, missing: reported.length ? msg('studies.trial.noMetric', { metric, reported: reported.join(', ') }) : msg('studies.trial.noMetricAtAll', { metric }) }
  }
  if (objective.value === 'last') return { value: summary.last }
  if (objective.value === 'best') return { value: objective.direction === 'min' ? summary.min : summary.max }
  const series = store.metrics.series(runId, { names: [objective.metric] })[objective.metric]
  let at: number | null = null
  for (let i = 0; i < series.steps.length && series.steps[i] <= objective.step!; i++) at = series.values[i]
  return at === null ? { value: null, missing: msg('studies.trial.noMetricAtStep', { metric: objective.metric, step: objective.step! }) } : { value: at }
}
