import { describe, expect, it } from 'vitest'
import { decodeBinaryBody, encodeBinaryBody, withArraysAsLists } from './binary-body'

/** The chunks as the one body a client receives, in a buffer of its own (as fetch gives it). */
const received = (chunks: Uint8Array[]): ArrayBuffer => new Uint8Array(Buffer.concat(chunks)).buffer

describe('the binary body', () => {
  it('carries typed arrays bit for bit and everything else as JSON', () => {
    const lr = new Float64Array([1e-300, Number.NaN, -0, Math.PI, Infinity])
    const counts = new Float64Array(new ArrayBuffer(64), 8, 3).fill(2)
    const result = {
      names: ['宽模型', 'b'],
      params: { lr: { f64: lr }, width: { values: [64, '64-wide', null] } },
      metrics: { 'val/loss': { values: counts } },
      nested: [{ odd: new Uint8Array([1, 2, 3]) }, 'text', null],
      ints: new Int32Array([-1, 2 ** 31 - 1])
    }
    const chunks = encodeBinaryBody(result)!
    // The arrays go out as their own memory, not copies.
    expect(chunks.some((c) => c.buffer === lr.buffer)).toBe(true)
    const back = decodeBinaryBody(received(chunks)) as typeof result
    expect(back.names).toEqual(result.names)
    expect(back.params.width).toEqual(result.params.width)
    expect(back.params.lr.f64).toBeInstanceOf(Float64Array)
    expect(Array.from(back.params.lr.f64)).toEqual([1e-300, Number.NaN, -0, Math.PI, Infinity])
    expect(Object.is(back.params.lr.f64[2], -0)).toBe(true)
    expect(Array.from(back.metrics['val/loss'].values)).toEqual([2, 2, 2])
    expect(back.nested[0]).toEqual({ odd: new Uint8Array([1, 2, 3]) })
    expect(back.nested.slice(1)).toEqual(['text', null])
    expect(Array.from(back.ints)).toEqual([-1, 2 ** 31 - 1])
    // Every view sits at a multiple of its element size, after a header and padding of whole eights.
    expect([back.params.lr.f64, back.metrics['val/loss'].values, back.ints].every((v) => v.byteOffset % 8 === 0)).toBe(true)
    // The result given is left as it was.
    expect(result.params.lr.f64).toBe(lr)
  })

  it('is not made for a result without typed arrays, or with one it does not carry', () => {
    expect(encodeBinaryBody({ a: [1, 2], b: 'c' })).toBeNull()
    expect(encodeBinaryBody(null)).toBeNull()
    expect(encodeBinaryBody({ a: new BigInt64Array(2) })).toBeNull()
  })

  it('carries a result that is itself an array', () => {
    const back = decodeBinaryBody(received(encodeBinaryBody(new Float32Array([0.5, 1.5]))!))
    expect(back).toEqual(new Float32Array([0.5, 1.5]))
  })

  it('writes each array as a list of numbers for a client that takes JSON', () => {
    const result = { a: { f64: new Float64Array([0.25, Number.NaN]) }, at: new Date(0), keep: [1, 'x'] }
    expect(JSON.parse(JSON.stringify(withArraysAsLists(result)))).toEqual({ a: { f64: [0.25, null] }, at: '1970-01-01T00:00:00.000Z', keep: [1, 'x'] })
    const plain = { a: [1, { b: 2 }] }
    expect(withArraysAsLists(plain)).toBe(plain)
  })

  it('refuses, saying why, a body that is not one or does not hold what its header says', () => {
    const good = received(encodeBinaryBody({ a: new Float64Array(4) })!)
    expect(() => decodeBinaryBody(new TextEncoder().encode('{"result":1}').buffer)).toThrow('not a ParamScope binary body')
    expect(() => decodeBinaryBody(good.slice(0, good.byteLength - 8))).toThrow('the array at a runs past')
    const lying = (header: unknown): ArrayBuffer => {
      const text = new TextEncoder().encode(JSON.stringify(header))
      const body = new Uint8Array(8 + text.length + 64)
      body.set([0x50, 0x53, 0x42, 0x31])
      new DataView(body.buffer).setUint32(4, text.length, true)
      body.set(text, 8)
      return body.buffer
    }
    expect(() => decodeBinaryBody(lying({ result: {}, arrays: [{ path: ['__proto__', 'polluted'], type: 'f64', length: 1 }] }))).toThrow('no place for an array at __proto__.polluted')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(() => decodeBinaryBody(lying({ result: { a: 1 }, arrays: [{ path: ['a'], type: 'f64', length: 1 }] }))).toThrow('no place for an array at a')
    expect(() => decodeBinaryBody(lying({ result: { a: null }, arrays: [{ path: ['a'], type: 'f128', length: 1 }] }))).toThrow('cannot hold')
    expect(() => decodeBinaryBody(lying({ result: null }))).toThrow('lists no arrays')
  })
})
