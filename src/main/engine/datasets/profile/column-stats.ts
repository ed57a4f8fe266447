import type { ColumnProfile, ColumnType } from '../../../../shared/schemas/datasets'
import * as bytesHelpers from '../readers/bytes'
import * as cell from '../readers/cell'
import { detach } from '../dataset-error'
import { StreamHistogram } from './histogram'
import { TextLengths } from './text-lengths'

// Bound once: transpilers that emit CommonJS read imports through getters, a cost per cell.
const { isBooleanText, isMissing, parseNumber, scanned, scanNumber } = cell
const { hashBytes, sameBytes, utf16Length } = bytesHelpers

/** Distinct values counted exactly up to this many; past it the count stops and is marked capped. */
export const DISTINCT_CAP = 10_000
/** At most this many distinct values (and no more than half the values) make a column categorical. */
export const CATEGORY_MAX = 100
const TOP = 10
/** Longer values are counted by a digest so that the distinct map never holds big strings. */
const LONG_VALUE = 200
/** Cells up to this many bytes are remembered by their bytes, in a table of KNOWN_SLOTS (one cell a slot). */
const KNOWN_BYTES = 64
const KNOWN_SLOTS = 2048

const MISSING = 0
const NUMBER = 1
const TEXT = 2

/** What a remembered cell means, so that the next equal cell needs neither a string nor a check. */
interface Known {
  bytes: Buffer
  kind: typeof MISSING | typeof NUMBER | typeof TEXT
  value: number
  integer: boolean
  length: number
  isBoolean: boolean
  /** Its counter among the distinct values, while they are still counted. */
  slot: { n: number } | null
}

/**
 * Streaming accumulators of one column over its text cells: missing count, number/integer/boolean
 * checks, Welford mean and variance, min/max, an exact two-level histogram, capped distinct
 * counts (which also give top values) and text lengths. Numbers are distinct by value, other cells
 * by text. Cells given as bytes (`addBytes`) become strings only when something still needs the
 * text: plain decimals are read from the bytes, short repeated cells (categories, flags, missing
 * markers) are recognised by their bytes, and long words past the distinct cap only count length.
 */
export class ColumnStats {
  missing = 0
  count = 0
  private maybeNumber = true
  private maybeInteger = true
  private maybeBoolean = true
  private n = 0
  private mean = 0
  private m2 = 0
  private min = Infinity
  private max = -Infinity
  private readonly hist = new StreamHistogram()
  private values: Map<string | number, { n: number }> | null = new Map()
  private readonly lengths = new TextLengths()
  // Indexed by a hash of the bytes; a cell whose slot holds another stays unremembered (it is only slower).
  // Made on first use: number columns never need it.
  private known: (Known | undefined)[] | null = null

  constructor(
    readonly name: string,
    /** Keep every class in `top` (up to the cap), for the class balance of a target. */
    private readonly allTop = false
  ) {}

  /**
   * Adds the cell held by the UTF-8 bytes [start, end), where `quotes` doubled quotes stand for
   * one each; `ascii` says the bytes are ASCII, so that their count is the text length.
   */
  addBytes(bytes: Buffer, start: number, end: number, ascii: boolean, quotes: number): void {
    if (start === end) {
      this.missing++
      return
    }
    const c = bytes[start]
    if (quotes === 0 && ((c >= 48 && c <= 57) || c === 45 || c === 46 || c === 43)) {
      const v = scanNumber(bytes, start, end)
      if (v === v) {
        this.addNumber(v, scanned.integer === 1, end - start)
        return
      }
    } else if (this.values === null && !this.maybeBoolean && end - start > 4 && c !== 32 && c !== 9) {
      // A word in a column past its distinct cap: only its length still matters (markers of
      // missing values are at most 4 bytes, and a quote makes a cell neither missing nor a number).
      this.count++
      this.maybeNumber = false
      this.lengths.add((ascii ? end - start : utf16Length(bytes, start, end)) - quotes)
      return
    }
    if (quotes > 0 || end - start > KNOWN_BYTES) {
      const s = bytes.toString('utf8', start, end)
      this.add(quotes ? s.replaceAll('""', '"') : s)
      return
    }
    const known = (this.known ??= new Array<Known | undefined>(KNOWN_SLOTS).fill(undefined))
    const slot = hashBytes(bytes, start, end) & (KNOWN_SLOTS - 1)
    const k = known[slot]
    if (k !== undefined && sameBytes(k.bytes, bytes, start, end)) return this.addKnown(k)
    const s = bytes.toString('utf8', start, end)
    this.add(s)
    if (k === undefined) known[slot] = this.describe(s, Buffer.from(bytes.subarray(start, end)))
  }

