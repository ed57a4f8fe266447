import type { ParamValue } from '../../../shared/schemas/params'
import type { Sampler, SampleRequest } from './sampler'
import type { SearchSpace } from './space'
import { type Condition, createTpeSampler, type TpeOptions, type TpeSampler } from './tpe/sampler'

/**
 * The conditions TPE models: those between swept parameters, with the values the parent can take
 * in the space. A condition on a parameter the study holds fixed, or one no value of the space
 * meets, is settled by the runner, which leaves the parameter out where it is inactive.
 */
function tpeConditions(space: SearchSpace, conditions: SampleRequest['conditions']): Record<string, Condition> {
  const byName = new Map(space.params.map((p) => [p.name, p]))
  const out: Record<string, Condition> = {}
  for (const [name, c] of Object.entries(conditions)) {
    const parent = byName.get(c.param)
    if (!parent || !byName.has(name)) continue
    const wanted: ParamValue[] = Array.isArray(c.equals) ? c.equals : [c.equals]
    const values = wanted.filter((v) => (parent.type === 'categorical' ? parent.choices.includes(v) : typeof v === 'number' && v >= parent.low && v <= parent.high))
    if (values.length > 0) out[name] = { param: c.param, values }
  }
  return out
}

/**
 * The runner's Sampler over our TPE (tpe/sampler.ts): finished trials (pruned ones with their last
 * value) are its history, running and queued ones its pending points. The TPE keeps no history of
 * its own, so one per study setting is kept only to save building it again.
 */
export function tpeSampler(options?: TpeOptions): Sampler {
  const built = new Map<string, TpeSampler>()
  return {
    propose({ space, conditions, direction, trials, seed, index }) {
      const mapped = tpeConditions(space, conditions)
      const key = JSON.stringify([space, mapped, direction, seed])
      let sampler = built.get(key)
      if (!sampler) {
        if (built.size >= 16) built.clear()
        sampler = createTpeSampler({ space, conditions: mapped, seed, direction, options })
        built.set(key, sampler)
      }
      const finished = trials
        .filter((t) => (t.status === 'finished' || t.status === 'pruned') && t.objective !== null)
        .map((t) => ({ params: t.params, value: t.objective!, ...(t.status === 'pruned' && t.prunedStep !== null ? { prunedAt: t.prunedStep } : {}) }))
      const pending = trials.filter((t) => t.status === 'running' || t.status === 'queued').map((t) => t.params)
      return sampler.suggest(finished, { trial: index, pending })
    }
  }
}
