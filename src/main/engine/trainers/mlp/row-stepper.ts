import * as ort from 'onnxruntime-node'
import { Rng } from '../../random'
import type { CheckpointTensor } from '../../onnx/checkpoint'
import { atMicro, type MultiStepModel } from '../../onnx/multi-step'
import { fillDropoutMask } from '../../onnx/nn'
import type { Carried, ParamInfo, TrainStepModel } from '../../onnx/train-step'
import type { Part } from '../common/part'
import { explainDivergence, type StepResult } from '../common/step-result'

/** A dropout mask input, drawn fresh for every micro-batch: the mlp's [rows, width] or LoRA's [in, 1]. */
export interface MaskSpec {
  name: string
  p: number
  shape(rows: number): number[]
}

/** Input buffers of one micro-batch slot, filled in place each step; the tensors wrap them once. */
interface Buffers {
  x: Float32Array
  y: BigInt64Array | Float32Array
  masks: Float32Array[]
  feeds: Record<string, ort.Tensor>
}

export interface StepperSessions {
  step: ort.InferenceSession
  /** The same step with the `diagnostics` output, run only on the steps that record it. */
  diagnostic: ort.InferenceSession | null
  accumulate: ort.InferenceSession | null
  /** Several steps chained in one graph (runtime.steps_per_run > 1). */
  chain: { session: ort.InferenceSession; model: MultiStepModel } | null
}

export interface StepperOptions {
  model: TrainStepModel
  sessions: StepperSessions
  part: Part
  features: number
  masks: MaskSpec[]
  /** Values of every trainable parameter and constant input (frozen parameters), by name. */
  values: ReadonlyMap<string, Float32Array>
  constants: ParamInfo[]
  /** Optimizer state by `<param>.<slot>` when resuming; zeros otherwise. */
  state?: ReadonlyMap<string, Float32Array>
}

const sized = (shape: number[]): number => shape.reduce((a, b) => a * b, 1)
const zeros = (c: Carried): ort.Tensor => new ort.Tensor('float32', new Float32Array(sized(c.shape)), c.shape)
const scalar = (): { value: Float32Array; tensor: ort.Tensor } => {
  const value = new Float32Array(1)
  return { value, tensor: new ort.Tensor('float32', value, []) }
}

/**
 * The mlp's stepper, apart from the shared BatchStepper because it owns its batches: it gathers a
 * part's rows by an epoch order into buffers allocated once per shape, and chains
 * runtime.steps_per_run steps in one session run (replaying a chain one step at a time to name
 * the tensor when a loss is not finite). Runs optimizer steps: for gradient accumulation, k − 1 micro-batches through the accumulate
 * session and the last through the step session, which applies the update; or K whole steps
 * through the chained session. Parameters and optimizer state go from one run's outputs to the
 * next run's inputs without copies; frozen parameters are fed once and never come back.
 */
export class RowStepper {
  /** Parameters and optimizer state as the last update left them, constants, lr, t and grad_scale. */
  readonly feeds: Record<string, ort.Tensor> = {}
  private readonly lr = scalar()
  private readonly t = scalar()
  private readonly scale = scalar()
  private readonly chainScalars: { lr: ReturnType<typeof scalar>; t: ReturnType<typeof scalar> }[]
  private readonly buffers = new Map<string, Buffers>()
  private maskRng = new Rng(0)

  constructor(private readonly o: StepperOptions) {
    const { model } = o
    for (const p of [...model.params, ...o.constants]) this.feeds[p.name] = new ort.Tensor('float32', o.values.get(p.name)!, p.shape)
    for (const c of model.carried.slice(model.params.length)) {
      const saved = o.state?.get(c.input)
      this.feeds[c.input] = saved ? new ort.Tensor('float32', saved, c.shape) : zeros(c)
    }
    for (const c of model.accumulators) this.feeds[c.input] = zeros(c)
    this.feeds.lr = this.lr.tensor
    this.feeds.t = this.t.tensor
    if (model.accumulators.length) this.feeds.grad_scale = this.scale.tensor
    this.chainScalars = Array.from({ length: o.sessions.chain?.model.steps ?? 0 }, () => ({ lr: scalar(), t: scalar() }))
  }

