import { renameSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { Graph, Tensor } from './graph'
import { div, sub } from './ops'

/**
 * Pieces of a standalone inference model: trained tensors become initializers, so the file
 * needs nothing but its input; no optimizer state or training inputs survive.
 */

/** Each parameter as a constant of the graph, in the order given. */
export function constantParams(graph: Graph, params: { name: string; shape: number[] }[], values: ReadonlyMap<string, Float32Array>): Tensor[] {
  return params.map((p) => {
    const v = values.get(p.name)
    if (!v) throw new Error(`the checkpoint has no tensor ${p.name}`)
    return graph.constant('float32', p.shape, v)
  })
}

/** (x − mean) / std per feature, with the training part's statistics, so the model takes raw values. */
export function standardize(x: Tensor, mean: ArrayLike<number>, std: ArrayLike<number>): Tensor {
  const n = mean.length
  return div(sub(x, x.graph.constant('float32', [n], Array.from(mean))), x.graph.constant('float32', [n], Array.from(std)))
}

/** Writes the model beside its final name first, so a reader never sees half a file. */
export function writeModelFile(path: string, bytes: Uint8Array): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
  writeFileSync(temp, bytes)
  renameSync(temp, path)
}
