import { ifNeeded, registerGradient, unbroadcast } from './grad-registry'
import { intAttr, type GraphNode, type Tensor } from './graph'
import { add, gemm, mul, pow, reduceMean, reduceSum, rsub, sigmoid, sub, where } from './ops'

/** Gradient rules of Gemm, Softmax, Where, Gelu and LayerNormalization, the ops layers are built from besides the basics. */

function floatAttr(node: GraphNode, name: string, fallback: number): number {
  const a = node.attributes[name]
  return a && a.type === 'float' ? a.value : fallback
}

function gemmAttrs(node: GraphNode): { alpha: number; beta: number; transA: boolean; transB: boolean } {
  const float = (name: string): number => floatAttr(node, name, 1)
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

const GELU_C = Math.sqrt(2 / Math.PI)
const GELU_A = 0.044715

/**
 * Tanh GELU y = ½x(1 + tanh u), u = C(x + a·x³), rewritten with tanh u = 2σ(2u) − 1 as y = x·s,
 * s = σ(2u): dy/dx = s·(1 + x(1 − s)·(2C + 6Ca·x²)). Built from x alone in 12 elementwise nodes.
 */
registerGradient('Gelu', (node, [d]) => {
  const approximate = node.attributes.approximate
  if (!approximate || approximate.type !== 'string' || approximate.value !== 'tanh') throw new Error('Gelu: only the tanh approximation has a gradient rule')
  const [x] = node.inputs
  const x2 = mul(x, x)
  const s = sigmoid(mul(x, add(mul(x2, 2 * GELU_C * GELU_A), 2 * GELU_C)))
  const slope = add(mul(x2, 6 * GELU_C * GELU_A), 2 * GELU_C)
  return [mul(d!, mul(s, add(mul(mul(x, rsub(1, s)), slope), 1)))]
})

/**
 * y = x̂·γ + β over the last axis, x̂ = (x − μ)·r, r = (σ² + ε)^−½: with g = dy·γ,
 * dx = r·(g − mean(g) − x̂·mean(g·x̂)), dγ = Σ dy·x̂ and dβ = Σ dy over the leading axes.
 */
registerGradient('LayerNormalization', (node, [d], [nx, ng, nb]) => {
  const [x, gamma, beta] = node.inputs
  const axis = intAttr(node, 'axis', -1)
  if (axis !== -1 && axis !== x.rank - 1) throw new Error(`LayerNormalization: only the last axis has a gradient rule, got axis ${axis}`)
  const centred = sub(x, reduceMean(x, [-1], true))
  const r = pow(add(reduceMean(mul(centred, centred), [-1], true), floatAttr(node, 'epsilon', 1e-5)), -0.5)
  const xhat = mul(centred, r)
  const dx = (): Tensor => {
    const g = mul(d!, gamma)
    return mul(sub(sub(g, reduceMean(g, [-1], true)), mul(xhat, reduceMean(mul(g, xhat), [-1], true))), r)
  }
  return [ifNeeded(nx, dx), ifNeeded(ng, () => unbroadcast(mul(d!, xhat), gamma.shape)), beta ? ifNeeded(nb, () => unbroadcast(d!, beta.shape)) : null]
})