  /** Each epoch draws its masks from its own stream, so a run resumed at an epoch boundary repeats exactly. */
  reseedMasks(seed: number): void {
    this.maskRng = new Rng(seed)
  }

  private buffersFor(rows: number, slot: number): Buffers {
    const key = `${rows}:${slot}`
    let b = this.buffers.get(key)
    if (!b) {
      const f = this.o.features
      const regression = this.o.part.y instanceof Float32Array
      const x = new Float32Array(rows * f)
      const y = regression ? new Float32Array(rows) : new BigInt64Array(rows)
      const masks = this.o.masks.map((m) => new Float32Array(sized(m.shape(rows))))
      const feeds: Record<string, ort.Tensor> = {
        x: new ort.Tensor('float32', x, [rows, f]),
        y: regression ? new ort.Tensor('float32', y as Float32Array, [rows, 1]) : new ort.Tensor('int64', y as BigInt64Array, [rows])
      }
      this.o.masks.forEach((m, i) => (feeds[m.name] = new ort.Tensor('float32', masks[i], m.shape(rows))))
      b = { x, y, masks, feeds }
      this.buffers.set(key, b)
    }
    return b
  }

  private fill(order: Uint32Array, [start, rows]: [number, number], slot: number): Buffers {
    const b = this.buffersFor(rows, slot)
    const f = this.o.features
    const { x, y } = this.o.part
    for (let i = 0; i < rows; i++) {
      const r = order[start + i]
      b.x.set(x.subarray(r * f, (r + 1) * f), i * f)
      b.y[i] = y[r]
    }
    this.o.masks.forEach((m, i) => fillDropoutMask(b.masks[i], m.p, () => this.maskRng.next()))
    return b
  }

  /** One optimizer step over the micro-batches `[start, rows]` of `order`. */
  update(order: Uint32Array, micro: [number, number][], lr: number, step: number, withDiagnostics: boolean): Promise<StepResult> {
    return this.step(
      micro.map((m) => () => this.fill(order, m, 0)),
      lr,
      step,
      withDiagnostics
    )
  }

  /** One optimizer step over micro-batches whose buffers `batches[j]()` fills (or finds filled) just before they run. */
  private async step(batches: (() => Buffers)[], lr: number, step: number, withDiagnostics: boolean): Promise<StepResult> {
    const { model, sessions } = this.o
    this.lr.value[0] = lr
    this.t.value[0] = step
    this.scale.value[0] = 1 / batches.length
    let lossSum = 0
    let correct = 0
    for (let j = 0; j < batches.length; j++) {
      const b = batches[j]()
      const last = j === batches.length - 1
      const session = withDiagnostics && sessions.diagnostic ? sessions.diagnostic : sessions.step
      const out = last ? await session.run(Object.assign(this.feeds, b.feeds)) : await sessions.accumulate!.run(this.microFeeds(b))
      const loss = out.loss.data[0] as number
      if (!Number.isFinite(loss)) return { loss, correct, diverged: explainDivergence(loss, step, this.o.model.params.map((p) => [p.name, this.feeds[p.name].data as Float32Array])) }
      lossSum += loss
      if (out.correct) correct += out.correct.data[0] as number
      if (!last) {
        for (const a of model.accumulators) this.feeds[a.input] = out[a.output] as ort.Tensor
        continue
      }
      for (const c of model.carried) this.feeds[c.input] = out[c.output] as ort.Tensor
      for (const a of model.accumulators) this.feeds[a.input] = zeros(a)
      const diagnostics = out.diagnostics ? (out.diagnostics.data as Float32Array) : undefined
      return { loss: lossSum / batches.length, correct, diagnostics }
    }
    throw new Error('an optimizer step needs at least one micro-batch')
  }

  /** Steps per chained run, 0 without a chain. */
  get chainLength(): number {
    return this.o.sessions.chain?.model.steps ?? 0
  }

