import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { initParams } from './init'
import { buildMlpAccumulate, buildMlpTrainStep, type MlpSpec } from './mlp-graph'
import type { OptimizerSpec } from './optimizers'
import type { TrainStepModel } from './train-step'

const spec: MlpSpec = { features: 4, hidden: 5, layers: 2, classes: 3, activation: 'tanh', dtype: 'float64' }
const adamw: OptimizerSpec = { name: 'adamw', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1 }
const plainSgd: OptimizerSpec = { name: 'sgd', momentum: 0, weightDecay: 0 }
const f64 = (v: ArrayLike<number>, shape: number[]): ort.Tensor => new ort.Tensor('float64', Float64Array.from(v), shape)
const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1)

function batch(rows: number, seed: number): { x: ort.Tensor; y: ort.Tensor } {
  const rng = new Rng(seed)
  return {
    x: f64(Array.from({ length: rows * spec.features }, () => rng.normal()), [rows, spec.features]),
    y: new ort.Tensor('int64', BigInt64Array.from({ length: rows }, () => BigInt(rng.int(spec.classes))), [rows])
  }
}

function startFeeds(model: TrainStepModel): Record<string, ort.Tensor> {
  const init = initParams(model.params, 'tanh', new Rng(2), 'float64')
  const feeds: Record<string, ort.Tensor> = { lr: f64([0.05], []), t: f64([1], []) }
  model.params.forEach((p, i) => (feeds[p.name] = f64(init[i], p.shape)))
  for (const c of [...model.carried.slice(model.params.length), ...model.accumulators]) feeds[c.input] = f64(new Float64Array(size(c.shape)), c.shape)
  return feeds
}

function rowsOf(b: { x: ort.Tensor; y: ort.Tensor }, from: number, to: number): { x: ort.Tensor; y: ort.Tensor } {
  const x = (b.x.data as Float64Array).slice(from * spec.features, to * spec.features)
  const y = (b.y.data as BigInt64Array).slice(from, to)
  return { x: f64(x, [to - from, spec.features]), y: new ort.Tensor('int64', y, [to - from]) }
}

describe('gradient accumulation', () => {
  it('k equal micro-batches with loss/k give the same update as one step on the whole batch', async () => {
    const whole = buildMlpTrainStep(spec, adamw)
    const step = buildMlpTrainStep(spec, adamw, { accumulate: true })
    const micro = buildMlpAccumulate(spec)
    const [sWhole, sStep, sMicro] = await Promise.all([whole, step].map((m) => ort.InferenceSession.create(m.bytes)).concat(ort.InferenceSession.create(micro.bytes)))
    const data = batch(12, 9)
    const reference = await sWhole.run({ ...startFeeds(whole), ...data })

    const feeds = startFeeds(step)
    const k = 3
    for (let m = 0; m < k - 1; m++) {
      const out = await sMicro.run({ ...feeds, ...rowsOf(data, m * 4, m * 4 + 4), grad_scale: f64([1 / k], []) })
      for (const a of micro.accumulators) feeds[a.input] = out[a.output] as ort.Tensor
    }
    const out = await sStep.run({ ...feeds, ...rowsOf(data, 8, 12), grad_scale: f64([1 / k], []) })
    for (const c of step.carried) {
      const got = out[c.output].data as Float64Array
      const want = reference[c.output].data as Float64Array
      expect(Math.max(...got.map((v, i) => Math.abs(v - want[i]))), c.output).toBeLessThan(1e-12)
    }
    await Promise.all([sWhole, sStep, sMicro].map((s) => s.release()))
  })
})

describe('clipping and diagnostics in the step graph', () => {
  it('report per-layer and global gradient norms and update ratios, and clip the update to the norm', async () => {
    // Plain SGD with lr 1 moves every parameter by exactly −g, so the update reveals the gradient.
    const free = buildMlpTrainStep(spec, plainSgd, { diagnostics: true })
    const clipped = buildMlpTrainStep(spec, plainSgd, { diagnostics: true, clipNorm: 0.05 })
    expect(free.diagnostics).toEqual([
      'grad_norm/global',
      'grad_norm/layer0',
      'grad_norm/layer1',
      'grad_norm/layer2',
      'update_ratio/layer0',
      'update_ratio/layer1',
      'update_ratio/layer2'
    ])
    const feeds: Record<string, ort.Tensor> = { ...startFeeds(free), ...batch(6, 4), lr: f64([1], []) }
    const sFree = await ort.InferenceSession.create(free.bytes)
    const out = await sFree.run(feeds)
    const diag = out.diagnostics.data as Float64Array
    const layerSq = [0, 0, 0]
    const weightSq = [0, 0, 0]
    for (const p of free.params) {
      const before = feeds[p.name].data as Float64Array
      const after = out[`${p.name}.next`].data as Float64Array
      const l = Number(p.layer.slice(5))
      before.forEach((v, i) => {
        layerSq[l] += (after[i] - v) ** 2
        weightSq[l] += v * v
      })
    }
    const total = Math.sqrt(layerSq.reduce((a, b) => a + b))
    expect(diag[0]).toBeCloseTo(total, 12)
    layerSq.forEach((sq, l) => {
      expect(diag[1 + l]).toBeCloseTo(Math.sqrt(sq), 12)
      expect(diag[4 + l]).toBeCloseTo(Math.sqrt(sq) / Math.sqrt(weightSq[l]), 12)
    })
    expect(total).toBeGreaterThan(0.05)

    const sClipped = await ort.InferenceSession.create(clipped.bytes)
    const c = await sClipped.run(feeds)
    // The reported norm is the one before clipping; the step itself is cut to 0.05.
    expect((c.diagnostics.data as Float64Array)[0]).toBeCloseTo(total, 12)
    let stepSq = 0
    for (const p of clipped.params) {
      const before = feeds[p.name].data as Float64Array
      const after = c[`${p.name}.next`].data as Float64Array
      before.forEach((v, i) => (stepSq += (after[i] - v) ** 2))
    }
    expect(Math.sqrt(stepSq)).toBeCloseTo((0.05 * total) / (total + 1e-6), 12)
    await sFree.release()
    await sClipped.release()
  })
})
