import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { embeddingBag } from './embedding-bag'
import { gradCheck } from './grad-check'
import { Graph } from './graph'
import { linear } from './nn'
import * as op from './ops'

const rng = new Rng(23)
const uniform = (n: number): Float64Array => Float64Array.from({ length: n }, () => rng.uniform(-1, 1))

describe('embeddingBag', () => {
  // Row 3 appears twice in the first text, row 0 pads the second, the third is empty.
  const ids = Float64Array.from([3, 1, 3, 4, 2, 5, 0, 0, 0, 0, 0, 0])

  it('averages the picked rows, counts repeats, ignores padding and gives an empty text zeros', async () => {
    const graph = new Graph()
    const table = graph.input('table', 'float64', [6, 2])
    const x = graph.input('ids', 'float64', ['batch', 4])
    graph.output(embeddingBag(table, x), 'bag')
    const session = await ort.InferenceSession.create(graph.toBytes())
    const t = Float64Array.from({ length: 12 }, (_, i) => i)
    const out = await session.run({ table: new ort.Tensor('float64', t, [6, 2]), ids: new ort.Tensor('float64', ids, [3, 4]) })
    const row = (r: number) => [t[2 * r], t[2 * r + 1]]
    const mean = (rows: number[]) => [0, 1].map((j) => rows.reduce((a, r) => a + row(r)[j], 0) / rows.length)
    expect(Array.from(out.bag.data as Float64Array)).toEqual([...mean([3, 1, 3, 4]), ...mean([2, 5]), 0, 0])
    await session.release()
  })

  it('has gradients for the table and an MLP head that match finite differences, none for padding', async () => {
    const r = await gradCheck(
      [
        { name: 'table', shape: [6, 3], values: uniform(18) },
        { name: 'ids', shape: [3, 4], values: ids, differentiate: false },
        { name: 'w', shape: [3, 2], values: uniform(6) },
        { name: 'b', shape: [2], values: uniform(2) }
      ],
      (t) => {
        const logits = linear(op.tanh(embeddingBag(t.table, t.ids)), t.w, t.b)
        return op.sumAll(op.mul(logits, t.table.graph.constant('float64', [3, 2], [0.5, -1, 2, 0.3, 1.2, -0.7])))
      }
    )
    expect(r.checked).toBe(18 + 6 + 2)
    expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(1e-6)
  })
})
