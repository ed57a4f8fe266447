import type { Rng } from '../random'
import { compilePattern, PatternError, sizeOfParam } from './freeze'
import { add, matmul, mul } from './ops'
import type { ModelDefinition, ParamInfo } from './train-step'

/**
 * LoRA (Hu et al. 2021) over any model definition: each targeted weight W [in, out] is replaced
 * in the forward pass by W + (α/r)·A·B with A [in, r] and B [r, out] — the [in, out] form of the
 * paper's W + (α/r)·B·A. A starts random and B at zero, so the first step sees the base model
 * exactly. The base itself is frozen by the caller (freezeModel), and the adapters are merged
 * into W for export (mergeLora).
 */

export interface LoraSpec {
  rank: number
  alpha: number
  /** Drop probability of the adapter's input features; 0 adds no mask inputs. */
  dropout: number
  /** Which 2-D weights get adapters (see compilePattern). */
  targets: string
}

export interface LoraAdapter {
  /** The base weight this adapter adds to. */
  target: ParamInfo
  a: ParamInfo
  b: ParamInfo
  /** Name of the [in, 1] dropout mask input of the training graphs, when dropout > 0. */
  mask?: string
}

export interface LoraModel {
  def: ModelDefinition
  adapters: LoraAdapter[]
  scale: number
}

export const loraScale = (spec: Pick<LoraSpec, 'rank' | 'alpha'>): number => spec.alpha / spec.rank

/** The weights a targets pattern selects: only 2-D weight matrices can carry an adapter. */
export function loraTargets(params: ParamInfo[], targets: string): ParamInfo[] {
  const test = compilePattern(targets)
  const chosen = params.filter((p) => p.kind === 'weight' && p.shape.length === 2 && test(p))
  if (chosen.length === 0) {
    const names = params.filter((p) => p.kind === 'weight' && p.shape.length === 2).map((p) => p.name)
    throw new PatternError(`"${targets}" matches no linear weight (there are: ${names.join(', ')})`)
  }
  return chosen
}

/**
 * Adds adapters to `def`: its parameters are the base ones followed by each adapter's A and B.
 * With dropout, A's rows are multiplied by a fresh inverted-dropout mask each step, which drops
 * input features of the adapter path as PEFT's lora_dropout does, with one mask per step shared
 * by the rows of the batch (the weight form cannot see single rows).
 */
export function withLora(def: ModelDefinition, spec: LoraSpec): LoraModel {
  if (!Number.isInteger(spec.rank) || spec.rank < 1) throw new Error(`LoRA rank must be a whole number ≥ 1, got ${spec.rank}`)
  const scale = loraScale(spec)
  const adapters: LoraAdapter[] = loraTargets(def.params, spec.targets).map((target) => {
    const [fanIn, fanOut] = target.shape
    const common = { layer: target.layer, depth: target.depth, kind: 'weight' as const }
    return {
      target,
      a: { ...common, name: `${target.name}.lora_a`, shape: [fanIn, spec.rank], fanIn, fanOut: spec.rank },
      b: { ...common, name: `${target.name}.lora_b`, shape: [spec.rank, fanOut], fanIn: spec.rank, fanOut },
      mask: spec.dropout > 0 ? `${target.name}.lora_mask` : undefined
    }
  })
  const index = new Map(def.params.map((p, i) => [p.name, i]))
  const lora: ModelDefinition = {
    name: def.name,
    dtype: def.dtype,
    params: [...def.params, ...adapters.flatMap((a) => [a.a, a.b])],
    constantInputs: def.constantInputs,
    forward(graph, params) {
      const base = params.slice(0, def.params.length)
      adapters.forEach((ad, k) => {
        let a = params[def.params.length + 2 * k]
        const b = params[def.params.length + 2 * k + 1]
        if (ad.mask) a = mul(a, graph.input(ad.mask, def.dtype, [ad.target.shape[0], 1]))
        const i = index.get(ad.target.name)!
        base[i] = add(base[i], mul(matmul(a, b), scale))
      })
      return def.forward(graph, base)
    }
  }
  return { def: lora, adapters, scale }
}

/** PEFT's start: A uniform in ±1/√in (kaiming_uniform with a = √5), B zero. */
export function initLora(adapters: LoraAdapter[], rng: Rng): Map<string, Float32Array> {
  const values = new Map<string, Float32Array>()
  for (const ad of adapters) {
    const bound = 1 / Math.sqrt(ad.target.shape[0])
    values.set(ad.a.name, Float32Array.from({ length: sizeOfParam(ad.a) }, () => rng.uniform(-bound, bound)))
    values.set(ad.b.name, new Float32Array(sizeOfParam(ad.b)))
  }
  return values
}

/** The base weights with every adapter folded in, W + s·A·B; adapters are left out. */
export function mergeLora<A extends Float32Array | Float64Array>(values: ReadonlyMap<string, A>, adapters: LoraAdapter[], scale: number): Map<string, A> {
  const out = new Map(values)
  for (const ad of adapters) {
    const [fanIn, fanOut] = ad.target.shape
    const r = ad.a.shape[1]
    const w = values.get(ad.target.name)!.slice() as A
    const a = values.get(ad.a.name)!
    const b = values.get(ad.b.name)!
    for (let i = 0; i < fanIn; i++) {
      for (let o = 0; o < fanOut; o++) {
        let s = 0
        for (let k = 0; k < r; k++) s += a[i * r + k] * b[k * fanOut + o]
        w[i * fanOut + o] += scale * s
      }
    }
    out.set(ad.target.name, w)
    out.delete(ad.a.name)
    out.delete(ad.b.name)
  }
  return out
}
