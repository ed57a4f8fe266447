import type { Tensor } from './graph'
import { add, div, mul, pow, rsub, sqrt, sub } from './ops'

/** Optimizer settings fixed for a run; the learning rate and the step count are graph inputs. */
export type OptimizerSpec =
  | { name: 'sgd'; momentum: number; weightDecay: number }
  | { name: 'adamw'; beta1: number; beta2: number; eps: number; weightDecay: number }

export interface ParamSlot {
  param: Tensor
  grad: Tensor
  /** Current optimizer state of this parameter, in the order of `stateSlots`. */
  state: Tensor[]
  /** Weight decay applies to weight matrices, not to biases. */
  decay: boolean
}

export interface UpdatedSlot {
  param: Tensor
  state: Tensor[]
}

/** Names of the per-parameter state tensors an optimizer keeps, all shaped like the parameter. */
export function stateSlots(spec: OptimizerSpec): string[] {
  if (spec.name === 'adamw') return ['m', 'v']
  return spec.momentum > 0 ? ['momentum'] : []
}

/**
 * SGD as PyTorch defines it: weight decay is added to the gradient (L2), then the momentum
 * buffer b ← μ·b + g, and p ← p − lr·b. The buffer starts at zero, which equals b₁ = g₁.
 */
function sgd(spec: Extract<OptimizerSpec, { name: 'sgd' }>, slots: ParamSlot[], lr: Tensor): UpdatedSlot[] {
  return slots.map(({ param, grad, state, decay }) => {
    const g = decay && spec.weightDecay > 0 ? add(grad, mul(param, spec.weightDecay)) : grad
    if (spec.momentum === 0) return { param: sub(param, mul(g, lr)), state: [] }
    const buf = add(mul(state[0], spec.momentum), g)
    return { param: sub(param, mul(buf, lr)), state: [buf] }
  })
}

/**
 * AdamW (Loshchilov & Hutter) as PyTorch implements it: decoupled decay p ← p·(1 − lr·λ), then
 * p ← p − lr/(1−β₁ᵗ) · m / (√v / √(1−β₂ᵗ) + ε).
 */
function adamw(spec: Extract<OptimizerSpec, { name: 'adamw' }>, slots: ParamSlot[], lr: Tensor, t: Tensor): UpdatedSlot[] {
  const graph = lr.graph
  // Bias corrections depend only on t: computed once for every parameter.
  const stepSize = div(lr, rsub(1, pow(graph.scalar(lr.dtype, spec.beta1), t)))
  const bc2Sqrt = sqrt(rsub(1, pow(graph.scalar(lr.dtype, spec.beta2), t)))
  const shrink = rsub(1, mul(lr, spec.weightDecay))
  return slots.map(({ param, grad, state: [m, v], decay }) => {
    const m2 = add(mul(m, spec.beta1), mul(grad, 1 - spec.beta1))
    const v2 = add(mul(v, spec.beta2), mul(mul(grad, grad), 1 - spec.beta2))
    const denom = add(div(sqrt(v2), bc2Sqrt), spec.eps)
    const decayed = decay && spec.weightDecay > 0 ? mul(param, shrink) : param
    return { param: sub(decayed, mul(div(m2, denom), stepSize)), state: [m2, v2] }
  })
}

/** Appends one optimizer update to the graph. `lr` and `t` (1-based step) are scalar inputs. */
export function applyOptimizer(spec: OptimizerSpec, slots: ParamSlot[], lr: Tensor, t: Tensor): UpdatedSlot[] {
  const expected = stateSlots(spec).length
  for (const s of slots) {
    if (s.state.length !== expected) throw new Error(`${spec.name} needs ${expected} state tensors per parameter`)
  }
  return spec.name === 'sgd' ? sgd(spec, slots, lr) : adamw(spec, slots, lr, t)
}
