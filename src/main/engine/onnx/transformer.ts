import type { Rng } from '../random'
import { Graph, type Dim, type Tensor } from './graph'
import type { FloatArray } from './init'
import { crossEntropy } from './losses'
import { causalSelfAttention, dropout, gelu, layerNorm, linear } from './nn'
import { add, matmul, transposeLast } from './ops'
import { gather, reshape } from './shape-ops'
import type { ModelDefinition, ParamInfo } from './train-step'

/**
 * A small GPT-style causal language model: token and learned position embeddings, pre-LN blocks
 * (x + attn(LN(x)), then x + MLP(LN(x)) with a 4× GELU hidden layer), a final LayerNorm and an
 * output head tied to the token embedding or separate.
 */
export interface TransformerSpec {
  vocab: number
  context: number
  width: number
  heads: number
  layers: number
  tiedHead: boolean
  /** Residual dropout after the embeddings, each attention and each MLP; 0 adds no mask inputs. */
  dropout: number
  dtype: 'float32' | 'float64'
  /** A fixed batch size; absent, the batch is symbolic (benchmarks fix it to count FLOPs). */
  batch?: number
}

type Kind = ParamInfo['kind']

export function transformerParams(spec: TransformerSpec): ParamInfo[] {
  const { vocab: v, context: t, width: d, layers } = spec
  const p = (name: string, shape: number[], kind: Kind, layer: string, depth: number): ParamInfo => ({
    name,
    shape,
    kind,
    fanIn: shape[0],
    fanOut: shape[shape.length - 1],
    layer,
    depth
  })
  const out = [p('tok_emb', [v, d], 'embedding', 'embedding', layers + 1), p('pos_emb', [t, d], 'embedding', 'embedding', layers + 1)]
  for (let i = 0; i < layers; i++) {
    const [b, depth] = [`block${i}`, layers - i]
    out.push(p(`${b}.ln1.gain`, [d], 'norm', b, depth), p(`${b}.ln1.bias`, [d], 'bias', b, depth))
    for (const w of ['wq', 'wk', 'wv', 'wo']) out.push(p(`${b}.attn.${w}`, [d, d], 'weight', b, depth))
    out.push(p(`${b}.ln2.gain`, [d], 'norm', b, depth), p(`${b}.ln2.bias`, [d], 'bias', b, depth))
    out.push(p(`${b}.mlp.fc1`, [d, 4 * d], 'weight', b, depth), p(`${b}.mlp.fc1_bias`, [4 * d], 'bias', b, depth))
    out.push(p(`${b}.mlp.fc2`, [4 * d, d], 'weight', b, depth), p(`${b}.mlp.fc2_bias`, [d], 'bias', b, depth))
  }
  out.push(p('ln_f.gain', [d], 'norm', 'head', 0), p('ln_f.bias', [d], 'bias', 'head', 0))
  if (!spec.tiedHead) out.push(p('head.weight', [d, v], 'weight', 'head', 0))
  return out
}

/** Names of the dropout mask inputs, each [batch, context, width], in the order they apply. */
export function transformerDropoutMasks(spec: TransformerSpec): string[] {
  if (!spec.dropout) return []
  return ['drop.emb', ...Array.from({ length: spec.layers }, (_, i) => [`drop${i}.attn`, `drop${i}.mlp`]).flat()]
}

/**
 * Seeded initial values as GPT-2 sets them: embeddings and the untied head N(0, 0.02²), other
 * matrices N(0, 1/fan_in) with the residual projections (wo, fc2) shrunk by 1/√(2·layers) so the
 * residual stream does not grow with depth; biases 0, norm gains 1.
 */
export function initTransformer(params: ParamInfo[], spec: TransformerSpec, rng: Rng): FloatArray[] {
  const residual = 1 / Math.sqrt(2 * Math.max(1, spec.layers))
  return params.map((p) => {
    const size = p.shape.reduce((a, b) => a * b, 1)
    const out = spec.dtype === 'float32' ? new Float32Array(size) : new Float64Array(size)
    if (p.kind === 'bias') return out
    if (p.kind === 'norm') return out.fill(1)
    let std = p.kind === 'embedding' || p.name === 'head.weight' ? 0.02 : 1 / Math.sqrt(p.fanIn)
    if (/\.(wo|fc2)$/.test(p.name)) std *= residual
    for (let j = 0; j < size; j++) out[j] = rng.normal() * std
    return out
  })
}

