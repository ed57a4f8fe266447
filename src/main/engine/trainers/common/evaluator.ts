import * as ort from 'onnxruntime-node'
import type { Part, Task } from './part'

const CHUNK_ROWS = 4096

/** Validation metrics by name: val/loss always, val/accuracy or val/rmse and val/r2 by task. */
export type EvalMetrics = Record<string, number>

/**
 * Runs the forward-only eval model of a row classifier or regressor (inputs x and y; outputs
 * loss_sum and, for classification, correct) over a fixed part in chunks whose input tensors are built
 * once, and returns the validation metrics for the current parameters.
 */
export class Evaluator {
  private readonly chunks: { x: ort.Tensor; y: ort.Tensor }[] = []
  /** Σ(y − ȳ)² of the standardised targets, the denominator of R². */
  private readonly totalSquares: number

  constructor(
    private readonly session: ort.InferenceSession,
    private readonly part: Part,
    private readonly data: { task: Task; features: number; targetStd: number }
  ) {
    const f = data.features
    for (let start = 0; start < part.rows; start += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, part.rows - start)
      const y = part.y instanceof BigInt64Array ? new ort.Tensor('int64', part.y.subarray(start, start + n), [n]) : new ort.Tensor('float32', part.y.subarray(start, start + n), [n, 1])
      this.chunks.push({ x: new ort.Tensor('float32', part.x.subarray(start * f, (start + n) * f), [n, f]), y })
    }
    let mean = 0
    let squares = 0
    if (part.y instanceof Float32Array) {
      for (const v of part.y) mean += v / part.rows
      for (const v of part.y) squares += (v - mean) ** 2
    }
    this.totalSquares = squares
  }

  async run(params: Record<string, ort.Tensor>): Promise<EvalMetrics> {
    let lossSum = 0
    let correct = 0
    for (const chunk of this.chunks) {
      const out = await this.session.run({ ...params, x: chunk.x, y: chunk.y })
      lossSum += out.loss_sum.data[0] as number
      if (out.correct) correct += out.correct.data[0] as number
    }
    const n = this.part.rows
    if (this.data.task === 'classification') return { 'val/loss': lossSum / n, 'val/accuracy': correct / n }
    // The loss is the MSE of the standardised target, as trained; RMSE is in the target's own units.
    return {
      'val/loss': lossSum / n,
      'val/rmse': Math.sqrt(lossSum / n) * this.data.targetStd,
      'val/r2': this.totalSquares > 0 ? 1 - lossSum / this.totalSquares : 0
    }
  }
}
