import * as ort from 'onnxruntime-node'
import { Rng } from '../random'
import { initParams } from './init'
import type { MlpSpec } from './mlp-graph'
import type { ParamInfo } from './train-step'

/** Shared by the freeze, LoRA, multi-step and checkpoint tests: small mlp batches and feeds in float64 or float32. */

export type Values = Map<string, Float64Array | Float32Array>

export function tensorOf(spec: Pick<MlpSpec, 'dtype'>, values: ArrayLike<number>, shape: number[]): ort.Tensor {
  return spec.dtype === 'float64' ? new ort.Tensor('float64', Float64Array.from(values), shape) : new ort.Tensor('float32', Float32Array.from(values), shape)
}

export function randomBatch(spec: MlpSpec, rows: number, seed: number): { x: ort.Tensor; y: ort.Tensor } {
  const rng = new Rng(seed)
  return {
    x: tensorOf(spec, Array.from({ length: rows * spec.features }, () => rng.normal()), [rows, spec.features]),
    y: new ort.Tensor('int64', BigInt64Array.from({ length: rows }, () => BigInt(rng.int(spec.classes))), [rows])
  }
}

export function initValues(spec: MlpSpec, params: ParamInfo[], seed: number): Values {
  const init = initParams(params, spec.activation, new Rng(seed), spec.dtype)
  return new Map(params.map((p, i) => [p.name, init[i]]))
}

export const feedsOf = (spec: MlpSpec, params: ParamInfo[], values: Values): Record<string, ort.Tensor> =>
  Object.fromEntries(params.map((p) => [p.name, tensorOf(spec, values.get(p.name)!, p.shape)]))

export const zerosFor = (spec: MlpSpec, name: string, shape: number[]): Record<string, ort.Tensor> => ({
  [name]: tensorOf(spec, new Float64Array(shape.reduce((a, b) => a * b, 1)), shape)
})

export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]))
  return a.length === b.length ? m : Infinity
}
