import type { Config } from '../../../../shared/api'
import { scheduleFromConfig, type ScheduleSpec } from '../../../../shared/schedules'
import type { OptimizerSpec } from '../../onnx/optimizers'
import { commonParamSpecs } from './params'

export interface EarlyStoppingSettings {
  /** 0 turns early stopping off. */
  patience: number
  minDelta: number
  /** Weight of the previous smoothed value; 0 means no smoothing. */
  ema: number
  metric: 'val/loss' | 'val/accuracy' | 'val/rmse'
}

/** The shared parameters as typed values: split, batch, optimizer, schedule, stopping, diagnostics, runtime. */
export interface TrainingSettings {
  valFraction: number
  batchSize: number
  dropout: number
  optimizer: OptimizerSpec
  lr: number
  layerDecay: number
  clipNorm: number
  accumulation: number
  schedule: ScheduleSpec
  seed: number
  earlyStopping: EarlyStoppingSettings
  diagnostics: { every: number; window: number }
  device: string
  threads: number
}

function optimizerOf(name: string, num: (key: string) => number, nesterov: boolean): OptimizerSpec {
  const weightDecay = num('optimizer.weight_decay')
  const [beta1, beta2, eps] = [num('optimizer.beta1'), num('optimizer.beta2'), num('optimizer.eps')]
  switch (name) {
    case 'sgd':
      return { name, momentum: num('optimizer.momentum'), nesterov, weightDecay }
    case 'lion':
      return { name, beta1, beta2, weightDecay }
    case 'adam':
      return { name, beta1, beta2, eps, weightDecay }
    default:
      return { name: 'adamw', beta1, beta2, eps, weightDecay }
  }
}

const defaults: Config = Object.fromEntries(commonParamSpecs([]).map((p) => [p.key, p.default]))

/**
 * Reads the shared settings of a config its trainer has already checked against its own schema.
 * A key the trainer does not declare (char-lm has no early_stopping.metric) takes the shared
 * default, so every trainer understands a value the same way.
 */
export function readTrainingSettings(config: Config): TrainingSettings {
  const c: Config = { ...defaults, ...config }
  const num = (key: string): number => c[key] as number
  const str = (key: string): string => c[key] as string
  return {
    valFraction: num('data.val_fraction'),
    batchSize: num('data.batch_size'),
    dropout: num('regularization.dropout'),
    optimizer: optimizerOf(str('optimizer.name'), num, c['optimizer.nesterov'] === true),
    lr: num('optimizer.lr'),
    layerDecay: num('optimizer.layer_lr_decay'),
    clipNorm: num('optimizer.clip_norm'),
    accumulation: num('optimizer.grad_accumulation'),
    schedule: scheduleFromConfig(c).spec,
    seed: num('training.seed'),
    earlyStopping: {
      patience: num('early_stopping.patience'),
      minDelta: num('early_stopping.min_delta'),
      ema: num('early_stopping.ema'),
      metric: str('early_stopping.metric') as EarlyStoppingSettings['metric']
    },
    diagnostics: { every: num('diagnostics.every'), window: num('diagnostics.window') },
    device: str('runtime.device'),
    threads: num('runtime.threads')
  }
}
