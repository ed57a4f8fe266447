/**
 * Asynchronous successive halving (ASHA, Li et al. 2020; Optuna's SuccessiveHalvingPruner): rungs
 * at minResource·η^(s+k) steps (s, the minimum early-stopping rate); a trial reaching a rung goes
 * on only when its value there is among the best 1/η of every trial that has reached that rung so
 * far, or, while fewer than η have, the best of them. Defaults as Optuna's: minResource 1,
 * reductionFactor (η) 4, minEarlyStoppingRate 0, bootstrapCount 0 (a rung judges from its first
 * trial; with b, trials are pruned until more than b have reached it).
 *
 * Stateless: a trial's value at a rung is the one it reported at the first report at or past the
 * rung, which is the value Optuna records there. A pruned trial counts at the rungs it passed and
 * at the lowest one crossed by its last report, where it was stopped.
 */
import { AppError, type FieldIssue } from '../../../../shared/errors'
import { eachReport, isWorse, keep, nonFinite, valueReaching, type Direction, type PruneDecision, type Pruner, type TrialCurve, withDefaults } from './curves'

export interface HalvingOptions {
  minResource?: number
  reductionFactor?: number
  minEarlyStoppingRate?: number
  bootstrapCount?: number
}

export const halvingDefaults: Required<HalvingOptions> = { minResource: 1, reductionFactor: 4, minEarlyStoppingRate: 0, bootstrapCount: 0 }

export function checkHalving(o: Required<HalvingOptions>, kind = 'successive halving'): void {
  const issues: FieldIssue[] = []
  if (!(Number.isFinite(o.minResource) && o.minResource > 0)) issues.push({ field: 'pruner.minResource', message: `expected a positive number, got ${o.minResource}` })
  if (!(Number.isInteger(o.reductionFactor) && o.reductionFactor >= 2)) issues.push({ field: 'pruner.reductionFactor', message: `expected a whole number ≥ 2, got ${o.reductionFactor}` })
  if (!(Number.isInteger(o.minEarlyStoppingRate) && o.minEarlyStoppingRate >= 0))
    issues.push({ field: 'pruner.minEarlyStoppingRate', message: `expected a whole number ≥ 0, got ${o.minEarlyStoppingRate}` })
  if (!(Number.isInteger(o.bootstrapCount) && o.bootstrapCount >= 0)) issues.push({ field: 'pruner.bootstrapCount', message: `expected a whole number ≥ 0, got ${o.bootstrapCount}` })
  if (issues.length) throw AppError.fromIssues('INVALID_INPUT', issues, `Invalid ${kind} pruner`)
}

/** The step of rung k. */
export function rungStep(o: Required<HalvingOptions>, k: number): number {
  return o.minResource * o.reductionFactor ** (o.minEarlyStoppingRate + k)
}

/** The first rung at or past `step` (the rung a report at `step` is the first to reach, if equal). */
function firstRungAfter(o: Required<HalvingOptions>, step: number): number {
  let k = 0
  while (rungStep(o, k) <= step) k++
  return k
}

/** The value another trial holds at rung k, undefined where it never reached or passed it. */
function rungValue(o: Required<HalvingOptions>, t: TrialCurve, k: number): number | undefined {
  const step = rungStep(o, k)
  const value = valueReaching(t.reports, step)
  if (value === undefined || Number.isNaN(value)) return undefined
  if (t.status !== 'pruned') return value
  // Stopped at its last report: it holds only the lowest rung that report crossed.
  const lastStep = t.reports.reduce((m, r) => Math.max(m, r.step), -Infinity)
  const before = t.reports.reduce((m, r) => (r.step < lastStep ? Math.max(m, r.step) : m), -Infinity)
  const lowestAtLast = firstRungAfter(o, before)
  return step <= before || k === lowestAtLast ? value : undefined
}

/**
 * The decision of successive halving with options `o` (checked), among `others` (already the
 * trials that compete: a Hyperband bracket's). `bracket` only goes into the reason.
 */
export function halvingDecision(o: Required<HalvingOptions>, direction: Direction, trial: TrialCurve, others: readonly TrialCurve[], bracket?: number): PruneDecision {
  const last = trial.reports.at(-1)
  if (!last) return keep
  const before = trial.reports.slice(0, -1).reduce((m, r) => Math.max(m, r.step), -Infinity)
  // The rungs this report is the first to reach; earlier ones were passed at earlier reports.
  for (let k = firstRungAfter(o, before); rungStep(o, k) <= last.step; k++) {
    if (Number.isNaN(last.value)) return nonFinite(last.step, last.value)
    const competing = [last.value]
    for (const t of others) {
      const v = t.id === trial.id ? undefined : rungValue(o, t, k)
      if (v !== undefined) competing.push(v)
    }
    const where = { step: last.step, rung: k, resource: rungStep(o, k), value: last.value, competing: competing.length }
    if (competing.length <= o.bootstrapCount) return { prune: true, reason: { code: 'rungBootstrap', values: { ...where, bootstrap: o.bootstrapCount } } }
    const promoted = Math.max(1, Math.floor(competing.length / o.reductionFactor))
    const sorted = competing.sort((a, b) => (direction === 'min' ? a - b : b - a))
    const cutoff = sorted[promoted - 1]
    if (isWorse(last.value, cutoff, direction)) {
      const values = { ...where, promoted, cutoff, ...(bracket === undefined ? {} : { bracket }) }
      return { prune: true, reason: { code: bracket === undefined ? 'rung' : 'bracketRung', values } }
    }
  }
  return keep
}

export function successiveHalvingPruner(options: HalvingOptions, direction: Direction): Pruner {
  const o = withDefaults(halvingDefaults, options)
  checkHalving(o)
  return eachReport((trial, others) => halvingDecision(o, direction, trial, others))
}
