/**
 * A minimal protobuf writer for the parts of onnx.proto ParamScope emits. Field numbers follow
 * onnx/onnx.proto (proto2); repeated scalars are written unpacked, which every parser accepts.
 */

export type DType = 'float32' | 'float64' | 'int64' | 'bool' | 'string'

/** TensorProto.DataType numbers. */
export const onnxDataType: Record<DType, number> = { float32: 1, int64: 7, string: 8, bool: 9, float64: 11 }

export type TensorValues = Float32Array | Float64Array | BigInt64Array | Uint8Array

export interface TensorData {
  name: string
  dtype: DType
  dims: number[]
  values: TensorValues
  /** The values of a string tensor (`values` is then empty). */
  strings?: string[]
}

export type AttrValue =
  | { type: 'int'; value: number }
  | { type: 'ints'; value: number[] }
  | { type: 'float'; value: number }
  | { type: 'string'; value: string }
  | { type: 'tensor'; value: TensorData }

export interface NodeData {
  opType: string
  name: string
  inputs: string[]
  outputs: string[]
  attributes: Record<string, AttrValue>
  domain?: string
}

/** A dimension is a fixed size or a symbolic name (`batch`). */
export type Dim = number | string

export interface ValueInfoData {
  name: string
  dtype: DType
  shape: Dim[]
}

export interface ModelData {
  graphName: string
  nodes: NodeData[]
  initializers: TensorData[]
  inputs: ValueInfoData[]
  outputs: ValueInfoData[]
  opsetVersion: number
  irVersion: number
  producerVersion: string
}

const textEncoder = new TextEncoder()

class ProtoWriter {
  private chunks: Uint8Array[] = []
  private scratch: number[] = []

  private flushScratch(): void {
    if (this.scratch.length) this.chunks.push(Uint8Array.from(this.scratch))
    this.scratch = []
  }

  private rawVarint(value: bigint): void {
    // int64 values are written as their unsigned 64-bit two's complement, as protobuf requires.
    let v = BigInt.asUintN(64, value)
    while (v >= 0x80n) {
      this.scratch.push(Number(v & 0x7fn) | 0x80)
      v >>= 7n
    }
    this.scratch.push(Number(v))
  }

  private tag(field: number, wire: number): void {
    this.rawVarint(BigInt((field << 3) | wire))
  }

  varint(field: number, value: number | bigint): this {
    this.tag(field, 0)
    this.rawVarint(typeof value === 'bigint' ? value : BigInt(value))
    return this
  }

  float(field: number, value: number): this {
    this.tag(field, 5)
    const b = new Uint8Array(4)
    new DataView(b.buffer).setFloat32(0, value, true)
    this.scratch.push(...b)
    return this
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, 2)
    this.rawVarint(BigInt(value.length))
    this.flushScratch()
    this.chunks.push(value)
    return this
  }

  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value))
  }

  message(field: number, inner: ProtoWriter): this {
    return this.bytes(field, inner.finish())
  }

  finish(): Uint8Array {
    this.flushScratch()
    const total = this.chunks.reduce((n, c) => n + c.length, 0)
    const out = new Uint8Array(total)
    let at = 0
    for (const c of this.chunks) {
      out.set(c, at)
      at += c.length
    }
    this.chunks = [out]
    return out
  }
}

function tensorProto(t: TensorData): ProtoWriter {
  const w = new ProtoWriter()
  for (const d of t.dims) w.varint(1, d)
  w.varint(2, onnxDataType[t.dtype]).string(8, t.name)
  if (t.strings) {
    for (const v of t.strings) w.string(6, v)
    return w
  }
  // raw_data is little-endian, which is what typed arrays hold on every platform we ship to.
  w.bytes(9, new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength))
  return w
}

function attributeProto(name: string, a: AttrValue): ProtoWriter {
  const w = new ProtoWriter().string(1, name)
  switch (a.type) {
    case 'float':
      return w.float(2, a.value).varint(20, 1)
    case 'int':
      return w.varint(3, a.value).varint(20, 2)
    case 'string':
      return w.string(4, a.value).varint(20, 3)
    case 'tensor':
      return w.message(5, tensorProto(a.value)).varint(20, 4)
    case 'ints':
      for (const v of a.value) w.varint(8, v)
      return w.varint(20, 7)
  }
}

function nodeProto(n: NodeData): ProtoWriter {
  const w = new ProtoWriter()
  for (const i of n.inputs) w.string(1, i)
  for (const o of n.outputs) w.string(2, o)
  w.string(3, n.name).string(4, n.opType)
  for (const [k, v] of Object.entries(n.attributes)) w.message(5, attributeProto(k, v))
  if (n.domain) w.string(7, n.domain)
  return w
}

function valueInfoProto(v: ValueInfoData): ProtoWriter {
  const shape = new ProtoWriter()
  for (const d of v.shape) {
    const dim = typeof d === 'number' ? new ProtoWriter().varint(1, d) : new ProtoWriter().string(2, d)
    shape.message(1, dim)
  }
  const tensorType = new ProtoWriter().varint(1, onnxDataType[v.dtype]).message(2, shape)
  const type = new ProtoWriter().message(1, tensorType)
  return new ProtoWriter().string(1, v.name).message(2, type)
}

/** Serialises a model to the bytes `InferenceSession.create` accepts. */
export function encodeModel(m: ModelData): Uint8Array {
  const graph = new ProtoWriter()
  for (const n of m.nodes) graph.message(1, nodeProto(n))
  graph.string(2, m.graphName)
  for (const t of m.initializers) graph.message(5, tensorProto(t))
  for (const i of m.inputs) graph.message(11, valueInfoProto(i))
  for (const o of m.outputs) graph.message(12, valueInfoProto(o))
  const opset = new ProtoWriter().string(1, '').varint(2, m.opsetVersion)
  return new ProtoWriter()
    .varint(1, m.irVersion)
    .string(2, 'paramscope')
    .string(3, m.producerVersion)
    .message(7, graph)
    .message(8, opset)
    .finish()
}
