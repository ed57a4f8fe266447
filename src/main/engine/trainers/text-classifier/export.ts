import { readCheckpoint } from '../../onnx/checkpoint'
import { embeddingBag } from '../../onnx/embedding-bag'
import { constantParams } from '../../onnx/export'
import { Graph } from '../../onnx/graph'
import { mlpForward } from '../../onnx/mlp-graph'
import { softmax } from '../../onnx/ops'
import { mergedBase, type TrainingMeta } from '../common/checkpoints'
import { textClassifierParams } from './model'
import type { TextClassifierModelMeta } from './setup'

/**
 * The inference model of a text-classifier checkpoint, LoRA merged: input `ids` [batch, slots]
 * of hashed n-gram ids as floats (0 pads a row; any number of slots), computed from a text by
 * features.ts `ngramIds` with the checkpoint's `ngrams` options; outputs `logits` and
 * `probabilities` over the checkpoint's `classes` (sorted labels).
 */
export function exportTextClassifier(checkpointPath: string): { bytes: Uint8Array; inputs: string[]; outputs: string[] } {
  const ckpt = readCheckpoint<TrainingMeta<TextClassifierModelMeta>>(checkpointPath)
  if (ckpt.trainer !== 'text-classifier') throw new Error(`${checkpointPath} holds a ${ckpt.trainer} checkpoint, not a text-classifier one`)
  const { spec } = ckpt.meta.model
  const head = { ...spec.head, dropout: 0 }
  const values = mergedBase(ckpt.tensors, ckpt.meta.lora)
  const graph = new Graph('paramscope_text_classifier')
  const ids = graph.input('ids', 'float32', ['batch', 'slots'])
  const [embedding, ...weights] = constantParams(graph, textClassifierParams({ ...spec, head }), values)
  const logits = mlpForward(embeddingBag(embedding, ids), weights, head)
  graph.output(logits, 'logits')
  graph.output(softmax(logits, -1), 'probabilities')
  return { bytes: graph.toBytes(), inputs: ['ids'], outputs: ['logits', 'probabilities'] }
}
