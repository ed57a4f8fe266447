/**
 * What every pruner reads and returns. A pruner is a pure decision over intermediate reports:
 * the runner calls it with the trial that just reported and every other trial of the study (their
 * reports so far), and stops the trial when it answers `prune`. Nothing is kept between calls, so
 * a resumed study decides as it would have.
 */

export type Direction = 'min' | 'max'

/** One intermediate value of the pruning metric. */
export interface Report {
  step: number
  value: number
}

export interface TrialCurve {
  /** The trial's id in the ledger; Hyperband places a trial in a bracket by it. */
  id: string | number
  status: 'running' | 'complete' | 'pruned'
  /** Reports so far, in the order they came (steps increasing). */
  reports: readonly Report[]
}

/**
 * Why a trial was pruned, as a code and its values, so each language words it (see messages.ts):
 * `median`, `rung`, `bracketRung`, `rungBootstrap` and `nonFinite`.
 */
export interface PruneReason {
  code: PruneReasonCode
  values: Record<string, number | string>
}

export type PruneReasonCode = 'median' | 'rung' | 'bracketRung' | 'rungBootstrap' | 'nonFinite'

export interface PruneDecision {
  prune: boolean
  reason?: PruneReason
}

/**
 * Decides on `trial` against the study's other trials. Its last `fresh` reports (1 unless given)
 * came since the last call: each is judged in turn, as if it had come alone, and the first that
 * prunes decides (its step is in the reason), so a batch of reports skips no rung.
 */
export type Pruner = (trial: TrialCurve, others: readonly TrialCurve[], fresh?: number) => PruneDecision

export const keep: PruneDecision = { prune: false }

/** A pruner from a decision on the last report alone, judging each fresh report in turn. */
export function eachReport(decide: (trial: TrialCurve, others: readonly TrialCurve[]) => PruneDecision): Pruner {
  return (trial, others, fresh = 1) => {
    const n = trial.reports.length
    for (let k = Math.max(1, n - fresh + 1); k <= n; k++) {
      const decision = decide(k === n ? trial : { ...trial, reports: trial.reports.slice(0, k) }, others)
      if (decision.prune) return decision
    }
    return keep
  }
}

/** Whether `a` is worse than `b` in the metric's direction. */
export function isWorse(a: number, b: number, direction: Direction): boolean {
  return direction === 'min' ? a > b : a < b
}

/** The value a trial reported at the first report at or past `step`, undefined if it has not got there. */
export function valueReaching(reports: readonly Report[], step: number): number | undefined {
  let found: Report | undefined
  for (const r of reports) if (r.step >= step && (found === undefined || r.step < found.step)) found = r
  return found?.value
}

export function nonFinite(step: number, value: number): PruneDecision {
  return { prune: true, reason: { code: 'nonFinite', values: { step, value: String(value) } } }
}

/** The defaults with each option given (and not undefined) in its place; other keys, such as a spec's `kind`, are left out. */
export function withDefaults<T extends object>(defaults: T, options: Partial<T>): T {
  const out = { ...defaults }
  for (const key of Object.keys(defaults) as (keyof T)[]) if (options[key] !== undefined) out[key] = options[key] as T[keyof T]
  return out
}
