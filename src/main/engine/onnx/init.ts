import type { Rng } from '../random'
import type { ParamInfo } from './train-step'

export type FloatArray = Float32Array | Float64Array

/**
 * Seeded initial values: He normal (std √(2/fan_in)) for weights feeding a ReLU or GELU, Xavier
 * uniform (±√(6/(fan_in+fan_out))) for tanh, sigmoid and the output layer, zeros for biases, ones for norm scales.
 */
export function initParams(
  params: ParamInfo[],
  activation: 'relu' | 'tanh' | 'gelu' | 'sigmoid',
  rng: Rng,
  dtype: 'float32' | 'float64'
): FloatArray[] {
  const lastWeight = params.map((p) => p.kind).lastIndexOf('weight')
  return params.map((p, i) => {
    const size = p.shape.reduce((a, b) => a * b, 1)
    const out = dtype === 'float32' ? new Float32Array(size) : new Float64Array(size)
    if (p.kind === 'bias') return out
    if (p.kind === 'norm') return out.fill(1)
    if ((activation === 'relu' || activation === 'gelu') && i !== lastWeight) {
      const std = Math.sqrt(2 / p.fanIn)
      for (let j = 0; j < size; j++) out[j] = rng.normal() * std
    } else {
      const limit = Math.sqrt(6 / (p.fanIn + p.fanOut))
      for (let j = 0; j < size; j++) out[j] = rng.uniform(-limit, limit)
    }
    return out
  })
}
