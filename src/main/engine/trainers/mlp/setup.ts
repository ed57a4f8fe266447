import { AppError } from '../../../../shared/errors'
import { Rng } from '../../random'
import { readCheckpoint } from '../../onnx/checkpoint'
import { initParams } from '../../onnx/init'
import { mlpDropoutMasks, mlpModel, type MlpSpec } from '../../onnx/mlp-graph'
import { stateSlots } from '../../onnx/optimizers'
import { loadStartWeights, type TrainingMeta } from '../common/checkpoints'
import { fineTuneModel, startValues, type FineTunedModel } from '../common/finetune'
import { streamSeed } from '../common/seeds'
import type { TrainerJob } from '../protocol'
import type { PreparedData } from './data'
import type { MlpSettings } from './settings'
import type { MaskSpec } from './row-stepper'

/** What the mlp stores in its checkpoints so an export can rebuild the model on raw features. */
export interface MlpModelMeta {
  spec: MlpSpec
  featureNames: string[]
  featureMean: number[]
  featureStd: number[]
  classes: string[]
  targetMean: number
  targetStd: number
}

export interface MlpSetup {
  spec: MlpSpec
  tuned: FineTunedModel
  /** Every tensor's starting value: trainable, frozen and adapters. */
  values: Map<string, Float32Array>
  /** Optimizer state when resuming. */
  state?: Map<string, Float32Array>
  /** The checkpoint meta a resume starts from. */
  resumed?: TrainingMeta<MlpModelMeta>
  masks: MaskSpec[]
}

export function modelMeta(spec: MlpSpec, data: PreparedData): MlpModelMeta {
  return {
    spec: { ...spec, dropout: 0 },
    featureNames: data.featureNames,
    featureMean: Array.from(data.featureMean),
    featureStd: Array.from(data.featureStd),
    classes: data.classes,
    targetMean: data.targetMean,
    targetStd: data.targetStd
  }
}

/**
 * The model of a run with its starting values: random (seeded), another run's checkpoint
 * (`finetune.from_run`), or this run's latest checkpoint when resuming, with optimizer state.
 */
export function setUpModel(s: MlpSettings, spec: MlpSpec, job: TrainerJob, log: (line: string) => void): MlpSetup {
  const tuned = fineTuneModel(mlpModel(spec), s.finetune)
  const masks: MaskSpec[] = mlpDropoutMasks(spec).map((m) => ({ name: m.name, p: s.dropout, shape: (rows) => [rows, m.width] }))
  for (const ad of tuned.adapters) if (ad.mask) masks.push({ name: ad.mask, p: s.finetune.lora!.dropout, shape: () => [ad.target.shape[0], 1] })
  if (job.resume) {
    const ckpt = readCheckpoint<TrainingMeta<MlpModelMeta>>(job.resume)
    const byName = new Map(ckpt.tensors.map((t) => [t.name, t.data]))
    const slots = stateSlots(s.optimizer)
    const needed = [...tuned.all.map((p) => p.name), ...tuned.def.params.flatMap((p) => slots.map((k) => `${p.name}.${k}`))]
    const missing = needed.find((n) => !byName.has(n))
    if (missing) throw new AppError('CONFLICT', `The checkpoint ${job.resume} does not match this run's model: it has no ${missing}`)
    log(`resuming from the checkpoint of step ${ckpt.meta.step} (epoch ${ckpt.meta.epoch})`)
    return { spec, tuned, values: byName, state: byName, resumed: ckpt.meta, masks }
  }
  let base: Map<string, Float32Array>
  if (job.startFrom) {
    base = loadStartWeights(job.startFrom.checkpoint, job.startFrom.runId, 'mlp', tuned.base)
    log(`starting from run ${job.startFrom.runId} (${job.startFrom.checkpoint})`)
  } else {
    const init = initParams(tuned.base, s.activation, new Rng(streamSeed(s.seed, 'init')), 'float32') as Float32Array[]
    base = new Map(tuned.base.map((p, i) => [p.name, init[i]]))
  }
  return { spec, tuned, values: startValues(tuned, base, new Rng(streamSeed(s.seed, 'lora'))), masks }
}
