import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { feedsOf, initValues, maxDiff, randomBatch, tensorOf } from './testing'
import { compilePattern, freezeModel, matchParams, parameterCounts, PatternError } from './freeze'
import { mlpModel, mlpParams, type MlpSpec } from './mlp-graph'
import type { OptimizerSpec } from './optimizers'
import { buildTrainStep } from './train-step'

const spec: MlpSpec = { features: 4, hidden: 5, layers: 2, classes: 3, activation: 'tanh', dtype: 'float64' }
const params = mlpParams(spec)
const sgd: OptimizerSpec = { name: 'sgd', momentum: 0, weightDecay: 0 }

describe('compilePattern', () => {
  const p = (name: string) => ({ name, layer: name.split('.')[0] })
  it('matches globs against the whole name or the layer, and regexes anywhere', () => {
    const glob = compilePattern('layer0.*, layer2')
    expect(['layer0.weight', 'layer0.bias', 'layer1.weight', 'layer2.bias'].map((n) => glob(p(n)))).toEqual([true, true, false, true])
    expect(compilePattern('layer?.bias')(p('layer1.bias'))).toBe(true)
    expect(compilePattern('layer?.bias')(p('layer1.weight'))).toBe(false)
    const re = compilePattern('/^layer[01]\\.w/')
    expect(['layer0.weight', 'layer1.weight', 'layer1.bias', 'layer2.weight'].map((n) => re(p(n)))).toEqual([true, true, false, false])
    expect(compilePattern('')(p('layer0.weight'))).toBe(false)
    expect(compilePattern('layer0.weight.')(p('layer0.weight'))).toBe(false)
  })
  it('refuses a regex that does not compile, naming it', () => {
    expect(() => compilePattern('/layer(/')).toThrow(PatternError)
    expect(() => compilePattern('/layer(/')).toThrow(/\/layer\(\/ is not a valid regular expression/)
  })
})

describe('freezeModel', () => {
  it('gives frozen parameters no state and no update, and the others the gradient of the full model', async () => {
    const frozen = matchParams(params, 'layer0')
    expect([...frozen]).toEqual(['layer0.weight', 'layer0.bias'])
    const full = buildTrainStep(mlpModel(spec), { optimizer: sgd })
    const part = buildTrainStep(freezeModel(mlpModel(spec), frozen), { optimizer: sgd })
    expect(part.carried.map((c) => c.input)).toEqual(['layer1.weight', 'layer1.bias', 'layer2.weight', 'layer2.bias'])
    const values = initValues(spec, params, 5)
    const feeds = { ...feedsOf(spec, params, values), ...randomBatch(spec, 8, 1), lr: tensorOf(spec, [0.1], []), t: tensorOf(spec, [1], []) }
    const [a, b] = await Promise.all([full, part].map((m) => ort.InferenceSession.create(m.bytes)))
    const want = await a.run(feeds)
    const got = await b.run(feeds)
    expect(got.loss.data[0]).toBe(want.loss.data[0])
    for (const c of part.carried) expect(maxDiff(got[c.output].data as Float64Array, want[c.output].data as Float64Array)).toBeLessThan(1e-15)
    expect(Object.keys(got).some((k) => k.startsWith('layer0'))).toBe(false)
    // The step really moves what it trains: the head changed.
    expect(maxDiff(got['layer2.weight.next'].data as Float64Array, values.get('layer2.weight')!)).toBeGreaterThan(1e-4)
    await Promise.all([a.release(), b.release()])
  })

  it('keeps optimizer state only for the trainable parameters', () => {
    const adamw: OptimizerSpec = { name: 'adamw', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 }
    const m = buildTrainStep(freezeModel(mlpModel(spec), matchParams(params, '*.weight')), { optimizer: adamw })
    expect(m.carried.map((c) => c.input)).toEqual(['layer0.bias', 'layer1.bias', 'layer2.bias', 'layer0.bias.m', 'layer0.bias.v', 'layer1.bias.m', 'layer1.bias.v', 'layer2.bias.m', 'layer2.bias.v'])
  })

  it('refuses to freeze everything and counts what trains', () => {
    expect(() => freezeModel(mlpModel(spec), matchParams(params, '*'))).toThrow(/freezes every parameter/)
    const def = freezeModel(mlpModel(spec), matchParams(params, 'layer0,layer1'))
    // 4·5+5 + 5·5+5 = 55 frozen; 5·3+3 = 18 trainable of 73.
    expect(parameterCounts(def.params, params)).toEqual({ trainable: 18, total: 73, ratio: 18 / 73 })
  })
})

describe('compilePattern lists', () => {
  it('mixes globs and regexes in one list', () => {
    const test = compilePattern('layer0, /^layer1\\.w/')
    expect(['layer0.bias', 'layer1.weight', 'layer1.bias'].map((name) => test({ name, layer: name.split('.')[0] }))).toEqual([true, true, false])
  })
})
