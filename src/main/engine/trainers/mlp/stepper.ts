import * as ort from 'onnxruntime-node'
import { Rng } from '../../datasets/random'
import { fillDropoutMask } from '../../onnx/nn'
import type { Carried, TrainStepModel } from '../../onnx/train-step'
import type { Part } from './data'
import { firstNonFinite } from './monitor'

/** Input buffers of one micro-batch size, filled in place each step; the tensors wrap them once. */
interface Buffers {
  rows: number
  x: Float32Array
  y: BigInt64Array | Float32Array
  masks: Float32Array[]
  feeds: Record<string, ort.Tensor>
}

export interface StepResult {
  /** Mean loss over the micro-batches of the update. */
  loss: number
  correct: number
  diagnostics?: ArrayLike<number>
  /** Set when a loss was NaN or infinite: what went wrong, with the step and the tensor. */
  diverged?: string
}

const zeros = (c: Carried): ort.Tensor => new ort.Tensor('float32', new Float32Array(c.shape.reduce((a, b) => a * b, 1)), c.shape)

/**
 * Runs optimizer steps: for gradient accumulation, k − 1 micro-batches through the accumulate
 * session and the last through the step session, which applies the update. Parameters and
 * optimizer state go from one run's outputs to the next run's inputs without copies. The
 * diagnostics are a second step session rather than extra outputs of the first, because on
 * small models the extra nodes would cost every step several percent.
 */
export class Stepper {
  /** Parameters and optimizer state as the last update left them, plus lr, t and grad_scale. */
  readonly feeds: Record<string, ort.Tensor> = {}
  private readonly lrValue = new Float32Array(1)
  private readonly stepValue = new Float32Array(1)
  private readonly scaleValue = new Float32Array(1)
  private readonly buffers = new Map<number, Buffers>()
  private readonly maskRng: Rng

  constructor(
    private readonly model: TrainStepModel,
    private readonly step: ort.InferenceSession,
    /** The same step with the `diagnostics` output, run only on the steps that record it. */
    private readonly diagnosticStep: ort.InferenceSession | null,
    private readonly accumulate: ort.InferenceSession | null,
    private readonly part: Part,
    private readonly features: number,
    private readonly masks: { name: string; width: number; p: number }[],
    init: Float32Array[],
    maskSeed: number
  ) {
    model.params.forEach((p, i) => (this.feeds[p.name] = new ort.Tensor('float32', init[i], p.shape)))
    for (const c of model.carried.slice(model.params.length)) this.feeds[c.input] = zeros(c)
    for (const c of model.accumulators) this.feeds[c.input] = zeros(c)
    this.feeds.lr = new ort.Tensor('float32', this.lrValue, [])
    this.feeds.t = new ort.Tensor('float32', this.stepValue, [])
    if (model.accumulators.length) this.feeds.grad_scale = new ort.Tensor('float32', this.scaleValue, [])
    this.maskRng = new Rng(maskSeed)
  }

  private buffersFor(rows: number): Buffers {
    let b = this.buffers.get(rows)
    if (!b) {
      const f = this.features
      const x = new Float32Array(rows * f)
      const regression = this.part.y instanceof Float32Array
      const y = regression ? new Float32Array(rows) : new BigInt64Array(rows)
      const masks = this.masks.map((m) => new Float32Array(rows * m.width))
      const feeds: Record<string, ort.Tensor> = {
        x: new ort.Tensor('float32', x, [rows, f]),
        y: regression ? new ort.Tensor('float32', y as Float32Array, [rows, 1]) : new ort.Tensor('int64', y as BigInt64Array, [rows])
      }
      this.masks.forEach((m, i) => (feeds[m.name] = new ort.Tensor('float32', masks[i], [rows, m.width])))
      b = { rows, x, y, masks, feeds }
      this.buffers.set(rows, b)
    }
    return b
  }

  private fill(order: Uint32Array, start: number, rows: number): Buffers {
    const b = this.buffersFor(rows)
    const f = this.features
    const { x, y } = this.part
    for (let i = 0; i < rows; i++) {
      const r = order[start + i]
      b.x.set(x.subarray(r * f, (r + 1) * f), i * f)
      b.y[i] = y[r]
    }
    this.masks.forEach((m, i) => fillDropoutMask(b.masks[i], m.p, () => this.maskRng.next()))
    return b
  }

  /** One optimizer step over the micro-batches `[start, rows]` of `order`. */
  async update(order: Uint32Array, micro: [number, number][], lr: number, step: number, withDiagnostics: boolean): Promise<StepResult> {
    this.lrValue[0] = lr
    this.stepValue[0] = step
    this.scaleValue[0] = 1 / micro.length
    let lossSum = 0
    let correct = 0
    for (let j = 0; j < micro.length; j++) {
      const b = this.fill(order, micro[j][0], micro[j][1])
      const last = j === micro.length - 1
      const session = withDiagnostics && this.diagnosticStep ? this.diagnosticStep : this.step
      const out = last ? await session.run(Object.assign(this.feeds, b.feeds)) : await this.accumulate!.run(this.microFeeds(b))
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
      const diagnostics = out.diagnostics ? (out.diagnostics.data as Float32Array) : undefined
      return { loss: lossSum / micro.length, correct, diagnostics }
    }
    throw new Error('an optimizer step needs at least one micro-batch')
  }

  /** The accumulate session's inputs: it takes no lr, t or optimizer state. */
  private microFeeds(b: Buffers): Record<string, ort.Tensor> {
    const feeds: Record<string, ort.Tensor> = { ...b.feeds, grad_scale: this.feeds.grad_scale }
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

  /** The current parameters by name, for the eval session. */
  params(): Record<string, ort.Tensor> {
    return Object.fromEntries(this.model.params.map((p) => [p.name, this.feeds[p.name]]))
  }
}
