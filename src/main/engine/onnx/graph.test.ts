import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { Graph } from './graph'
import * as op from './ops'

describe('graph outputs', () => {
  it('rename the value they name instead of copying it, and copy only inputs and values output twice', async () => {
    const graph = new Graph()
    const x = graph.input('x', 'float32', [3])
    const doubled = op.mul(x, 2)
    const squared = op.mul(x, x)
    graph.output(doubled, 'doubled')
    graph.output(doubled, 'doubled_again')
    graph.output(x, 'x_out')
    graph.output(squared, squared.name)
    graph.output(squared, 'squared')
    const bytes = graph.toBytes()
    const session = await ort.InferenceSession.create(bytes)
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, 2, 3]), [3]) })
    expect(Array.from(out.doubled.data as Float32Array)).toEqual([2, 4, 6])
    expect(Array.from(out.doubled_again.data as Float32Array)).toEqual([2, 4, 6])
    expect(Array.from(out.x_out.data as Float32Array)).toEqual([1, 2, 3])
    expect(Array.from(out.squared.data as Float32Array)).toEqual([1, 4, 9])
    expect(Array.from(out[squared.name].data as Float32Array)).toEqual([1, 4, 9])
    await session.release()
    // Three copies: the second name of `doubled`, the input, and `squared` kept under its own name.
    const identities = new TextDecoder('latin1').decode(bytes).split('Identity').length - 1
    expect(identities).toBe(3)
  })
})
