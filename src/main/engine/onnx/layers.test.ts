import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { gradients } from './autodiff'
import { gradCheck, type CheckInput } from './grad-check'
import { Graph, type Tensor } from './graph'
import { causalSelfAttention, dropout, fillDropoutMask, gelu, layerNorm } from './nn'
import * as op from './ops'
import * as so from './shape-ops'

const rng = new Rng(19)
const input = (name: string, shape: number[], scale = 1.5): CheckInput => ({
  name,
  shape,
  values: Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(-scale, scale))
})
const ints = (name: string, shape: number[], values: number[]): CheckInput => ({ name, shape, values: BigInt64Array.from(values.map(BigInt)) })

/** A scalar weighting every element differently, so a wrong gradient cannot cancel out. */
function project(y: Tensor): Tensor {
  const shape = y.shape.map((d) => (typeof d === 'number' ? d : 1))
  const n = shape.reduce((a, b) => a * b, 1)
  const w = y.graph.constant('float64', shape, Array.from({ length: n }, (_, i) => 0.5 + ((i * 37) % 11) / 7))
  return op.sumAll(op.mul(y, w))
}

type Case = [string, CheckInput[], (t: Record<string, Tensor>) => Tensor]
const cases: Case[] = [
  ['Gemm with a broadcast bias', [input('a', [3, 4]), input('b', [4, 2]), input('c', [2])], (t) => project(op.gemm(t.a, t.b, t.c))],
  ['Gemm transA with alpha and beta', [input('a', [4, 3]), input('b', [4, 2]), input('c', [3, 1])], (t) => project(op.gemm(t.a, t.b, t.c, { transA: true, alpha: 0.7, beta: 1.3 }))],
  ['Gemm transB', [input('a', [3, 4]), input('b', [2, 4])], (t) => project(op.gemm(t.a, t.b, null, { transB: true }))],
  ['Gemm transA and transB', [input('a', [4, 3]), input('b', [2, 4]), input('c', [3, 2])], (t) => project(op.gemm(t.a, t.b, t.c, { transA: true, transB: true, alpha: 2 }))],
  ['Gelu', [input('x', [3, 5], 3)], (t) => project(gelu(t.x))],
  ['Softmax', [input('x', [3, 5])], (t) => project(op.softmax(t.x, -1))],
  ['Softmax on axis 0', [input('x', [3, 4])], (t) => project(op.softmax(t.x, 0))],
  ['LogSoftmax', [input('x', [2, 6])], (t) => project(op.logSoftmax(t.x))],
  ['Gather with repeated indices', [input('e', [5, 3]), ints('i', [2, 3], [4, 0, 4, 1, 4, 0])], (t) => project(so.gather(t.e, t.i))],
  ['Gelu far from zero', [input('x', [2, 6], 8)], (t) => project(gelu(t.x))],
  ['LayerNorm', [input('x', [3, 6]), input('g', [6]), input('b', [6])], (t) => project(layerNorm(t.x, t.g, t.b))],
  ['LayerNorm over a batch of sequences with a large epsilon', [input('x', [2, 3, 5], 0.3), input('g', [5]), input('b', [5])], (t) => project(layerNorm(t.x, t.g, t.b, 0.05))],
  ['Reshape with 0 and -1', [input('x', [2, 3, 4])], (t) => project(so.reshape(t.x, [0, -1, 2]))],
  ['Transpose with any permutation', [input('x', [2, 3, 4])], (t) => project(so.transpose(t.x, [2, 0, 1]))],
  ['Concat', [input('a', [2, 3]), input('b', [2, 1]), input('c', [2, 2])], (t) => project(so.concat([t.a, t.b, t.c], 1))],
  ['Slice with negative bounds', [input('x', [4, 5])], (t) => project(so.slice(t.x, [1, -4], [3, -1], [0, 1]))],
  ['Split with an unused piece', [input('x', [6, 2])], (t) => project(so.split(t.x, [2, 3, 1], 0)[1])],
  ['Pad', [input('x', [2, 3])], (t) => project(so.pad(t.x, [1, 0, 0, 2]))],
  ['Where', [input('a', [2, 3]), input('b', [3])], (t) => {
    const cond = op.equal(t.a.graph.constant('int64', [2, 3], [1, 0, 1, 1, 0, 0]), t.a.graph.constant('int64', [], [1]))
    return project(op.where(cond, op.mul(t.a, t.a), t.b))
  }],
  ['Dropout with a fixed mask', [input('x', [3, 4]), { ...input('m', [3, 4]), values: Float64Array.from([0, 2, 2, 0, 2, 2, 2, 0, 0, 2, 2, 2]), differentiate: false }], (t) => project(dropout(op.tanh(t.x), t.m))]
]

describe('layer and shape op gradients match finite differences (float64)', () => {
  for (const [name, inputs, build] of cases) {
    it(name, async () => {
      const r = await gradCheck(inputs, build)
      expect(r.checked).toBeGreaterThan(0)
      expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(1e-6)
    })
  }
})

