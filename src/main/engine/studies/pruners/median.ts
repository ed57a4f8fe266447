/**
 * Median stopping (Optuna's MedianPruner, Golovin et al. 2017): a trial is pruned at step s when
 * its best value so far is worse than the median of the values that finished trials reported at
 * exactly step s. Defaults as Optuna's: no decision before 5 trials have finished
 * (`nStartupTrials`), nor before step 0 + `nWarmupSteps`, nor on steps other than the first report
 * in each `intervalSteps` window, nor with fewer than `nMinTrials` finished values at s (1).
 * A trial whose every report so far is NaN or infinite is pruned at once.
 */
import { AppError, type FieldIssue } from '../../../../shared/errors'
import { eachReport, isWorse, keep, nonFinite, type Direction, type Pruner, withDefaults } from './curves'

export interface MedianOptions {
  nStartupTrials?: number
  nWarmupSteps?: number
  intervalSteps?: number
  nMinTrials?: number
}

export const medianDefaults: Required<MedianOptions> = { nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1 }

/** The median with linear interpolation between the two middle values (numpy's percentile 50). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = (s.length - 1) / 2
  return (s[Math.floor(mid)] + s[Math.ceil(mid)]) / 2
}

function check(o: Required<MedianOptions>): void {
  const issues: FieldIssue[] = []
  const whole = (field: keyof MedianOptions, min: number) => {
    if (!(Number.isInteger(o[field]) && o[field] >= min)) issues.push({ field: `pruner.${field}`, message: `expected a whole number ≥ ${min}, got ${o[field]}` })
  }
  whole('nStartupTrials', 0)
  if (!(Number.isFinite(o.nWarmupSteps) && o.nWarmupSteps >= 0)) issues.push({ field: 'pruner.nWarmupSteps', message: `expected a number ≥ 0, got ${o.nWarmupSteps}` })
  whole('intervalSteps', 1)
  whole('nMinTrials', 1)
  if (issues.length) throw AppError.fromIssues('INVALID_INPUT', issues, 'Invalid median pruner')
}

export function medianPruner(options: MedianOptions, direction: Direction): Pruner {
  const o = withDefaults(medianDefaults, options)
  check(o)
  return eachReport((trial, others) => {
    const last = trial.reports.at(-1)
    if (!last) return keep
    const finished = others.filter((t) => t.status === 'complete')
    if (finished.length === 0 || finished.length < o.nStartupTrials) return keep
    const step = last.step
    if (step < o.nWarmupSteps) return keep
    // Judge only the first report in each interval past the warm-up, as Optuna does.
    const windowStart = Math.floor((step - o.nWarmupSteps) / o.intervalSteps) * o.intervalSteps + o.nWarmupSteps
    const previous = trial.reports.reduce((p, r) => (r.step !== step && r.step > p ? r.step : p), -Infinity)
    if (previous >= windowStart) return keep
    const finite = trial.reports.map((r) => r.value).filter(Number.isFinite)
    if (finite.length === 0) return nonFinite(step, last.value)
    const best = finite.reduce((b, v) => (isWorse(b, v, direction) ? v : b))
    // A trial that reported one step twice counts with its later value.
    const atStep = finished.flatMap((t) => {
      const r = t.reports.findLast((r) => r.step === step)
      return r && !Number.isNaN(r.value) ? [r.value] : []
    })
    if (atStep.length < o.nMinTrials) return keep
    const m = median(atStep)
    if (!isWorse(best, m, direction)) return keep
    return { prune: true, reason: { code: 'median', values: { step, best, median: m, trials: atStep.length } } }
  })
}
