import { attr, Tensor, type Dim } from './graph'
import { normAxis, shapeOf } from './ops'

/**
 * Ops that move values rather than compute them: reshape, transpose, concat, slice, pad, gather
 * and scatter. Each infers its static output shape, which the gradient rules rely on.
 */

function one(t: Tensor[]): Tensor {
  return t[0]
}

let symbols = 0
const known = (shape: readonly Dim[]): shape is number[] => shape.every((d) => typeof d === 'number')
const product = (dims: number[]): number => dims.reduce((a, b) => a * b, 1)

/**
 * Reshape with ONNX's conventions: 0 copies the input dim at that position, -1 takes what is left.
 * A -1 that depends on a symbolic dim the target does not copy gets a fresh symbolic name.
 */
export function reshape(x: Tensor, shape: number[]): Tensor {
  if (shape.filter((d) => d === -1).length > 1) throw new Error(`Reshape: at most one -1 in [${shape}]`)
  const out: Dim[] = shape.map((d, i) => (d === 0 ? x.shape[i] : d))
  const free = out.indexOf(-1)
  const copied = new Set(shape.flatMap((d, i) => (d === 0 ? [i] : [])))
  const uncopied = x.shape.filter((_, i) => !copied.has(i))
  if (free >= 0) {
    const rest = out.filter((_, i) => i !== free && !copied.has(i)) as number[]
    out[free] = known(uncopied) ? product(uncopied) / product(rest) : `reshape_${++symbols}`
    if (typeof out[free] === 'number' && !Number.isInteger(out[free])) throw new Error(`Reshape: [${x.shape}] cannot become [${shape}]`)
  } else if (known(uncopied) && product(uncopied) !== product(out.filter((_, i) => !copied.has(i)) as number[])) {
    throw new Error(`Reshape: [${x.shape}] cannot become [${shape}]`)
  }
  return one(x.graph.node('Reshape', [x, x.graph.constant('int64', [shape.length], shape)], [{ dtype: x.dtype, shape: out }]))
}

/** Reshapes `x` to the run-time shape of `like`. */
export function reshapeLike(x: Tensor, like: Tensor): Tensor {
  return one(x.graph.node('Reshape', [x, shapeOf(like)], [{ dtype: x.dtype, shape: like.shape }]))
}

export function transpose(x: Tensor, perm: number[]): Tensor {
  const sorted = [...perm].sort((a, b) => a - b)
  if (perm.length !== x.rank || sorted.some((p, i) => p !== i)) throw new Error(`Transpose: [${perm}] is not a permutation of ${x.rank} axes`)
  return one(x.graph.node('Transpose', [x], [{ dtype: x.dtype, shape: perm.map((p) => x.shape[p]) }], { perm: attr.ints(perm) }))
}

export function concat(parts: Tensor[], axis: number): Tensor {
  const first = parts[0]
  const ax = normAxis(axis, first.rank)
  const sizes = parts.map((p) => p.shape[ax])
  const size: Dim = known(sizes) ? sizes.reduce((a, b) => a + b, 0) : `concat_${++symbols}`
  const shape = first.shape.map((d, i) => (i === ax ? size : d))
  return one(first.graph.node('Concat', parts, [{ dtype: first.dtype, shape }], { axis: attr.int(ax) }))
}

/** Splits `x` along `axis` into pieces of the given sizes. */
export function split(x: Tensor, sizes: number[], axis: number): Tensor[] {
  const ax = normAxis(axis, x.rank)
  const outs = sizes.map((s) => ({ dtype: x.dtype, shape: x.shape.map((d, i) => (i === ax ? s : d)) }))
  return x.graph.node('Split', [x, x.graph.constant('int64', [sizes.length], sizes)], outs, { axis: attr.int(ax) })
}

/** The begin and end of one sliced axis after ONNX's clamping of negative and oversized bounds. */
export function sliceBounds(start: number, end: number, dim: number): [number, number] {
  const clamp = (v: number): number => Math.min(dim, Math.max(0, v < 0 ? v + dim : v))
  const b = clamp(start)
  return [b, Math.max(b, clamp(end))]
}

/** x[starts:ends] along `axes` with step 1; the sliced axes need known sizes. */
export function slice(x: Tensor, starts: number[], ends: number[], axes: number[]): Tensor {
  const norm = axes.map((a) => normAxis(a, x.rank))
  const shape = [...x.shape]
  norm.forEach((a, k) => {
    const dim = x.shape[a]
    if (typeof dim !== 'number') throw new Error(`Slice: axis ${a} has the symbolic size "${dim}"`)
    const [b, e] = sliceBounds(starts[k], ends[k], dim)
    shape[a] = e - b
  })
  const c = (v: number[]): Tensor => x.graph.constant('int64', [v.length], v)
  return one(x.graph.node('Slice', [x, c(starts), c(ends), c(norm)], [{ dtype: x.dtype, shape }]))
}

/** Zero padding; `pads` lists the begin amounts of every axis, then the end amounts. */
export function pad(x: Tensor, pads: number[]): Tensor {
  const shape = x.shape.map((d, i) => (typeof d === 'number' ? d + pads[i] + pads[i + x.rank] : d))
  return one(x.graph.node('Pad', [x, x.graph.constant('int64', [pads.length], pads)], [{ dtype: x.dtype, shape }]))
}

/** Rows of `data` picked by `indices` along axis 0: an embedding lookup. */
export function gather(data: Tensor, indices: Tensor): Tensor {
  if (indices.dtype !== 'int64') throw new Error(`Gather: indices must be int64, got ${indices.dtype}`)
  const shape = [...indices.shape, ...data.shape.slice(1)]
  return one(data.graph.node('Gather', [data, indices], [{ dtype: data.dtype, shape }], { axis: attr.int(0) }))
}

/** A tensor of zeros shaped like `like`, built at run time, so no large constant enters the model. */
export function zerosShaped(like: Tensor): Tensor {
  const dtype = like.dtype
  if (dtype !== 'float32' && dtype !== 'float64') throw new Error(`zerosShaped: ${dtype} is not a float type`)
  const value = { type: 'tensor' as const, value: { name: 'value', dtype, dims: [1], values: dtype === 'float32' ? new Float32Array(1) : new Float64Array(1) } }
  return one(like.graph.node('ConstantOfShape', [shapeOf(like)], [{ dtype, shape: like.shape }], { value }))
}

/**
 * `data` with `updates` added at the rows named by the last axis of `indices`; repeated indices
 * accumulate, which is what the gradient of an embedding lookup needs.
 */
export function scatterAdd(data: Tensor, indices: Tensor, updates: Tensor): Tensor {
  return one(data.graph.node('ScatterND', [data, indices, updates], [{ dtype: data.dtype, shape: data.shape }], { reduction: attr.string('add') }))
}
