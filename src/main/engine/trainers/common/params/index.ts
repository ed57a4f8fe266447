import type { ParamSpec } from '../../../../../shared/api'
import { dataParamSpecs } from './data'
import { finetuneParamSpecs } from './finetune'
import { denseParamSpecs } from './model'
import { optimizerParamSpecs } from './optimizer'
import { runtimeParamSpecs, stepsPerRunSpec } from './runtime'
import { scheduleParamSpecs } from './schedule'
import { diagnosticsParamSpecs, epochParamSpecs, regularizationParamSpecs, stoppingParamSpecs } from './training'

export { commonGroups, paramGroups } from './groups'
export {
  dataParamSpecs,
  denseParamSpecs,
  diagnosticsParamSpecs,
  epochParamSpecs,
  finetuneParamSpecs,
  optimizerParamSpecs,
  regularizationParamSpecs,
  runtimeParamSpecs,
  scheduleParamSpecs,
  stepsPerRunSpec,
  stoppingParamSpecs
}
export { classificationStopping } from './training'

/**
 * Every parameter a built-in trainer may take from the base, by key. A trainer lists the ones it
 * uses with `pickSpec`, or spreads a whole family (optimizer, schedule, ...).
 */
export function commonParamSpecs(providers: string[]): ParamSpec[] {
  return [
    ...dataParamSpecs(),
    ...denseParamSpecs(),
    ...optimizerParamSpecs(),
    ...scheduleParamSpecs(),
    ...regularizationParamSpecs(),
    ...epochParamSpecs(),
    ...stoppingParamSpecs(),
    ...diagnosticsParamSpecs(),
    ...finetuneParamSpecs(),
    ...runtimeParamSpecs(providers),
    stepsPerRunSpec()
  ]
}

/** The shared spec of `key` with a trainer's overrides (its default, range or help in its own words). */
export function pickSpec(specs: ParamSpec[], key: string, patch: Partial<ParamSpec> = {}): ParamSpec {
  const spec = specs.find((p) => p.key === key)
  if (!spec) throw new Error(`the shared parameters have no ${key}`)
  return { ...spec, ...patch } as ParamSpec
}
