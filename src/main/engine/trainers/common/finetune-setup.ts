import { AppError } from '../../../../shared/errors'
import { msg, type CodedMessage } from '../../../../shared/messages'
import { codedLogLine } from '../../../../shared/messages/log-lines'
import { Rng } from '../../random'
import { readCheckpoint } from '../../onnx/checkpoint'
import { stateSlots, type OptimizerSpec } from '../../onnx/optimizers'
import type { ModelDefinition, ParamInfo } from '../../onnx/train-step'
import type { TrainContext, TrainerJob } from '../protocol'
import type { BatchStepperOptions } from './batch-stepper'
import { loadStartWeights, type TrainingMeta } from './checkpoints'
import { fineTuneModel, startValues, type FineTunedModel, type FinetuneSettings } from './finetune'

/**
 * The starting point of a run of any built-in trainer: the model with LoRA and freezing
 * applied, and every tensor's value from this run's latest checkpoint (resume, with optimizer
 * state), another run's checkpoint (`finetune.from_run`, shapes checked) or the trainer's own
 * seeded init.
 */

export interface FineTuneSetup<M> {
  tuned: FineTunedModel
  /** What the BatchStepper starts from: values, frozen constants, optimizer state, LoRA masks. */
  stepper: BatchStepperOptions
  /** The checkpoint meta a resume starts from. */
  resumed?: TrainingMeta<M>
}

export interface FineTuneSetupOptions {
  trainer: string
  def: ModelDefinition
  finetune: FinetuneSettings
  optimizer: OptimizerSpec
  job: TrainerJob
  /** Seeded initial values of the base parameters, in their order. */
  init(base: ParamInfo[]): Float32Array[]
  /** Seed of the LoRA adapters' initial A. */
  loraSeed: number
  /** What the checkpoint's `epoch` counts, for the log: epochs, or evaluations in a step-based trainer. */
  unit: 'epoch' | 'evaluation'
  log(line: string): void
}

export function setUpFineTuning<M>(o: FineTuneSetupOptions): FineTuneSetup<M> {
  const tuned = fineTuneModel(o.def, o.finetune)
  const masks = tuned.adapters.flatMap((ad) => (ad.mask ? [{ name: ad.mask, p: o.finetune.lora!.dropout, shape: [ad.target.shape[0], 1] }] : []))
  const constants = tuned.def.constantInputs ?? []
  if (o.job.resume) {
    const ckpt = readCheckpoint<TrainingMeta<M>>(o.job.resume)
    const byName = new Map(ckpt.tensors.map((t) => [t.name, t.data]))
    const slots = stateSlots(o.optimizer)
    const needed = [...tuned.all.map((p) => p.name), ...tuned.def.params.flatMap((p) => slots.map((k) => `${p.name}.${k}`))]
    const missing = needed.find((n) => !byName.has(n))
    if (missing) throw AppError.coded('CONFLICT', msg('trainer.checkpointMismatch', { path: o.job.resume, missing }))
    o.log(codedLogLine(msg(o.unit === 'epoch' ? 'log.resumingEpoch' : 'log.resumingEvaluation', { step: ckpt.meta.step, epoch: ckpt.meta.epoch })))
    return { tuned, stepper: { values: byName, state: byName, constants, masks }, resumed: ckpt.meta }
  }
  let base: Map<string, Float32Array>
  if (o.job.startFrom) {
    base = loadStartWeights(o.job.startFrom.checkpoint, o.job.startFrom.runId, o.trainer, tuned.base)
    o.log(codedLogLine(msg('log.startingFrom', { id: o.job.startFrom.runId, checkpoint: o.job.startFrom.checkpoint })))
  } else {
    const init = o.init(tuned.base)
    base = new Map(tuned.base.map((p, i) => [p.name, init[i]]))
  }
  return { tuned, stepper: { values: startValues(tuned, base, new Rng(o.loraSeed)), constants, masks } }
}

/** Logs and records what trains: once per run, not again when it resumes. */
export function reportCounts(ctx: TrainContext, tuned: FineTunedModel, resumed: boolean): CodedMessage {
  const { counts } = tuned
  if (!resumed) {
    ctx.metric('params/trainable', 0, counts.trainable)
    ctx.metric('params/total', 0, counts.total)
    ctx.metric('params/trainable_ratio', 0, counts.ratio)
  }
  const values = { trainable: counts.trainable, total: counts.total, percent: `${(100 * counts.ratio).toFixed(2)}%` }
  if (!tuned.adapters.length) return msg('log.counts', values)
  return msg('log.countsLora', { ...values, targets: tuned.adapters.map((a) => a.target.name).join(', ') })
}
