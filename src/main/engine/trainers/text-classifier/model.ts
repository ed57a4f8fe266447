import { embeddingBag } from '../../onnx/embedding-bag'
import { Graph, type Tensor } from '../../onnx/graph'
import { correctCount, crossEntropy } from '../../onnx/losses'
import { mlpDropoutMasks, mlpForward, mlpParams, type MlpSpec } from '../../onnx/mlp-graph'
import type { ModelDefinition, ParamInfo } from '../../onnx/train-step'

/** An embedding bag over hashed n-gram ids followed by the mlp (its `features` = the embedding size). */
export interface TextClassifierSpec {
  buckets: number
  /** Ids per row of the input, 0-padded. */
  slots: number
  head: MlpSpec
}

export function textClassifierParams(spec: TextClassifierSpec): ParamInfo[] {
  const d = spec.head.features
  const embedding: ParamInfo = { name: 'embedding', shape: [spec.buckets, d], kind: 'embedding', fanIn: d, fanOut: d, layer: 'embedding', depth: spec.head.layers + 1 }
  return [embedding, ...mlpParams(spec.head)]
}

function declare(graph: Graph, spec: TextClassifierSpec): { x: Tensor; y: Tensor } {
  return { x: graph.input('x', spec.head.dtype, ['batch', spec.slots]), y: graph.input('y', 'int64', ['batch']) }
}

/**
 * Inputs x (ids as floats, [batch, slots]) and y (class indices); outputs the mean cross-entropy and
 * `correct`, with the mlp's dropout masks: the same inputs and outputs as the mlp's classification
 * model, which is what lets the mlp's stepper and evaluator drive it.
 */
export function textClassifierModel(spec: TextClassifierSpec): ModelDefinition {
  return {
    name: 'text_classifier',
    dtype: spec.head.dtype,
    params: textClassifierParams(spec),
    forward(graph, [embedding, ...head]) {
      const { x, y } = declare(graph, spec)
      const masks = mlpDropoutMasks(spec.head).map((m) => graph.input(m.name, spec.head.dtype, ['batch', m.width]))
      const logits = mlpForward(embeddingBag(embedding, x), head, spec.head, masks)
      return { loss: crossEntropy(logits, y, 'mean'), outputs: [{ name: 'correct', tensor: correctCount(logits, y) }] }
    }
  }
}

/** Forward only, no dropout: outputs loss_sum and correct, as the mlp's evaluator reads them. */
export function buildTextClassifierEval(spec: TextClassifierSpec): Uint8Array {
  const graph = new Graph('text_classifier_eval')
  const { x, y } = declare(graph, spec)
  const [embedding, ...head] = textClassifierParams(spec).map((p) => graph.input(p.name, spec.head.dtype, p.shape))
  const logits = mlpForward(embeddingBag(embedding, x), head, spec.head)
  graph.output(crossEntropy(logits, y, 'sum'), 'loss_sum')
  graph.output(correctCount(logits, y), 'correct')
  return graph.toBytes()
}
