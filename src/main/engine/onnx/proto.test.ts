import * as ort from 'onnxruntime-node'
import { describe, expect, it } from 'vitest'
import { encodeModel, type ModelData } from './proto'

/** A tiny protobuf reader for the test: top-level fields of one message. */
function readFields(bytes: Uint8Array): { field: number; wire: number; value: bigint | Uint8Array }[] {
  const out: { field: number; wire: number; value: bigint | Uint8Array }[] = []
  let at = 0
  const varint = (): bigint => {
    let v = 0n
    let shift = 0n
    for (;;) {
      const b = bytes[at++]
      v |= BigInt(b & 0x7f) << shift
      if (b < 0x80) return v
      shift += 7n
    }
  }
  while (at < bytes.length) {
    const key = Number(varint())
    const field = key >> 3
    const wire = key & 7
    if (wire === 0) out.push({ field, wire, value: varint() })
    else if (wire === 2) {
      const len = Number(varint())
      out.push({ field, wire, value: bytes.subarray(at, at + len) })
      at += len
    } else if (wire === 5) {
      out.push({ field, wire, value: bytes.subarray(at, at + 4) })
      at += 4
    } else throw new Error(`unexpected wire type ${wire}`)
  }
  return out
}

const model: ModelData = {
  graphName: 'g',
  irVersion: 8,
  opsetVersion: 20,
  producerVersion: '0.0.1',
  inputs: [{ name: 'x', dtype: 'float32', shape: ['n', 2] }],
  outputs: [{ name: 'y', dtype: 'float32', shape: [2, 'n'] }],
  initializers: [{ name: 'k', dtype: 'float32', dims: [2], values: Float32Array.from([10, 20]) }],
  nodes: [
    { opType: 'LeakyRelu', name: 'a', inputs: ['x'], outputs: ['h'], attributes: { alpha: { type: 'float', value: 0.5 } } },
    { opType: 'Add', name: 'b', inputs: ['h', 'k'], outputs: ['h2'], attributes: {} },
    { opType: 'Transpose', name: 'c', inputs: ['h2'], outputs: ['y'], attributes: { perm: { type: 'ints', value: [1, 0] } } }
  ]
}

describe('ONNX protobuf writer', () => {
  it('writes the ModelProto fields onnx.proto defines', () => {
    const fields = readFields(encodeModel(model))
    expect(fields.find((f) => f.field === 1)?.value).toBe(8n)
    const opset = readFields(fields.find((f) => f.field === 8)!.value as Uint8Array)
    expect(opset.find((f) => f.field === 2)?.value).toBe(20n)
    const graph = readFields(fields.find((f) => f.field === 7)!.value as Uint8Array)
    expect(graph.filter((f) => f.field === 1)).toHaveLength(3)
    expect(graph.filter((f) => f.field === 5)).toHaveLength(1)
  })

  it('writes negative int64 values as ten-byte two’s complement varints', () => {
    const m: ModelData = {
      ...model,
      nodes: [{ opType: 'Flatten', name: 'f', inputs: ['x'], outputs: ['y'], attributes: { axis: { type: 'int', value: -1 } } }]
    }
    const graph = readFields(readFields(encodeModel(m)).find((f) => f.field === 7)!.value as Uint8Array)
    const node = readFields(graph.find((f) => f.field === 1)!.value as Uint8Array)
    const attribute = readFields(node.find((f) => f.field === 5)!.value as Uint8Array)
    expect(attribute.find((f) => f.field === 3)?.value).toBe(2n ** 64n - 1n)
  })

  it('round-trips through onnxruntime: it loads the bytes and computes the expected values', async () => {
    const session = await ort.InferenceSession.create(encodeModel(model))
    expect(session.inputNames).toEqual(['x'])
    expect(session.outputNames).toEqual(['y'])
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from([1, -2, -4, 3]), [2, 2]) })
    expect(out.y.dims).toEqual([2, 2])
    expect(Array.from(out.y.data as Float32Array)).toEqual([11, 8, 19, 23])
    await session.release()
  })
})
