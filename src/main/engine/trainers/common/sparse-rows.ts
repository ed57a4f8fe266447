import * as ort from 'onnxruntime-node'
import type { ModelDefinition } from '../../onnx/train-step'

export interface SparseRowsSpec {
  /** The embedding parameter, [rows, width] in full. */
  param: string
  /** The batch input holding its ids as floats, [batch, slots], 0 marking an empty slot. */
  ids: string
  /** Rows the step graph takes: at least batch × slots + 1. */
  capacity: number
}

/** `def` with `param` taking a symbolic number of rows, at most `capacity`: the step graph of row-sparse training. */
export function withRowCapacity(def: ModelDefinition, spec: SparseRowsSpec): ModelDefinition {
  const params = def.params.map((p) => (p.name === spec.param ? { ...p, shape: [spec.capacity, ...p.shape.slice(1)], rows: `${spec.param}_rows` } : p))
  if (!def.params.some((p) => p.name === spec.param)) throw new Error(`${spec.param} is not a trainable parameter of ${def.name}`)
  return { ...def, params }
}

/**
 * Row-sparse training of an embedding table: the full table and its optimizer state stay in
 * JavaScript, and each step feeds the session only the rows its batch names (at most `capacity`),
 * renumbered from row 0, the padding row, then writes the updated rows back. The
 * step graph's optimizer thus updates lazily: rows outside a batch keep their values and state, as
 * with fastText's sparse SGD or TensorFlow's LazyAdam. The padding row is never written back.
 */
export class SparseRows {
  readonly width: number
  readonly rows: number
  /** Full arrays by session input name: the parameter, then each optimizer state slot. */
  private readonly full = new Map<string, Float32Array>()
  /** The [capacity, width] buffers whose first rows are fed in their place, by the same names. */
  private readonly buffers = new Map<string, Float32Array>()
  /** Local row of each global row during `prepare`, −1 otherwise. */
  private readonly slotOf: Int32Array
  private used: number[] = []
  private readonly localIds = new Map<number, { data: Float32Array; tensor: ort.Tensor }>()

  constructor(
    readonly spec: SparseRowsSpec,
    /** The full parameter and state arrays, by session input name (`embedding`, `embedding.m`, …). */
    arrays: ReadonlyMap<string, Float32Array>,
    width: number
  ) {
    this.width = width
    const table = arrays.get(spec.param)
    if (!table) throw new Error(`no values for ${spec.param}`)
    this.rows = table.length / width
    if (!Number.isInteger(this.rows)) throw new Error(`${spec.param} holds ${table.length} values, not rows of ${width}`)
    for (const [name, data] of arrays) {
      if (data.length !== table.length) throw new Error(`${name} holds ${data.length} values; ${spec.param} holds ${table.length}`)
      this.full.set(name, data)
      this.buffers.set(name, new Float32Array(spec.capacity * width))
    }
    this.slotOf = new Int32Array(this.rows).fill(-1)
  }

  /** Whether a session input or state name is one of the tables held here. */
  owns(name: string): boolean {
    return this.full.has(name)
  }

  /** A full table as a tensor of its full shape: for evaluation, export and checkpoints. */
  fullTensor(name: string): ort.Tensor {
    return new ort.Tensor('float32', this.full.get(name)!, [this.rows, this.width])
  }

  /** The batch's feeds with the ids renumbered into the rows it uses, and those rows of every table, [used, width]. */
  prepare(batch: Record<string, ort.Tensor>): Record<string, ort.Tensor> {
    const ids = batch[this.spec.ids]
    const global = ids.data as Float32Array
    let local = this.localIds.get(global.length)
    if (!local) {
      const data = new Float32Array(global.length)
      local = { data, tensor: new ort.Tensor('float32', data, ids.dims as number[]) }
      this.localIds.set(global.length, local)
    }
    const used = [0]
    this.slotOf[0] = 0
    for (let i = 0; i < global.length; i++) {
      const id = global[i]
      let slot = this.slotOf[id]
      if (slot < 0) {
        if (used.length === this.spec.capacity) throw new Error(`a batch names more than ${this.spec.capacity - 1} rows of ${this.spec.param}`)
        slot = this.slotOf[id] = used.length
        used.push(id)
      }
      local.data[i] = slot
    }
    for (const id of used) this.slotOf[id] = -1
    const w = this.width
    const feeds: Record<string, ort.Tensor> = { ...batch, [this.spec.ids]: local.tensor }
    for (const [name, full] of this.full) {
      const rows = this.buffers.get(name)!
      used.forEach((id, k) => rows.set(full.subarray(id * w, (id + 1) * w), k * w))
      feeds[name] = new ort.Tensor('float32', rows.subarray(0, used.length * w), [used.length, w])
    }
    this.used = used
    return feeds
  }

  /** Writes the rows of the last `prepare` back from the step's outputs, `outputOf` mapping each input name to its output. */
  commit(out: Record<string, ort.Tensor>, outputOf: (input: string) => string): void {
    const w = this.width
    for (const [name, full] of this.full) {
      const rows = out[outputOf(name)].data as Float32Array
      for (let k = 1; k < this.used.length; k++) full.set(rows.subarray(k * w, (k + 1) * w), this.used[k] * w)
    }
  }
}
