import type { Config } from '../../../../shared/api'
import { AppError } from '../../../../shared/errors'
import { msg } from '../../../../shared/messages'
import { validateConfig } from '../../../../shared/params'
import type { Activation } from '../../onnx/mlp-graph'
import type { PreprocessOptions } from '../common/preprocess'
import { readFinetuneSettings, type FinetuneSettings } from '../common/finetune'
import { readTrainingSettings, type TrainingSettings } from '../common/training-settings'
import type { TaskSetting } from './data'
import { mlpParamSpecs } from './params'

/** The config with every `mlp` parameter present and checked; throws INVALID_CONFIG otherwise. */
export function completeMlpConfig(config: Config, providers: string[] = []): Config {
  const { config: full, issues } = validateConfig({ params: mlpParamSpecs(providers) }, config)
  if (issues.length) throw AppError.fromIssues('INVALID_CONFIG', issues, msg('trainer.invalidConfig', { trainer: 'mlp' }))
  return full
}

/** The `mlp` config as typed values, read once at the start of a run. */
export interface MlpSettings extends TrainingSettings {
  target: string
  task: TaskSetting
  /** The validation fold of a k-fold dataset version. */
  fold: number
  hidden: number
  layers: number
  activation: Activation
  epochs: number
  /** Optimizer steps chained in one session run. */
  stepsPerRun: number
  finetune: FinetuneSettings
  preprocess: PreprocessOptions
}

export function readSettings(config: Config, providers: string[]): MlpSettings {
  const c = completeMlpConfig(config, providers)
  const num = (key: string): number => c[key] as number
  const str = (key: string): string => c[key] as string
  return {
    ...readTrainingSettings(c),
    target: str('data.target').trim(),
    task: str('data.task') as TaskSetting,
    fold: num('data.fold'),
    hidden: num('model.hidden_size'),
    layers: num('model.layers'),
    activation: str('model.activation') as Activation,
    epochs: num('training.epochs'),
    stepsPerRun: num('runtime.steps_per_run'),
    finetune: readFinetuneSettings(c),
    preprocess: {
      categorical: str('data.categorical') as PreprocessOptions['categorical'],
      maxLevels: num('data.max_levels'),
      missing: str('data.missing') as PreprocessOptions['missing'],
      indicator: c['data.missing_indicator'] as boolean
    }
  }
}