/** Logits [batch, context, vocab] of int64 tokens x [batch, context]; `masks` by name in training. */
export function transformerLogits(x: Tensor, params: Record<string, Tensor>, spec: TransformerSpec, masks: Record<string, Tensor> = {}): Tensor {
  const drop = (t: Tensor, name: string): Tensor => (masks[name] ? dropout(t, masks[name]) : t)
  let h = drop(add(gather(params.tok_emb, x), params.pos_emb), 'drop.emb')
  for (let i = 0; i < spec.layers; i++) {
    const w = (name: string): Tensor => params[`block${i}.${name}`]
    const attended = causalSelfAttention(layerNorm(h, w('ln1.gain'), w('ln1.bias')), { wq: w('attn.wq'), wk: w('attn.wk'), wv: w('attn.wv'), wo: w('attn.wo') }, spec.heads)
    h = add(h, drop(attended, `drop${i}.attn`))
    const hidden = gelu(linear(layerNorm(h, w('ln2.gain'), w('ln2.bias')), w('mlp.fc1'), w('mlp.fc1_bias')))
    h = add(h, drop(linear(hidden, w('mlp.fc2'), w('mlp.fc2_bias')), `drop${i}.mlp`))
  }
  h = layerNorm(h, params['ln_f.gain'], params['ln_f.bias'])
  return matmul(h, spec.tiedHead ? transposeLast(params.tok_emb) : params['head.weight'])
}

function declareTokens(graph: Graph, spec: TransformerSpec, name: string): Tensor {
  const batch: Dim = spec.batch ?? 'batch'
  return graph.input(name, 'int64', [batch, spec.context])
}

function byName(spec: TransformerSpec, tensors: Tensor[]): Record<string, Tensor> {
  return Object.fromEntries(transformerParams(spec).map((p, i) => [p.name, tensors[i]]))
}

/** Mean next-token cross-entropy over every position of every sequence of the batch. */
function tokenLoss(logits: Tensor, y: Tensor, spec: TransformerSpec, reduction: 'mean' | 'sum'): Tensor {
  return crossEntropy(reshape(logits, [-1, spec.vocab]), reshape(y, [-1]), reduction)
}

/** The language model as a model definition: inputs x and y (y = x shifted by one), int64 [batch, context]. */
export function transformerModel(spec: TransformerSpec): ModelDefinition {
  return {
    name: 'char_lm',
    dtype: spec.dtype,
    params: transformerParams(spec),
    forward(graph, params) {
      const x = declareTokens(graph, spec, 'x')
      const y = declareTokens(graph, spec, 'y')
      const batch: Dim = spec.batch ?? 'batch'
      const masks = Object.fromEntries(transformerDropoutMasks(spec).map((n) => [n, graph.input(n, spec.dtype, [batch, spec.context, spec.width])]))
      return { loss: tokenLoss(transformerLogits(x, byName(spec, params), spec, masks), y, spec, 'mean'), outputs: [] }
    }
  }
}

/** Forward only, no dropout: inputs x, y and the parameters; output loss_sum, the summed token cross-entropy. */
export function buildTransformerEval(spec: TransformerSpec): Uint8Array {
  const graph = new Graph('char_lm_eval')
  const x = declareTokens(graph, spec, 'x')
  const y = declareTokens(graph, spec, 'y')
  const params = transformerParams(spec).map((p) => graph.input(p.name, spec.dtype, p.shape))
  graph.output(tokenLoss(transformerLogits(x, byName(spec, params), spec), y, spec, 'sum'), 'loss_sum')
  return graph.toBytes()
}

/** Forward only: inputs x and the parameters; output logits [batch, context, vocab], for sampling. */
export function buildTransformerLogits(spec: TransformerSpec): Uint8Array {
  const graph = new Graph('char_lm_logits')
  const x = declareTokens(graph, spec, 'x')
  const params = transformerParams(spec).map((p) => graph.input(p.name, spec.dtype, p.shape))
  graph.output(transformerLogits(x, byName(spec, params), spec), 'logits')
  return graph.toBytes()
}
