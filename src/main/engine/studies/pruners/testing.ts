/** Helpers for the pruners' tests: curves from value lists, and the runner's report-by-report loop. */
import type { Pruner, TrialCurve } from './curves'

/** Reports values at steps 1, 2, …; the trial's status as given. */
export function curve(id: string | number, values: number[], status: TrialCurve['status'] = 'complete', steps = values.map((_, i) => i + 1)): TrialCurve {
  return { id, status, reports: values.map((value, i) => ({ step: steps[i], value })) }
}

/** Feeds a running trial's reports one at a time, as the runner does: the step it is pruned at, or null. */
export function prunedAt(pruner: Pruner, trial: TrialCurve, others: TrialCurve[]): number | null {
  for (let n = 1; n <= trial.reports.length; n++) {
    const sofar = { ...trial, status: 'running' as const, reports: trial.reports.slice(0, n) }
    if (pruner(sofar, others).prune) return sofar.reports[n - 1].step
  }
  return null
}
