import { Graph, type Tensor } from './graph'
import { correctCount, crossEntropy, mse } from './losses'
import { dropout, gelu } from './nn'
import { add, matmul, mul, relu, sigmoid, sub, sumAll, tanh } from './ops'
import type { OptimizerSpec } from './optimizers'
import { buildAccumulateStep, buildTrainStep, type ModelDefinition, type ParamInfo, type TrainStepModel, type TrainStepOptions } from './train-step'

export type { Carried, ParamInfo, TrainStepModel } from './train-step'

export type Activation = 'relu' | 'tanh' | 'gelu' | 'sigmoid'

export interface MlpSpec {
  features: number
  hidden: number
  /** Hidden layers; the model has layers + 1 linear maps. */
  layers: number
  /** Output width: the number of classes, or of regression targets. */
  classes: number
  activation: Activation
  dtype: 'float32' | 'float64'
  /** Classification (cross-entropy on int64 labels, the default) or regression (MSE on float targets). */
  task?: 'classification' | 'regression'
  /** Drop probability after each hidden activation in training; 0 or absent adds no mask inputs. */
  dropout?: number
}

const activations: Record<Activation, (x: Tensor) => Tensor> = { relu, tanh, gelu, sigmoid }

/** Weights are [in, out] so a batch multiplies from the left without a transpose. */
export function mlpParams(spec: MlpSpec): ParamInfo[] {
  const widths = [spec.features, ...new Array<number>(spec.layers).fill(spec.hidden), spec.classes]
  const last = widths.length - 2
  return widths.slice(0, -1).flatMap((fanIn, i) => {
    const fanOut = widths[i + 1]
    const layer = { fanIn, fanOut, layer: `layer${i}`, depth: last - i }
    return [
      { name: `layer${i}.weight`, shape: [fanIn, fanOut], kind: 'weight' as const, ...layer },
      { name: `layer${i}.bias`, shape: [fanOut], kind: 'bias' as const, ...layer }
    ]
  })
}

/** Names and shapes of the dropout mask inputs of the training graphs, one per hidden layer. */
export function mlpDropoutMasks(spec: MlpSpec): { name: string; width: number }[] {
  if (!spec.dropout) return []
  return Array.from({ length: spec.layers }, (_, i) => ({ name: `dropout${i}`, width: spec.hidden }))
}

/**
 * Outputs [batch, classes] of x [batch, features]; `params` in the order of `mlpParams`. With
 * `masks` (training), each hidden activation is multiplied by its dropout mask.
 */
export function mlpForward(x: Tensor, params: Tensor[], spec: MlpSpec, masks: Tensor[] = []): Tensor {
  const act = activations[spec.activation]
  let h = x
  for (let i = 0; i < params.length; i += 2) {
    h = add(matmul(h, params[i]), params[i + 1])
    if (i + 2 < params.length) {
      h = act(h)
      if (masks[i / 2]) h = dropout(h, masks[i / 2])
    }
  }
  return h
}

function declareBatch(graph: Graph, spec: MlpSpec): { x: Tensor; y: Tensor } {
  const regression = spec.task === 'regression'
  return {
    x: graph.input('x', spec.dtype, ['batch', spec.features]),
    y: regression ? graph.input('y', spec.dtype, ['batch', spec.classes]) : graph.input('y', 'int64', ['batch'])
  }
}

/** The mlp as a model definition: classification reports `correct` beside the loss. */
export function mlpModel(spec: MlpSpec): ModelDefinition {
  return {
    name: 'mlp',
    dtype: spec.dtype,
    params: mlpParams(spec),
    forward(graph, params) {
      const { x, y } = declareBatch(graph, spec)
      const masks = mlpDropoutMasks(spec).map((m) => graph.input(m.name, spec.dtype, ['batch', m.width]))
      const out = mlpForward(x, params, spec, masks)
      if (spec.task === 'regression') return { loss: mse(out, y, 'mean'), outputs: [] }
      return { loss: crossEntropy(out, y, 'mean'), outputs: [{ name: 'correct', tensor: correctCount(out, y) }] }
    }
  }
}

/**
 * One training step as a single model. Inputs: x, y, lr, t (1-based step), dropout masks, every
 * parameter and optimizer state tensor. Outputs: loss (batch mean), correct (classification, before
 * the update), and the updated parameters and state under `<name>.next`.
 */
export function buildMlpTrainStep(spec: MlpSpec, optimizer: OptimizerSpec, options: Omit<TrainStepOptions, 'optimizer'> = {}): TrainStepModel {
  return buildTrainStep(mlpModel(spec), { ...options, optimizer })
}

/** The micro-batch graph of gradient accumulation (see buildAccumulateStep). */
export function buildMlpAccumulate(spec: MlpSpec): ReturnType<typeof buildAccumulateStep> {
  return buildAccumulateStep(mlpModel(spec))
}

/**
 * Forward only, without dropout: inputs x, y and the parameters; outputs loss_sum (summed
 * cross-entropy, or summed squared error for regression) and, for classification, correct.
 */
export function buildMlpEval(spec: MlpSpec): Uint8Array {
  const graph = new Graph('mlp_eval')
  const { x, y } = declareBatch(graph, spec)
  const params = mlpParams(spec).map((p) => graph.input(p.name, spec.dtype, p.shape))
  const out = mlpForward(x, params, spec)
  if (spec.task === 'regression') {
    const d = sub(out, y)
    graph.output(sumAll(mul(d, d)), 'loss_sum')
  } else {
    graph.output(crossEntropy(out, y, 'sum'), 'loss_sum')
    graph.output(correctCount(out, y), 'correct')
  }
  return graph.toBytes()
}
