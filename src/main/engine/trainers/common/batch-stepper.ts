import * as ort from 'onnxruntime-node'
import { Rng } from '../../random'
import type { CheckpointTensor } from '../../onnx/checkpoint'
import { fillDropoutMask } from '../../onnx/nn'
import type { Carried, ParamInfo, TrainStepModel } from '../../onnx/train-step'
import { SparseRows, type SparseRowsSpec } from './sparse-rows'
import { explainDivergence, type StepResult } from './step-result'

/** The sessions of one model: the step, the same step with diagnostics, and the micro-batch graph of accumulation. */
export interface StepSessions {
  step: ort.InferenceSession
  diagnostic: ort.InferenceSession | null
  accumulate: ort.InferenceSession | null
}

export interface BatchStepperOptions {
  /** Starting values of every trainable parameter and of every constant (frozen) input, by name. */
  values: ReadonlyMap<string, Float32Array>
  /** Frozen parameters: fed to every run, never updated. */
  constants?: ParamInfo[]
  /** Optimizer state by `<param>.<slot>` when resuming; zeros otherwise. */
  state?: ReadonlyMap<string, Float32Array>
  /** Masks the stepper draws itself each micro-batch (LoRA dropout, [in, 1]). */
  masks?: { name: string; p: number; shape: number[] }[]
  /** An embedding trained row-sparsely: the model's step graph takes only the rows a step uses, at most `capacity` (see SparseRows). */
  sparse?: SparseRowsSpec
}

const sized = (shape: number[]): number => shape.reduce((a, b) => a * b, 1)
const zeros = (c: Carried): ort.Tensor => new ort.Tensor('float32', new Float32Array(sized(c.shape)), c.shape)

/**
 * Runs optimizer steps of any train-step model whose batch inputs the caller fills: k − 1
 * micro-batches through the accumulate session, the last through the step session, parameters
 * and optimizer state passed from one run's outputs to the next run's inputs without copies;
 * frozen parameters are fed once and never come back. The text-classifier and char-lm trainers
 * share it. It knows nothing of rows: the mlp's RowStepper gathers rows into buffers of its own
 * and chains several steps in one session run, which a caller-filled batch cannot.
 */
export class BatchStepper {
  /** Parameters, constants and optimizer state as the last update left them, plus lr, t and grad_scale. */
  private readonly feeds: Record<string, ort.Tensor> = {}
  private readonly lrValue = new Float32Array(1)
  private readonly stepValue = new Float32Array(1)
  private readonly scaleValue = new Float32Array(1)
  private readonly constants: ParamInfo[]
  private readonly masks: { name: string; p: number; data: Float32Array; tensor: ort.Tensor }[]
  private maskRng = new Rng(0)
  private readonly sparse: SparseRows | null = null

  constructor(
    private readonly model: TrainStepModel,
    private readonly sessions: StepSessions,
    o: BatchStepperOptions
  ) {
    this.constants = o.constants ?? []
    if (o.sparse) {
      if (model.accumulators.length) throw new Error('row-sparse training takes one micro-batch a step')
      const param = model.params.find((p) => p.name === o.sparse!.param)
      if (!param) throw new Error(`${o.sparse.param} is not a trainable parameter`)
      const values = o.values.get(param.name)
      if (!values) throw new Error(`no initial value for ${param.name}`)
      const owned = model.carried.filter((c) => c.input === param.name || c.input.startsWith(`${param.name}.`))
      const arrays = new Map(owned.map((c) => [c.input, c.input === param.name ? values : (o.state?.get(c.input) ?? new Float32Array(values.length))]))
      this.sparse = new SparseRows(o.sparse, arrays, sized(param.shape) / param.shape[0])
    }
    for (const p of [...model.params, ...this.constants]) {
      if (this.sparse?.owns(p.name)) continue
      const values = o.values.get(p.name)
      if (!values) throw new Error(`no initial value for ${p.name}`)
      this.feeds[p.name] = new ort.Tensor('float32', values, p.shape)
    }
    for (const c of model.carried.slice(model.params.length)) {
      if (this.sparse?.owns(c.input)) continue
      const saved = o.state?.get(c.input)
      this.feeds[c.input] = saved ? new ort.Tensor('float32', saved, c.shape) : zeros(c)
    }
    for (const c of model.accumulators) this.feeds[c.input] = zeros(c)
    this.feeds.lr = new ort.Tensor('float32', this.lrValue, [])
    this.feeds.t = new ort.Tensor('float32', this.stepValue, [])
    if (model.accumulators.length) this.feeds.grad_scale = new ort.Tensor('float32', this.scaleValue, [])
    this.masks = (o.masks ?? []).map((m) => {
      const data = new Float32Array(sized(m.shape))
      return { name: m.name, p: m.p, data, tensor: new ort.Tensor('float32', data, m.shape) }
    })
  }

