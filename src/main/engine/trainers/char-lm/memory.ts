import type { Config } from '../../../../shared/api'
import { distinctCharacters, memoryEstimate, parameterBytes } from '../common/memory'
import type { DataShape, MemoryEstimate } from '../protocol'

/** Windows per evaluation run (LmEvaluator's chunk), forward only. */
const EVAL_CHUNK = 16
/**
 * Bytes per byte of text while it is read: the text split into one string per character, the
 * joined parts and the int32 ids (51 to 67 measured on ASCII text; fewer per byte where characters
 * take several bytes).
 */
const DATA_FACTOR = 64
/**
 * Floats a block keeps per [batch, context, width] element for the backward pass (projections,
 * norms, the MLP four times as wide with its GELU steps, dropout masks) and per attention score
 * [batch, heads, context, context] (scores, softmax, mask): fitted to measured peaks.
 */
const PER_TOKEN_WIDTH = 40
const PER_SCORE = 5

/** Bytes of one forward and backward pass through the blocks and the logits. */
function passBytes(batch: number, context: number, width: number, heads: number, layers: number, vocab: number): number {
  const tokens = batch * context
  return (layers * (PER_TOKEN_WIDTH * tokens * width + PER_SCORE * batch * heads * context * context) + 4 * tokens * vocab) * 4
}

/**
 * The character model's peak memory: the transformer's parameters (12·width² a block), the
 * activations of a micro-batch, whose attention grows with the square of the context, those of
 * an evaluation chunk, and the text. The vocabulary is the file's distinct characters, counted in
 * one streamed pass.
 */
export async function estimateCharLmMemory(config: Config, data: DataShape): Promise<MemoryEstimate> {
  const num = (key: string) => Number(config[key])
  const [layers, heads, width, context, batch] = [num('model.layers'), num('model.heads'), num('model.width'), num('model.context'), num('data.batch_size')]
  const vocab = await distinctCharacters(data.path)
  const blockMatrices: [number, number][] = [[width, width], [width, width], [width, width], [width, width], [width, 4 * width], [4 * width, width]]
  const matrices = Array.from({ length: layers }, () => blockMatrices).flat()
  const head = config['model.tied_head'] === false ? width * vocab : 0
  const total = matrices.reduce((n, [i, o]) => n + i * o, 0) + layers * 13 * width + (vocab + context) * width + 2 * width + head
  const evalWindows = Math.min(EVAL_CHUNK, num('training.eval_windows'))
  return memoryEstimate([
    { what: 'parameters', bytes: parameterBytes(config, { total, matrices }), fields: ['model.width', 'model.layers'] },
    { what: 'activations', bytes: passBytes(batch, context, width, heads, layers, vocab), fields: ['data.batch_size', 'model.context', 'model.width', 'model.layers'] },
    { what: 'activations', bytes: passBytes(evalWindows, context, width, heads, layers, vocab) / 3, fields: ['model.context', 'model.width'] },
    { what: 'data', bytes: data.bytes * DATA_FACTOR + num('training.eval_windows') * context * 16, fields: [] }
  ])
}
