import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { Graph } from './graph'
import { applyOptimizer, clipByGlobalNorm, paramGroups, stateSlots, type OptimizerSpec } from './optimizers'

interface Group {
  decay: boolean
  lrScale?: number
  weightDecay?: number
}

/** Test-only JS reference of the PyTorch (and Lion paper) update rules, one tensor at a time. */
function referenceStep(spec: OptimizerSpec, p: number[], g: number[], state: number[][], baseLr: number, t: number, group: Group): void {
  const lr = baseLr * (group.lrScale ?? 1)
  const wd = group.decay ? (group.weightDecay ?? spec.weightDecay) : 0
  for (let i = 0; i < p.length; i++) {
    if (spec.name === 'sgd') {
      const gi = g[i] + wd * p[i]
      if (spec.momentum > 0) {
        state[0][i] = spec.momentum * state[0][i] + gi
        p[i] -= lr * (spec.nesterov ? gi + spec.momentum * state[0][i] : state[0][i])
      } else p[i] -= lr * gi
    } else if (spec.name === 'lion') {
      const c = spec.beta1 * state[0][i] + (1 - spec.beta1) * g[i]
      p[i] = p[i] * (1 - lr * wd) - lr * Math.sign(c)
      state[0][i] = spec.beta2 * state[0][i] + (1 - spec.beta2) * g[i]
    } else {
      const gi = spec.name === 'adam' ? g[i] + wd * p[i] : g[i]
      if (spec.name === 'adamw') p[i] *= 1 - lr * wd
      state[0][i] = spec.beta1 * state[0][i] + (1 - spec.beta1) * gi
      state[1][i] = spec.beta2 * state[1][i] + (1 - spec.beta2) * gi * gi
      const mHat = state[0][i] / (1 - spec.beta1 ** t)
      const vHat = state[1][i] / (1 - spec.beta2 ** t)
      p[i] -= (lr * mHat) / (Math.sqrt(vHat) + spec.eps)
    }
  }
}

const f64 = (v: number[] | Float64Array, shape: number[]): ort.Tensor => new ort.Tensor('float64', Float64Array.from(v), shape)

/** Runs six steps of the graph and of the reference side by side; returns the largest difference. */
async function compare(spec: OptimizerSpec, group: Group): Promise<number> {
  const shape = [3, 2]
  const graph = new Graph()
  const param = graph.input('p', 'float64', shape)
  const grad = graph.input('g', 'float64', shape)
  const lr = graph.input('lr', 'float64', [])
  const t = graph.input('t', 'float64', [])
  const names = stateSlots(spec)
  const state = names.map((n) => graph.input(n, 'float64', shape))
  const [next] = applyOptimizer(spec, [{ param, grad, state, ...group }], lr, t)
  graph.output(next.param, 'p_next')
  next.state.forEach((s, k) => graph.output(s, `${names[k]}_next`))
  const session = await ort.InferenceSession.create(graph.toBytes())

  const rng = new Rng(3)
  const p = Array.from({ length: 6 }, () => rng.normal())
  const refState = names.map(() => new Array<number>(6).fill(0))
  const feeds: Record<string, ort.Tensor> = { p: f64(p, shape), ...Object.fromEntries(names.map((n) => [n, f64(new Float64Array(6), shape)])) }
  let worst = 0
  for (let step = 1; step <= 6; step++) {
    const g = Array.from({ length: 6 }, () => rng.normal())
    const rate = 0.05 / step
    Object.assign(feeds, { g: f64(g, shape), lr: f64([rate], []), t: f64([step], []) })
    const out = await session.run(feeds)
    referenceStep(spec, p, g, refState, rate, step, group)
    const got = out.p_next.data as Float64Array
    for (let i = 0; i < 6; i++) worst = Math.max(worst, Math.abs(got[i] - p[i]))
    feeds.p = out.p_next as ort.Tensor
    for (const n of names) feeds[n] = out[`${n}_next`] as ort.Tensor
  }
  await session.release()
  return worst
}

