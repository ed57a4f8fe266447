import { readCheckpoint } from '../../onnx/checkpoint'
import { constantParams } from '../../onnx/export'
import { Graph } from '../../onnx/graph'
import { transformerLogits, transformerParams } from '../../onnx/transformer'
import { mergedBase, type TrainingMeta } from '../common/checkpoints'
import type { CharLmModelMeta } from './setup'

/**
 * The inference model of a char-lm checkpoint, LoRA merged: input `x` int64 [batch, context] of
 * character ids (index into the checkpoint's `vocab`; a shorter text sits left-aligned, since
 * causal attention ignores what follows it), output `logits` [batch, context, vocab] of each next
 * character.
 */
export function exportCharLm(checkpointPath: string): { bytes: Uint8Array; inputs: string[]; outputs: string[] } {
  const ckpt = readCheckpoint<TrainingMeta<CharLmModelMeta>>(checkpointPath)
  if (ckpt.trainer !== 'char-lm') throw new Error(`${checkpointPath} holds a ${ckpt.trainer} checkpoint, not a char-lm one`)
  const spec = { ...ckpt.meta.model.spec, dropout: 0, batch: undefined }
  const values = mergedBase(ckpt.tensors, ckpt.meta.lora)
  const graph = new Graph('paramscope_char_lm')
  const x = graph.input('x', 'int64', ['batch', spec.context])
  const params = transformerParams(spec)
  const tensors = constantParams(graph, params, values)
  graph.output(transformerLogits(x, Object.fromEntries(params.map((p, i) => [p.name, tensors[i]])), spec), 'logits')
  return { bytes: graph.toBytes(), inputs: ['x'], outputs: ['logits'] }
}
