import * as ort from 'onnxruntime-node'
import { mergeLora } from '../../onnx/lora'
import type { MlpSpec } from '../../onnx/mlp-graph'
import { stateSlots } from '../../onnx/optimizers'
import { loraMeta, monitorMode, saveCheckpoints, type TrainingMeta } from '../common/checkpoints'
import type { FineTunedModel } from '../common/finetune'
import type { TrainContext } from '../protocol'
import type { PreparedData } from './data'
import type { EvalMetrics } from './evaluate'
import { modelMeta, type MlpModelMeta } from './setup'
import type { MlpSettings } from './settings'
import type { Stepper } from './stepper'

/**
 * What a run keeps between epochs: the evaluations so far, the best value of the monitored
 * metric, and the checkpoints (latest every epoch, best when it improved) that resume and
 * export read.
 */
export class Progress {
  readonly history: EvalMetrics[]
  private best: number
  private bestStep: number
  private readonly monitor: { metric: string; mode: 'min' | 'max' }
  private readonly model: MlpModelMeta

  constructor(
    private readonly ctx: TrainContext,
    private readonly s: MlpSettings,
    spec: MlpSpec,
    data: PreparedData,
    private readonly tuned: FineTunedModel,
    resumed?: TrainingMeta<MlpModelMeta>
  ) {
    this.monitor = { metric: s.earlyStopping.metric, mode: monitorMode(s.earlyStopping.metric) }
    this.history = resumed?.history ?? []
    this.best = resumed?.monitor.best ?? (this.monitor.mode === 'min' ? Infinity : -Infinity)
    this.bestStep = resumed?.monitor.bestStep ?? 0
    this.model = modelMeta(spec, data)
  }

  /** The base parameters the eval graph reads: with LoRA, the adapters merged as an export merges them. */
  evalParams(stepper: Stepper): Record<string, ort.Tensor> {
    if (this.tuned.adapters.length === 0) return stepper.params(this.tuned.base)
    const values = new Map(this.tuned.all.map((p) => [p.name, stepper.feeds[p.name].data as Float32Array]))
    const merged = mergeLora(values, this.tuned.adapters, this.tuned.scale)
    return Object.fromEntries(this.tuned.base.map((p) => [p.name, new ort.Tensor('float32', merged.get(p.name)!, p.shape)]))
  }

  checkpoint(stepper: Stepper, epoch: number, step: number, metrics: EvalMetrics): void {
    this.history.push(metrics)
    const value = metrics[this.monitor.metric] ?? metrics['val/loss']
    const improved = this.monitor.mode === 'min' ? value < this.best : value > this.best
    if (improved) [this.best, this.bestStep] = [value, step]
    const lora = this.s.finetune.lora
    const meta: TrainingMeta<MlpModelMeta> = {
      runId: this.ctx.job.runId,
      step,
      epoch,
      metrics,
      history: this.history,
      monitor: { ...this.monitor, best: this.best, bestStep: this.bestStep },
      lora: lora ? loraMeta(this.tuned.adapters, lora.rank, lora.alpha, this.tuned.scale) : null,
      optimizer: { name: this.s.optimizer.name, slots: stateSlots(this.s.optimizer), trainable: this.tuned.def.params.map((p) => p.name) },
      model: this.model
    }
    try {
      saveCheckpoints(this.ctx.job.workDir, 'mlp', meta, stepper.tensors(this.tuned.all), improved)
    } catch (err) {
      // A full disk costs the checkpoint, not the run: training goes on and the log says so.
      this.ctx.log(`could not write the checkpoint of epoch ${epoch}: ${(err as Error).message}`)
    }
  }
}
