import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { feedsOf, initValues, maxDiff, randomBatch, tensorOf, type Values } from './testing'
import { freezeModel, matchParams } from './freeze'
import { initLora, withLora } from './lora'
import { mlpModel, mlpParams, type MlpSpec } from './mlp-graph'
import { atMicro, buildMultiStep } from './multi-step'
import { paramGroups, type OptimizerSpec } from './optimizers'
import { buildAccumulateStep, buildTrainStep, type ModelDefinition } from './train-step'

const spec: MlpSpec = { features: 5, hidden: 8, layers: 2, classes: 3, activation: 'relu', dtype: 'float32', dropout: 0.2 }
const adamw: OptimizerSpec = { name: 'adamw', beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.05 }
const K = 3

/** Batch inputs of micro-batch i: x, y, the mlp's dropout masks and the LoRA masks, all seeded. */
function microFeeds(i: number, maskNames: { name: string; shape: number[] }[]): Record<string, ort.Tensor> {
  const rng = new Rng(100 + i)
  const feeds: Record<string, ort.Tensor> = randomBatch(spec, 6, i)
  for (const m of maskNames) feeds[m.name] = tensorOf(spec, Array.from({ length: m.shape[0] * m.shape[1] }, () => (rng.next() < 0.2 ? 0 : 1.25)), m.shape)
  return feeds
}

/** A model with everything a chain must carry right: frozen inputs, adapters with dropout, dropout masks. */
function fineTuned(): { def: ModelDefinition; values: Values; masks: { name: string; shape: number[] }[] } {
  const base = mlpParams(spec)
  const lora = withLora(mlpModel(spec), { rank: 2, alpha: 4, dropout: 0.1, targets: 'layer1' })
  const def = freezeModel(lora.def, matchParams(base, 'layer1'))
  const values: Values = initValues(spec, base, 3)
  for (const [name, v] of initLora(lora.adapters, new Rng(4))) values.set(name, v.map((x, j) => (name.endsWith('lora_b') ? 0.1 * Math.sin(j) : x)))
  const masks = [
    { name: 'dropout0', shape: [6, 8] },
    { name: 'dropout1', shape: [6, 8] },
    { name: 'layer1.weight.lora_mask', shape: [8, 1] }
  ]
  return { def, values, masks }
}

const options = (def: ModelDefinition) => ({ optimizer: adamw, clipNorm: 0.5, groups: paramGroups(def.params, { weightDecay: 0.05, layerDecay: 0.8 }) })
const lrs = [0.01, 0.02, 0.005]

describe('buildMultiStep', () => {
  it('K chained steps give the parameters and optimizer state of K single steps', async () => {
    const { def, values, masks } = fineTuned()
    const single = buildTrainStep(def, options(def))
    const chain = buildMultiStep(def, { ...options(def), steps: K })
    const [s1, sK] = await Promise.all([single, chain].map((m) => ort.InferenceSession.create(m.bytes)))
    const constants = feedsOf(spec, def.constantInputs!, values)
    let state: Record<string, ort.Tensor> = { ...feedsOf(spec, def.params, values) }
    for (const c of single.carried.slice(def.params.length)) state[c.input] = tensorOf(spec, new Float32Array(c.shape.reduce((a, b) => a * b, 1)), c.shape)
    const start = { ...state }
    const losses: number[] = []
    for (let j = 0; j < K; j++) {
      const out = await s1.run({ ...constants, ...state, ...microFeeds(j, masks), lr: tensorOf(spec, [lrs[j]], []), t: tensorOf(spec, [j + 1], []) })
      losses.push(out.loss.data[0] as number)
      state = Object.fromEntries(single.carried.map((c) => [c.input, out[c.output] as ort.Tensor]))
    }
    const feeds: Record<string, ort.Tensor> = { ...constants, ...start }
    for (let j = 0; j < K; j++) {
      for (const [name, t] of Object.entries(microFeeds(j, masks))) feeds[atMicro(name, j)] = t
      feeds[atMicro('lr', j)] = tensorOf(spec, [lrs[j]], [])
      feeds[atMicro('t', j)] = tensorOf(spec, [j + 1], [])
    }
    const out = await sK.run(feeds)
    expect(Array.from({ length: K }, (_, j) => out[atMicro('loss', j)].data[0])).toEqual(losses)
    expect(chain.carried.map((c) => c.input)).toEqual(single.carried.map((c) => c.input))
    for (const c of chain.carried) {
      const want = state[c.input].data as Float32Array
      expect(maxDiff(out[c.output].data as Float32Array, want), c.output).toBeLessThanOrEqual(1e-7 * Math.max(1, ...want.map(Math.abs)))
    }
    // Three updates really happened: the adapters moved away from where they started.
    expect(maxDiff(out['layer1.weight.lora_b.next'].data as Float32Array, start['layer1.weight.lora_b'].data as Float32Array)).toBeGreaterThan(1e-3)
    await Promise.all([s1.release(), sK.release()])
  })

  it('with micro-batches, matches the accumulate graph followed by the step graph', async () => {
    const def = mlpModel({ ...spec, dropout: 0 })
    const values = initValues(spec, def.params, 9)
    const step = buildTrainStep(def, { ...options(def), accumulate: true })
    const acc = buildAccumulateStep(def)
    const chain = buildMultiStep(def, { ...options(def), steps: 2, micro: 2 })
    const [sStep, sAcc, sChain] = await Promise.all([step.bytes, acc.bytes, chain.bytes].map((b) => ort.InferenceSession.create(b)))
    const zeros = (shape: number[]) => tensorOf(spec, new Float32Array(shape.reduce((a, b) => a * b, 1)), shape)
    let state: Record<string, ort.Tensor> = feedsOf(spec, def.params, values)
    for (const c of step.carried.slice(def.params.length)) state[c.input] = zeros(c.shape)
    const start = { ...state }
    const half = tensorOf(spec, [0.5], [])
    for (let j = 0; j < 2; j++) {
      const first = await sAcc.run({ ...state, ...randomBatch(spec, 6, 2 * j), ...Object.fromEntries(acc.accumulators.map((a) => [a.input, zeros(a.shape)])), grad_scale: half })
      const accs = Object.fromEntries(acc.accumulators.map((a) => [a.input, first[a.output] as ort.Tensor]))
      const out = await sStep.run({ ...state, ...accs, ...randomBatch(spec, 6, 2 * j + 1), grad_scale: half, lr: tensorOf(spec, [lrs[j]], []), t: tensorOf(spec, [j + 1], []) })
      state = Object.fromEntries(step.carried.map((c) => [c.input, out[c.output] as ort.Tensor]))
    }
    const feeds: Record<string, ort.Tensor> = { ...start }
    for (let i = 0; i < 4; i++) for (const [name, t] of Object.entries(randomBatch(spec, 6, i))) feeds[atMicro(name, i)] = t
    for (let j = 0; j < 2; j++) Object.assign(feeds, { [atMicro('lr', j)]: tensorOf(spec, [lrs[j]], []), [atMicro('t', j)]: tensorOf(spec, [j + 1], []) })
    const out = await sChain.run(feeds)
    for (const c of chain.carried) expect(maxDiff(out[c.output].data as Float32Array, state[c.input].data as Float32Array), c.output).toBeLessThan(1e-6)
    await Promise.all([sStep, sAcc, sChain].map((s) => s.release()))
  })
})
