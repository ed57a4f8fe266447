import type { Rng } from '../datasets/random'
import type { ParamInfo } from './mlp-graph'

export type FloatArray = Float32Array | Float64Array

/**
 * Seeded initial values: He normal (std √(2/fan_in)) for weights feeding a ReLU, Xavier uniform
 * (±√(6/(fan_in+fan_out))) for tanh and for the output layer, zeros for biases.
 */
export function initParams(
  params: ParamInfo[],
  activation: 'relu' | 'tanh',
  rng: Rng,
  dtype: 'float32' | 'float64'
): FloatArray[] {
  const lastWeight = params.map((p) => p.kind).lastIndexOf('weight')
  return params.map((p, i) => {
    const size = p.shape.reduce((a, b) => a * b, 1)
    const out = dtype === 'float32' ? new Float32Array(size) : new Float64Array(size)
    if (p.kind === 'bias') return out
    if (activation === 'relu' && i !== lastWeight) {
      const std = Math.sqrt(2 / p.fanIn)
      for (let j = 0; j < size; j++) out[j] = rng.normal() * std
    } else {
      const limit = Math.sqrt(6 / (p.fanIn + p.fanOut))
      for (let j = 0; j < size; j++) out[j] = rng.uniform(-limit, limit)
    }
    return out
  })
}
