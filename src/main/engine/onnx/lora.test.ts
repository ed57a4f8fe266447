import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { feedsOf, initValues, maxDiff, randomBatch, tensorOf, type Values } from './testing'
import { freezeModel } from './freeze'
import { initLora, loraTargets, mergeLora, withLora } from './lora'
import { mlpModel, mlpParams, type MlpSpec } from './mlp-graph'
import type { OptimizerSpec } from './optimizers'
import { buildTrainStep, type ModelDefinition } from './train-step'

const spec: MlpSpec = { features: 4, hidden: 6, layers: 2, classes: 3, activation: 'tanh', dtype: 'float64' }
const params = mlpParams(spec)
const sgd: OptimizerSpec = { name: 'sgd', momentum: 0, weightDecay: 0 }
const lora = withLora(mlpModel(spec), { rank: 2, alpha: 4, dropout: 0, targets: 'layer0, layer1' })
const trained = freezeModel(lora.def, new Set(params.map((p) => p.name)))
const batch = randomBatch(spec, 10, 3)

/** One plain-SGD step with lr 1, so each parameter moves by exactly minus its gradient. */
async function step(def: ModelDefinition, values: Values, extra: Record<string, ort.Tensor> = {}): Promise<{ loss: number; grads: Map<string, Float64Array> }> {
  const model = buildTrainStep(def, { optimizer: sgd })
  const session = await ort.InferenceSession.create(model.bytes)
  const all = [...def.params, ...(def.constantInputs ?? [])]
  const out = await session.run({ ...feedsOf(spec, all, values), ...batch, ...extra, lr: tensorOf(spec, [1], []), t: tensorOf(spec, [1], []) })
  await session.release()
  const grads = new Map(def.params.map((p) => [p.name, (values.get(p.name) as Float64Array).map((v, i) => v - (out[`${p.name}.next`].data as Float64Array)[i])]))
  return { loss: out.loss.data[0] as number, grads }
}

/** Base values plus adapters; B random rather than zero when `randomB`, so the adapter path matters. */
function withAdapters(randomB: boolean): Values {
  const values: Values = initValues(spec, params, 7)
  const rng = new Rng(11)
  for (const [name, v] of initLora(lora.adapters, rng)) values.set(name, Float64Array.from(name.endsWith('lora_b') && randomB ? v.map(() => rng.normal() * 0.3) : v))
  return values
}

describe('withLora', () => {
  it('adds A [in, r] and B [r, out] to the chosen weights only, scaled by alpha/rank', () => {
    expect(lora.adapters.map((a) => [a.a.name, a.a.shape, a.b.name, a.b.shape])).toEqual([
      ['layer0.weight.lora_a', [4, 2], 'layer0.weight.lora_b', [2, 6]],
      ['layer1.weight.lora_a', [6, 2], 'layer1.weight.lora_b', [2, 6]]
    ])
    expect(lora.scale).toBe(2)
    expect(trained.params.map((p) => p.name)).toEqual(['layer0.weight.lora_a', 'layer0.weight.lora_b', 'layer1.weight.lora_a', 'layer1.weight.lora_b'])
    expect(() => loraTargets(params, 'layer9')).toThrow(/"layer9" matches no linear weight \(there are: layer0.weight, layer1.weight, layer2.weight\)/)
  })

  it('starts as the base model: B = 0 gives the base loss and moves only B', async () => {
    const values = withAdapters(false)
    const base = await step(mlpModel(spec), values)
    const adapted = await step(trained, values)
    expect(adapted.loss).toBe(base.loss)
    expect(Math.max(...adapted.grads.get('layer0.weight.lora_a')!.map(Math.abs))).toBe(0)
    expect(Math.max(...adapted.grads.get('layer0.weight.lora_b')!.map(Math.abs))).toBeGreaterThan(1e-6)
  })

  it('has the chain-rule gradients dA = s·dW·Bᵀ and dB = s·Aᵀ·dW, and merges into the same model', async () => {
    const values = withAdapters(true)
    const merged = mergeLora(values, lora.adapters, lora.scale)
    expect([...merged.keys()]).toEqual(params.map((p) => p.name))
    const base = await step(mlpModel(spec), merged)
    const adapted = await step(trained, values)
    // The merged base model computes the same loss as base + adapters.
    expect(Math.abs(adapted.loss - base.loss)).toBeLessThan(1e-12)
    for (const ad of lora.adapters) {
      const [n, m] = ad.target.shape
      const r = 2
      const dW = base.grads.get(ad.target.name)!
      const a = values.get(ad.a.name)!
      const b = values.get(ad.b.name)!
      const dA = new Float64Array(n * r)
      const dB = new Float64Array(r * m)
      for (let i = 0; i < n; i++)
        for (let k = 0; k < r; k++) for (let o = 0; o < m; o++) dA[i * r + k] += lora.scale * dW[i * m + o] * b[k * m + o]
      for (let k = 0; k < r; k++)
        for (let o = 0; o < m; o++) for (let i = 0; i < n; i++) dB[k * m + o] += lora.scale * a[i * r + k] * dW[i * m + o]
      expect(maxDiff(adapted.grads.get(ad.a.name)!, dA), ad.a.name).toBeLessThan(1e-12)
      expect(maxDiff(adapted.grads.get(ad.b.name)!, dB), ad.b.name).toBeLessThan(1e-12)
    }
  })

  it('applies its dropout mask to the input features of the adapter path', async () => {
    const dropped = withLora(mlpModel(spec), { rank: 2, alpha: 4, dropout: 0.5, targets: 'layer0' })
    expect(dropped.adapters[0].mask).toBe('layer0.weight.lora_mask')
    const def = freezeModel(dropped.def, new Set(params.map((p) => p.name)))
    const values = withAdapters(true)
    // A zero mask switches the adapter off: the loss is the base model's.
    const off = await step(def, values, { 'layer0.weight.lora_mask': tensorOf(spec, new Float64Array(4), [4, 1]) })
    const base = await step(mlpModel(spec), values)
    expect(off.loss).toBe(base.loss)
    const on = await step(def, values, { 'layer0.weight.lora_mask': tensorOf(spec, new Float64Array(4).fill(1), [4, 1]) })
    expect(Math.abs(on.loss - base.loss)).toBeGreaterThan(1e-6)
  })
})
