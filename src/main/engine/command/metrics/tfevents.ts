/**
 * TensorBoard event files (`events.out.tfevents.*`) in Node, with no Python. A file is a TFRecord
 * stream: uint64 length, masked CRC-32C of those 8 bytes, the data, masked CRC-32C of the data.
 * Each record is an `Event` (tensorflow/core/util/event.proto): wall_time = 1 (double),
 * step = 2 (int64), file_version = 3, summary = 5. A `Summary` holds repeated `Value` = 1 with
 * tag = 1, simple_value = 2 (float) or tensor = 8 (`TensorProto`: dtype = 1, tensor_shape = 2,
 * tensor_content = 4, float_val = 5, double_val = 6, int_val = 7, int64_val = 10, half_val = 13).
 * Scalars come as simple_value (torch.utils.tensorboard, tensorboardX) or as a one-element tensor
 * (TF2 `tf.summary.scalar`, torch's `new_style`). A record that fails its checksum or does not
 * decode is skipped with a coded warning; a cut record at the end waits for its rest.
 */
import { msg, type CodedMessage } from '../../../../shared/messages'
import { maskedCrc32c } from './crc32c'
import { fields, readDouble, readFloat, readText, ProtoError, type Field } from './protobuf'
import type { MetricPoint } from './types'

export interface TensorBoardEvent {
  wallTime: number
  step: number
  fileVersion?: string
  scalars: { tag: string; value: number }[]
}

const enum DType {
  Float = 1,
  Double = 2,
  Int32 = 3,
  UInt8 = 4,
  Int16 = 5,
  Int8 = 6,
  Int64 = 9,
  BFloat16 = 14,
  Half = 19
}

const byteSize: Partial<Record<number, number>> = { 1: 4, 2: 8, 3: 4, 4: 1, 5: 2, 6: 1, 9: 8, 14: 2, 19: 2 }

function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1
  const exp = (bits >> 10) & 0x1f
  const frac = bits & 0x3ff
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024)
  if (exp === 31) return frac ? NaN : sign * Infinity
  return sign * 2 ** (exp - 15) * (1 + frac / 1024)
}

const bfloat16ToNumber = (bits: number): number => new Float32Array(new Uint32Array([(bits & 0xffff) << 16]).buffer)[0]!

/** One number from `size` little-endian bytes at `at` in `dtype`. */
function fixed(buf: Uint8Array, at: number, dtype: number): number {
  const v = new DataView(buf.buffer, buf.byteOffset + at)
  switch (dtype) {
    case DType.Float:
      return v.getFloat32(0, true)
    case DType.Double:
      return v.getFloat64(0, true)
    case DType.Int32:
      return v.getInt32(0, true)
    case DType.UInt8:
      return v.getUint8(0)
    case DType.Int16:
      return v.getInt16(0, true)
    case DType.Int8:
      return v.getInt8(0)
    case DType.Int64:
      return Number(v.getBigInt64(0, true))
    case DType.BFloat16:
      return bfloat16ToNumber(v.getUint16(0, true))
    default:
      return halfToNumber(v.getUint16(0, true))
  }
}

/** The numbers of a repeated scalar field, packed or not. */
function repeated(buf: Uint8Array, list: Field[], kind: 'float' | 'double' | 'varint'): number[] {
  const out: number[] = []
  for (const f of list) {
    if (f.wire === 2 && kind === 'varint') {
      let at = f.start
      while (at < f.end) {
        let value = 0
        let scale = 1
        for (;;) {
          const b = buf[at++]!
          value += (b & 0x7f) * scale
          scale *= 128
          if ((b & 0x80) === 0 || at >= f.end) break
        }
        out.push(value >= 2 ** 63 ? value - 2 ** 64 : value)
      }
    } else if (f.wire === 2) {
      const size = kind === 'float' ? 4 : 8
      for (let at = f.start; at + size <= f.end; at += size) out.push(kind === 'float' ? readFloat(buf, at) : readDouble(buf, at))
    } else if (kind === 'varint') out.push(f.varint)
    else out.push(kind === 'float' ? readFloat(buf, f.start) : readDouble(buf, f.start))
  }
  return out
}

