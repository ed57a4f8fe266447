import type { Config } from '../../../../shared/api'
import { denseCounts, frozenCopies, lineStats, memoryEstimate, optimizerSlots, parameterBytes, trainableCopies } from '../common/memory'
import type { DataShape, MemoryEstimate } from '../protocol'
import { ngramIds, type NgramOptions } from './features'

/** Output width assumed for the estimate: the classes are not counted before a run. */
const OUTPUTS = 16
/** The Evaluator's chunk of validation rows, forward only. */
const EVAL_ROWS = 4096
/** Bytes per n-gram slot of every row while the texts are hashed: the ids as numbers, then as float32 rows twice. */
const SLOT_BYTES = 40

function ngramOptions(c: Config): NgramOptions {
  const num = (key: string) => Number(c[key])
  return {
    buckets: num('features.buckets'),
    wordMin: num('features.word_ngram_min'),
    wordMax: num('features.word_ngram_max'),
    charMin: num('features.char_ngram_min'),
    charMax: num('features.char_ngram_max'),
    maxNgrams: num('features.max_ngrams'),
    seed: 0,
    lowercase: c['features.lowercase'] !== false
  }
}

/**
 * The text classifier's peak memory. A row of ids is as wide as the longest text's n-grams (the
 * file's longest line, hashed as the trainer hashes a text), so the file is scanned once for its
 * rows and that line. The embedding bag gathers [batch, slots, embedding] floats, which dominates
 * with long texts and wide embeddings; a row-sparse table is held in JavaScript with its state.
 */
export async function estimateTextClassifierMemory(config: Config, data: DataShape): Promise<MemoryEstimate> {
  const num = (key: string) => Number(config[key])
  const ngrams = ngramOptions(config)
  const { lines, longestText } = await lineStats(data.path)
  const slots = Math.max(1, ngramIds(longestText, ngrams).length)
  const [batch, width, hidden, layers] = [num('data.batch_size'), num('model.embedding_size'), num('model.hidden_size'), num('model.layers')]
  const table = ngrams.buckets * width
  const head = denseCounts(width, hidden, layers, OUTPUTS)
  // As the trainer decides: sparse when the rows a batch can name are well below the table's.
  const capacity = batch * slots + 1
  const sparse = config['optimizer.sparse_embedding'] !== false && num('optimizer.grad_accumulation') === 1 && num('lora.rank') === 0 && capacity * 2 <= ngrams.buckets
  const state = 1 + optimizerSlots(config)
  const embedding = num('lora.rank') > 0
    ? table * frozenCopies(config) * 4
    : sparse
      ? (table * 2 * state + capacity * width * (state + trainableCopies(config))) * 4
      : table * trainableCopies(config) * 4
  const valRows = Math.min(EVAL_ROWS, Math.ceil(lines * num('data.val_fraction')))
  const activations = (3 * batch + 2 * valRows) * slots * width * 4 + 4 * batch * hidden * layers * 4
  return memoryEstimate([
    { what: 'parameters', bytes: embedding, fields: ['features.buckets', 'model.embedding_size'] },
    { what: 'parameters', bytes: parameterBytes(config, head), fields: ['model.hidden_size', 'model.layers'] },
    { what: 'activations', bytes: activations, fields: ['data.batch_size', 'features.max_ngrams', 'model.embedding_size'] },
    { what: 'data', bytes: lines * slots * SLOT_BYTES + data.bytes * 4, fields: ['features.max_ngrams'] }
  ])
}
