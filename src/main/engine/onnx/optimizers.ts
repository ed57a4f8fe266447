import type { Tensor } from './graph'
import { add, div, min, mul, pow, reduceSumSquare, rsub, sign, sqrt, sub } from './ops'

/** Optimizer settings fixed for a run; the learning rate and the step count are graph inputs. */
export type OptimizerSpec =
  | { name: 'sgd'; momentum: number; nesterov?: boolean; weightDecay: number }
  | { name: 'adam'; beta1: number; beta2: number; eps: number; weightDecay: number }
  | { name: 'adamw'; beta1: number; beta2: number; eps: number; weightDecay: number }
  | { name: 'lion'; beta1: number; beta2: number; weightDecay: number }

export type OptimizerName = OptimizerSpec['name']

export interface ParamSlot {
  param: Tensor
  grad: Tensor
  /** Current optimizer state of this parameter, in the order of `stateSlots`. */
  state: Tensor[]
  /** Whether weight decay applies at all: weight matrices yes, biases and norm scales no. */
  decay: boolean
  /** This parameter group's multiplier of the scheduled learning rate (layer-wise decay); 1 by default. */
  lrScale?: number
  /** This group's weight decay, in place of the optimizer's. */
  weightDecay?: number
}

export interface UpdatedSlot {
  param: Tensor
  state: Tensor[]
}

/**
 * Names of the per-parameter state tensors an optimizer keeps, all shaped like the parameter.
 * Adam's `m` and `v` are held as m/(1−β₁) and v/(1−β₂) (see `adam`).
 */
export function stateSlots(spec: OptimizerSpec): string[] {
  if (spec.name === 'adam' || spec.name === 'adamw') return ['m', 'v']
  if (spec.name === 'lion') return ['m']
  return spec.momentum > 0 ? ['momentum'] : []
}

interface Resolved {
  slot: ParamSlot
  lr: Tensor
  wd: number
  /** 1 − lr·wd for decoupled decay, one node pair per group rather than per parameter. */
  shrink: () => Tensor
}

/**
 * SGD as PyTorch defines it: weight decay is added to the gradient (L2), then the momentum
 * buffer b ← μ·b + g, and p ← p − lr·b, or with Nesterov p ← p − lr·(g + μ·b). The buffer starts
 * at zero, which equals b₁ = g₁.
 */
function sgd(spec: Extract<OptimizerSpec, { name: 'sgd' }>, { slot, lr, wd }: Resolved): UpdatedSlot {
  const { param, grad, state } = slot
  const g = wd > 0 ? add(grad, mul(param, wd)) : grad
  if (spec.momentum === 0) return { param: sub(param, mul(g, lr)), state: [] }
  const buf = add(mul(state[0], spec.momentum), g)
  const direction = spec.nesterov ? add(g, mul(buf, spec.momentum)) : buf
  return { param: sub(param, mul(direction, lr)), state: [buf] }
}

/**
 * Adam and AdamW as PyTorch implements them: p ← p − lr/(1−β₁ᵗ) · m / (√v / √(1−β₂ᵗ) + ε). Adam
 * adds λ·p to the gradient (L2); AdamW shrinks p ← p·(1 − lr·λ) apart from the gradient.
 * Written with the fewest elementwise passes, since on CPU those passes, not the arithmetic, cost
 * the time: the state holds m/(1−β₁) and v/(1−β₂), so each moment updates as β·s + g (or g²),
 * and every correction folds into two scalars, p ← p − s·m′ / (√v′ + ε′) with
 * s = lr·(1−β₁)·√(1−β₂ᵗ) / ((1−β₁ᵗ)·√(1−β₂)) and ε′ = ε·√(1−β₂ᵗ)/√(1−β₂). Same update, two passes
 * fewer per parameter (11 rather than 13).
 */
function adam(spec: Extract<OptimizerSpec, { name: 'adam' | 'adamw' }>, { slot, lr, wd, shrink }: Resolved, bias: BiasCorrection): UpdatedSlot {
  const { param, grad, state: [m, v] } = slot
  const g = spec.name === 'adam' && wd > 0 ? add(grad, mul(param, wd)) : grad
  const m2 = add(mul(m, spec.beta1), g)
  const v2 = add(mul(v, spec.beta2), mul(g, g))
  const denom = add(sqrt(v2), bias.eps)
  const decayed = spec.name === 'adamw' && wd > 0 ? mul(param, shrink()) : param
  return { param: sub(decayed, mul(div(m2, denom), bias.stepSize(lr))), state: [m2, v2] }
}

/**
 * Adam's bias corrections depend only on t (and the group's lr): built once, shared by every
 * parameter, since on small models each extra node costs a measurable share of the step.
 */
interface BiasCorrection {
  /** ε·√(1−β₂ᵗ)/√(1−β₂). */
  eps: Tensor
  /** lr·(1−β₁)·√(1−β₂ᵗ)/((1−β₁ᵗ)·√(1−β₂)). */
  stepSize(lr: Tensor): Tensor
}

