import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { crc32c, maskedCrc32c } from './crc32c'
import { tailTfEvents } from './file-tail'
import { MetricMerger } from './merger'
import { decodeEvent, TfEventsDecoder } from './tfevents'

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name))

function decodeAll(bytes: Uint8Array) {
  const d = new TfEventsDecoder()
  const r = d.push(bytes)
  const merger = new MetricMerger()
  merger.add(r.points)
  return { series: Object.fromEntries(merger.series().map((s) => [s.name, s.points])), warnings: [...r.warnings, ...d.end()], events: d.events }
}

// Hand-encoded protobuf for the tensor forms no fixture library writes.
const varint = (n: number): number[] => (n < 128 ? [n] : [(n & 0x7f) | 0x80, ...varint(Math.floor(n / 128))])
const field = (no: number, bytes: number[]): number[] => [...varint(no * 8 + 2), ...varint(bytes.length), ...bytes]
const f64 = (v: number) => [...new Uint8Array(new Float64Array([v]).buffer)]
const f32 = (v: number) => [...new Uint8Array(new Float32Array([v]).buffer)]
function event(step: number, tag: string, tensor: number[]): Uint8Array {
  const value = [...field(1, [...Buffer.from(tag)]), ...field(8, tensor)]
  return new Uint8Array([0x09, ...f64(1.7e9), 0x10, ...varint(step), ...field(5, field(1, value))])
}
function record(data: Uint8Array): Uint8Array {
  const head = new Uint8Array(12)
  const dv = new DataView(head.buffer)
  dv.setBigUint64(0, BigInt(data.length), true)
  dv.setUint32(8, maskedCrc32c(head, 0, 8), true)
  const tail = new Uint8Array(4)
  new DataView(tail.buffer).setUint32(0, maskedCrc32c(data), true)
  return Buffer.concat([head, data, tail])
}

describe('CRC-32C', () => {
  it('matches the published check values', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283)
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa)
  })
})

