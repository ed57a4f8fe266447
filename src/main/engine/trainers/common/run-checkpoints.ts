import { msg } from '../../../../shared/messages'
import * as ort from 'onnxruntime-node'
import type { CheckpointTensor } from '../../onnx/checkpoint'
import { mergeLora } from '../../onnx/lora'
import { stateSlots, type OptimizerSpec } from '../../onnx/optimizers'
import type { TrainContext } from '../protocol'
import { CheckpointWriter, loraMeta, monitorMode, type TrainingMeta } from './checkpoints'
import type { FineTunedModel, FinetuneSettings } from './finetune'

export interface RunCheckpointsOptions<M> {
  trainer: string
  /** The validation metric whose best value marks the `best` checkpoint. */
  metric: string
  /** What one evaluation stands for in log lines: `epoch` for the mlp, `step` for the others. */
  unit?: 'epoch' | 'step'
  finetune: FinetuneSettings
  optimizer: OptimizerSpec
  tuned: FineTunedModel
  /** What an export needs to rebuild the model: sizes, vocabulary, classes. */
  model: M
}

/**
 * What a batch-stepped run keeps between evaluations: the evaluations so far (replayed by a resume
 * into early stopping and plateau tracking), the best monitored value, and the `latest` and `best`
 * checkpoints that resume and export read, written in the background (see CheckpointWriter).
 */
export class RunCheckpoints<M> {
  readonly history: Record<string, number>[]
  private best: number
  private bestStep: number
  private readonly mode: 'min' | 'max'
  private readonly writer: CheckpointWriter

  constructor(
    private readonly ctx: TrainContext,
    private readonly o: RunCheckpointsOptions<M>,
    resumed?: TrainingMeta<M>
  ) {
    this.mode = monitorMode(o.metric)
    this.history = resumed?.history ?? []
    this.best = resumed?.monitor.best ?? (this.mode === 'min' ? Infinity : -Infinity)
    this.bestStep = resumed?.monitor.bestStep ?? 0
    this.writer = new CheckpointWriter(ctx.job.workDir, o.trainer, (line) => ctx.log(line))
  }

  /** The base parameters the eval and sampling graphs read: with LoRA, the adapters merged as an export merges them. */
  evalParams(params: Record<string, ort.Tensor>): Record<string, ort.Tensor> {
    const { tuned } = this.o
    if (tuned.adapters.length === 0) return params
    const values = new Map(tuned.all.map((p) => [p.name, params[p.name].data as Float32Array]))
    const merged = mergeLora(values, tuned.adapters, tuned.scale)
    return Object.fromEntries(tuned.base.map((p) => [p.name, new ort.Tensor('float32', merged.get(p.name)!, p.shape)]))
  }

  /** Records an evaluation and queues `latest` (and `best` when it improved); `epoch` counts evaluations for the step-based trainers. */
  save(tensors: CheckpointTensor[], epoch: number, step: number, metrics: Record<string, number>): void {
    this.history.push(metrics)
    const value = metrics[this.o.metric] ?? metrics['val/loss']
    const improved = this.mode === 'min' ? value < this.best : value > this.best
    if (improved) [this.best, this.bestStep] = [value, step]
    const { finetune, tuned, optimizer } = this.o
    const meta: TrainingMeta<M> = {
      runId: this.ctx.job.runId,
      step,
      epoch,
      metrics,
      history: this.history,
      monitor: { metric: this.o.metric, mode: this.mode, best: this.best, bestStep: this.bestStep },
      lora: finetune.lora ? loraMeta(tuned.adapters, finetune.lora.rank, finetune.lora.alpha, tuned.scale) : null,
      optimizer: { name: optimizer.name, slots: stateSlots(optimizer), trainable: tuned.def.params.map((p) => p.name) },
      model: this.o.model
    }
    this.writer.save(meta, tensors, improved, this.o.unit === 'epoch' ? msg('log.atEpoch', { epoch }) : msg('log.atStep', { step }))
  }

  /** Waits for every queued checkpoint write. */
  flush(): Promise<void> {
    return this.writer.flush()
  }
}
