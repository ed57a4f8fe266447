import { readCheckpoint } from '../../onnx/checkpoint'
import { constantParams, standardize } from '../../onnx/export'
import { Graph } from '../../onnx/graph'
import { mlpForward, mlpParams } from '../../onnx/mlp-graph'
import { add, mul, softmax } from '../../onnx/ops'
import { mergedBase, type TrainingMeta } from '../common/checkpoints'
import type { MlpModelMeta } from './setup'

/**
 * The inference model of an mlp checkpoint: input `x` [batch, features] of raw feature values
 * (standardised inside with the training statistics); outputs `logits` and `probabilities` for
 * classification, or `prediction` in the target's own units for regression.
 */
export function exportMlp(checkpointPath: string): { bytes: Uint8Array; inputs: string[]; outputs: string[] } {
  const ckpt = readCheckpoint<TrainingMeta<MlpModelMeta>>(checkpointPath)
  if (ckpt.trainer !== 'mlp') throw new Error(`${checkpointPath} holds a ${ckpt.trainer} checkpoint, not an mlp one`)
  const m = ckpt.meta.model
  const spec = { ...m.spec, dropout: 0 }
  const values = mergedBase(ckpt.tensors, ckpt.meta.lora)
  const graph = new Graph('paramscope_mlp')
  const x = graph.input('x', 'float32', ['batch', spec.features])
  const out = mlpForward(standardize(x, m.featureMean, m.featureStd), constantParams(graph, mlpParams(spec), values), spec)
  if (spec.task === 'regression') {
    graph.output(add(mul(out, m.targetStd), m.targetMean), 'prediction')
    return { bytes: graph.toBytes(), inputs: ['x'], outputs: ['prediction'] }
  }
  graph.output(out, 'logits')
  graph.output(softmax(out, -1), 'probabilities')
  return { bytes: graph.toBytes(), inputs: ['x'], outputs: ['logits', 'probabilities'] }
}
