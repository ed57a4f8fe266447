import { readCheckpoint } from '../../onnx/checkpoint'
import { constantParams, standardize } from '../../onnx/export'
import { Graph } from '../../onnx/graph'
import { mlpForward, mlpParams } from '../../onnx/mlp-graph'
import { add, mul, softmax } from '../../onnx/ops'
import { mergedBase, type TrainingMeta } from '../common/checkpoints'
import { rawColumnFeatures } from './export-inputs'
import type { MlpModelMeta } from './setup'

/**
 * The inference model of an mlp checkpoint. Its inputs are the raw columns: `x` [batch, numeric
 * columns] (NaN where missing, filled inside) and one string input [batch, 1] per categorical
 * column (one-hot encoded inside); a checkpoint from before preprocessing was recorded takes its
 * features in `x` as they are. Features are standardised inside with the training statistics; outputs `logits` and `probabilities` for
 * classification, or `prediction` in the target's own units for regression.
 */
export function exportMlp(checkpointPath: string): { bytes: Uint8Array; inputs: string[]; outputs: string[] } {
  const ckpt = readCheckpoint<TrainingMeta<MlpModelMeta>>(checkpointPath)
  if (ckpt.trainer !== 'mlp') throw new Error(`${checkpointPath} holds a ${ckpt.trainer} checkpoint, not an mlp one`)
  const m = ckpt.meta.model
  const spec = { ...m.spec, dropout: 0 }
  const values = mergedBase(ckpt.tensors, ckpt.meta.lora)
  const graph = new Graph('paramscope_mlp')
  const { features, inputs } = m.preprocessing ? rawColumnFeatures(graph, m.preprocessing) : { features: graph.input('x', 'float32', ['batch', spec.features]), inputs: ['x'] }
  const out = mlpForward(standardize(features, m.featureMean, m.featureStd), constantParams(graph, mlpParams(spec), values), spec)
  if (spec.task === 'regression') {
    graph.output(add(mul(out, m.targetStd), m.targetMean), 'prediction')
    return { bytes: graph.toBytes(), inputs, outputs: ['prediction'] }
  }
  graph.output(out, 'logits')
  graph.output(softmax(out, -1), 'probabilities')
  return { bytes: graph.toBytes(), inputs, outputs: ['logits', 'probabilities'] }
}