function biasCorrection(spec: { beta1: number; beta2: number; eps: number }, t: Tensor): BiasCorrection {
  const graph = t.graph
  const bc1 = rsub(1, pow(graph.scalar(t.dtype, spec.beta1), t))
  const bc2Sqrt = sqrt(rsub(1, pow(graph.scalar(t.dtype, spec.beta2), t)))
  const ratio = mul(div(bc2Sqrt, bc1), (1 - spec.beta1) / Math.sqrt(1 - spec.beta2))
  const sizes = new Map<Tensor, Tensor>()
  return {
    eps: mul(bc2Sqrt, spec.eps / Math.sqrt(1 - spec.beta2)),
    stepSize(lr) {
      if (!sizes.has(lr)) sizes.set(lr, mul(lr, ratio))
      return sizes.get(lr)!
    }
  }
}

/**
 * Lion (Chen et al. 2023): c = β₁·m + (1−β₁)·g; p ← p·(1 − lr·λ) − lr·sign(c); m ← β₂·m + (1−β₂)·g.
 * Every coordinate moves by ±lr, which is why it wants a 3–10× smaller lr than AdamW.
 */
function lion(spec: Extract<OptimizerSpec, { name: 'lion' }>, { slot, lr, wd, shrink }: Resolved): UpdatedSlot {
  const { param, grad, state: [m] } = slot
  const c = add(mul(m, spec.beta1), mul(grad, 1 - spec.beta1))
  const decayed = wd > 0 ? mul(param, shrink()) : param
  return { param: sub(decayed, mul(sign(c), lr)), state: [add(mul(m, spec.beta2), mul(grad, 1 - spec.beta2))] }
}

/**
 * Appends one optimizer update to the graph. `lr` and `t` (1-based step) are scalar inputs; each
 * slot's group multiplier scales `lr` (one Mul per distinct multiplier, shared by the group).
 */
export function applyOptimizer(spec: OptimizerSpec, slots: ParamSlot[], lr: Tensor, t: Tensor): UpdatedSlot[] {
  const expected = stateSlots(spec).length
  const rates = new Map<number, Tensor>([[1, lr]])
  const shrinks = new Map<string, Tensor>()
  const bias = spec.name === 'adam' || spec.name === 'adamw' ? biasCorrection(spec, t) : null
  return slots.map((slot) => {
    if (slot.state.length !== expected) throw new Error(`${spec.name} needs ${expected} state tensors per parameter`)
    const scale = slot.lrScale ?? 1
    if (!rates.has(scale)) rates.set(scale, mul(lr, scale))
    const rate = rates.get(scale)!
    const wd = slot.decay ? (slot.weightDecay ?? spec.weightDecay) : 0
    const key = `${scale}|${wd}`
    const shrink = (): Tensor => {
      if (!shrinks.has(key)) shrinks.set(key, rsub(1, mul(rate, wd)))
      return shrinks.get(key)!
    }
    const resolved = { slot, lr: rate, wd, shrink }
    if (spec.name === 'sgd') return sgd(spec, resolved)
    if (spec.name === 'lion') return lion(spec, resolved)
    return adam(spec, resolved, bias!)
  })
}

/** The L2 norm over several tensors together, as a scalar. */
export function globalNorm(tensors: Tensor[]): Tensor {
  const squares = tensors.map((g) => reduceSumSquare(g, g.shape.map((_, i) => i)))
  return sqrt(squares.reduce((a, b) => add(a, b)))
}

/**
 * Global-norm clipping as torch.nn.utils.clip_grad_norm_: every gradient is scaled by
 * min(1, maxNorm / (‖g‖ + 1e-6)). Returns the clipped gradients and the norm before clipping.
 */
export function clipByGlobalNorm(grads: Tensor[], maxNorm: number, norm = globalNorm(grads)): { grads: Tensor[]; norm: Tensor } {
  const coef = min(div(norm.graph.scalar(norm.dtype, maxNorm), add(norm, 1e-6)), 1)
  return { grads: grads.map((g) => mul(g, coef)), norm }
}

export interface GroupRule {
  /** Weight decay of the parameters that take it. */
  weightDecay: number
  /** Layer-wise lr decay: the layer `depth` below the top gets lr × decay^depth; 1 turns it off. */
  layerDecay: number
}

/** What a parameter group needs to know about one parameter. */
export interface GroupedParam {
  kind: 'weight' | 'bias' | 'norm' | 'embedding'
  /** 0 for the layer nearest the output, counting up towards the input. */
  depth: number
}

/**
 * Parameter groups as fine-tuning recipes set them: no decay on biases and norm scales, and a
 * learning rate that shrinks geometrically from the head towards the input.
 */
export function paramGroups(params: GroupedParam[], rule: GroupRule): Pick<ParamSlot, 'decay' | 'lrScale' | 'weightDecay'>[] {
  return params.map((p) => ({
    decay: p.kind === 'weight' || p.kind === 'embedding',
    lrScale: rule.layerDecay ** p.depth,
    weightDecay: rule.weightDecay
  }))
}
