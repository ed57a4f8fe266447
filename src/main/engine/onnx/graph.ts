import { encodeModel, type AttrValue, type Dim, type DType, type TensorData, type TensorValues } from './proto'

export type { AttrValue, Dim, DType } from './proto'

/**
 * The opset every generated model targets: reductions take their axes as an input from 18 on,
 * and 20 brings Gelu, so a GELU is one node rather than nine.
 */
export const OPSET = 20
const IR_VERSION = 8

/** A typed handle to one value of a graph; ops build new handles from existing ones. */
export class Tensor {
  constructor(
    readonly graph: Graph,
    readonly name: string,
    readonly dtype: DType,
    readonly shape: readonly Dim[]
  ) {}

  get rank(): number {
    return this.shape.length
  }
}

export interface GraphNode {
  opType: string
  inputs: Tensor[]
  outputs: Tensor[]
  attributes: Record<string, AttrValue>
}

export const attr = {
  int: (value: number): AttrValue => ({ type: 'int', value }),
  ints: (value: number[]): AttrValue => ({ type: 'ints', value }),
  float: (value: number): AttrValue => ({ type: 'float', value }),
  string: (value: string): AttrValue => ({ type: 'string', value })
}

/** Reads an integer attribute with its ONNX default. */
export function intAttr(node: GraphNode, name: string, fallback: number): number {
  const a = node.attributes[name]
  return a && a.type === 'int' ? a.value : fallback
}

function typedArray(dtype: DType, values: ArrayLike<number> | readonly bigint[]): TensorValues {
  switch (dtype) {
    case 'float32':
      return Float32Array.from(values as ArrayLike<number>)
    case 'float64':
      return Float64Array.from(values as ArrayLike<number>)
    case 'int64':
      return BigInt64Array.from(Array.from(values as ArrayLike<number | bigint>, (v) => BigInt(v)))
    case 'bool':
      return Uint8Array.from(values as ArrayLike<number>)
    case 'string':
      throw new Error('a string constant is made with stringConstant')
  }
}

/**
 * Records nodes in the order they are added, which is a valid topological order; autodiff relies
 * on that order to walk the forward part backwards.
 */
export class Graph {
  readonly nodes: GraphNode[] = []
  readonly inputs: Tensor[] = []
  readonly outputs: { tensor: Tensor; name: string }[] = []
  private readonly initializers = new Map<string, TensorData>()
  private readonly names = new Set<string>()
  private readonly constantCache = new Map<string, Tensor>()
  private counter = 0

  constructor(readonly name = 'paramscope') {}

  private unique(base: string): string {
    let name = base
    while (this.names.has(name)) name = `${base}_${++this.counter}`
    this.names.add(name)
    return name
  }

  input(name: string, dtype: DType, shape: Dim[]): Tensor {
    if (this.names.has(name)) throw new Error(`graph input "${name}" is declared twice`)
    this.names.add(name)
    const t = new Tensor(this, name, dtype, shape)
    this.inputs.push(t)
    return t
  }

  /** A constant tensor stored as an initializer; identical small constants are shared. */
  constant(dtype: DType, shape: number[], values: ArrayLike<number> | readonly bigint[]): Tensor {
    const count = shape.reduce((a, b) => a * b, 1)
    if (values.length !== count) throw new Error(`constant of shape [${shape}] needs ${count} values, got ${values.length}`)
    const key = count <= 16 ? `${dtype}|${shape.join(',')}|${Array.from(values as ArrayLike<unknown>).join(',')}` : ''
    const cached = key ? this.constantCache.get(key) : undefined
    if (cached) return cached
    const name = this.unique('const')
    this.initializers.set(name, { name, dtype, dims: shape, values: typedArray(dtype, values) })
    const t = new Tensor(this, name, dtype, shape)
    if (key) this.constantCache.set(key, t)
    return t
  }

  /** A constant tensor of text, such as the levels a one-hot encoding compares against. */
  stringConstant(shape: number[], values: string[]): Tensor {
    const count = shape.reduce((a, b) => a * b, 1)
    if (values.length !== count) throw new Error(`constant of shape [${shape}] needs ${count} values, got ${values.length}`)
    const name = this.unique('const')
    this.initializers.set(name, { name, dtype: 'string', dims: shape, values: new Uint8Array(0), strings: [...values] })
    return new Tensor(this, name, 'string', shape)
  }

  /** The values of a constant made by `constant`, so gradient rules can read axes and such. */
  constantValues(t: Tensor): TensorValues | undefined {
    return this.initializers.get(t.name)?.values
  }

  scalar(dtype: DType, value: number): Tensor {
    return this.constant(dtype, [], [value])
  }

  /** Appends a node; `outs` give each output's dtype and shape, which ops infer. */
  node(
    opType: string,
    inputs: Tensor[],
    outs: { dtype: DType; shape: readonly Dim[] }[],
    attributes: Record<string, AttrValue> = {}
  ): Tensor[] {
    for (const i of inputs) if (i.graph !== this) throw new Error(`${opType}: input "${i.name}" belongs to another graph`)
    const outputs = outs.map((o) => new Tensor(this, this.unique(opType.toLowerCase()), o.dtype, o.shape))
    this.nodes.push({ opType, inputs, outputs, attributes })
    return outputs
  }

  output(tensor: Tensor, name: string): void {
    if (this.names.has(name) && name !== tensor.name) throw new Error(`graph output name "${name}" is taken`)
    this.names.add(name)
    this.outputs.push({ tensor, name })
  }

  /**
   * Serialises the graph. An output named apart from its value renames the node output that makes
   * it, so no copy is added; an input, a constant or a value output twice gets an Identity node.
   */
  toBytes(producerVersion = '0.1.0'): Uint8Array {
    const produced = new Set(this.nodes.flatMap((n) => n.outputs.map((t) => t.name)))
    const pinned = new Set(this.outputs.filter((o) => o.name === o.tensor.name).map((o) => o.tensor.name))
    const renamed = new Map<string, string>()
    const copies: { from: string; to: string }[] = []
    for (const o of this.outputs) {
      if (o.name === o.tensor.name) continue
      const from = o.tensor.name
      if (produced.has(from) && !pinned.has(from) && !renamed.has(from)) renamed.set(from, o.name)
      else copies.push({ from: renamed.get(from) ?? from, to: o.name })
    }
    const named = (t: Tensor): string => renamed.get(t.name) ?? t.name
    const nodes = this.nodes.map((n, i) => ({
      opType: n.opType,
      name: `n${i}_${n.opType}`,
      inputs: n.inputs.map(named),
      outputs: n.outputs.map(named),
      attributes: n.attributes
    }))
    for (const c of copies) nodes.push({ opType: 'Identity', name: `out_${c.to}`, inputs: [c.from], outputs: [c.to], attributes: {} })
    return encodeModel({
      graphName: this.name,
      nodes,
      initializers: [...this.initializers.values()],
      inputs: this.inputs.map((t) => ({ name: t.name, dtype: t.dtype, shape: [...t.shape] })),
      outputs: this.outputs.map((o) => ({ name: o.name, dtype: o.tensor.dtype, shape: [...o.tensor.shape] })),
      opsetVersion: OPSET,
      irVersion: IR_VERSION,
      producerVersion
    })
  }
}
