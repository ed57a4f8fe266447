import type { ParamValue } from '../../../shared/schemas/params'
import type { MetricPoint, RunStatus, StatusReason } from '../../../shared/schemas/runs'
import type { ParamRange } from '../store/run-repository'
import { importError, prunedReason, wasRunningReason } from './model'

/** Optuna's TrialState, by the number the journal writes and the name the SQLite storage writes. */
const stateNames = ['RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING'] as const

export function optunaStateName(state: number | string): string {
  return typeof state === 'number' ? (stateNames[state] ?? String(state)) : state
}

/** How an Optuna trial's state reads as a run: a pruned trial ended early, as a cancelled run does. */
export function optunaStatus(state: string, lastStep: number | null): { status: RunStatus; reason: StatusReason | null } {
  if (state === 'COMPLETE') return { status: 'finished', reason: null }
  if (state === 'PRUNED') return { status: 'cancelled', reason: prunedReason('Optuna', lastStep) }
  if (state === 'FAIL') return { status: 'failed', reason: null }
  return { status: 'interrupted', reason: wasRunningReason('Optuna', state) }
}

interface Distribution {
  name: string
  attributes: { choices?: unknown[]; low?: number; high?: number; log?: boolean }
}

/**
 * The range a distribution samples (its JSON as Optuna stores it), for the analysis: kind, bounds
 * and log scale. Null for one it does not know; optunaParam has refused a malformed one already.
 */
export function optunaRange(distributionJson: string): ParamRange | null {
  let dist: Distribution
  try {
    dist = JSON.parse(distributionJson) as Distribution
  } catch {
    return null
  }
  const { low, high } = dist.attributes ?? {}
  const bounded = typeof low === 'number' && typeof high === 'number' ? { low, high } : {}
  switch (dist.name) {
    case 'CategoricalDistribution':
      return { type: 'categorical' }
    case 'IntDistribution':
    case 'IntUniformDistribution':
      return { type: 'int', ...bounded, log: dist.attributes.log === true }
    case 'IntLogUniformDistribution':
      return { type: 'int', ...bounded, log: true }
    case 'FloatDistribution':
    case 'UniformDistribution':
    case 'DiscreteUniformDistribution':
      return { type: 'float', ...bounded, log: dist.attributes.log === true }
    case 'LogUniformDistribution':
      return { type: 'float', ...bounded, log: true }
    default:
      return null
  }
}

/**
 * A parameter's external value from Optuna's internal one: categorical parameters are stored as
 * the index of the choice, integers as floats.
 */
export function optunaParam(file: string, param: string, internal: number, distributionJson: string): ParamValue {
  let dist: Distribution
  try {
    dist = JSON.parse(distributionJson) as Distribution
  } catch {
    throw importError('imports.badDistribution', { file, param, distribution: distributionJson.slice(0, 80) })
  }
  switch (dist.name) {
    case 'CategoricalDistribution': {
      const choice = dist.attributes.choices?.[Math.round(internal)]
      if (choice === undefined) throw importError('imports.badDistribution', { file, param, distribution: distributionJson.slice(0, 80) })
      return typeof choice === 'string' || typeof choice === 'number' || typeof choice === 'boolean' ? choice : JSON.stringify(choice)
    }
    case 'IntDistribution':
    case 'IntUniformDistribution':
    case 'IntLogUniformDistribution':
      return Math.round(internal)
    case 'FloatDistribution':
    case 'UniformDistribution':
    case 'LogUniformDistribution':
    case 'DiscreteUniformDistribution':
      return internal
    default:
      throw importError('imports.badDistribution', { file, param, distribution: dist.name })
  }
}

/** The objective names Optuna keeps in `study:metric_names`, else `value` (or `value_1`, ... for several). */
export function objectiveNames(count: number, named: unknown): string[] {
  if (Array.isArray(named) && named.length === count && named.every((n) => typeof n === 'string')) return named as string[]
  return count === 1 ? ['value'] : Array.from({ length: count }, (_, i) => `value_${i}`)
}

/** Intermediate values as the series `intermediate/<objective>`; the final values as one point past the last step. */
export function optunaPoints(
  objectives: string[],
  values: (number | null)[],
  intermediate: [number, number][],
  time: number
): MetricPoint[] {
  const points: MetricPoint[] = intermediate.map(([step, value]) => ({ name: `intermediate/${objectives[0]}`, step, value, time }))
  const step = intermediate.length > 0 ? Math.max(...intermediate.map(([s]) => s)) : 0
  values.forEach((value, i) => {
    if (value !== null) points.push({ name: objectives[i] ?? `value_${i}`, step, value, time })
  })
  return points
}

/** Optuna's SQLite datetimes are naive local times ('2026-12-04 15:50:17.747197'). */
export function optunaTime(text: string | null): number | null {
  if (!text) return null
  const ms = new Date(text.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1')).getTime()
  return Number.isFinite(ms) ? ms : null
}
