/**
 * Adaptive TPE (Tree-structured Parzen Estimator, Bergstra et al. 2011) over a search space, in
 * each parameter's own measure: uniform or log ranges, integer and stepped levels, categories,
 * and parameters active only when another takes given values.
 *
 * A suggestion splits the finished trials into the best γ(n) and the rest, fits a Parzen
 * estimator l to the best and g to the rest, draws candidates from l and returns the one that
 * maximises l(x)/g(x). Defaults are Optuna 5's for one objective: 10 random start-up trials,
 * 24 candidates, γ(n) = min(⌈0.1·n⌉, 25), prior weight 1, multivariate kernels. Pruned trials
 * rank after every finished one, the further they got the better (then by their last value);
 * trials still running (`pending`) join the rest at the worst rank (Optuna's constant liar), so
 * parallel suggestions spread out.
 *
 * Conditional parameters are drawn only when their condition holds and fitted only on trials
 * where they were active. With multivariate kernels, parameters that share one condition are
 * modelled jointly; each conditional group is fitted on the trials where it was active. Past
 * 1,024 trials in the rest, a joint model, whose cost grows with every trial at every candidate,
 * gives way to one model per parameter (Optuna's default before version 5).
 *
 * A suggestion depends only on what it is given: the runner calls `suggest(finished, { trial,
 * pending })` with every finished trial of the study, and the same seed, trial number and history
 * give the same suggestion, so a resumed study proposes what it would have. The cost stays flat as a study grows
 * (bench/tpe.ts: a few milliseconds at 10,000 trials, where Optuna's takes hundreds): the good set
 * is picked in one pass, values read from a trial object are kept for the next call, and past
 * 1,024 other trials close kernels merge (`maxAboveKernels`).
 */
import { AppError } from '../../../../shared/errors'
import type { FieldIssue } from '../../../../shared/errors'
import type { ParamValue } from '../../../../shared/schemas/params'
import { Rng } from '../../random'
import type { SearchSpace, SpaceParam } from '../space'
import { valueAt } from '../space-values'
import { compress } from './compress'
import { HistoryColumns, internalValue } from './history'
import { dimOf, parzenEstimator, type Dim } from './parzen'

export type Direction = 'min' | 'max'

/** `name` is active only when `param` is active and takes one of `values`. */
export interface Condition {
  param: string
  values: ParamValue[]
}

export interface TpeTrial {
  /** The trial's values; a parameter that was inactive is absent. */
  params: Readonly<Record<string, ParamValue>>
  /** The objective; for a pruned trial, its last reported value. NaN ranks worst. */
  value: number
  /** The step of a pruned trial's last report; absent for a trial that ran to the end. */
  prunedAt?: number
}

export interface TpeOptions {
  /** Trials drawn at random, in each parameter's measure, before the model is used (10). */
  nStartupTrials?: number
  /** Candidates drawn from l per suggestion (24). */
  nEiCandidates?: number
  /** How many of n trials form the good set (min(⌈0.1·n⌉, 25)). */
  gamma?: (n: number) => number
  /** Weight of the prior kernel against one trial's (1). */
  priorWeight?: number
  /** Joint kernels over the parameters that share a condition (true), or one model per parameter. */
  multivariate?: boolean
  /**
   * Trials in the rest past which a parameter's close kernels merge (compress.ts, within 1 % of
   * the full mixture) and parameters modelled jointly are modelled one by one instead (1,024).
   */
  maxAboveKernels?: number
}

export interface TpeSamplerInput {
  space: SearchSpace
  /** Conditions by the name of the parameter they govern. */
  conditions?: Readonly<Record<string, Condition>>
  seed: number
  direction: Direction
  options?: TpeOptions
}

export interface SuggestContext {
  /** The trial's number in the study; it seeds the draw (default: how many suggestions came before). */
  trial?: number
  /** Parameters of trials still running. */
  pending?: readonly Readonly<Record<string, ParamValue>>[]
}

export interface TpeSampler {
  suggest(finished: readonly TpeTrial[], context?: SuggestContext): Record<string, ParamValue>
}

export const defaultGamma = (n: number): number => Math.min(Math.ceil(0.1 * n), 25)

interface Group {
  params: SpaceParam[]
  dims: Dim[]
  condition?: Condition
}

