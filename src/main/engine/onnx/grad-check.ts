import * as ort from 'onnxruntime-node'
import { gradients } from './autodiff'
import { Graph, type Tensor } from './graph'

/**
 * Compares the generated backward graph with central finite differences of the forward graph, in
 * float64. Used by the tests of every differentiable op and of whole models; run it on any op
 * whose gradient rule you add.
 */
export interface CheckInput {
  name: string
  shape: number[]
  values: Float64Array | BigInt64Array
  /** Inputs that are differentiated (float64 ones by default). */
  differentiate?: boolean
}

export interface GradCheckResult {
  /** Largest |analytic − numeric| / max(1, |analytic|, |numeric|) over all checked elements. */
  maxError: number
  worst: { input: string; index: number; analytic: number; numeric: number }
  checked: number
}

function toOrt(input: CheckInput): ort.Tensor {
  const dtype = input.values instanceof BigInt64Array ? 'int64' : 'float64'
  return new ort.Tensor(dtype, input.values, input.shape)
}

export async function gradCheck(
  inputs: CheckInput[],
  build: (t: Record<string, Tensor>) => Tensor,
  eps = 1e-6
): Promise<GradCheckResult> {
  const graph = new Graph('grad_check')
  const handles: Record<string, Tensor> = {}
  for (const i of inputs) {
    handles[i.name] = graph.input(i.name, i.values instanceof BigInt64Array ? 'int64' : 'float64', i.shape)
  }
  const loss = build(handles)
  const wrt = inputs.filter((i) => i.values instanceof Float64Array && i.differentiate !== false)
  const grads = gradients(
    loss,
    wrt.map((i) => handles[i.name])
  )
  graph.output(loss, 'loss')
  grads.forEach((g, k) => graph.output(g, `grad_${wrt[k].name}`))
  const session = await ort.InferenceSession.create(graph.toBytes(), { intraOpNumThreads: 1, interOpNumThreads: 1 })
  try {
    const feeds = Object.fromEntries(inputs.map((i) => [i.name, toOrt(i)]))
    const base = await session.run(feeds)
    const lossAt = async (): Promise<number> => (await session.run(feeds, ['loss'])).loss.data[0] as number
    const result: GradCheckResult = { maxError: 0, worst: { input: '', index: -1, analytic: 0, numeric: 0 }, checked: 0 }
    for (const input of wrt) {
      const values = input.values as Float64Array
      const analytic = base[`grad_${input.name}`].data as Float64Array
      for (let j = 0; j < values.length; j++) {
        const keep = values[j]
        values[j] = keep + eps
        feeds[input.name] = toOrt(input)
        const up = await lossAt()
        values[j] = keep - eps
        feeds[input.name] = toOrt(input)
        const down = await lossAt()
        values[j] = keep
        feeds[input.name] = toOrt(input)
        const numeric = (up - down) / (2 * eps)
        const error = Math.abs(analytic[j] - numeric) / Math.max(1, Math.abs(analytic[j]), Math.abs(numeric))
        result.checked++
        if (error >= result.maxError) {
          result.maxError = error
          result.worst = { input: input.name, index: j, analytic: analytic[j], numeric }
        }
      }
    }
    return result
  } finally {
    await session.release()
  }
}
