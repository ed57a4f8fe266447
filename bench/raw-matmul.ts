/**
 * The yardstick of the training benches: the MatMul/Gemm nodes of a train-step graph (forward and
 * backward) and the time onnxruntime takes for the same products alone, with the same threads.
 */
import { performance } from 'node:perf_hooks'
import * as ort from 'onnxruntime-node'
import { Rng } from '../src/main/engine/random'
import { Graph, type Dim, type GraphNode } from '../src/main/engine/onnx/graph'
import * as op from '../src/main/engine/onnx/ops'
import type { ModelDefinition } from '../src/main/engine/onnx/train-step'

export interface MatmulShape {
  opType: 'MatMul' | 'Gemm'
  a: number[]
  b: number[]
  out: number[]
  transA: boolean
  transB: boolean
  flops: number
}

const count = (shape: number[]) => shape.reduce((a, b) => a * b, 1)
const fixed = (shape: readonly Dim[], batch: number): number[] => shape.map((d) => (typeof d === 'number' ? d : batch))

/** Runs `def`'s forward through `build` (which adds the backward and optimizer) and keeps the graph it was built in. */
export function capturedGraph<T>(def: ModelDefinition, build: (def: ModelDefinition) => T): { graph: Graph; built: T } {
  let graph: Graph | undefined
  const forward = def.forward
  const built = build({ ...def, forward: (g, params) => ((graph = g), forward(g, params)) })
  if (!graph) throw new Error('the model was built without calling its forward')
  return { graph, built }
}

/** The MatMul and Gemm nodes of a graph with every symbolic dimension set to `batch`. */
export function matmulShapes(graph: Graph, batch: number): MatmulShape[] {
  return graph.nodes
    .filter((n: GraphNode) => n.opType === 'MatMul' || n.opType === 'Gemm')
    .map((n) => {
      const [a, b] = n.inputs.map((t) => fixed(t.shape, batch))
      const out = fixed(n.outputs[0].shape, batch)
      const flag = (name: string) => n.attributes[name]?.type === 'int' && n.attributes[name].value === 1
      const inner = flag('transA') ? a[a.length - 2] : a[a.length - 1]
      return { opType: n.opType as MatmulShape['opType'], a, b, out, transA: flag('transA'), transB: flag('transB'), flops: 2 * count(out) * inner }
    })
}

export const totalFlops = (shapes: MatmulShape[]): number => shapes.reduce((a, m) => a + m.flops, 0)

const random = (shape: number[], rng: Rng) => new ort.Tensor('float32', Float32Array.from({ length: count(shape) }, () => rng.normal()), shape)

/** Mean milliseconds of a session run over `runs` runs after three warm-up runs. */
export async function meanRunMs(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, runs: number, after?: (out: ort.InferenceSession.ReturnType) => void): Promise<number> {
  const once = async () => {
    const out = await session.run(feeds)
    after?.(out)
  }
  for (let i = 0; i < 3; i++) await once()
  const t0 = performance.now()
  for (let i = 0; i < runs; i++) await once()
  return (performance.now() - t0) / runs
}

/**
 * The same products alone: each on random inputs of its shapes (Gemm keeping its transposes), its
 * result summed so that it is not pruned. The sums are timed on their own too and taken off,
 * leaving product time only. `ms(runs)` measures once; call it between the measurements it is
 * compared with, so that both see the same load on a shared machine.
 */
export async function openRawMatmul(shapes: MatmulShape[], threads: number): Promise<{ ms(runs: number): Promise<number>; release(): Promise<void> }> {
  const rng = new Rng(2)
  const build = (withProducts: boolean) => {
    const graph = new Graph('raw_matmul')
    const feeds: Record<string, ort.Tensor> = {}
    const sums = shapes.map((m, i) => {
      if (!withProducts) {
        // An input shaped like the product, summed directly: the cost of the sum without the product.
        feeds[`p${i}`] = random(m.out, rng)
        return op.sumAll(graph.input(`p${i}`, 'float32', m.out))
      }
      feeds[`a${i}`] = random(m.a, rng)
      feeds[`b${i}`] = random(m.b, rng)
      const [a, b] = [graph.input(`a${i}`, 'float32', m.a), graph.input(`b${i}`, 'float32', m.b)]
      return op.sumAll(m.opType === 'Gemm' ? op.gemm(a, b, null, { transA: m.transA, transB: m.transB }) : op.matmul(a, b))
    })
    graph.output(sums.reduce((x, y) => op.add(x, y)), 'total')
    return { bytes: graph.toBytes(), feeds }
  }
  const options = { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const }
  const [products, sums] = await Promise.all(
    [true, false].map(async (withProducts) => {
      const { bytes, feeds } = build(withProducts)
      return { session: await ort.InferenceSession.create(bytes, options), feeds }
    })
  )
  return {
    ms: async (runs) => (await meanRunMs(products.session, products.feeds, runs)) - (await meanRunMs(sums.session, sums.feeds, runs)),
    release: async () => {
      await products.session.release()
      await sums.session.release()
    }
  }
}

export const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