/** The value of a one-element numeric tensor; undefined for anything else (text, histograms, images). */
export function tensorScalar(buf: Uint8Array, start: number, end: number): number | undefined {
  const fs = fields(buf, start, end)
  const dtype = fs.find((f) => f.no === 1)?.varint ?? 0
  const size = byteSize[dtype]
  if (size === undefined) return undefined
  let count = 1
  for (const shape of fs.filter((f) => f.no === 2)) {
    for (const dim of fields(buf, shape.start, shape.end).filter((f) => f.no === 2)) {
      count *= fields(buf, dim.start, dim.end).find((f) => f.no === 1)?.varint ?? 0
    }
  }
  if (count !== 1) return undefined
  const content = fs.find((f) => f.no === 4)
  if (content && content.end - content.start === size) return fixed(buf, content.start, dtype)
  const of = (no: number) => fs.filter((f) => f.no === no)
  const values =
    dtype === DType.Float
      ? repeated(buf, of(5), 'float')
      : dtype === DType.Double
        ? repeated(buf, of(6), 'double')
        : dtype === DType.Int64
          ? repeated(buf, of(10), 'varint')
          : dtype === DType.Half
            ? repeated(buf, of(13), 'varint').map(halfToNumber)
            : dtype === DType.BFloat16
              ? repeated(buf, of(13), 'varint').map(bfloat16ToNumber)
              : repeated(buf, of(7), 'varint')
  return values.length === 1 ? values[0] : undefined
}

/** Decodes one Event; throws ProtoError when the bytes are not one. */
export function decodeEvent(buf: Uint8Array): TensorBoardEvent {
  const event: TensorBoardEvent = { wallTime: 0, step: 0, scalars: [] }
  for (const f of fields(buf)) {
    if (f.no === 1 && f.wire === 1) event.wallTime = readDouble(buf, f.start)
    else if (f.no === 2 && f.wire === 0) event.step = f.varint
    else if (f.no === 3 && f.wire === 2) event.fileVersion = readText(buf, f)
    else if (f.no === 5 && f.wire === 2) {
      for (const v of fields(buf, f.start, f.end)) {
        if (v.no !== 1 || v.wire !== 2) continue
        let tag: string | undefined
        let value: number | undefined
        for (const g of fields(buf, v.start, v.end)) {
          if (g.no === 1 && g.wire === 2) tag = readText(buf, g)
          else if (g.no === 2 && g.wire === 5) value = readFloat(buf, g.start)
          else if (g.no === 8 && g.wire === 2 && value === undefined) value = tensorScalar(buf, g.start, g.end)
        }
        if (tag !== undefined && value !== undefined) event.scalars.push({ tag, value })
      }
    }
  }
  return event
}

/** Records longer than this are taken as a corrupt length, not waited for. */
const maxRecord = 64 * 1024 * 1024

/**
 * Reads TFRecord bytes as they arrive. `push` returns the scalars of every whole record so far;
 * `end` reports bytes left inside a cut record.
 */
export class TfEventsDecoder {
  private buf = new Uint8Array(0)
  /** File offset of buf[0], for the warnings. */
  private offset = 0
  events = 0

  push(chunk: Uint8Array): { points: MetricPoint[]; warnings: CodedMessage[] } {
    const joined = new Uint8Array(this.buf.length + chunk.length)
    joined.set(this.buf)
    joined.set(chunk, this.buf.length)
    const points: MetricPoint[] = []
    const warnings: CodedMessage[] = []
    let at = 0
    while (joined.length - at >= 12) {
      const dv = new DataView(joined.buffer, joined.byteOffset + at)
      const length = Number(dv.getBigUint64(0, true))
      if (dv.getUint32(8, true) !== maskedCrc32c(joined, at, at + 8) || length > maxRecord) {
        // The length cannot be trusted: look for the next place where a length checks.
        const from = at
        at++
        while (joined.length - at >= 12 && !this.lengthChecks(joined, at)) at++
        warnings.push(msg('metrics.recordBadLength', { offset: this.offset + from, skipped: at - from }))
        continue
      }
      if (joined.length - at < 16 + length) break
      const dataStart = at + 12
      const dataEnd = dataStart + length
      if (dv.getUint32(12 + length, true) !== maskedCrc32c(joined, dataStart, dataEnd)) {
        warnings.push(msg('metrics.recordBadData', { offset: this.offset + at, bytes: length }))
      } else {
        try {
          const event = decodeEvent(joined.subarray(dataStart, dataEnd))
          this.events++
          for (const s of event.scalars) points.push({ name: s.tag, step: event.step, value: s.value, channel: 'tensorboard' })
        } catch (err) {
          if (!(err instanceof ProtoError)) throw err
          warnings.push(msg('metrics.recordBadEvent', { offset: this.offset + at, reason: err.message }))
        }
      }
      at = dataEnd + 4
    }
    this.buf = joined.slice(at)
    this.offset += at
    return { points, warnings }
  }

  private lengthChecks(b: Uint8Array, at: number): boolean {
    const dv = new DataView(b.buffer, b.byteOffset + at)
    return dv.getUint32(8, true) === maskedCrc32c(b, at, at + 8) && Number(dv.getBigUint64(0, true)) <= maxRecord
  }

  /** The file is complete: a record still cut is reported, not read. */
  end(): CodedMessage[] {
    const left = this.buf.length
    this.buf = new Uint8Array(0)
    return left > 0 ? [msg('metrics.recordTruncated', { offset: this.offset, bytes: left })] : []
  }
}
