import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { gradCheck, type CheckInput } from './grad-check'
import { crossEntropy } from './losses'
import { reshape } from './shape-ops'
import { transformerDropoutMasks, transformerLogits, transformerParams, type TransformerSpec } from './transformer'

const [batch, context, vocab] = [2, 4, 5]

/** The whole model, a 1-layer pre-LN block between the embeddings and the head, against finite differences. */
async function check(spec: TransformerSpec, seed: number) {
  const rng = new Rng(seed)
  const tokens = (): CheckInput['values'] => BigInt64Array.from({ length: batch * context }, () => BigInt(rng.int(vocab)))
  const params: CheckInput[] = transformerParams(spec).map((p) => {
    const n = p.shape.reduce((a, b) => a * b, 1)
    // Norm gains near 1 and weights of order 1/√width keep every LayerNorm away from a zero variance.
    const values = Float64Array.from({ length: n }, () => (p.kind === 'norm' ? 1 + rng.uniform(-0.3, 0.3) : rng.uniform(-0.8, 0.8)))
    return { name: p.name, shape: p.shape, values }
  })
  const masks: CheckInput[] = transformerDropoutMasks(spec).map((name) => ({
    name,
    shape: [batch, context, spec.width],
    values: Float64Array.from({ length: batch * context * spec.width }, () => (rng.next() < spec.dropout ? 0 : 1 / (1 - spec.dropout))),
    differentiate: false
  }))
  const inputs = [{ name: 'x', shape: [batch, context], values: tokens() }, { name: 'y', shape: [batch, context], values: tokens() }, ...params, ...masks]
  const result = await gradCheck(inputs, (t) => {
    const logits = transformerLogits(t.x, t, spec, Object.fromEntries(masks.map((m) => [m.name, t[m.name]])))
    return crossEntropy(reshape(logits, [-1, vocab]), reshape(t.y, [-1]), 'mean')
  })
  return { result, total: params.reduce((a, p) => a + p.values.length, 0) }
}

const base: TransformerSpec = { vocab, context, width: 4, heads: 2, layers: 1, tiedHead: false, dropout: 0, dtype: 'float64' }

describe('transformer language model gradients (float64, finite differences)', () => {
  it('match for a 1-layer block with an untied head', async () => {
    const { result, total } = await check(base, 3)
    expect(result.checked).toBe(total)
    expect(result.maxError, JSON.stringify(result.worst)).toBeLessThan(1e-6)
  })

  it('match with the head tied to the token embedding and residual dropout masks', async () => {
    const { result, total } = await check({ ...base, tiedHead: true, dropout: 0.25 }, 4)
    expect(result.checked).toBe(total)
    expect(result.maxError, JSON.stringify(result.worst)).toBeLessThan(1e-6)
  })

  it('lists parameters with their layers for diagnostics and groups', () => {
    const params = transformerParams({ ...base, layers: 2, tiedHead: false })
    expect(params.filter((p) => p.layer === 'block1').map((p) => p.name)).toContain('block1.attn.wq')
    expect(params.at(-1)).toMatchObject({ name: 'head.weight', shape: [4, vocab], depth: 0 })
    expect(params.find((p) => p.name === 'tok_emb')).toMatchObject({ kind: 'embedding', depth: 3 })
    expect(transformerParams({ ...base, tiedHead: true }).some((p) => p.name === 'head.weight')).toBe(false)
  })
})
