import type { Config } from '../../../../shared/api'
import type { OptimizerSpec } from '../../onnx/optimizers'
import type { ScheduleSpec } from '../../onnx/schedules'
import { completeMlpConfig } from './schema'

/** The `mlp` config as typed values, read once at the start of a run. */
export interface MlpSettings {
  target: string
  valFraction: number
  batchSize: number
  hidden: number
  layers: number
  activation: 'relu' | 'tanh'
  optimizer: OptimizerSpec
  lr: number
  schedule: ScheduleSpec
  epochs: number
  seed: number
  device: string
  threads: number
}

export function readSettings(config: Config, providers: string[]): MlpSettings {
  const c = completeMlpConfig(config, providers)
  const num = (key: string): number => c[key] as number
  const str = (key: string): string => c[key] as string
  const weightDecay = num('optimizer.weight_decay')
  const optimizer: OptimizerSpec =
    str('optimizer.name') === 'sgd'
      ? { name: 'sgd', momentum: num('optimizer.momentum'), weightDecay }
      : { name: 'adamw', beta1: num('optimizer.beta1'), beta2: num('optimizer.beta2'), eps: 1e-8, weightDecay }
  const schedule: ScheduleSpec =
    str('schedule.name') === 'warmup_cosine'
      ? { name: 'warmup_cosine', warmupSteps: num('schedule.warmup_steps'), minLr: num('schedule.min_lr') }
      : { name: 'constant' }
  return {
    target: str('data.target').trim(),
    valFraction: num('data.val_fraction'),
    batchSize: num('data.batch_size'),
    hidden: num('model.hidden_size'),
    layers: num('model.layers'),
    activation: str('model.activation') === 'tanh' ? 'tanh' : 'relu',
    optimizer,
    lr: num('optimizer.lr'),
    schedule,
    epochs: num('training.epochs'),
    seed: num('training.seed'),
    device: str('runtime.device'),
    threads: num('runtime.threads')
  }
}