describe('TensorBoard event files', () => {
  let dir: string | undefined
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }))

  it('reads torch.utils.tensorboard scalars, simple and tensor (float and double), as TensorBoard does', () => {
    const { series, warnings, events } = decodeAll(fixture('events.out.tfevents.torch'))
    expect(warnings).toEqual([])
    expect(events).toBe(76)
    expect(series['train/loss']).toHaveLength(50)
    expect(series['train/loss']![0]).toEqual({ step: 0, value: 2 })
    expect(series['train/loss']![49]!.value).toBeCloseTo(0.04, 7)
    expect(series['eval/accuracy']!.map((p) => p.step)).toEqual([0, 10, 20, 30, 40])
    expect(series['tensor/float']!.at(-1)).toEqual({ step: 45, value: 4.5 })
    // A double tensor keeps its precision: 0.45 exactly, not float32's 0.44999998.
    expect(series['tensor/double']!.at(-1)).toEqual({ step: 45, value: 0.45 })
  })

  it('reads tensorboardX scalars', () => {
    const { series, warnings } = decodeAll(fixture('events.out.tfevents.tbx'))
    expect(warnings).toEqual([])
    expect(Object.keys(series)).toEqual(['loss', 'lr'])
    expect(series.loss!.map((p) => p.step)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27])
    expect(series.lr!.at(-1)!.value).toBeCloseTo(5.814973701490089e-5, 12)
  })

  it('reads tensor scalars from tensor_content, packed float_val, int64 and half, and leaves out non-scalars and text', () => {
    const shape1 = field(2, field(2, [0x08, 1]))
    const bytes = Buffer.concat([
      record(event(1, 'content', [0x08, 2, ...field(4, f64(0.125))])),
      record(event(2, 'packed', [0x08, 1, ...shape1, ...field(5, f32(1.5))])),
      record(event(3, 'int64', [0x08, 9, 0x50, ...varint(7)])),
      record(event(4, 'half', [0x08, 19, 0x68, ...varint(0x3c00)])),
      record(event(5, 'vector', [0x08, 1, ...field(2, field(2, [0x08, 3])), ...field(5, [...f32(1), ...f32(2), ...f32(3)])])),
      record(event(6, 'text', [0x08, 7, ...field(8, [...Buffer.from('hi')])])),
      // TF2's tf.summary.scalar: the C++ writer stores AsProtoTensorContent(), an empty shape and 4 bytes.
      record(event(7, 'tf2', [0x08, 1, ...field(2, []), ...field(4, f32(0.25))]))
    ])
    const { series, warnings } = decodeAll(bytes)
    expect(warnings).toEqual([])
    expect(series).toEqual({ content: [{ step: 1, value: 0.125 }], packed: [{ step: 2, value: 1.5 }], int64: [{ step: 3, value: 7 }], half: [{ step: 4, value: 1 }], tf2: [{ step: 7, value: 0.25 }] })
    expect(decodeEvent(event(9, 'x', [0x08, 2, ...field(4, f64(2))])).wallTime).toBe(1.7e9)
  })

  it('skips a corrupt record with a coded warning and reads the rest', () => {
    const { series, warnings, events } = decodeAll(fixture('events.out.tfevents.corrupted'))
    expect(warnings.map((w) => w.code)).toEqual(['metrics.recordBadData', 'metrics.recordBadLength'])
    // Two records lost of 76: the rest still reads.
    expect(events).toBe(74)
    expect(series['train/loss']!.length).toBeGreaterThanOrEqual(48)
    expect(series['tensor/double']!.at(-1)).toEqual({ step: 45, value: 0.45 })
  })

  it('reports a record cut at the end, without a crash', () => {
    const { warnings, events } = decodeAll(fixture('events.out.tfevents.truncated'))
    expect(events).toBe(75)
    expect(warnings).toEqual([{ code: 'metrics.recordTruncated', values: { offset: 4097, bytes: 19 } }])
  })

  it('tails a growing file a few bytes at a time, waiting for a cut record', () => {
    dir = mkdtempSync(join(tmpdir(), 'paramscope-tb-'))
    const path = join(dir, 'events.out.tfevents.1')
    const whole = fixture('events.out.tfevents.torch')
    const tail = tailTfEvents(path)
    expect(tail.poll()).toEqual({ points: [], warnings: [] })
    writeFileSync(path, '')
    const points = []
    for (let at = 0; at < whole.length; at += 97) {
      appendFileSync(path, whole.subarray(at, at + 97))
      const r = tail.poll()
      expect(r.warnings).toEqual([])
      points.push(...r.points)
    }
    const end = tail.finish()
    expect(end.warnings).toEqual([])
    expect(points).toHaveLength(75)
    expect(points.filter((p) => p.name === 'train/loss').map((p) => p.step)).toEqual([...Array(50).keys()])
  })
})

describe('TensorBoard decoding of damaged bytes', () => {
  it('never throws on random bytes, framed or not, and finds the good records around them', () => {
    let seed = 12345
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) & 0xff
    const good = record(event(7, 'ok', [0x08, 2, ...field(4, f64(0.5))]))
    for (let trial = 0; trial < 300; trial++) {
      const junk = Uint8Array.from({ length: 1 + (rand() % 200) }, rand)
      // Random bytes as a record's data (so its CRCs pass and the protobuf decoder meets them), then raw.
      const bytes = Buffer.concat([good, record(junk), junk, good])
      const d = new TfEventsDecoder()
      let got: ReturnType<TfEventsDecoder['push']> | undefined
      expect(() => (got = d.push(bytes)), `trial ${trial}`).not.toThrow()
      expect(got!.points.filter((p) => p.name === 'ok')).toHaveLength(2)
    }
  })

  it('takes a length past 64 MiB as corrupt instead of waiting for it', () => {
    const head = new Uint8Array(12)
    new DataView(head.buffer).setBigUint64(0, 1n << 40n, true)
    new DataView(head.buffer).setUint32(8, maskedCrc32c(head, 0, 8), true)
    const d = new TfEventsDecoder()
    const r = d.push(Buffer.concat([head, record(event(1, 'after', [0x08, 2, ...field(4, f64(1))]))]))
    expect(r.warnings.map((w) => w.code)).toEqual(['metrics.recordBadLength'])
    expect(r.points).toEqual([{ name: 'after', step: 1, value: 1, channel: 'tensorboard' }])
  })
})
