import type { Config, FieldIssue } from '../../../../shared/api'
import { AppError, codedIssue } from '../../../../shared/errors'
import { msg } from '../../../../shared/messages'
import { validateConfig } from '../../../../shared/params'
import { readFinetuneSettings, type FinetuneSettings } from '../common/finetune'
import { readTrainingSettings, type TrainingSettings } from '../common/training-settings'
import { charLmParamSpecs } from './params'

/** The `char-lm` config as typed values, read once at the start of a run. */
export interface CharLmSettings extends TrainingSettings {
  layers: number
  heads: number
  width: number
  context: number
  tiedHead: boolean
  steps: number
  evalEvery: number
  evalWindows: number
  sample: { length: number; temperature: number; prompt: string }
  finetune: FinetuneSettings
}

/** What single-value checks cannot see: the heads must split the width evenly. */
export function crossFieldIssues(c: Config): FieldIssue[] {
  const [width, heads] = [Number(c['model.width']), Number(c['model.heads'])]
  return width % heads === 0 ? [] : [codedIssue('model.heads', msg('trainer.headsDivide', { width, heads }))]
}

export function completeCharLmConfig(config: Config, providers: string[] = []): Config {
  const { config: full, issues } = validateConfig({ params: charLmParamSpecs(providers) }, config)
  if (issues.length === 0) issues.push(...crossFieldIssues(full))
  if (issues.length) throw AppError.fromIssues('INVALID_CONFIG', issues, msg('trainer.invalidConfig', { trainer: 'char-lm' }))
  return full
}

export function readCharLmSettings(config: Config, providers: string[]): CharLmSettings {
  const c = completeCharLmConfig(config, providers)
  const num = (key: string): number => c[key] as number
  return {
    ...readTrainingSettings(c),
    layers: num('model.layers'),
    heads: num('model.heads'),
    width: num('model.width'),
    context: num('model.context'),
    tiedHead: c['model.tied_head'] === true,
    steps: num('training.steps'),
    evalEvery: num('training.eval_every'),
    evalWindows: num('training.eval_windows'),
    sample: { length: num('sample.length'), temperature: num('sample.temperature'), prompt: String(c['sample.prompt']) },
    finetune: readFinetuneSettings(c)
  }
}
