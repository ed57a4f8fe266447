/**
 * Just enough protobuf wire format to read TensorBoard's Event, Summary and TensorProto:
 * varints, 64- and 32-bit fields and length-delimited fields; other wire types end the read.
 */
export interface Field {
  no: number
  wire: 0 | 1 | 2 | 5
  /** Varint (as a Number: steps and enums fit), or the start of a fixed or length-delimited field. */
  varint: number
  start: number
  end: number
}

export class ProtoError extends Error {}

export function readVarint(buf: Uint8Array, at: number): [value: number, next: number] {
  let value = 0
  let scale = 1
  for (let i = at; i < buf.length && i < at + 10; i++) {
    const b = buf[i]!
    value += (b & 0x7f) * scale
    scale *= 128
    if ((b & 0x80) === 0) return [value >= 2 ** 63 ? value - 2 ** 64 : value, i + 1]
  }
  throw new ProtoError('varint runs past the message')
}

/** The fields of one message, in order; throws ProtoError when the bytes are not a message. */
export function fields(buf: Uint8Array, start = 0, end = buf.length): Field[] {
  const out: Field[] = []
  let at = start
  while (at < end) {
    const [key, next] = readVarint(buf, at)
    at = next
    const no = Math.floor(key / 8)
    const wire = key & 7
    if (no === 0) throw new ProtoError('field number 0')
    if (wire === 0) {
      const [v, n] = readVarint(buf, at)
      out.push({ no, wire, varint: v, start: at, end: n })
      at = n
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4
      out.push({ no, wire, varint: 0, start: at, end: at + size })
      at += size
    } else if (wire === 2) {
      const [len, n] = readVarint(buf, at)
      out.push({ no, wire, varint: 0, start: n, end: n + len })
      at = n + len
    } else throw new ProtoError(`wire type ${wire}`)
    if (at > end) throw new ProtoError('field runs past the message')
  }
  return out
}

const view = (buf: Uint8Array) => new DataView(buf.buffer, buf.byteOffset, buf.byteLength)

export const readDouble = (buf: Uint8Array, at: number): number => view(buf).getFloat64(at, true)
export const readFloat = (buf: Uint8Array, at: number): number => view(buf).getFloat32(at, true)
export const readText = (buf: Uint8Array, f: Field): string => Buffer.from(buf.buffer, buf.byteOffset + f.start, f.end - f.start).toString('utf8')
