import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { Rng } from '../datasets/random'
import { Graph } from './graph'
import { applyOptimizer, stateSlots, type OptimizerSpec } from './optimizers'

/** Test-only JS reference of the PyTorch update rules, one parameter tensor at a time. */
function referenceStep(spec: OptimizerSpec, p: number[], g: number[], state: number[][], lr: number, t: number, decay: boolean): void {
  for (let i = 0; i < p.length; i++) {
    if (spec.name === 'sgd') {
      const gi = g[i] + (decay ? spec.weightDecay * p[i] : 0)
      if (spec.momentum > 0) {
        state[0][i] = spec.momentum * state[0][i] + gi
        p[i] -= lr * state[0][i]
      } else p[i] -= lr * gi
    } else {
      if (decay) p[i] *= 1 - lr * spec.weightDecay
      state[0][i] = spec.beta1 * state[0][i] + (1 - spec.beta1) * g[i]
      state[1][i] = spec.beta2 * state[1][i] + (1 - spec.beta2) * g[i] * g[i]
      const mHat = state[0][i] / (1 - spec.beta1 ** t)
      const vHat = state[1][i] / (1 - spec.beta2 ** t)
      p[i] -= (lr * mHat) / (Math.sqrt(vHat) + spec.eps)
    }
  }
}

async function compare(spec: OptimizerSpec, decay: boolean): Promise<number> {
  const shape = [3, 2]
  const graph = new Graph()
  const param = graph.input('p', 'float64', shape)
  const grad = graph.input('g', 'float64', shape)
  const lr = graph.input('lr', 'float64', [])
  const t = graph.input('t', 'float64', [])
  const names = stateSlots(spec)
  const state = names.map((n) => graph.input(n, 'float64', shape))
  const [next] = applyOptimizer(spec, [{ param, grad, state, decay }], lr, t)
  graph.output(next.param, 'p_next')
  next.state.forEach((s, k) => graph.output(s, `${names[k]}_next`))
  const session = await ort.InferenceSession.create(graph.toBytes())

  const rng = new Rng(3)
  const p = Array.from({ length: 6 }, () => rng.normal())
  const refState = names.map(() => new Array<number>(6).fill(0))
  const feeds: Record<string, ort.Tensor> = {
    p: new ort.Tensor('float64', Float64Array.from(p), shape),
    ...Object.fromEntries(names.map((n) => [n, new ort.Tensor('float64', new Float64Array(6), shape)]))
  }
  let worst = 0
  for (let step = 1; step <= 6; step++) {
    const g = Array.from({ length: 6 }, () => rng.normal())
    const rate = 0.05 / step
    feeds.g = new ort.Tensor('float64', Float64Array.from(g), shape)
    feeds.lr = new ort.Tensor('float64', Float64Array.from([rate]), [])
    feeds.t = new ort.Tensor('float64', Float64Array.from([step]), [])
    const out = await session.run(feeds)
    referenceStep(spec, p, g, refState, rate, step, decay)
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
  const sgd: OptimizerSpec = { name: 'sgd', momentum: 0.9, weightDecay: 0.01 }
  it('AdamW with decoupled weight decay and bias correction', async () => {
    expect(await compare(adamw, true)).toBeLessThan(1e-12)
  })
  it('AdamW without decay (biases)', async () => {
    expect(await compare(adamw, false)).toBeLessThan(1e-12)
  })
  it('SGD with momentum and L2 weight decay', async () => {
    expect(await compare(sgd, true)).toBeLessThan(1e-12)
  })
  it('plain SGD keeps no state', async () => {
    const plain: OptimizerSpec = { name: 'sgd', momentum: 0, weightDecay: 0 }
    expect(stateSlots(plain)).toEqual([])
    expect(await compare(plain, true)).toBeLessThan(1e-12)
  })
})
