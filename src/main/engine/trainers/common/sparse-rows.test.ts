import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { SparseRows } from './sparse-rows'

const width = 2
/** A table of 6 rows whose values name their row (row r holds r·10, r·10 + 1), and zero state. */
function tables() {
  const table = Float32Array.from({ length: 12 }, (_, i) => Math.floor(i / width) * 10 + (i % width))
  return new Map([
    ['embedding', table],
    ['embedding.m', new Float32Array(12)]
  ])
}
const batch = (ids: number[], shape: number[]) => ({ x: new ort.Tensor('float32', Float32Array.from(ids), shape), y: new ort.Tensor('int64', BigInt64Array.from([0n]), [1]) })

describe('row-sparse tables', () => {
  it('feed the rows a batch names, renumbered from the padding row, and only those', () => {
    const arrays = tables()
    const rows = new SparseRows({ param: 'embedding', ids: 'x', capacity: 5 }, arrays, width)
    const first = rows.prepare(batch([4, 2, 4, 0, 5, 2], [2, 3]))
    expect(Array.from(first.x.data as Float32Array)).toEqual([1, 2, 1, 0, 3, 2])
    expect(Array.from(first.embedding.data as Float32Array)).toEqual([0, 1, 40, 41, 20, 21, 50, 51])
    expect(first.embedding.dims).toEqual([4, 2])
    expect(first.y).toBeDefined()
    const second = rows.prepare(batch([3, 0], [1, 2]))
    expect(Array.from(second.x.data as Float32Array)).toEqual([1, 0])
    expect(Array.from(second.embedding.data as Float32Array)).toEqual([0, 1, 30, 31])
  })

  it('write back the rows of the last batch, every table, but never the padding row', () => {
    const arrays = tables()
    const rows = new SparseRows({ param: 'embedding', ids: 'x', capacity: 4 }, arrays, width)
    rows.prepare(batch([5, 1], [1, 2]))
    const out = {
      'embedding.next': new ort.Tensor('float32', Float32Array.from([-1, -1, 500, 501, 100, 101]), [3, 2]),
      'embedding.m.next': new ort.Tensor('float32', Float32Array.from([-1, -1, 5, 5, 1, 1]), [3, 2])
    }
    rows.commit(out, (input) => `${input}.next`)
    expect(Array.from(arrays.get('embedding')!)).toEqual([0, 1, 100, 101, 20, 21, 30, 31, 40, 41, 500, 501])
    expect(Array.from(arrays.get('embedding.m')!)).toEqual([0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 5, 5])
    expect(Array.from(rows.fullTensor('embedding').dims)).toEqual([6, 2])
  })

  it('refuse a batch naming more rows than the capacity, and tables of different sizes', () => {
    const rows = new SparseRows({ param: 'embedding', ids: 'x', capacity: 3 }, tables(), width)
    expect(() => rows.prepare(batch([1, 2, 3], [1, 3]))).toThrow(/a batch names more than 2 rows of embedding/)
    const uneven = new Map([...tables(), ['embedding.v', new Float32Array(10)]])
    expect(() => new SparseRows({ param: 'embedding', ids: 'x', capacity: 3 }, uneven, width)).toThrow(/embedding.v holds 10 values; embedding holds 12/)
  })
})
