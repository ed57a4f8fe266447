import { ifNeeded, registerGradient, unbroadcast } from './grad-registry'
import { intAttr, type GraphNode, type Tensor } from './graph'
import { gemm, mul, reduceSum, sub, where } from './ops'

/** Gradient rules of Gemm, Softmax and Where, the ops layers are built from besides the basics. */

function gemmAttrs(node: GraphNode): { alpha: number; beta: number; transA: boolean; transB: boolean } {
  const float = (name: string): number => {
    const a = node.attributes[name]
    return a && a.type === 'float' ? a.value : 1
  }
  return { alpha: float('alpha'), beta: float('beta'), transA: intAttr(node, 'transA', 0) === 1, transB: intAttr(node, 'transB', 0) === 1 }
}

/**
 * With A' = op(A) and B' = op(B): dA' = α·d·B'ᵀ and dB' = α·A'ᵀ·d. Each case is one Gemm whose
 * transpose flags absorb op(), so no Transpose node is added.
 */
registerGradient('Gemm', (node, [d], [na, nb, nc]) => {
  const [a, b, c] = node.inputs
  const { alpha, beta, transA, transB } = gemmAttrs(node)
  const dA = (): Tensor =>
    transA ? gemm(b, d!, null, { alpha, transA: transB, transB: true }) : gemm(d!, b, null, { alpha, transB: !transB })
  const dB = (): Tensor =>
    transB ? gemm(d!, a, null, { alpha, transA: true, transB: transA }) : gemm(a, d!, null, { alpha, transA: !transA })
  return [ifNeeded(na, dA), ifNeeded(nb, dB), c ? ifNeeded(nc, () => unbroadcast(beta === 1 ? d! : mul(d!, beta), c.shape)) : null]
})

// y = softmax(x): dx = y ⊙ (dy − Σ(dy ⊙ y) along the axis).
registerGradient('Softmax', (node, [d]) => {
  const [y] = node.outputs
  const axis = intAttr(node, 'axis', -1)
  return [mul(y, sub(d!, reduceSum(mul(d!, y), [axis], true)))]
})

registerGradient('Where', ({ inputs: [cond, a, b] }, [d], [, na, nb]) => [
  null,
  ifNeeded(na, () => unbroadcast(where(cond, d!, 0), a.shape)),
  ifNeeded(nb, () => unbroadcast(where(cond, 0, d!), b.shape))
])
