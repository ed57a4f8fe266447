import type { Config } from '../../../../shared/api'
import { readCsvHeader } from '../../datasets/readers/csv'
import { denseCounts, memoryEstimate, parameterBytes } from '../common/memory'
import type { DataShape, MemoryEstimate } from '../protocol'

/** Output width assumed for the estimate: the classes are not counted before a run (one for regression). */
const OUTPUTS = 16
/** The Evaluator's chunk of validation rows, forward only. */
const EVAL_ROWS = 4096
/**
 * Bytes per byte of CSV while it is read: the text, a string per cell, the float64 table and the
 * standardised float32 parts (about 8.5 to 17 measured).
 */
const DATA_FACTOR = 12

/** The mlp's peak memory: its dense layers over the file's features, a batch's activations, the parsed table. */
export async function estimateMlpMemory(config: Config, data: DataShape): Promise<MemoryEstimate> {
  const features = data.version ? data.version.features.length : Math.max(1, (await readCsvHeader(data.path)).length - 1)
  const [hidden, layers, batch] = [Number(config['model.hidden_size']), Number(config['model.layers']), Number(config['data.batch_size'])]
  const chain = Number(config['runtime.steps_per_run'] ?? 1)
  const micro = Number(config['optimizer.grad_accumulation'] ?? 1)
  const model = ['model.hidden_size', 'model.layers']
  // Chained steps feed every step's micro-batches at once; each hidden layer keeps about four [batch, hidden] tensors for the backward pass.
  const inputs = chain * micro * batch * features * 4
  const activations = 4 * batch * hidden * layers * 4 + EVAL_ROWS * hidden * 2 * 4 + inputs
  return memoryEstimate([
    { what: 'parameters', bytes: parameterBytes(config, denseCounts(features, hidden, layers, OUTPUTS), { chained: chain > 1 }), fields: model },
    { what: 'activations', bytes: activations, fields: ['data.batch_size', 'model.hidden_size', 'model.layers'] },
    { what: 'data', bytes: data.bytes * DATA_FACTOR, fields: [] }
  ])
}
