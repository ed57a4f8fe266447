import { constInts, gradientRule, ifNeeded, registerGradient, unbroadcast } from './grad-registry'
import './grad-rules-layers'
import './grad-rules-shape'
import { reshape } from './shape-ops'
import { intAttr, type GraphNode, type Tensor } from './graph'
import {
  add,
  div,
  exp,
  expandAs,
  matmul,
  mul,
  neg,
  reduceSum,
  rsub,
  sign,
  sizeOf,
  transposeLast,
  unsqueeze,
  zerosLike
} from './ops'

/**
 * Reverse-mode automatic differentiation over the recorded graph. Each op contributes a rule that
 * maps output gradients to input gradients using ordinary graph ops, so the backward pass is
 * itself ONNX and runs wherever the forward pass runs. Rules of the elementwise and reduction
 * ops are here; those of the layer and shape ops register from their own files.
 */
export { hasGradient, registerGradient, unbroadcast, type GradRule } from './grad-registry'

/** The constant axes input of a reduction or unsqueeze node. */
function constAxes(node: GraphNode): number[] {
  return constInts(node, 1, 'axes')
}

/**
 * Gradients of a scalar `loss` with respect to each tensor of `wrt`, appended to the same graph.
 * A tensor the loss does not depend on gets zeros.
 */
export function gradients(loss: Tensor, wrt: Tensor[]): Tensor[] {
  if (loss.rank !== 0) throw new Error(`gradients: the loss must be a scalar, got shape [${loss.shape}]`)
  const graph = loss.graph
  const forward = graph.nodes.slice()
  const needs = new Set(wrt.map((t) => t.name))
  for (const node of forward) {
    if (node.inputs.some((i) => needs.has(i.name))) for (const o of node.outputs) needs.add(o.name)
  }
  const grads = new Map<string, Tensor>([[loss.name, graph.scalar(loss.dtype, 1)]])
  for (let n = forward.length - 1; n >= 0; n--) {
    const node = forward[n]
    const dOut = node.outputs.map((o) => grads.get(o.name) ?? null)
    const needIn = node.inputs.map((i) => needs.has(i.name))
    if (dOut.every((d) => d === null) || !needIn.some(Boolean)) continue
    const rule = gradientRule(node.opType)
    if (!rule) throw new Error(`gradients: no gradient rule for ${node.opType}`)
    const dIn = rule(node, dOut, needIn)
    node.inputs.forEach((input, k) => {
      const d = dIn[k]
      if (!d || !needIn[k]) return
      const prev = grads.get(input.name)
      grads.set(input.name, prev ? add(prev, d) : d)
    })
  }
  return wrt.map((t) => grads.get(t.name) ?? zerosLike(t))
}

registerGradient('Add', ({ inputs: [a, b] }, [d], [na, nb]) => [
  ifNeeded(na, () => unbroadcast(d!, a.shape)),
  ifNeeded(nb, () => unbroadcast(d!, b.shape))
])
registerGradient('Sub', ({ inputs: [a, b] }, [d], [na, nb]) => [
  ifNeeded(na, () => unbroadcast(d!, a.shape)),
  ifNeeded(nb, () => unbroadcast(neg(d!), b.shape))
])
registerGradient('Mul', ({ inputs: [a, b] }, [d], [na, nb]) => [
  ifNeeded(na, () => unbroadcast(mul(d!, b), a.shape)),
  ifNeeded(nb, () => unbroadcast(mul(d!, a), b.shape))
])
// d(a/b)/db = -a/b² = -y/b, which reuses the forward output.
registerGradient('Div', ({ inputs: [a, b], outputs: [y] }, [d], [na, nb]) => [
  ifNeeded(na, () => unbroadcast(div(d!, b), a.shape)),
  ifNeeded(nb, () => unbroadcast(neg(div(mul(d!, y), b)), b.shape))
])
registerGradient('Neg', (_, [d]) => [neg(d!)])
registerGradient('Exp', ({ outputs: [y] }, [d]) => [mul(d!, y)])
registerGradient('Sqrt', ({ outputs: [y] }, [d]) => [div(d!, mul(y, 2))])

/**
 * A matrix b [k, n] applied to a batched a [..., k]: its gradient is one 2-D product of the batch
 * flattened, aᵀ [k, rows] · d [rows, n], rather than a batched product of [batch, k, n] summed over
 * the batch afterwards (the same sum, without the large intermediate and its reduction).
 */
function flatWeightGradient(a: Tensor, b: Tensor, d: Tensor): Tensor | undefined {
  const [k, n] = b.shape
  if (b.rank !== 2 || a.rank <= 2 || typeof k !== 'number' || typeof n !== 'number') return undefined
  return matmul(transposeLast(reshape(a, [-1, k])), reshape(d, [-1, n]))
}

registerGradient('MatMul', ({ inputs: [a, b] }, [d], [na, nb]) => [
  ifNeeded(na, () => unbroadcast(matmul(d!, transposeLast(b)), a.shape)),
  ifNeeded(nb, () => flatWeightGradient(a, b, d!) ?? unbroadcast(matmul(transposeLast(a), d!), b.shape))
])

// Sign(relu(x)) is 1 where x > 0 and 0 elsewhere: the subgradient 0 at x = 0, as frameworks use.
registerGradient('Relu', ({ outputs: [y] }, [d]) => [mul(d!, sign(y))])
registerGradient('Tanh', ({ outputs: [y] }, [d]) => [mul(d!, rsub(1, mul(y, y)))])
registerGradient('Sigmoid', ({ outputs: [y] }, [d]) => [mul(d!, mul(y, rsub(1, y)))])

// y = x - logsumexp(x): dx = dy - softmax(x) · Σ dy along the axis.
registerGradient('LogSoftmax', (node, [d]) => {
  const y = node.outputs[0]
  const axis = intAttr(node, 'axis', -1)
  return [add(d!, neg(mul(exp(y), reduceSum(d!, [axis], true))))]
})

function spreadBack(node: GraphNode, d: Tensor): Tensor {
  const axes = constAxes(node)
  const kept = intAttr(node, 'keepdims', 1) === 1 ? d : unsqueeze(d, axes)
  return expandAs(kept, node.inputs[0])
}

registerGradient('ReduceSum', (node, [d]) => [spreadBack(node, d!), null])
registerGradient('ReduceMean', (node, [d]) => {
  const [x] = node.inputs
  const [y] = node.outputs
  // The count is computed at run time when the batch dimension is symbolic.
  return [div(spreadBack(node, d!), div(sizeOf(x, x.dtype), sizeOf(y, x.dtype))), null]
})