  add(s: string): void {
    if (isMissing(s)) {
      this.missing++
      return
    }
    const v = parseNumber(s)
    if (v !== null) {
      this.addNumber(v, Number.isInteger(v) && s.indexOf('.') < 0, s.length)
      return
    }
    this.count++
    this.maybeNumber = false
    this.lengths.add(s.length)
    if (this.maybeBoolean && !isBooleanText(s)) this.maybeBoolean = false
    const values = this.values
    if (values !== null) {
      const key = s.length > LONG_VALUE ? longKey(s) : s
      const e = values.get(key)
      if (e !== undefined) e.n++
      else if (values.size < DISTINCT_CAP) values.set(detach(key), { n: 1 })
      else this.values = null
    }
  }

  /** What `add(s)` just did with a short cell, to repeat it for equal bytes. */
  private describe(s: string, bytes: Buffer): Known {
    const known: Known = { bytes, kind: TEXT, value: 0, integer: false, length: s.length, isBoolean: false, slot: null }
    if (isMissing(s)) known.kind = MISSING
    else {
      const v = parseNumber(s)
      if (v !== null) Object.assign(known, { kind: NUMBER, value: v, integer: Number.isInteger(v) && s.indexOf('.') < 0 })
      else Object.assign(known, { isBoolean: isBooleanText(s), slot: this.values?.get(s) ?? null })
    }
    return known
  }

  private addKnown(k: Known): void {
    if (k.kind === MISSING) this.missing++
    else if (k.kind === NUMBER) this.addNumber(k.value, k.integer, k.length)
    else {
      this.count++
      this.maybeNumber = false
      this.lengths.add(k.length)
      if (!k.isBoolean) this.maybeBoolean = false
      // Counted among the distinct values when remembered, so its slot exists while they are counted.
      if (this.values !== null) k.slot!.n++
    }
  }

  /** Adds a number cell `len` characters long, read elsewhere. */
  addNumber(v: number, integer: boolean, len: number): void {
    this.count++
    this.lengths.add(len)
    this.maybeBoolean = false
    if (this.maybeNumber) {
      if (!integer) this.maybeInteger = false
      const d = v - this.mean
      this.n++
      this.mean += d / this.n
      this.m2 += d * (v - this.mean)
      if (v < this.min) this.min = v
      if (v > this.max) this.max = v
      this.hist.add(v)
    }
    const values = this.values
    if (values !== null) {
      const e = values.get(v)
      if (e !== undefined) e.n++
      else if (values.size < DISTINCT_CAP) values.set(v, { n: 1 })
      else this.values = null
    }
  }

  type(): ColumnType {
    if (this.count === 0) return 'empty'
    if (this.maybeNumber) return this.maybeInteger ? 'integer' : 'number'
    if (this.maybeBoolean) return 'boolean'
    const distinct = this.values?.size ?? Infinity
    return distinct <= CATEGORY_MAX && (distinct <= 2 || distinct * 2 <= this.count) ? 'categorical' : 'text'
  }

  profile(forced?: ColumnType): ColumnProfile {
    const type = forced ?? this.type()
    const out: ColumnProfile = {
      name: this.name,
      type,
      missing: this.missing,
      distinct: this.values?.size ?? DISTINCT_CAP,
      distinctCapped: this.values === null
    }
    if ((type === 'number' || type === 'integer') && this.n > 0) {
      const std = this.n > 1 ? Math.sqrt(this.m2 / (this.n - 1)) : 0
      out.numeric = { min: this.min, max: this.max, mean: this.mean, std, histogram: this.hist.result(type === 'integer') }
    }
    const few = this.values !== null && this.values.size <= CATEGORY_MAX
    if (this.values !== null && (type === 'categorical' || type === 'boolean' || this.allTop || (type === 'integer' && few))) {
      const sorted = [...this.values].sort((a, b) => b[1].n - a[1].n || (String(a[0]) < String(b[0]) ? -1 : 1))
      out.top = sorted.slice(0, this.allTop ? sorted.length : TOP).map(([value, e]) => ({ value: String(value), count: e.n }))
    }
    if ((type === 'text' || type === 'categorical') && this.count > 0) {
      out.textLength = this.lengths.profile(this.count)
    }
    return out
  }
}

/** A short stand-in for a long value: its start, its length and a 53-bit FNV-style digest. */
function longKey(s: string): string {
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 16777619)
    h2 = Math.imul(h2 ^ c, 2246822519)
  }
  return `${s.slice(0, 64)}… (${s.length} chars #${((h1 >>> 0) * 2097152 + (h2 >>> 11)).toString(36)})`
}
