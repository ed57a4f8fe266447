import { attr, type Tensor } from './graph'
import { add, matmul, mul, softmax, transposeLast } from './ops'
import { reshape, transpose } from './shape-ops'

/**
 * Layers composed of differentiable primitives, so their gradients come from the primitives' rules
 * and stay correct by construction (each is still checked against finite differences).
 */

/**
 * GELU in its tanh form, 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), as GPT-2 and BERT use: one
 * Gelu node (opset 20), whose gradient rule reads only x, so no intermediate is kept for backward.
 */
export function gelu(x: Tensor): Tensor {
  return x.graph.node('Gelu', [x], [{ dtype: x.dtype, shape: x.shape }], { approximate: attr.string('tanh') })[0]
}

/**
 * Layer normalisation over the last axis with a learned scale and shift (both shaped [features]):
 * one LayerNormalization node; its gradient rule recomputes mean and deviation from x.
 */
export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5): Tensor {
  const features = x.shape[x.rank - 1]
  for (const [name, t] of [['gain', gamma], ['bias', beta]] as const) {
    if (t.rank !== 1 || t.shape[0] !== features) throw new Error(`layerNorm: the ${name} must be shaped [${features}], got [${t.shape}]`)
  }
  const attributes = { axis: attr.int(-1), epsilon: attr.float(eps) }
  return x.graph.node('LayerNormalization', [x, gamma, beta], [{ dtype: x.dtype, shape: x.shape }], attributes)[0]
}

/** x·W + b with W shaped [in, out]. */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor): Tensor {
  const y = matmul(x, weight)
  return bias ? add(y, bias) : y
}

/**
 * Inverted dropout with the mask as a graph input: `mask` holds 0 or 1/(1−p) per element, drawn
 * from a seeded generator for each step (see fillDropoutMask), so a run repeats exactly and the
 * backward pass sees the same mask. Eval graphs simply leave the call out.
 */
export function dropout(x: Tensor, mask: Tensor): Tensor {
  return mul(x, mask)
}

/** Fills `out` with a fresh inverted-dropout mask of drop probability p. */
export function fillDropoutMask(out: Float32Array | Float64Array, p: number, next: () => number): void {
  const keep = 1 / (1 - p)
  for (let i = 0; i < out.length; i++) out[i] = next() < p ? 0 : keep
}

/** [t, t] additive mask: 0 where a position may attend (itself and earlier), a huge negative elsewhere. */
export function causalMask(x: Tensor, t: number): Tensor {
  const values = new Array<number>(t * t)
  for (let i = 0; i < t; i++) for (let j = 0; j < t; j++) values[i * t + j] = j <= i ? 0 : -1e9
  return x.graph.constant(x.dtype, [t, t], values)
}

export interface AttentionWeights {
  /** Each [model, model]. */
  wq: Tensor
  wk: Tensor
  wv: Tensor
  wo: Tensor
}

/**
 * Multi-head causal self-attention of x [batch, time, model]: per head softmax(q·kᵀ/√d + mask)·v,
 * heads concatenated and projected by wo. Built from MatMul, Reshape, Transpose, Softmax and Add.
 */
export function causalSelfAttention(x: Tensor, w: AttentionWeights, heads: number): Tensor {
  const [, time, model] = x.shape
  if (typeof time !== 'number' || typeof model !== 'number') throw new Error('causalSelfAttention: time and model sizes must be fixed')
  if (model % heads !== 0) throw new Error(`causalSelfAttention: ${heads} heads do not divide the model width ${model}`)
  const dh = model / heads
  // [batch, time, model] -> [batch, heads, time, dh]
  const split = (t: Tensor): Tensor => transpose(reshape(t, [0, time, heads, dh]), [0, 2, 1, 3])
  const q = split(matmul(x, w.wq))
  const k = split(matmul(x, w.wk))
  const v = split(matmul(x, w.wv))
  const scores = add(mul(matmul(q, transposeLast(k)), 1 / Math.sqrt(dh)), causalMask(x, time))
  const mixed = matmul(softmax(scores, -1), v)
  const merged = reshape(transpose(mixed, [0, 2, 1, 3]), [0, time, model])
  return matmul(merged, w.wo)
}
