import { gradients } from './autodiff'
import { Graph, type Tensor } from './graph'
import { add, div, mul, reduceSumSquare, sqrt, sub, unsqueeze } from './ops'
import { applyOptimizer, clipByGlobalNorm, stateSlots, type OptimizerSpec, type ParamSlot } from './optimizers'
import { concat } from './shape-ops'

/**
 * Turns a model's forward definition into training graphs: one optimizer step (with optional
 * gradient accumulation, global-norm clipping and diagnostics as extra outputs), and for
 * accumulation a second graph that only adds a micro-batch's gradient to the accumulators.
 */

export interface ParamInfo {
  name: string
  shape: number[]
  kind: 'weight' | 'bias' | 'norm' | 'embedding'
  fanIn: number
  fanOut: number
  /** The layer this tensor belongs to, for diagnostics (`layer0`). */
  layer: string
  /** 0 for the layer nearest the output, counting towards the input (layer-wise lr decay). */
  depth: number
  /**
   * Set on a table trained row-sparsely: step graphs take its first dimension under this symbolic
   * name, so each step is fed exactly the rows it uses (`shape` then gives the most it may take).
   */
  rows?: string
}

/** The shape a graph declares for a parameter and its optimizer state. */
const declaredShape = (p: ParamInfo): (number | string)[] => (p.rows ? [p.rows, ...p.shape.slice(1)] : p.shape)

/** A graph value carried from one step to the next: fed as `input`, returned as `output`. */
export interface Carried {
  input: string
  output: string
  shape: number[]
}

export interface ModelDefinition {
  name: string
  dtype: 'float32' | 'float64'
  params: ParamInfo[]
  /** Declares the batch inputs on `graph` and returns the batch-mean loss and extra outputs. */
  forward(graph: Graph, params: Tensor[]): { loss: Tensor; outputs: { name: string; tensor: Tensor }[] }
  /**
   * Inputs `forward` declares that hold the same value on every step (frozen parameters): fed
   * once, and declared once when a graph chains several steps.
   */
  constantInputs?: ParamInfo[]
}

export interface TrainStepOptions {
  optimizer: OptimizerSpec
  /** Per-parameter decay, lr multiplier and weight decay; by default weight matrices decay, nothing else. */
  groups?: Pick<ParamSlot, 'decay' | 'lrScale' | 'weightDecay'>[]
  /** Global L2 norm the gradient is clipped to; 0 or absent turns clipping off. */
  clipNorm?: number
  /** Adds `<param>.acc` inputs and a `grad_scale` input: the update uses acc + grad_scale·g. */
  accumulate?: boolean
  /** Adds a `diagnostics` output; `diagnostics` of the model names its entries. */
  diagnostics?: boolean
}

export interface TrainStepModel {
  bytes: Uint8Array
  params: ParamInfo[]
  /** Parameters then optimizer state; each output becomes the same-named input of the next step. */
  carried: Carried[]
  /** Gradient accumulators: inputs of the step graph, fed zeros again after each update. */
  accumulators: Carried[]
  /** Names of the entries of the `diagnostics` output, in order. */
  diagnostics: string[]
}

const accumulatorsOf = (params: ParamInfo[]): Carried[] =>
  params.map((p) => ({ input: `${p.name}.acc`, output: `${p.name}.acc.next`, shape: p.shape }))

/** The micro-batch gradients, scaled by `grad_scale` and added to the accumulators. */
function accumulated(graph: Graph, def: ModelDefinition, grads: Tensor[]): Tensor[] {
  const scale = graph.input('grad_scale', def.dtype, [])
  return def.params.map((p, i) => add(graph.input(`${p.name}.acc`, def.dtype, p.shape), mul(grads[i], scale)))
}

function layersOf(params: ParamInfo[]): string[] {
  return [...new Set(params.map((p) => p.layer))]
}

/**
 * Global and per-layer norms of the (accumulated, unclipped) gradient, and per-layer ‖Δp‖/‖p‖, as
 * one vector, so reading them costs one extra output rather than one per value.
 */
function diagnosticsVector(params: ParamInfo[], before: Tensor[], after: Tensor[], gradSq: Tensor[]): { vector: Tensor; names: string[] } {
  const layers = layersOf(params)
  const sumOf = (values: Tensor[], layer: string): Tensor =>
    values.filter((_, i) => params[i].layer === layer).reduce((a, b) => add(a, b))
  const sq = (t: Tensor): Tensor => reduceSumSquare(t, t.shape.map((_, i) => i))
  const stepSq = after.map((p, i) => sq(sub(p, before[i])))
  const weightSq = before.map(sq)
  const entries: Tensor[] = [sqrt(gradSq.reduce((a, b) => add(a, b)))]
  for (const layer of layers) entries.push(sqrt(sumOf(gradSq, layer)))
  for (const layer of layers) entries.push(div(sqrt(sumOf(stepSq, layer)), add(sqrt(sumOf(weightSq, layer)), 1e-12)))
  const names = ['grad_norm/global', ...layers.map((l) => `grad_norm/${l}`), ...layers.map((l) => `update_ratio/${l}`)]
  return { vector: concat(entries.map((e) => unsqueeze(e, [0])), 0), names }
}

