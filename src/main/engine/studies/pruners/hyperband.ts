/**
 * Hyperband (Li et al. 2018) as Optuna runs it: brackets of asynchronous successive halving that
 * differ in how early they first judge. With n = ⌊log_η(maxResource / minResource)⌋ + 1
 * brackets, bracket b halves from rung minResource·η^b, so bracket 0 prunes most eagerly and the
 * last hardly at all; bracket b takes ⌈n·η^s / (s + 1)⌉ of every Σ trials (s = n − 1 − b), and a
 * trial's bracket follows from a hash of its id. Trials compete only within their bracket.
 * Defaults as Optuna's: minResource 1, reductionFactor (η) 3, bootstrapCount 0; maxResource is the
 * trial's last step (the trainer's epochs or steps), or 'auto': the furthest step a finished trial
 * reached, no trial being judged before one has finished.
 */
import { AppError } from '../../../../shared/errors'
import { eachReport, keep, type Direction, type PruneDecision, type Pruner, type TrialCurve, withDefaults } from './curves'
import { checkHalving, halvingDecision, type HalvingOptions } from './successive-halving'

export interface HyperbandOptions {
  minResource?: number
  maxResource?: number | 'auto'
  reductionFactor?: number
  bootstrapCount?: number
}

export const hyperbandDefaults = { minResource: 1, maxResource: 'auto' as number | 'auto', reductionFactor: 3, bootstrapCount: 0 }

export interface Brackets {
  count: number
  /** Trials out of every `total` that each bracket takes. */
  budgets: number[]
  total: number
}

export function brackets(minResource: number, maxResource: number, reductionFactor: number): Brackets {
  // The small epsilon keeps log_3(9) from landing just under 2.
  const count = Math.floor(Math.log(maxResource / minResource) / Math.log(reductionFactor) + 1e-9) + 1
  const budgets = Array.from({ length: count }, (_, b) => {
    const s = count - 1 - b
    return Math.ceil((count * reductionFactor ** s) / (s + 1))
  })
  return { count, budgets, total: budgets.reduce((a, b) => a + b, 0) }
}

/** FNV-1a of the id's text: the same bracket for a trial on every run and platform. */
function hash(id: string | number): number {
  let h = 0x811c9dc5
  for (const ch of String(id)) {
    h ^= ch.codePointAt(0)!
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

export function bracketOf(id: string | number, b: Brackets): number {
  let n = hash(id) % b.total
  for (let i = 0; i < b.count; i++) {
    if (n < b.budgets[i]) return i
    n -= b.budgets[i]
  }
  return b.count - 1
}

function check(o: typeof hyperbandDefaults): void {
  checkHalving({ minResource: o.minResource, reductionFactor: o.reductionFactor, minEarlyStoppingRate: 0, bootstrapCount: o.bootstrapCount }, 'Hyperband')
  if (o.maxResource !== 'auto' && !(Number.isFinite(o.maxResource) && o.maxResource >= o.minResource))
    throw AppError.fromIssues('INVALID_INPUT', [{ field: 'pruner.maxResource', message: `expected 'auto' or a number ≥ minResource (${o.minResource}), got ${o.maxResource}` }], 'Invalid Hyperband pruner')
}

export function hyperbandPruner(options: HyperbandOptions, direction: Direction): Pruner {
  const o = withDefaults(hyperbandDefaults, options)
  check(o)
  return eachReport((trial: TrialCurve, others: readonly TrialCurve[]): PruneDecision => {
    let max = o.maxResource
    if (max === 'auto') {
      const finished = others.filter((t) => t.status === 'complete' && t.reports.length > 0)
      if (finished.length === 0) return keep
      max = finished.reduce((m, t) => t.reports.reduce((mm, r) => Math.max(mm, r.step), m), o.minResource)
    }
    const b = brackets(o.minResource, max, o.reductionFactor)
    const bracket = bracketOf(trial.id, b)
    const halving: Required<HalvingOptions> = { minResource: o.minResource, reductionFactor: o.reductionFactor, minEarlyStoppingRate: bracket, bootstrapCount: o.bootstrapCount }
    const rivals = others.filter((t) => bracketOf(t.id, b) === bracket)
    return halvingDecision(halving, direction, trial, rivals, bracket)
  })
}
