import { constInts, ifNeeded, registerGradient } from './grad-registry'
import { intAttr, type GraphNode } from './graph'
import { unsqueeze } from './ops'
import { concat, pad, reshapeLike, scatterAdd, slice, sliceBounds, split, transpose, zerosShaped } from './shape-ops'

/** Gradient rules of the ops that only move values: each routes the gradient back unchanged. */

registerGradient('Reshape', ({ inputs: [x] }, [d]) => [reshapeLike(d!, x), null])

registerGradient('Transpose', (node, [d]) => {
  const perm = (node.attributes.perm?.type === 'ints' ? node.attributes.perm.value : []) as number[]
  const inverse: number[] = []
  perm.forEach((p, i) => (inverse[p] = i))
  return [transpose(d!, inverse)]
})

registerGradient('Concat', (node, [d]) => {
  const axis = intAttr(node, 'axis', 0)
  const sizes = node.inputs.map((t) => t.shape[axis])
  if (!sizes.every((s): s is number => typeof s === 'number')) {
    throw new Error(`Concat: the gradient needs known sizes along axis ${axis}, got [${sizes}]`)
  }
  return split(d!, sizes, axis)
})

registerGradient('Split', (node, dOut) => {
  const axis = intAttr(node, 'axis', 0)
  // A piece the loss does not use contributes zeros of its own shape.
  const parts = node.outputs.map((o, k) => dOut[k] ?? zerosShaped(o))
  return [concat(parts, axis), null]
})

/** The zero padding that puts a step-1 slice's gradient back where the slice came from. */
function slicePads(node: GraphNode): number[] {
  const x = node.inputs[0]
  const starts = constInts(node, 1, 'starts')
  const ends = constInts(node, 2, 'ends')
  const axes = node.inputs[3] ? constInts(node, 3, 'axes') : starts.map((_, i) => i)
  if (node.inputs[4] && constInts(node, 4, 'steps').some((s) => s !== 1)) throw new Error('Slice: only step 1 is differentiable')
  const pads = new Array<number>(2 * x.rank).fill(0)
  axes.forEach((a, k) => {
    const dim = x.shape[a] as number
    const [b, e] = sliceBounds(starts[k], ends[k], dim)
    pads[a] = b
    pads[a + x.rank] = dim - e
  })
  return pads
}

registerGradient('Slice', (node, [d]) => [pad(d!, slicePads(node)), null, null, null, null])

registerGradient('Pad', (node, [d]) => {
  const x = node.inputs[0]
  const pads = constInts(node, 1, 'pads')
  // Undo the padding with a slice of each padded axis from its begin amount to minus its end amount.
  const axes = x.shape.map((_, i) => i).filter((i) => pads[i] !== 0 || pads[i + x.rank] !== 0)
  const ends = axes.map((i) => (pads[i + x.rank] === 0 ? Number.MAX_SAFE_INTEGER : -pads[i + x.rank]))
  return [axes.length ? slice(d!, axes.map((i) => pads[i]), ends, axes) : d!, null]
})

// Rows picked more than once receive the sum of their gradients: ScatterND with reduction add.
registerGradient('Gather', (node, [d], [needData]) => {
  const [data, indices] = node.inputs
  if (intAttr(node, 'axis', 0) !== 0) throw new Error('Gather: only axis 0 is differentiable')
  return [ifNeeded(needData, () => scatterAdd(zerosShaped(data), unsqueeze(indices, [-1]), d!)), null]
})
