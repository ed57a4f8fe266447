import * as ort from 'onnxruntime-node'
import type { Carried, TrainStepModel } from '../../onnx/train-step'
import { firstNonFinite } from '../mlp/monitor'

/** The sessions of one model: the step, the same step with diagnostics, and the micro-batch graph of accumulation. */
export interface StepSessions {
  step: ort.InferenceSession
  diagnostic: ort.InferenceSession | null
  accumulate: ort.InferenceSession | null
}

export interface BatchStepResult {
  /** Mean loss over the micro-batches of the update. */
  loss: number
  /** Sum of the model's `correct` output over the micro-batches, when it has one. */
  correct: number
  diagnostics?: ArrayLike<number>
  /** Set when a loss was NaN or infinite: what went wrong, with the step and the tensor. */
  diverged?: string
}

const zeros = (c: Carried): ort.Tensor => new ort.Tensor('float32', new Float32Array(c.shape.reduce((a, b) => a * b, 1)), c.shape)

/**
 * Runs optimizer steps of any train-step model whose batch inputs the caller fills: k − 1
 * micro-batches through the accumulate session, the last through the step session, parameters
 * and optimizer state passed from one run's outputs to the next run's inputs without copies. The
 * text-classifier and char-lm trainers share it; unlike the mlp's stepper it knows nothing of rows.
 */
export class BatchStepper {
  /** Parameters and optimizer state as the last update left them, plus lr, t and grad_scale. */
  private readonly feeds: Record<string, ort.Tensor> = {}
  private readonly lrValue = new Float32Array(1)
  private readonly stepValue = new Float32Array(1)
  private readonly scaleValue = new Float32Array(1)

  constructor(
    private readonly model: TrainStepModel,
    private readonly sessions: StepSessions,
    /** Initial parameter values by name. */
    init: ReadonlyMap<string, Float32Array>
  ) {
    for (const p of model.params) {
      const values = init.get(p.name)
      if (!values) throw new Error(`no initial value for ${p.name}`)
      this.feeds[p.name] = new ort.Tensor('float32', values, p.shape)
    }
    for (const c of model.carried.slice(model.params.length)) this.feeds[c.input] = zeros(c)
    for (const c of model.accumulators) this.feeds[c.input] = zeros(c)
    this.feeds.lr = new ort.Tensor('float32', this.lrValue, [])
    this.feeds.t = new ort.Tensor('float32', this.stepValue, [])
    if (model.accumulators.length) this.feeds.grad_scale = new ort.Tensor('float32', this.scaleValue, [])
  }

  /** One optimizer step over `micro` micro-batches; `fill(j)` returns micro-batch j's batch inputs just before it runs. */
  async update(micro: number, fill: (j: number) => Record<string, ort.Tensor>, lr: number, step: number, withDiagnostics: boolean): Promise<BatchStepResult> {
    if (micro < 1) throw new Error('an optimizer step needs at least one micro-batch')
    this.lrValue[0] = lr
    this.stepValue[0] = step
    this.scaleValue[0] = 1 / micro
    let [lossSum, correct] = [0, 0]
    for (let j = 0; j < micro; j++) {
      const batch = fill(j)
      const last = j === micro - 1
      const session = last ? ((withDiagnostics && this.sessions.diagnostic) || this.sessions.step) : this.sessions.accumulate!
      const out = await session.run(last ? { ...this.feeds, ...batch } : this.microFeeds(batch))
      const loss = out.loss.data[0] as number
      if (!Number.isFinite(loss)) return { loss, correct, diverged: this.explain(loss, step) }
      lossSum += loss
      if (out.correct) correct += out.correct.data[0] as number
      if (!last) {
        for (const a of this.model.accumulators) this.feeds[a.input] = out[a.output] as ort.Tensor
        continue
      }
      for (const c of this.model.carried) this.feeds[c.input] = out[c.output] as ort.Tensor
      for (const a of this.model.accumulators) this.feeds[a.input] = zeros(a)
      return { loss: lossSum / micro, correct, diagnostics: out.diagnostics?.data as Float32Array | undefined }
    }
    throw new Error('unreachable')
  }

  /** The accumulate session's inputs: it takes no lr, t or optimizer state. */
  private microFeeds(batch: Record<string, ort.Tensor>): Record<string, ort.Tensor> {
    const feeds: Record<string, ort.Tensor> = { ...batch, grad_scale: this.feeds.grad_scale }
    for (const p of this.model.params) feeds[p.name] = this.feeds[p.name]
    for (const a of this.model.accumulators) feeds[a.input] = this.feeds[a.input]
    return feeds
  }

  /** Names the tensor behind a non-finite loss: a parameter the previous update broke, or the forward pass. */
  private explain(loss: number, step: number): string {
    const bad = firstNonFinite(this.model.params.map((p) => [p.name, this.feeds[p.name].data as Float32Array]))
    const head = `train/loss is ${loss} at step ${step}`
    if (bad) return `${head}: ${bad.name} became ${bad.value} in the update of step ${step - 1}`
    return `${head}: the forward pass overflowed with finite parameters`
  }

  /** The current parameters by name as session inputs, for eval and sampling sessions. */
  params(): Record<string, ort.Tensor> {
    return Object.fromEntries(this.model.params.map((p) => [p.name, this.feeds[p.name]]))
  }

  /** The current parameters as named arrays with their shapes, the form checkpoints save. */
  values(): Map<string, { shape: number[]; data: Float32Array }> {
    return new Map(this.model.params.map((p) => [p.name, { shape: p.shape, data: this.feeds[p.name].data as Float32Array }]))
  }
}