/** Checks the conditions and returns the parameters in an order where each parent comes first. */
function orderByConditions(space: SearchSpace, conditions: Readonly<Record<string, Condition>>): SpaceParam[] {
  const byName = new Map(space.params.map((p) => [p.name, p]))
  const issues: FieldIssue[] = []
  for (const [name, c] of Object.entries(conditions)) {
    const field = `conditions.${name}`
    const parent = byName.get(c.param)
    if (!byName.has(name)) issues.push({ field, message: 'is not a parameter of the search space' })
    if (!parent) issues.push({ field: `${field}.param`, message: `${JSON.stringify(c.param)} is not a parameter of the search space` })
    else if (c.param === name) issues.push({ field: `${field}.param`, message: 'a parameter cannot depend on itself' })
    if (!Array.isArray(c.values) || c.values.length === 0) issues.push({ field: `${field}.values`, message: 'expected at least one value' })
    else if (parent?.type === 'categorical') {
      const missing = c.values.filter((v) => !parent.choices.includes(v))
      if (missing.length) issues.push({ field: `${field}.values`, message: `${missing.map((v) => JSON.stringify(v)).join(', ')} not among the choices of ${parent.name}` })
    } else if (parent) {
      const outside = c.values.filter((v) => typeof v !== 'number' || v < parent.low || v > parent.high)
      if (outside.length) issues.push({ field: `${field}.values`, message: `${outside.map((v) => JSON.stringify(v)).join(', ')} outside ${parent.name}'s range ${parent.low} to ${parent.high}` })
    }
  }
  if (issues.length) throw AppError.fromIssues('INVALID_INPUT', issues, 'Invalid parameter conditions')
  const ordered: SpaceParam[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (p: SpaceParam, path: string[]): void => {
    if (state.get(p.name) === 'done') return
    if (state.get(p.name) === 'visiting')
      throw AppError.fromIssues('INVALID_INPUT', [{ field: `conditions.${p.name}`, message: `conditions form a loop: ${[...path, p.name].join(' → ')}` }], 'Invalid parameter conditions')
    state.set(p.name, 'visiting')
    const c = conditions[p.name]
    if (c) visit(byName.get(c.param)!, [...path, p.name])
    state.set(p.name, 'done')
    ordered.push(p)
  }
  for (const p of space.params) visit(p, [])
  return ordered
}

function groupsOf(ordered: SpaceParam[], conditions: Readonly<Record<string, Condition>>, multivariate: boolean): Group[] {
  const groups: Group[] = []
  const byKey = new Map<string, Group>()
  for (const p of ordered) {
    const condition = conditions[p.name]
    const key = condition ? `${condition.param}\u0000${JSON.stringify([...condition.values].map(String).sort())}` : ''
    const shared = multivariate ? byKey.get(key) : undefined
    if (shared) {
      shared.params.push(p)
      shared.dims.push(dimOf(p))
      continue
    }
    const group: Group = { params: [p], dims: [dimOf(p)], ...(condition ? { condition } : {}) }
    groups.push(group)
    byKey.set(key, group)
  }
  return groups
}

function external(p: SpaceParam, x: number): ParamValue {
  return p.type === 'categorical' ? p.choices[x] : x
}

function checkOptions(o: Required<Omit<TpeOptions, 'gamma'>>): void {
  const issues: FieldIssue[] = []
  if (!(Number.isInteger(o.nStartupTrials) && o.nStartupTrials >= 0)) issues.push({ field: 'nStartupTrials', message: `expected a whole number ≥ 0, got ${o.nStartupTrials}` })
  if (!(Number.isInteger(o.nEiCandidates) && o.nEiCandidates >= 1)) issues.push({ field: 'nEiCandidates', message: `expected a whole number ≥ 1, got ${o.nEiCandidates}` })
  if (!(Number.isFinite(o.priorWeight) && o.priorWeight > 0)) issues.push({ field: 'priorWeight', message: `expected a positive number, got ${o.priorWeight}` })
  if (!(o.maxAboveKernels >= 1)) issues.push({ field: 'maxAboveKernels', message: `expected a number ≥ 1, got ${o.maxAboveKernels}` })
  if (issues.length) throw AppError.fromIssues('INVALID_INPUT', issues, 'Invalid TPE options')
}

/**
 * Indices of the best `k` trials: finished before pruned, pruned further along first, then by
 * value (`sign` makes smaller better), earlier trials winning ties. One pass with a short sorted
 * list, so the cost stays linear in the history.
 */
export function bestIndices(finished: readonly TpeTrial[], k: number, sign: number): Int32Array {
  const n = finished.length
  const score = new Float64Array(n)
  const stage = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const t = finished[i]
    const v = sign * t.value
    score[i] = Number.isNaN(v) ? Infinity : v
    stage[i] = t.prunedAt === undefined ? -Infinity : -t.prunedAt
  }
  const worse = (i: number, j: number): boolean => stage[i] > stage[j] || (stage[i] === stage[j] && (score[i] > score[j] || (score[i] === score[j] && i > j)))
  const take = Math.max(0, Math.min(Math.floor(k), n))
  if (take > 64) {
    const all = Array.from({ length: n }, (_, i) => i).sort((i, j) => (worse(i, j) ? 1 : worse(j, i) ? -1 : 0))
    return Int32Array.from(all.slice(0, take))
  }
  const top = new Int32Array(take)
  let size = 0
  for (let i = 0; i < n && take > 0; i++) {
    if (size === take && !worse(top[size - 1], i)) continue
    let at = size === take ? size - 1 : size
    while (at > 0 && worse(top[at - 1], i)) {
      top[at] = top[at - 1]
      at--
    }
    top[at] = i
    if (size < take) size++
  }
  return top
}

/**
 * The group's values in the good and the other trials (then the running ones), in trial order,
 * from the rows where every parameter of the group is active and inside the space.
 */