  /** Draws the stepper's own masks from a fresh stream, so a resumed run draws what the whole run drew. */
  reseedMasks(seed: number): void {
    this.maskRng = new Rng(seed)
  }

  /** The caller's batch inputs plus the stepper's masks, freshly drawn. */
  private withMasks(batch: Record<string, ort.Tensor>): Record<string, ort.Tensor> {
    if (this.masks.length === 0) return batch
    const out = { ...batch }
    for (const m of this.masks) {
      fillDropoutMask(m.data, m.p, () => this.maskRng.next())
      out[m.name] = m.tensor
    }
    return out
  }

  /** One optimizer step over `micro` micro-batches; `fill(j)` returns micro-batch j's batch inputs just before it runs. */
  async update(micro: number, fill: (j: number) => Record<string, ort.Tensor>, lr: number, step: number, withDiagnostics: boolean): Promise<StepResult> {
    if (micro < 1) throw new Error('an optimizer step needs at least one micro-batch')
    this.lrValue[0] = lr
    this.stepValue[0] = step
    this.scaleValue[0] = 1 / micro
    let [lossSum, correct] = [0, 0]
    for (let j = 0; j < micro; j++) {
      const batch = this.withMasks(fill(j))
      const last = j === micro - 1
      const session = last ? ((withDiagnostics && this.sessions.diagnostic) || this.sessions.step) : this.sessions.accumulate!
      const feeds = last ? { ...this.feeds, ...(this.sparse ? this.sparse.prepare(batch) : batch) } : this.microFeeds(batch)
      const out = await session.run(feeds)
      const loss = out.loss.data[0] as number
      if (!Number.isFinite(loss)) return { loss, correct, diverged: explainDivergence(loss, step, this.model.params.map((p) => [p.name, this.value(p.name).data as Float32Array])) }
      lossSum += loss
      if (out.correct) correct += out.correct.data[0] as number
      if (!last) {
        for (const a of this.model.accumulators) this.feeds[a.input] = out[a.output] as ort.Tensor
        continue
      }
      for (const c of this.model.carried) if (!this.sparse?.owns(c.input)) this.feeds[c.input] = out[c.output] as ort.Tensor
      this.sparse?.commit(out, (input) => this.model.carried.find((c) => c.input === input)!.output)
      for (const a of this.model.accumulators) this.feeds[a.input] = zeros(a)
      return { loss: lossSum / micro, correct, diagnostics: out.diagnostics?.data as Float32Array | undefined }
    }
    throw new Error('unreachable')
  }

  /** The accumulate session's inputs: it takes no lr, t or optimizer state. */
  private microFeeds(batch: Record<string, ort.Tensor>): Record<string, ort.Tensor> {
    const feeds: Record<string, ort.Tensor> = { ...batch, grad_scale: this.feeds.grad_scale }
    for (const p of [...this.model.params, ...this.constants]) feeds[p.name] = this.feeds[p.name]
    for (const a of this.model.accumulators) feeds[a.input] = this.feeds[a.input]
    return feeds
  }

  /** Every parameter, trainable and frozen, by name as session inputs. */
  params(): Record<string, ort.Tensor> {
    return Object.fromEntries([...this.model.params, ...this.constants].map((p) => [p.name, this.value(p.name)]))
  }

  /** Every parameter (trainable and frozen) and optimizer state tensor, as a checkpoint holds them. */
  tensors(): CheckpointTensor[] {
    const names = [...this.model.params, ...this.constants].map((p) => p.name).concat(this.model.carried.slice(this.model.params.length).map((c) => c.input))
    return names.map((name) => {
      const t = this.value(name)
      return { name, shape: t.dims as number[], data: t.data as Float32Array }
    })
  }

  /** A parameter or state tensor at its full size: a row-sparse table from its full array. */
  private value(name: string): ort.Tensor {
    return this.sparse?.owns(name) ? this.sparse.fullTensor(name) : this.feeds[name]
  }
}