  /** `chainLength` steps in one session run; `steps[j]` are step j's micro-batches, all full. */
  async updateChain(order: Uint32Array, steps: [number, number][][], lrs: number[], firstStep: number): Promise<StepResult[]> {
    const { model, session } = this.o.sessions.chain!
    const feeds: Record<string, ort.Tensor> = {}
    for (const c of model.carried) feeds[c.input] = this.feeds[c.input]
    for (const p of this.o.constants) feeds[p.name] = this.feeds[p.name]
    steps.forEach((micro, j) => {
      this.chainScalars[j].lr.value[0] = lrs[j]
      this.chainScalars[j].t.value[0] = firstStep + j
      feeds[atMicro('lr', j)] = this.chainScalars[j].lr.tensor
      feeds[atMicro('t', j)] = this.chainScalars[j].t.tensor
      micro.forEach((m, k) => {
        const i = j * model.micro + k
        for (const [name, t] of Object.entries(this.fill(order, m, i).feeds)) feeds[atMicro(name, i)] = t
      })
    })
    const out = await session.run(feeds)
    const results: StepResult[] = []
    for (let j = 0; j < steps.length; j++) {
      let loss = 0
      let correct = 0
      for (let k = 0; k < model.micro; k++) {
        const i = j * model.micro + k
        loss += (out[atMicro('loss', i)].data[0] as number) / model.micro
        if (out[atMicro('correct', i)]) correct += out[atMicro('correct', i)].data[0] as number
      }
      if (!Number.isFinite(loss)) return this.replay(steps.slice(0, j + 1), lrs, firstStep, { loss, correct })
      results.push({ loss, correct })
    }
    for (const c of model.carried) this.feeds[c.input] = out[c.output] as ort.Tensor
    return results
  }

  /**
   * A chain hides the parameters between its steps, so when one of its losses is not finite the
   * steps up to it run again one by one, on the batches and masks the chain ran, from the state
   * before the chain: the single step that fails then names the tensor that broke.
   */
  private async replay(steps: [number, number][][], lrs: number[], firstStep: number, failed: { loss: number; correct: number }): Promise<StepResult[]> {
    const micro = this.o.sessions.chain!.model.micro
    const results: StepResult[] = []
    for (const [j, batches] of steps.entries()) {
      const r = await this.step(
        batches.map(([, rows], k) => () => this.buffersFor(rows, j * micro + k)),
        lrs[j],
        firstStep + j,
        false
      )
      results.push(r)
      if (r.diverged) return results
    }
    const where = `step ${firstStep + steps.length - 1}, in a chain of steps from step ${firstStep}`
    return [...results.slice(0, -1), { ...failed, diverged: `train/loss is ${failed.loss} at ${where}` }]
  }

  /** The accumulate session's inputs: it takes no lr, t or optimizer state. */
  private microFeeds(b: Buffers): Record<string, ort.Tensor> {
    const feeds: Record<string, ort.Tensor> = { ...b.feeds, grad_scale: this.feeds.grad_scale }
    for (const p of [...this.o.model.params, ...this.o.constants]) feeds[p.name] = this.feeds[p.name]
    for (const a of this.o.model.accumulators) feeds[a.input] = this.feeds[a.input]
    return feeds
  }

  /** Every parameter (trainable and frozen) by name, as the eval session and exports read them. */
  params(names: readonly ParamInfo[]): Record<string, ort.Tensor> {
    return Object.fromEntries(names.map((p) => [p.name, this.feeds[p.name]]))
  }

  /** Every parameter and optimizer state tensor, for a checkpoint. */
  tensors(all: readonly ParamInfo[]): CheckpointTensor[] {
    const state = this.o.model.carried.slice(this.o.model.params.length)
    return [...all.map((p) => ({ name: p.name, shape: p.shape })), ...state.map((c) => ({ name: c.input, shape: c.shape }))].map((t) => ({
      ...t,
      data: this.feeds[t.name].data as Float32Array
    }))
  }
}