export interface StepState {
  params: Tensor[]
  /** Per parameter, its optimizer state in the order of `stateSlots`. */
  state: Tensor[][]
}

/**
 * Clipping and the optimizer update for gradients already computed (and accumulated): the part
 * of a step after the backward pass, shared by single-step and chained graphs.
 */
export function appendUpdate(def: ModelDefinition, options: TrainStepOptions, cur: StepState, grads: Tensor[], lr: Tensor, t: Tensor): StepState & { gradSq: Tensor[] } {
  const needNorms = (options.clipNorm ?? 0) > 0 || options.diagnostics
  const gradSq = needNorms ? grads.map((g) => reduceSumSquare(g, g.shape.map((_, i) => i))) : []
  const clipped = (options.clipNorm ?? 0) > 0 ? clipByGlobalNorm(grads, options.clipNorm!, sqrt(gradSq.reduce((a, b) => add(a, b)))).grads : grads
  const groups = options.groups ?? def.params.map((p) => ({ decay: p.kind === 'weight' }))
  const updated = applyOptimizer(
    options.optimizer,
    def.params.map((_, i) => ({ param: cur.params[i], grad: clipped[i], state: cur.state[i], ...groups[i] })),
    lr,
    t
  )
  return { params: updated.map((u) => u.param), state: updated.map((u) => u.state), gradSq }
}

/** Declares every parameter and optimizer state tensor as a graph input. */
export function declareState(graph: Graph, def: ModelDefinition, optimizer: OptimizerSpec): StepState {
  const slots = stateSlots(optimizer)
  return {
    params: def.params.map((p) => graph.input(p.name, def.dtype, declaredShape(p))),
    state: def.params.map((p) => slots.map((s) => graph.input(`${p.name}.${s}`, def.dtype, declaredShape(p))))
  }
}

/** Outputs the updated parameters and state as `<name>.next` and lists them as carried values. */
export function outputState(graph: Graph, def: ModelDefinition, optimizer: OptimizerSpec, next: StepState): Carried[] {
  const slots = stateSlots(optimizer)
  const carried: Carried[] = []
  def.params.forEach((p, i) => {
    carried.push({ input: p.name, output: `${p.name}.next`, shape: p.shape })
    graph.output(next.params[i], `${p.name}.next`)
  })
  def.params.forEach((p, i) => {
    slots.forEach((s, k) => {
      const name = `${p.name}.${s}`
      carried.push({ input: name, output: `${name}.next`, shape: p.shape })
      graph.output(next.state[i][k], `${name}.next`)
    })
  })
  return carried
}

/**
 * One training step as a single model. Inputs: the model's batch inputs, lr, t (1-based step),
 * every parameter and optimizer state tensor (and accumulators). Outputs: loss, the model's extra
 * outputs, the updated parameters and state under `<name>.next`, and optionally `diagnostics`.
 */
export function buildTrainStep(def: ModelDefinition, options: TrainStepOptions): TrainStepModel {
  const graph = new Graph(`${def.name}_train_step`)
  const cur = declareState(graph, def, options.optimizer)
  const { loss, outputs } = def.forward(graph, cur.params)
  const lr = graph.input('lr', def.dtype, [])
  const t = graph.input('t', def.dtype, [])
  let grads = gradients(loss, cur.params)
  if (options.accumulate) grads = accumulated(graph, def, grads)
  const next = appendUpdate(def, options, cur, grads, lr, t)

  graph.output(loss, 'loss')
  for (const o of outputs) graph.output(o.tensor, o.name)
  const carried = outputState(graph, def, options.optimizer, next)
  let diagnostics: string[] = []
  if (options.diagnostics) {
    const d = diagnosticsVector(def.params, cur.params, next.params, next.gradSq)
    graph.output(d.vector, 'diagnostics')
    diagnostics = d.names
  }
  const accumulators = options.accumulate ? accumulatorsOf(def.params) : []
  return { bytes: graph.toBytes(), params: def.params, carried, accumulators, diagnostics }
}

/**
 * A micro-batch of gradient accumulation: forward and backward, no update. Inputs: batch inputs,
 * parameters, accumulators and grad_scale; outputs: loss, extra outputs and `<param>.acc.next`.
 */
export function buildAccumulateStep(def: ModelDefinition): { bytes: Uint8Array; accumulators: Carried[] } {
  const graph = new Graph(`${def.name}_accumulate`)
  const params = def.params.map((p) => graph.input(p.name, def.dtype, p.shape))
  const { loss, outputs } = def.forward(graph, params)
  const acc = accumulated(graph, def, gradients(loss, params))
  graph.output(loss, 'loss')
  for (const o of outputs) graph.output(o.tensor, o.name)
  const accumulators = accumulatorsOf(def.params)
  accumulators.forEach((a, i) => graph.output(acc[i], a.output))
  return { bytes: graph.toBytes(), accumulators }
}
