import { attr, Tensor, type Dim, type DType } from './graph'

/**
 * Typed ONNX operators with shape inference. Shapes are tracked statically (symbolic names for
 * the batch) because autodiff needs them to undo broadcasting.
 */

function one(t: Tensor[]): Tensor {
  return t[0]
}

export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis
  if (a < 0 || a >= rank) throw new Error(`axis ${axis} is out of range for rank ${rank}`)
  return a
}

/** Numpy-style broadcast of two shapes; a symbolic dim against a number > 1 takes the number. */
export function broadcastShapes(a: readonly Dim[], b: readonly Dim[]): Dim[] {
  const rank = Math.max(a.length, b.length)
  const out: Dim[] = []
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1
    const db = b[b.length - rank + i] ?? 1
    if (da === db || db === 1) out.push(da)
    else if (da === 1) out.push(db)
    else if (typeof da === 'string') out.push(db)
    else if (typeof db === 'string') out.push(da)
    else throw new Error(`shapes [${a}] and [${b}] do not broadcast`)
  }
  return out
}

function binary(op: string, a: Tensor, b: Tensor): Tensor {
  if (a.dtype !== b.dtype) throw new Error(`${op}: dtypes differ (${a.dtype} and ${b.dtype})`)
  return one(a.graph.node(op, [a, b], [{ dtype: a.dtype, shape: broadcastShapes(a.shape, b.shape) }]))
}

function unary(op: string, x: Tensor, attributes = {}): Tensor {
  return one(x.graph.node(op, [x], [{ dtype: x.dtype, shape: x.shape }], attributes))
}

/** A scalar of `like`'s dtype, or a tensor as is. */
function lift(like: Tensor, v: Tensor | number): Tensor {
  return typeof v === 'number' ? like.graph.scalar(like.dtype, v) : v
}

export const add = (a: Tensor, b: Tensor | number): Tensor => binary('Add', a, lift(a, b))
export const sub = (a: Tensor, b: Tensor | number): Tensor => binary('Sub', a, lift(a, b))
export const mul = (a: Tensor, b: Tensor | number): Tensor => binary('Mul', a, lift(a, b))
export const div = (a: Tensor, b: Tensor | number): Tensor => binary('Div', a, lift(a, b))
export const pow = (a: Tensor, b: Tensor | number): Tensor => binary('Pow', a, lift(a, b))
export const rsub = (a: number, b: Tensor): Tensor => binary('Sub', lift(b, a), b)

export const neg = (x: Tensor): Tensor => unary('Neg', x)
export const exp = (x: Tensor): Tensor => unary('Exp', x)
export const sqrt = (x: Tensor): Tensor => unary('Sqrt', x)
export const sign = (x: Tensor): Tensor => unary('Sign', x)
export const relu = (x: Tensor): Tensor => unary('Relu', x)
export const tanh = (x: Tensor): Tensor => unary('Tanh', x)
export const sigmoid = (x: Tensor): Tensor => unary('Sigmoid', x)
export const logSoftmax = (x: Tensor, axis = -1): Tensor => unary('LogSoftmax', x, { axis: attr.int(axis) })
export const softmax = (x: Tensor, axis = -1): Tensor => unary('Softmax', x, { axis: attr.int(axis) })
/** Elementwise minimum and maximum; used on scalars (clipping coefficients), not differentiated. */
export const min = (a: Tensor, b: Tensor | number): Tensor => binary('Min', a, lift(a, b))
export const max = (a: Tensor, b: Tensor | number): Tensor => binary('Max', a, lift(a, b))

/** `cond ? a : b` elementwise, with broadcasting over all three; one branch may be a number. */
export function where(cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  const like = typeof a === 'number' ? b : a
  if (typeof like === 'number') throw new Error('Where: one branch must be a tensor')
  const [ta, tb] = [lift(like, a), lift(like, b)]
  if (cond.dtype !== 'bool') throw new Error(`Where: the condition must be bool, got ${cond.dtype}`)
  const shape = broadcastShapes(cond.shape, broadcastShapes(ta.shape, tb.shape))
  return one(like.graph.node('Where', [cond, ta, tb], [{ dtype: like.dtype, shape }]))
}

export interface GemmOptions {
  alpha?: number
  beta?: number
  transA?: boolean
  transB?: boolean
}

/** alpha·op(A)·op(B) + beta·C for matrices, op being an optional transpose; C broadcasts to [M, N]. */
export function gemm(a: Tensor, b: Tensor, c: Tensor | null, o: GemmOptions = {}): Tensor {
  if (a.rank !== 2 || b.rank !== 2) throw new Error(`Gemm needs matrices, got [${a.shape}] and [${b.shape}]`)
  const [m, k] = o.transA ? [a.shape[1], a.shape[0]] : a.shape
  const [k2, n] = o.transB ? [b.shape[1], b.shape[0]] : b.shape
  if (typeof k === 'number' && typeof k2 === 'number' && k !== k2)
    throw new Error(`Gemm: inner dimensions differ ([${a.shape}]${o.transA ? 'ᵀ' : ''} × [${b.shape}]${o.transB ? 'ᵀ' : ''})`)
  if (c) broadcastShapes(c.shape, [m, n])
  const attributes = {
    alpha: attr.float(o.alpha ?? 1),
    beta: attr.float(o.beta ?? 1),
    transA: attr.int(o.transA ? 1 : 0),
    transB: attr.int(o.transB ? 1 : 0)
  }
  return one(a.graph.node('Gemm', c ? [a, b, c] : [a, b], [{ dtype: a.dtype, shape: [m, n] }], attributes))
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.rank < 2 || b.rank < 2) throw new Error(`MatMul needs rank ≥ 2 operands, got [${a.shape}] and [${b.shape}]`)
  const [m, k] = a.shape.slice(-2)
  const [k2, n] = b.shape.slice(-2)
  if (typeof k === 'number' && typeof k2 === 'number' && k !== k2)
    throw new Error(`MatMul: inner dimensions differ ([${a.shape}] × [${b.shape}])`)
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2))
  if (a.dtype !== b.dtype) throw new Error(`MatMul: dtypes differ (${a.dtype} and ${b.dtype})`)
  return one(a.graph.node('MatMul', [a, b], [{ dtype: a.dtype, shape: [...batch, m, n] }]))
}

