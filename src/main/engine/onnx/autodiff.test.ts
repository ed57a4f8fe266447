import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { gradients, registerGradient, unbroadcast } from './autodiff'
import { gradCheck, type CheckInput } from './grad-check'
import { Graph, type Tensor } from './graph'
import { crossEntropy, mse } from './losses'
import * as op from './ops'

const rng = new Rng(7)

/** Values away from 0 so that Relu's kink and Div's pole stay out of the finite differences. */
function values(shape: number[], awayFromZero = false): CheckInput {
  const n = shape.reduce((a, b) => a * b, 1)
  const v = Float64Array.from({ length: n }, () => {
    const x = rng.uniform(-1.5, 1.5)
    return awayFromZero ? Math.sign(x) * (0.3 + Math.abs(x)) : x
  })
  return { name: '', shape, values: v }
}
const input = (name: string, shape: number[], awayFromZero = false): CheckInput => ({
  ...values(shape, awayFromZero),
  name
})

/** A scalar that weights every element differently, so a wrong gradient cannot cancel out. */
function project(y: Tensor): Tensor {
  const shape = y.shape.map((d) => (typeof d === 'number' ? d : 1))
  const n = shape.reduce((a, b) => a * b, 1)
  const w = y.graph.constant('float64', shape, Array.from({ length: n }, (_, i) => 0.5 + ((i * 37) % 11) / 7))
  return op.sumAll(op.mul(y, w))
}

const tolerance = 1e-6

describe('gradients match finite differences (float64)', () => {
  const cases: [string, CheckInput[], (t: Record<string, Tensor>) => Tensor][] = [
    ['Add with broadcasting', [input('a', [3, 4]), input('b', [4])], (t) => project(op.add(t.a, t.b))],
    ['Add broadcast over a kept axis', [input('a', [3, 4]), input('b', [3, 1])], (t) => project(op.add(t.a, t.b))],
    ['Sub with broadcasting', [input('a', [4]), input('b', [2, 4])], (t) => project(op.sub(t.a, t.b))],
    ['Mul with broadcasting', [input('a', [2, 3]), input('b', [1, 3])], (t) => project(op.mul(t.a, t.b))],
    ['Div with broadcasting', [input('a', [2, 3]), input('b', [3], true)], (t) => project(op.div(t.a, t.b))],
    ['MatMul', [input('a', [3, 4]), input('b', [4, 2])], (t) => project(op.matmul(t.a, t.b))],
    ['batched MatMul against a matrix', [input('a', [2, 3, 4]), input('b', [4, 2])], (t) => project(op.matmul(t.a, t.b))],
    ['Relu', [input('x', [3, 5], true)], (t) => project(op.relu(t.x))],
    ['Tanh', [input('x', [3, 5])], (t) => project(op.tanh(t.x))],
    ['Sigmoid', [input('x', [3, 5])], (t) => project(op.sigmoid(t.x))],
    ['Exp and Neg', [input('x', [4])], (t) => project(op.neg(op.exp(t.x)))],
    ['Sqrt', [{ ...input('x', [4]), values: Float64Array.from([0.5, 1, 2, 3]) }], (t) => project(op.sqrt(t.x))],
    ['LogSoftmax', [input('x', [3, 5])], (t) => project(op.logSoftmax(t.x, -1))],
    ['LogSoftmax on axis 0', [input('x', [3, 5])], (t) => project(op.logSoftmax(t.x, 0))],
    ['ReduceSum keepdims', [input('x', [3, 4])], (t) => project(op.reduceSum(t.x, [1], true))],
    ['ReduceSum dropping an axis', [input('x', [3, 4, 2])], (t) => project(op.reduceSum(t.x, [0, 2]))],
    ['ReduceMean', [input('x', [3, 4])], (t) => project(op.reduceMean(t.x, [0]))],
    ['ReduceMean to a scalar', [input('x', [2, 3])], (t) => op.meanAll(op.mul(t.x, t.x))],
    ['MSE', [input('p', [4, 2]), input('y', [4, 2])], (t) => mse(t.p, t.y)],
    [
      'cross-entropy from logits and labels (mean)',
      [input('z', [4, 3]), { name: 'y', shape: [4], values: BigInt64Array.from([0n, 2n, 1n, 2n]) }],
      (t) => crossEntropy(t.z, t.y, 'mean')
    ],
    [
      'cross-entropy (sum)',
      [input('z', [2, 5]), { name: 'y', shape: [2], values: BigInt64Array.from([4n, 0n]) }],
      (t) => crossEntropy(t.z, t.y, 'sum')
    ],
    ['a value used twice', [input('x', [3])], (t) => project(op.mul(op.tanh(t.x), t.x))]
  ]
  for (const [name, inputs, build] of cases) {
    it(name, async () => {
      const r = await gradCheck(inputs, build)
      expect(r.checked).toBeGreaterThan(0)
      expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(tolerance)
    })
  }

  it('handles a symbolic batch dimension in ReduceMean and broadcasting', async () => {
    const graph = new Graph()
    const x = graph.input('x', 'float64', ['batch', 3])
    const b = graph.input('b', 'float64', [3])
    const loss = op.meanAll(op.mul(op.add(x, b), op.add(x, b)))
    const [db] = gradients(loss, [b])
    expect(db.shape).toEqual([3])
    expect(loss.shape).toEqual([])
  })
})

describe('gradient check catches a wrong rule', () => {
  it('reports a large error when Tanh is given the Sigmoid rule', async () => {
    registerGradient('Tanh', ({ outputs: [y] }, [d]) => [op.mul(d!, op.mul(y, op.rsub(1, y)))])
    try {
      const r = await gradCheck([input('x', [4])], (t) => project(op.tanh(t.x)))
      expect(r.maxError).toBeGreaterThan(1e-2)
    } finally {
      registerGradient('Tanh', ({ outputs: [y] }, [d]) => [op.mul(d!, op.rsub(1, op.mul(y, y)))])
    }
  })

  it('refuses an op without a rule', () => {
    const graph = new Graph()
    const x = graph.input('x', 'float64', [2])
    const [y] = graph.node('Softplus', [x], [{ dtype: 'float64', shape: [2] }])
    expect(() => gradients(op.sumAll(y), [x])).toThrow(/no gradient rule for Softplus/)
  })

  it('unbroadcast keeps a gradient whose shape already matches', () => {
    const graph = new Graph()
    const g = graph.input('g', 'float64', [2, 3])
    expect(unbroadcast(g, [2, 3])).toBe(g)
    expect(unbroadcast(g, [3]).shape).toEqual([3])
    expect(unbroadcast(g, [2, 1]).shape).toEqual([2, 1])
  })
})
