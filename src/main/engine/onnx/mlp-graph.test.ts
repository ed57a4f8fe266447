import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { gradCheck, type CheckInput } from './grad-check'
import { initParams } from './init'
import { crossEntropy, mse } from './losses'
import { buildMlpEval, buildMlpTrainStep, mlpForward, mlpParams, type Activation, type MlpSpec } from './mlp-graph'

const spec: MlpSpec = { features: 3, hidden: 4, layers: 2, classes: 3, activation: 'tanh', dtype: 'float64' }
const batch = 5

function batchInputs(rng: Rng): CheckInput[] {
  return [
    { name: 'x', shape: [batch, spec.features], values: Float64Array.from({ length: batch * 3 }, () => rng.normal()) },
    { name: 'y', shape: [batch], values: BigInt64Array.from([0n, 1n, 2n, 1n, 0n]) }
  ]
}

describe('MLP loss gradient w.r.t. every parameter tensor (float64 finite differences)', () => {
  for (const activation of ['tanh', 'relu', 'gelu', 'sigmoid'] as Activation[]) {
    it(`${activation} network`, async () => {
      const s = { ...spec, activation }
      const rng = new Rng(11)
      const infos = mlpParams(s)
      const init = initParams(infos, activation, rng, 'float64')
      // Non-zero biases so their gradients flow through every path, not only the zero point.
      const params: CheckInput[] = infos.map((p, i) => ({
        name: p.name,
        shape: p.shape,
        values: p.kind === 'bias' ? Float64Array.from(init[i], () => rng.uniform(-0.5, 0.5)) : (init[i] as Float64Array)
      }))
      const x = batchInputs(rng)
      x[0].differentiate = false
      const r = await gradCheck([...x, ...params], (t) =>
        crossEntropy(mlpForward(t.x, infos.map((p) => t[p.name]), s), t.y)
      )
      expect(r.checked).toBe(infos.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0))
      expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(1e-6)
    })
  }
})

describe('MLP regression and dropout gradients (float64 finite differences)', () => {
  it('regression with MSE through dropout masks on every hidden layer', async () => {
    const s: MlpSpec = { ...spec, activation: 'gelu', classes: 2, task: 'regression', dropout: 0.5 }
    const rng = new Rng(13)
    const infos = mlpParams(s)
    const init = initParams(infos, 'gelu', rng, 'float64')
    const params: CheckInput[] = infos.map((p, i) => ({ name: p.name, shape: p.shape, values: init[i] as Float64Array }))
    const mask = (name: string): CheckInput => ({
      name,
      shape: [batch, s.hidden],
      values: Float64Array.from({ length: batch * s.hidden }, () => (rng.next() < 0.5 ? 0 : 2)),
      differentiate: false
    })
    const data: CheckInput[] = [
      { name: 'x', shape: [batch, 3], values: Float64Array.from({ length: batch * 3 }, () => rng.normal()), differentiate: false },
      { name: 'y', shape: [batch, 2], values: Float64Array.from({ length: batch * 2 }, () => rng.normal()), differentiate: false }
    ]
    const r = await gradCheck([...data, mask('m0'), mask('m1'), ...params], (t) =>
      mse(mlpForward(t.x, infos.map((p) => t[p.name]), s, [t.m0, t.m1]), t.y)
    )
    expect(r.maxError, JSON.stringify(r.worst)).toBeLessThan(1e-6)
  })
})

describe('generated MLP models load in onnxruntime', () => {
  it('the train step has the declared inputs and outputs and its loss matches the eval model', async () => {
    const model = buildMlpTrainStep(spec, { name: 'adamw', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 })
    const train = await ort.InferenceSession.create(model.bytes)
    const evalSession = await ort.InferenceSession.create(buildMlpEval(spec))
    expect(train.inputNames).toEqual(expect.arrayContaining(['x', 'y', 'lr', 't', 'layer0.weight', 'layer2.bias.v']))
    expect(train.outputNames).toEqual(expect.arrayContaining(['loss', 'correct', 'layer0.weight.next', 'layer1.bias.m.next']))
    expect(model.carried).toHaveLength(mlpParams(spec).length * 3)
    expect([...evalSession.outputNames].sort()).toEqual(['correct', 'loss_sum'])

    const rng = new Rng(5)
    const [x, y] = batchInputs(rng)
    const feeds: Record<string, ort.Tensor> = {
      x: new ort.Tensor('float64', x.values, x.shape),
      y: new ort.Tensor('int64', y.values, y.shape),
      lr: new ort.Tensor('float64', Float64Array.from([0.01]), []),
      t: new ort.Tensor('float64', Float64Array.from([1]), [])
    }
    const init = initParams(model.params, 'tanh', rng, 'float64')
    model.params.forEach((p, i) => (feeds[p.name] = new ort.Tensor('float64', init[i], p.shape)))
    for (const c of model.carried.slice(model.params.length)) {
      feeds[c.input] = new ort.Tensor('float64', new Float64Array(c.shape.reduce((a, b) => a * b, 1)), c.shape)
    }
    const stepOut = await train.run(feeds)
    const evalOut = await evalSession.run({ x: feeds.x, y: feeds.y, ...Object.fromEntries(model.params.map((p) => [p.name, feeds[p.name]])) })
    const loss = stepOut.loss.data[0] as number
    expect(loss).toBeGreaterThan(0)
    expect((evalOut.loss_sum.data[0] as number) / batch).toBeCloseTo(loss, 12)
    expect(stepOut.correct.data[0]).toBe(evalOut.correct.data[0])
    // The update moved every parameter.
    const w0 = stepOut['layer0.weight.next'].data as Float64Array
    expect(w0.some((v, i) => v !== init[0][i])).toBe(true)
    await train.release()
    await evalSession.release()
  })
})
