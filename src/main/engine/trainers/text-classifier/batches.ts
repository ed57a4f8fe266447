import * as ort from 'onnxruntime-node'
import { Rng } from '../../random'
import { fillDropoutMask } from '../../onnx/nn'
import type { Part } from '../common/part'

interface Buffers {
  x: Float32Array
  y: BigInt64Array
  masks: Float32Array[]
  feeds: Record<string, ort.Tensor>
}

/**
 * Batch inputs of the text classifier: rows of hashed ids and their labels in a shuffled order,
 * with fresh seeded dropout masks. Buffers are kept per batch size (the last batch of an epoch is
 * shorter) and refilled in place, so the tensors wrapping them are made once.
 */
export class TextBatches {
  private readonly buffers = new Map<number, Buffers>()
  private maskRng = new Rng(0)

  constructor(
    private readonly part: Part,
    private readonly slots: number,
    private readonly masks: { name: string; width: number; p: number }[]
  ) {}

  /** Each epoch draws its masks from a stream of its own, so a resumed run draws what the whole run drew. */
  reseedMasks(seed: number): void {
    this.maskRng = new Rng(seed)
  }

  private buffersFor(rows: number): Buffers {
    let b = this.buffers.get(rows)
    if (!b) {
      const x = new Float32Array(rows * this.slots)
      const y = new BigInt64Array(rows)
      const masks = this.masks.map((m) => new Float32Array(rows * m.width))
      const feeds: Record<string, ort.Tensor> = { x: new ort.Tensor('float32', x, [rows, this.slots]), y: new ort.Tensor('int64', y, [rows]) }
      this.masks.forEach((m, i) => (feeds[m.name] = new ort.Tensor('float32', masks[i], [rows, m.width])))
      b = { x, y, masks, feeds }
      this.buffers.set(rows, b)
    }
    return b
  }

  /** The inputs of rows `order[start .. start + rows)`. */
  fill(order: Uint32Array, start: number, rows: number): Record<string, ort.Tensor> {
    const b = this.buffersFor(rows)
    const { x, y } = this.part
    const s = this.slots
    for (let i = 0; i < rows; i++) {
      const r = order[start + i]
      b.x.set(x.subarray(r * s, (r + 1) * s), i * s)
      b.y[i] = (y as BigInt64Array)[r]
    }
    this.masks.forEach((m, i) => fillDropoutMask(b.masks[i], m.p, () => this.maskRng.next()))
    return b.feeds
  }
}
