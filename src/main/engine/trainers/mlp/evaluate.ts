import * as ort from 'onnxruntime-node'
import type { Part } from './data'

const CHUNK_ROWS = 4096

/**
 * Runs the forward-only eval model over a fixed part in chunks whose input tensors are built
 * once, and returns the mean loss and the accuracy for the current parameters.
 */
export class Evaluator {
  private readonly chunks: { x: ort.Tensor; y: ort.Tensor }[] = []

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly part: Part,
    features: number
  ) {
    for (let start = 0; start < part.rows; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, part.rows - start)
      this.chunks.push({
        x: new ort.Tensor('float32', part.x.subarray(start * features, (start + n) * features), [n, features]),
        y: new ort.Tensor('int64', part.y.subarray(start, start + n), [n])
      })
    }
  }

  async run(params: Record<string, ort.Tensor>): Promise<{ loss: number; accuracy: number }> {
    let lossSum = 0
    let correct = 0
    for (const chunk of this.chunks) {
      const out = await this.session.run({ ...params, x: chunk.x, y: chunk.y })
      lossSum += out.loss_sum.data[0] as number
      correct += out.correct.data[0] as number
    }
    return { loss: lossSum / this.part.rows, accuracy: correct / this.part.rows }
  }
}