describe('optimizer graphs follow the reference update rules', () => {
  const adamw: OptimizerSpec = { name: 'adamw', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1 }
  const adam: OptimizerSpec = { ...adamw, name: 'adam' }
  const sgd: OptimizerSpec = { name: 'sgd', momentum: 0.9, weightDecay: 0.01 }
  const lion: OptimizerSpec = { name: 'lion', beta1: 0.9, beta2: 0.99, weightDecay: 0.5 }
  const cases: [string, OptimizerSpec, Group][] = [
    ['AdamW with decoupled weight decay and bias correction', adamw, { decay: true }],
    ['AdamW without decay (biases)', adamw, { decay: false }],
    ['Adam with L2 weight decay in the gradient', adam, { decay: true }],
    ['SGD with momentum and L2 weight decay', sgd, { decay: true }],
    ['SGD with Nesterov momentum', { ...sgd, nesterov: true }, { decay: true }],
    ['Lion with decoupled weight decay', lion, { decay: true }],
    ['a parameter group with its own lr multiplier and weight decay', adamw, { decay: true, lrScale: 0.25, weightDecay: 0.3 }],
    ['Lion in a group with a small lr multiplier', lion, { decay: false, lrScale: 0.5 }]
  ]
  for (const [name, spec, group] of cases) {
    it(name, async () => {
      expect(await compare(spec, group)).toBeLessThan(1e-12)
    })
  }
  it('plain SGD keeps no state; Lion keeps one tensor, Adam two', async () => {
    const plain: OptimizerSpec = { name: 'sgd', momentum: 0, weightDecay: 0 }
    expect([plain, lion, adam].map((s) => stateSlots(s).length)).toEqual([0, 1, 2])
    expect(await compare(plain, { decay: true })).toBeLessThan(1e-12)
  })
})

describe('global-norm clipping', () => {
  async function clip(a: number[], b: number[], maxNorm: number): Promise<{ a: number[]; b: number[]; norm: number }> {
    const graph = new Graph()
    const ga = graph.input('a', 'float64', [a.length])
    const gb = graph.input('b', 'float64', [2, b.length / 2])
    const r = clipByGlobalNorm([ga, gb], maxNorm)
    graph.output(r.grads[0], 'ca')
    graph.output(r.grads[1], 'cb')
    graph.output(r.norm, 'norm')
    const session = await ort.InferenceSession.create(graph.toBytes())
    const out = await session.run({ a: f64(a, [a.length]), b: f64(b, [2, b.length / 2]) })
    await session.release()
    return { a: Array.from(out.ca.data as Float64Array), b: Array.from(out.cb.data as Float64Array), norm: out.norm.data[0] as number }
  }
  it('scales every gradient by maxNorm/‖g‖ when the joint norm is larger', async () => {
    const r = await clip([3, 0], [0, 4, 0, 0], 1)
    expect(r.norm).toBeCloseTo(5, 12)
    const coef = 1 / (5 + 1e-6)
    expect(r.a).toEqual([3 * coef, 0])
    expect(r.b[1]).toBeCloseTo(4 * coef, 14)
  })
  it('leaves gradients under the threshold untouched', async () => {
    const r = await clip([0.3, 0], [0, 0.4, 0, 0], 1)
    expect(r.a).toEqual([0.3, 0])
    expect(r.b).toEqual([0, 0.4, 0, 0])
  })
})

describe('paramGroups', () => {
  it('decays weights and embeddings only and shrinks lr geometrically from the head', () => {
    const groups = paramGroups(
      [
        { kind: 'embedding', depth: 2 },
        { kind: 'norm', depth: 1 },
        { kind: 'weight', depth: 1 },
        { kind: 'bias', depth: 0 }
      ],
      { weightDecay: 0.01, layerDecay: 0.5 }
    )
    expect(groups.map((g) => g.decay)).toEqual([true, false, true, false])
    expect(groups.map((g) => g.lrScale)).toEqual([0.25, 0.5, 0.5, 1])
  })
})
