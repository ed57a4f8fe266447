import { gradients } from './autodiff'
import { Graph, type Tensor } from './graph'
import { correctCount, crossEntropy } from './losses'
import { add, matmul, relu, tanh } from './ops'
import { applyOptimizer, stateSlots, type OptimizerSpec } from './optimizers'

export interface MlpSpec {
  features: number
  hidden: number
  /** Hidden layers; the model has layers + 1 linear maps. */
  layers: number
  classes: number
  activation: 'relu' | 'tanh'
  dtype: 'float32' | 'float64'
}

export interface ParamInfo {
  name: string
  shape: number[]
  kind: 'weight' | 'bias'
  fanIn: number
  fanOut: number
}

/** A graph value carried from one step to the next: fed as `input`, returned as `output`. */
export interface Carried {
  input: string
  output: string
  shape: number[]
}

export interface TrainStepModel {
  bytes: Uint8Array
  params: ParamInfo[]
  /** Parameters then optimizer state; each output becomes the same-named input of the next step. */
  carried: Carried[]
}

/** Weights are [in, out] so a batch multiplies from the left without a transpose. */
export function mlpParams(spec: MlpSpec): ParamInfo[] {
  const widths = [spec.features, ...new Array<number>(spec.layers).fill(spec.hidden), spec.classes]
  return widths.slice(0, -1).flatMap((fanIn, i) => {
    const fanOut = widths[i + 1]
    return [
      { name: `layer${i}.weight`, shape: [fanIn, fanOut], kind: 'weight' as const, fanIn, fanOut },
      { name: `layer${i}.bias`, shape: [fanOut], kind: 'bias' as const, fanIn, fanOut }
    ]
  })
}

/** Logits [batch, classes] of x [batch, features]; `params` in the order of `mlpParams`. */
export function mlpForward(x: Tensor, params: Tensor[], spec: MlpSpec): Tensor {
  const act = spec.activation === 'relu' ? relu : tanh
  let h = x
  for (let i = 0; i < params.length; i += 2) {
    h = add(matmul(h, params[i]), params[i + 1])
    if (i + 2 < params.length) h = act(h)
  }
  return h
}

function declareBatch(graph: Graph, spec: MlpSpec): { x: Tensor; y: Tensor } {
  return {
    x: graph.input('x', spec.dtype, ['batch', spec.features]),
    y: graph.input('y', 'int64', ['batch'])
  }
}

/**
 * One training step as a single model. Inputs: x, y, lr, t (1-based step), every parameter and
 * optimizer state tensor. Outputs: loss (batch mean), correct (count before the update), and the
 * updated parameters and state under `<name>.next`.
 */
export function buildMlpTrainStep(spec: MlpSpec, optimizer: OptimizerSpec): TrainStepModel {
  const graph = new Graph('mlp_train_step')
  const { x, y } = declareBatch(graph, spec)
  const lr = graph.input('lr', spec.dtype, [])
  const t = graph.input('t', spec.dtype, [])
  const infos = mlpParams(spec)
  const params = infos.map((p) => graph.input(p.name, spec.dtype, p.shape))
  const slots = stateSlots(optimizer)
  const state = infos.map((p) => slots.map((s) => graph.input(`${p.name}.${s}`, spec.dtype, p.shape)))

  const logits = mlpForward(x, params, spec)
  const loss = crossEntropy(logits, y, 'mean')
  const grads = gradients(loss, params)
  const updated = applyOptimizer(
    optimizer,
    infos.map((p, i) => ({ param: params[i], grad: grads[i], state: state[i], decay: p.kind === 'weight' })),
    lr,
    t
  )

  graph.output(loss, 'loss')
  graph.output(correctCount(logits, y), 'correct')
  const carried: Carried[] = []
  infos.forEach((p, i) => {
    carried.push({ input: p.name, output: `${p.name}.next`, shape: p.shape })
    graph.output(updated[i].param, `${p.name}.next`)
  })
  infos.forEach((p, i) => {
    slots.forEach((s, k) => {
      const name = `${p.name}.${s}`
      carried.push({ input: name, output: `${name}.next`, shape: p.shape })
      graph.output(updated[i].state[k], `${name}.next`)
    })
  })
  return { bytes: graph.toBytes(), params: infos, carried }
}

/** Forward only: inputs x, y and the parameters; outputs loss_sum and correct for the batch. */
export function buildMlpEval(spec: MlpSpec): Uint8Array {
  const graph = new Graph('mlp_eval')
  const { x, y } = declareBatch(graph, spec)
  const params = mlpParams(spec).map((p) => graph.input(p.name, spec.dtype, p.shape))
  const logits = mlpForward(x, params, spec)
  graph.output(crossEntropy(logits, y, 'sum'), 'loss_sum')
  graph.output(correctCount(logits, y), 'correct')
  return graph.toBytes()
}
