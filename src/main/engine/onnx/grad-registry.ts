import type { Dim, GraphNode, Tensor } from './graph'
import { reduceSum } from './ops'

/**
 * The table of gradient rules, apart from `gradients` so that rule files can register themselves
 * without importing the autodiff walk (which imports them).
 */
export type GradRule = (node: GraphNode, dOut: (Tensor | null)[], needs: boolean[]) => (Tensor | null)[]

const rules = new Map<string, GradRule>()

/** Adds (or replaces) the gradient rule of an op type; new model ops plug in here. */
export function registerGradient(opType: string, rule: GradRule): void {
  rules.set(opType, rule)
}

export function hasGradient(opType: string): boolean {
  return rules.has(opType)
}

export function gradientRule(opType: string): GradRule | undefined {
  return rules.get(opType)
}

/** Sums a broadcast gradient back to the shape of the operand it flowed from. */
export function unbroadcast(grad: Tensor, shape: readonly Dim[]): Tensor {
  let out = grad
  const lead = out.rank - shape.length
  if (lead > 0) out = reduceSum(out, Array.from({ length: lead }, (_, i) => i), false)
  const axes = shape.flatMap((d, i) => (d === 1 && out.shape[i] !== 1 ? [i] : []))
  return axes.length ? reduceSum(out, axes, true) : out
}

export const ifNeeded = (needed: boolean, make: () => Tensor): Tensor | null => (needed ? make() : null)

/** The values of a constant int64 input (axes, shapes, starts), or an error naming the op. */
export function constInts(node: GraphNode, index: number, what: string): number[] {
  const t = node.inputs[index]
  const values = t && t.graph.constantValues(t)
  if (!values) throw new Error(`${node.opType}: ${what} must be a constant to differentiate`)
  return Array.from(values as BigInt64Array, Number)
}