/** Swaps the last two axes. */
export function transposeLast(x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i)
  ;[perm[x.rank - 2], perm[x.rank - 1]] = [perm[x.rank - 1], perm[x.rank - 2]]
  const shape = perm.map((p) => x.shape[p])
  return one(x.graph.node('Transpose', [x], [{ dtype: x.dtype, shape }], { perm: attr.ints(perm) }))
}

function axesTensor(x: Tensor, axes: number[]): Tensor {
  return x.graph.constant('int64', [axes.length], axes)
}

function reduce(op: string, x: Tensor, axes: number[], keepdims: boolean): Tensor {
  const norm = axes.map((a) => normAxis(a, x.rank))
  const shape = x.shape.flatMap((d, i) => (norm.includes(i) ? (keepdims ? [1] : []) : [d]))
  const attributes = { keepdims: attr.int(keepdims ? 1 : 0) }
  // ReduceSumSquare takes its axes as an input from opset 18, like the others.
  return one(x.graph.node(op, [x, axesTensor(x, norm)], [{ dtype: x.dtype, shape }], attributes))
}

export const reduceSumSquare = (x: Tensor, axes: number[], keepdims = false): Tensor => reduce('ReduceSumSquare', x, axes, keepdims)
export const reduceSum = (x: Tensor, axes: number[], keepdims = false): Tensor => reduce('ReduceSum', x, axes, keepdims)
export const reduceMean = (x: Tensor, axes: number[], keepdims = false): Tensor => reduce('ReduceMean', x, axes, keepdims)
/** Reduces over every axis to a scalar. */
export const sumAll = (x: Tensor): Tensor => reduceSum(x, x.shape.map((_, i) => i))
export const meanAll = (x: Tensor): Tensor => reduceMean(x, x.shape.map((_, i) => i))

export function unsqueeze(x: Tensor, axes: number[]): Tensor {
  const rank = x.rank + axes.length
  const norm = axes.map((a) => normAxis(a, rank)).sort((a, b) => a - b)
  const shape: Dim[] = []
  let src = 0
  for (let i = 0; i < rank; i++) shape.push(norm.includes(i) ? 1 : x.shape[src++])
  return one(x.graph.node('Unsqueeze', [x, axesTensor(x, norm)], [{ dtype: x.dtype, shape }]))
}

export function cast(x: Tensor, to: DType): Tensor {
  const code = { float32: 1, int64: 7, string: 8, bool: 9, float64: 11 }[to]
  return one(x.graph.node('Cast', [x], [{ dtype: to, shape: x.shape }], { to: attr.int(code) }))
}

export function equal(a: Tensor, b: Tensor): Tensor {
  return one(a.graph.node('Equal', [a, b], [{ dtype: 'bool', shape: broadcastShapes(a.shape, b.shape) }]))
}

/** True where a value is NaN. */
export function isNan(x: Tensor): Tensor {
  return one(x.graph.node('IsNaN', [x], [{ dtype: 'bool', shape: x.shape }]))
}

export function argmax(x: Tensor, axis: number): Tensor {
  const ax = normAxis(axis, x.rank)
  const shape = x.shape.filter((_, i) => i !== ax)
  const attributes = { axis: attr.int(ax), keepdims: attr.int(0) }
  return one(x.graph.node('ArgMax', [x], [{ dtype: 'int64', shape }], attributes))
}

/** The runtime shape of `x` as an int64 vector; a constant when every dim is known. */
export function shapeOf(x: Tensor): Tensor {
  if (x.shape.every((d) => typeof d === 'number')) return x.graph.constant('int64', [x.rank], x.shape as number[])
  return one(x.graph.node('Shape', [x], [{ dtype: 'int64', shape: [x.rank] }]))
}

/** Broadcasts `x` to the shape of `like`. */
export function expandAs(x: Tensor, like: Tensor): Tensor {
  return one(x.graph.node('Expand', [x, shapeOf(like)], [{ dtype: x.dtype, shape: like.shape }]))
}

/** Number of elements of `x` as a scalar of `dtype`, computed at run time when a dim is symbolic. */
export function sizeOf(x: Tensor, dtype: DType): Tensor {
  if (x.shape.every((d) => typeof d === 'number')) {
    return x.graph.scalar(dtype, (x.shape as number[]).reduce((a, b) => a * b, 1))
  }
  return cast(one(x.graph.node('Size', [x], [{ dtype: 'int64', shape: [] }])), dtype)
}

export function zerosLike(x: Tensor): Tensor {
  if (!x.shape.every((d) => typeof d === 'number')) return mul(x, 0)
  const shape = x.shape as number[]
  return x.graph.constant(x.dtype, shape, new Array(shape.reduce((a, b) => a * b, 1)).fill(0))
}
