import * as ort from 'onnxruntime-node'
import { Rng } from '../../random'
import { fillDropoutMask } from '../../onnx/nn'

/**
 * Training inputs of the language model: `batch` windows of the training ids at seeded random
 * offsets, x the window and y the same window one character later, with fresh dropout masks.
 * One set of buffers is refilled in place every micro-batch.
 */
export class LmBatches {
  private readonly x: BigInt64Array
  private readonly y: BigInt64Array
  private readonly masks: Float32Array[]
  private readonly feeds: Record<string, ort.Tensor>
  private offsetRng = new Rng(0)
  private maskRng = new Rng(0)
  private readonly p: number

  constructor(
    private readonly ids: Int32Array,
    private readonly batch: number,
    private readonly context: number,
    masks: { names: string[]; width: number; p: number }
  ) {
    if (ids.length < context + 1) throw new Error(`the training text has ${ids.length} characters; a window needs ${context + 1}`)
    const n = batch * context
    this.x = new BigInt64Array(n)
    this.y = new BigInt64Array(n)
    this.masks = masks.names.map(() => new Float32Array(n * masks.width))
    this.feeds = { x: new ort.Tensor('int64', this.x, [batch, context]), y: new ort.Tensor('int64', this.y, [batch, context]) }
    masks.names.forEach((name, i) => (this.feeds[name] = new ort.Tensor('float32', this.masks[i], [batch, context, masks.width])))
    this.p = masks.p
  }

  /** Restarts the window offsets and the masks from seeded streams, as a run does after each evaluation. */
  reseed(offsets: number, masks: number): void {
    this.offsetRng = new Rng(offsets)
    this.maskRng = new Rng(masks)
  }

  fill(): Record<string, ort.Tensor> {
    const { ids, context } = this
    const starts = ids.length - context
    for (let b = 0; b < this.batch; b++) {
      const o = this.offsetRng.int(starts)
      for (let t = 0; t < context; t++) {
        this.x[b * context + t] = BigInt(ids[o + t])
        this.y[b * context + t] = BigInt(ids[o + t + 1])
      }
    }
    for (const m of this.masks) fillDropoutMask(m, this.p, () => this.maskRng.next())
    return this.feeds
  }
}

/** Non-overlapping windows from the start of `ids`, at most `max`, as x and y rows of `context`. */
export function windows(ids: Int32Array, context: number, max: number): { x: BigInt64Array; y: BigInt64Array; count: number } {
  const count = Math.min(max, Math.floor((ids.length - 1) / context))
  const x = new BigInt64Array(count * context)
  const y = new BigInt64Array(count * context)
  for (let w = 0; w < count; w++) {
    for (let t = 0; t < context; t++) {
      x[w * context + t] = BigInt(ids[w * context + t])
      y[w * context + t] = BigInt(ids[w * context + t + 1])
    }
  }
  return { x, y, count }
}
