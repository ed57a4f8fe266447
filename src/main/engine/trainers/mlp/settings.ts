import type { Config } from '../../../../shared/api'
import { scheduleFromConfig, type ScheduleSpec } from '../../../../shared/schedules'
import type { Activation } from '../../onnx/mlp-graph'
import type { OptimizerSpec } from '../../onnx/optimizers'
import { readFinetuneSettings, type FinetuneSettings } from '../common/finetune'
import { completeMlpConfig } from './schema'

export type TaskSetting = 'auto' | 'classification' | 'regression'

export interface EarlyStoppingSettings {
  /** 0 turns early stopping off. */
  patience: number
  minDelta: number
  /** Weight of the previous smoothed value; 0 means no smoothing. */
  ema: number
  metric: 'val/loss' | 'val/accuracy' | 'val/rmse'
}

/** The `mlp` config as typed values, read once at the start of a run. */
export interface MlpSettings {
  target: string
  task: TaskSetting
  valFraction: number
  /** The validation fold of a k-fold dataset version. */
  fold: number
  batchSize: number
  hidden: number
  layers: number
  activation: Activation
  dropout: number
  optimizer: OptimizerSpec
  lr: number
  layerDecay: number
  clipNorm: number
  accumulation: number
  schedule: ScheduleSpec
  epochs: number
  seed: number
  earlyStopping: EarlyStoppingSettings
  diagnostics: { every: number; window: number }
  device: string
  threads: number
  /** Optimizer steps chained in one session run. */
  stepsPerRun: number
  finetune: FinetuneSettings
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

export function readSettings(config: Config, providers: string[]): MlpSettings {
  const c = completeMlpConfig(config, providers)
  const num = (key: string): number => c[key] as number
  const str = (key: string): string => c[key] as string
  return {
    target: str('data.target').trim(),
    task: str('data.task') as TaskSetting,
    valFraction: num('data.val_fraction'),
    fold: num('data.fold'),
    batchSize: num('data.batch_size'),
    hidden: num('model.hidden_size'),
    layers: num('model.layers'),
    activation: str('model.activation') as Activation,
    dropout: num('regularization.dropout'),
    optimizer: optimizerOf(str('optimizer.name'), num, c['optimizer.nesterov'] === true),
    lr: num('optimizer.lr'),
    layerDecay: num('optimizer.layer_lr_decay'),
    clipNorm: num('optimizer.clip_norm'),
    accumulation: num('optimizer.grad_accumulation'),
    schedule: scheduleFromConfig(c).spec,
    epochs: num('training.epochs'),
    seed: num('training.seed'),
    earlyStopping: {
      patience: num('early_stopping.patience'),
      minDelta: num('early_stopping.min_delta'),
      ema: num('early_stopping.ema'),
      metric: str('early_stopping.metric') as EarlyStoppingSettings['metric']
    },
    diagnostics: { every: num('diagnostics.every'), window: num('diagnostics.window') },
    device: str('runtime.device'),
    threads: num('runtime.threads'),
    stepsPerRun: num('runtime.steps_per_run'),
    finetune: readFinetuneSettings(c)
  }
}
