/**
 * Answers that hold typed arrays (the runs table's float64 columns: 13 MB at 20,000 runs) travel
 * over HTTP as one binary body instead of JSON: the JSON of everything else, then each array's
 * bytes as they lie in memory. As JSON with base64 the same table took the engine ~130 ms to
 * write and the page ~100 ms to read; this way the engine copies no array and the page makes
 * views on the body it received. IPC needs none of this (structured clone keeps typed arrays),
 * and a client that does not ask for it gets JSON with each array as a list of numbers.
 *
 * Layout: the bytes "PSB1", the header's byte length (uint32, little-endian), the header (UTF-8
 * JSON `{ result, arrays: [{ path, type, length }] }`, null where each array was), zeros up to a
 * multiple of 8, then each array's bytes (little-endian) in the header's order, each followed by
 * zeros up to a multiple of 8 so every view is aligned.
 */

export const BINARY_CONTENT_TYPE = 'application/vnd.paramscope.binary'

const MAGIC = [0x50, 0x53, 0x42, 0x31] // "PSB1"

const arrayTypes = {
  f64: Float64Array,
  f32: Float32Array,
  i32: Int32Array,
  u32: Uint32Array,
  u8: Uint8Array
} as const
type ArrayType = keyof typeof arrayTypes
type Typed = InstanceType<(typeof arrayTypes)[ArrayType]>

type Key = string | number
interface Placed {
  path: Key[]
  type: ArrayType
  length: number
}

function typeOf(view: ArrayBufferView): ArrayType | null {
  for (const type of Object.keys(arrayTypes) as ArrayType[]) if (view instanceof arrayTypes[type]) return type
  return null
}

// Typed arrays hold numbers in the machine's order; every platform Electron and Node ship for is
// little-endian. A big-endian one answers JSON instead.
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/**
 * `value` with each typed array replaced by what `swap` returns for it, copying only the objects
 * and arrays on the way to one; the rest is shared, and `value` itself is left as it was.
 */
function replaceArrays(value: unknown, swap: (view: ArrayBufferView, path: Key[]) => unknown, path: Key[] = []): unknown {
  if (value === null || typeof value !== 'object') return value
  if (ArrayBuffer.isView(value)) return swap(value, path)
  if (Array.isArray(value)) {
    let out: unknown[] | null = null
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i]
      if (v === null || typeof v !== 'object') continue
      path.push(i)
      const next = replaceArrays(v, swap, path)
      path.pop()
      if (next !== v) (out ??= value.slice())[i] = next
    }
    return out ?? value
  }
  // An object that writes its own JSON (a Date, a decoded row) is left to write it.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value
  let out: Record<string, unknown> | null = null
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key]
    if (v === null || typeof v !== 'object') continue
    path.push(key)
    const next = replaceArrays(v, swap, path)
    path.pop()
    if (next !== v) (out ??= { ...(value as Record<string, unknown>) })[key] = next
  }
  return out ?? value
}

/** `value` as JSON can carry it: each typed array as a list of numbers (NaN and infinities become null in JSON). */
export function withArraysAsLists(value: unknown): unknown {
  return replaceArrays(value, (view) => Array.from(view as Typed))
}

const align8 = (n: number): number => Math.ceil(n / 8) * 8

/**
 * The binary body of a result, as chunks to write one after another (the arrays' own memory,
 * not copies); null when it holds no typed array (JSON serves it) or one of a type not carried.
 */
export function encodeBinaryBody(result: unknown): Uint8Array[] | null {
  if (!littleEndian) return null
  const arrays: { view: ArrayBufferView; placed: Placed }[] = []
  let unknownType = false
  const skeleton = replaceArrays(result, (view, path) => {
    const type = typeOf(view)
    if (type === null) unknownType = true
    else arrays.push({ view, placed: { path: [...path], type, length: (view as Typed).length } })
    return null
  })
  if (arrays.length === 0 || unknownType) return null
  const header = new TextEncoder().encode(JSON.stringify({ result: skeleton, arrays: arrays.map((a) => a.placed) }))
  const head = new Uint8Array(align8(8 + header.length))
  head.set(MAGIC)
  new DataView(head.buffer).setUint32(4, header.length, true)
  head.set(header, 8)
  const chunks: Uint8Array[] = [head]
  for (const { view } of arrays) {
    chunks.push(new Uint8Array(view.buffer, view.byteOffset, view.byteLength))
    const pad = align8(view.byteLength) - view.byteLength
    if (pad > 0) chunks.push(new Uint8Array(pad))
  }
  return chunks
}

/** Keys a path may not take: a body must not reach the objects' prototypes. */
const unsafeKeys = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * The result of a binary body, its typed arrays as views on `body` (no copy). Throws, saying
 * what is wrong, for a body that is not one or does not hold what its header says.
 */
export function decodeBinaryBody(body: ArrayBuffer): unknown {
  const bytes = new Uint8Array(body)
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('the answer is not a ParamScope binary body')
  const headerLength = new DataView(body).getUint32(4, true)
  if (8 + headerLength > bytes.length) throw new Error(`the binary body's header of ${headerLength} bytes runs past its ${bytes.length} bytes`)
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as { result?: unknown; arrays?: unknown }
  if (!Array.isArray(header.arrays)) throw new Error("the binary body's header lists no arrays")
  const holder: Record<string, unknown> = { result: header.result }
  let offset = align8(8 + headerLength)
  for (const placed of header.arrays as Placed[]) {
    const Type = Object.hasOwn(arrayTypes, placed?.type) ? arrayTypes[placed.type] : undefined
    if (!Type || !Number.isInteger(placed.length) || placed.length < 0 || !Array.isArray(placed.path)) throw new Error(`the binary body's header describes an array it cannot hold: ${JSON.stringify(placed)}`)
    const byteLength = placed.length * Type.BYTES_PER_ELEMENT
    if (offset + byteLength > bytes.length) throw new Error(`the array at ${placed.path.join('.')} runs past the binary body's ${bytes.length} bytes`)
    const view = new Type(body, offset, placed.length)
    offset += align8(byteLength)
    // Walk the header's own objects down to the array's place.
    let container: Record<Key, unknown> = holder
    const path: Key[] = ['result', ...placed.path]
    for (let i = 0; i < path.length; i++) {
      const key = path[i]!
      const last = i === path.length - 1
      if (unsafeKeys.has(String(key)) || !Object.hasOwn(container, key) || (last ? container[key] !== null : container[key] === null || typeof container[key] !== 'object')) {
        throw new Error(`the binary body's header has no place for an array at ${placed.path.join('.')}`)
      }
      if (last) container[key] = view
      else container = container[key] as Record<Key, unknown>
    }
  }
  return holder.result
}