describe('single-node layers', () => {
  it('compute the tanh GELU and layer normalisation formulas', async () => {
    const graph = new Graph()
    const x = graph.input('x', 'float64', [2, 4])
    const [g, b] = [graph.input('g', 'float64', [4]), graph.input('b', 'float64', [4])]
    graph.output(gelu(x), 'gelu')
    graph.output(layerNorm(x, g, b, 1e-3), 'ln')
    const session = await ort.InferenceSession.create(graph.toBytes())
    const xs = [-3, -0.5, 0, 0.7, 1.5, 2, -1, 4]
    const [gs, bs] = [[1, 2, 0.5, -1], [0, 0.1, -0.2, 3]]
    const f64 = (v: number[], shape: number[]) => new ort.Tensor('float64', Float64Array.from(v), shape)
    const out = await session.run({ x: f64(xs, [2, 4]), g: f64(gs, [4]), b: f64(bs, [4]) })
    const c = Math.sqrt(2 / Math.PI)
    // onnxruntime's double Gelu keeps its constants in float, about 1e-8 off the formula.
    xs.forEach((v, i) => expect((out.gelu.data as Float64Array)[i]).toBeCloseTo(0.5 * v * (1 + Math.tanh(c * (v + 0.044715 * v ** 3))), 7))
    for (const row of [0, 1]) {
      const r = xs.slice(row * 4, row * 4 + 4)
      const mean = r.reduce((a, v) => a + v, 0) / 4
      const variance = r.reduce((a, v) => a + (v - mean) ** 2, 0) / 4
      r.forEach((v, j) => expect((out.ln.data as Float64Array)[row * 4 + j]).toBeCloseTo(((v - mean) / Math.sqrt(variance + 1e-3)) * gs[j] + bs[j], 10))
    }
    await session.release()
  })

  it('refuse a gain or bias that is not shaped like the last axis', () => {
    const graph = new Graph()
    const x = graph.input('x', 'float64', ['batch', 6])
    expect(() => layerNorm(x, graph.input('g', 'float64', [5]), graph.input('b', 'float64', [6]))).toThrow(/gain must be shaped \[6\], got \[5\]/)
  })
})

describe('causal self-attention', () => {
  const [batch, time, model, heads] = [2, 4, 6, 2]
  const weights = ['wq', 'wk', 'wv', 'wo'].map((n) => input(n, [model, model], 0.6))
  const attend = (t: Record<string, Tensor>): Tensor => causalSelfAttention(t.x, { wq: t.wq, wk: t.wk, wv: t.wv, wo: t.wo }, heads)

  it('has gradients for the input and every projection that match finite differences', async () => {
    const r = await gradCheck([input('x', [batch, time, model]), ...weights], (t) => project(attend(t)))
    expect(r.checked).toBe(batch * time * model + 4 * model * model)
    expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(1e-6)
  })

  it('lets no position see a later one: the gradient of output t with respect to inputs after t is zero', async () => {
    const graph = new Graph()
    const t: Record<string, Tensor> = { x: graph.input('x', 'float64', [batch, time, model]) }
    for (const w of weights) t[w.name] = graph.input(w.name, 'float64', w.shape)
    const firstTwo = so.slice(attend(t), [0], [2], [1])
    const [dx] = gradients(op.sumAll(firstTwo), [t.x])
    graph.output(dx, 'dx')
    const session = await ort.InferenceSession.create(graph.toBytes())
    const x = input('x', [batch, time, model])
    const feeds = Object.fromEntries([x, ...weights].map((i) => [i.name, new ort.Tensor('float64', i.values as Float64Array, i.shape)]))
    const g = (await session.run(feeds)).dx.data as Float64Array
    for (let b = 0; b < batch; b++) {
      for (let p = 0; p < time; p++) {
        const norm = Math.hypot(...g.subarray((b * time + p) * model, (b * time + p + 1) * model))
        if (p < 2) expect(norm).toBeGreaterThan(1e-3)
        else expect(norm).toBe(0)
      }
    }
    await session.release()
  })

  it('refuses heads that do not divide the width', () => {
    const graph = new Graph()
    const x = graph.input('x', 'float64', ['batch', 4, 6])
    const w = graph.input('w', 'float64', [6, 6])
    expect(() => causalSelfAttention(x, { wq: w, wk: w, wv: w, wo: w }, 4)).toThrow(/4 heads do not divide the model width 6/)
  })
})

describe('dropout masks', () => {
  it('drop about p of the elements, scale the rest by 1/(1−p) and repeat for the same seed', () => {
    const draw = (seed: number): Float32Array => {
      const r = new Rng(seed)
      const m = new Float32Array(20000)
      fillDropoutMask(m, 0.3, () => r.next())
      return m
    }
    const m = draw(5)
    const dropped = m.filter((v) => v === 0).length / m.length
    expect(dropped).toBeGreaterThan(0.28)
    expect(dropped).toBeLessThan(0.32)
    expect(m.every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-6)).toBe(true)
    expect(draw(5)).toEqual(m)
    expect(draw(6)).not.toEqual(m)
  })
})

describe('shape inference', () => {
  it('infers reshape and concat shapes with a symbolic batch', () => {
    const graph = new Graph()
    const x = graph.input('x', 'float64', ['batch', 3, 4])
    expect(so.reshape(x, [0, 12]).shape).toEqual(['batch', 12])
    expect(so.reshape(x, [0, -1]).shape).toEqual(['batch', 12])
    expect(so.concat([x, x], 2).shape).toEqual(['batch', 3, 8])
    expect(() => so.reshape(x, [0, 5])).toThrow(/cannot become/)
    expect(() => so.transpose(x, [0, 0, 1])).toThrow(/not a permutation/)
  })
})