function observations(
  group: Group,
  params: readonly SpaceParam[],
  history: Float64Array[],
  n: number,
  isBelow: Uint8Array,
  pending: readonly Readonly<Record<string, ParamValue>>[]
): { below: Float64Array[]; above: Float64Array[] } {
  const rows = n + pending.length
  const columns = group.params.map((p) => {
    const column = new Float64Array(rows)
    column.set(history[params.indexOf(p)].subarray(0, n))
    for (let i = 0; i < pending.length; i++) column[n + i] = internalValue(p, pending[i][p.name])
    return column
  })
  const side = new Int8Array(rows)
  let belowCount = 0
  for (let i = 0; i < rows; i++) {
    let active = true
    for (let d = 0; d < columns.length; d++) if (Number.isNaN(columns[d][i])) active = false
    if (!active) continue
    side[i] = i < n && isBelow[i] ? 1 : -1
    if (side[i] === 1) belowCount++
  }
  const aboveCount = side.reduce((count, s) => count + (s === -1 ? 1 : 0), 0)
  const pick = (want: number, count: number): Float64Array[] =>
    columns.map((column) => {
      const out = new Float64Array(count)
      for (let i = 0, k = 0; i < rows; i++) if (side[i] === want) out[k++] = column[i]
      return out
    })
  return { below: pick(1, belowCount), above: pick(-1, aboveCount) }
}

export function createTpeSampler(input: TpeSamplerInput): TpeSampler {
  const { space, seed, direction } = input
  const conditions = input.conditions ?? {}
  const options = {
    nStartupTrials: input.options?.nStartupTrials ?? 10,
    nEiCandidates: input.options?.nEiCandidates ?? 24,
    priorWeight: input.options?.priorWeight ?? 1,
    multivariate: input.options?.multivariate ?? true,
    maxAboveKernels: input.options?.maxAboveKernels ?? 1024
  }
  checkOptions(options)
  const gamma = input.options?.gamma ?? defaultGamma
  const ordered = orderByConditions(space, conditions)
  const groups = groupsOf(ordered, conditions, options.multivariate)
  const sign = direction === 'max' ? -1 : 1
  const seen = new HistoryColumns(space.params)
  let calls = 0

  /** The candidate drawn from l with the largest l/g, one value per dimension. */
  function choose(dims: Dim[], below: Float64Array[], above: Float64Array[], multivariate: boolean, rng: Rng): number[] {
    const parzen = { priorWeight: options.priorWeight, multivariate }
    const l = parzenEstimator(dims, below, parzen)
    const many = dims.length === 1 && above[0].length > options.maxAboveKernels
    const rest = many ? compress(dims[0], above[0]) : undefined
    const g = rest ? parzenEstimator(dims, [rest.values], parzen, rest.merged) : parzenEstimator(dims, above, parzen)
    const count = options.nEiCandidates
    const candidates = l.sample(rng, count)
    const ll = l.logPdf(candidates, count)
    const lg = g.logPdf(candidates, count)
    let best = 0
    for (let j = 1; j < count; j++) if (ll[j] - lg[j] > ll[best] - lg[best]) best = j
    return candidates.map((c) => c[best])
  }

  const inSpaceOrder = (chosen: Record<string, ParamValue>): Record<string, ParamValue> =>
    Object.fromEntries(space.params.filter((p) => p.name in chosen).map((p) => [p.name, chosen[p.name]]))

  const isActive = (condition: Condition | undefined, chosen: Record<string, ParamValue>): boolean =>
    !condition || (condition.param in chosen && condition.values.includes(chosen[condition.param]))

  function suggest(finished: readonly TpeTrial[], context: SuggestContext = {}): Record<string, ParamValue> {
    const trial = context.trial ?? calls
    calls = trial + 1
    const rng = new Rng((seed ^ Math.imul(trial + 1, 0x9e3779b1)) >>> 0)
    const chosen: Record<string, ParamValue> = {}
    const n = finished.length
    if (n < options.nStartupTrials) {
      for (const p of ordered) if (isActive(conditions[p.name], chosen)) chosen[p.name] = valueAt(p, rng.next())
      return inSpaceOrder(chosen)
    }
    const history = seen.read(finished)
    const isBelow = new Uint8Array(n)
    for (const i of bestIndices(finished, gamma(n), sign)) isBelow[i] = 1
    const pending = context.pending ?? []
    for (const group of groups) {
      if (!isActive(group.condition, chosen)) continue
      const { below, above } = observations(group, space.params, history, n, isBelow, pending)
      const joint = options.multivariate && group.params.length > 1
      // A joint model costs every kernel at every candidate; past the limit each parameter gets its
      // own, whose close kernels merge with hardly a change (compress.ts).
      if (joint && (above[0]?.length ?? 0) > options.maxAboveKernels) {
        group.params.forEach((p, d) => (chosen[p.name] = external(p, choose([group.dims[d]], [below[d]], [above[d]], false, rng)[0])))
        continue
      }
      const picked = choose(group.dims, below, above, options.multivariate, rng)
      group.params.forEach((p, d) => (chosen[p.name] = external(p, picked[d])))
    }
    return inSpaceOrder(chosen)
  }

  return { suggest }
}
