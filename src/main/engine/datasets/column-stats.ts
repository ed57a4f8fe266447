import type { ColumnProfile, ColumnType } from '../../../shared/schemas/datasets'
import * as cell from './cell'
import { detach } from './dataset-error'
import { StreamHistogram } from './histogram'

// Bound once: transpilers that emit CommonJS read imports through getters, a cost per cell.
const { isBooleanText, isMissing, parseNumber, scanned, scanNumber } = cell

/** Distinct values counted exactly up to this many; past it the count stops and is marked capped. */
export const DISTINCT_CAP = 10_000
/** At most this many distinct values (and no more than half the values) make a column categorical. */
export const CATEGORY_MAX = 100
const TOP = 10
/** Longer values are counted by a digest so that the distinct map never holds big strings. */
const LONG_VALUE = 200
const SHORT = 256

/**
 * Streaming accumulators of one column over its text cells: missing count, number/integer/boolean
 * checks, Welford mean and variance, min/max, an exact two-level histogram, capped distinct
 * counts (which also give top values) and text lengths. Numbers are distinct by value, other cells
 * by text. Work a column can no longer need (distinct counting past the cap) stops at that point,
 * and cells read by `addRange` become strings only when something still needs the text.
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
  /** Counts of text lengths below SHORT, folded into the length histogram at the end. */
  private readonly shortLengths = new Float64Array(SHORT)
  private readonly longLengths = new StreamHistogram()
  private longMin = Infinity
  private longMax = 0
  private longSum = 0

  constructor(
    readonly name: string,
    /** Keep every class in `top` (up to the cap), for the class balance of a target. */
    private readonly allTop = false
  ) {}

  /** Adds the cell text[start, end) without slicing it when it is a plain decimal. */
  addRange(text: string, start: number, end: number): void {
    if (start === end) {
      this.missing++
      return
    }
    const c = text.charCodeAt(start)
    if ((c >= 48 && c <= 57) || c === 45 || c === 46 || c === 43) {
      const v = scanNumber(text, start, end)
      if (v === v) {
        this.addNumber(v, scanned.integer, end - start)
        return
      }
    } else if (this.values === null && !this.maybeBoolean && end - start > 4 && c !== 32 && c !== 9) {
      // A word in a column past its distinct cap: only its length still matters.
      this.count++
      this.maybeNumber = false
      this.addLength(end - start)
      return
    }
    this.add(text.slice(start, end))
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
    this.addLength(s.length)
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

  private addNumber(v: number, integer: boolean, len: number): void {
    this.count++
    this.addLength(len)
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

  private addLength(len: number): void {
    if (len < SHORT) this.shortLengths[len]++
    else {
      this.longLengths.add(len)
      if (len < this.longMin) this.longMin = len
      if (len > this.longMax) this.longMax = len
      this.longSum += len
    }
  }

  /** Min, max, mean and histogram of text lengths, from the short counts and the long histogram. */
  private lengthProfile(): NonNullable<ColumnProfile['textLength']> {
    let min = this.longMin
    let max = this.longMax
    let sum = this.longSum
    this.shortLengths.forEach((times, len) => {
      if (!times) return
      if (len < min) min = len
      if (len > max) max = len
      sum += len * times
    })
    const hist = new StreamHistogram()
    hist.prime(min, max)
    this.shortLengths.forEach((times, len) => times && hist.addCount(len, times))
    // Long lengths come as fine bins of a power-of-two grid, which nests in the merged bins.
    this.longLengths.forEachBin((lower, times) => hist.addCount(Math.max(lower, SHORT), times))
    return { min, max, mean: sum / this.count, histogram: hist.result(true) }
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
      out.textLength = this.lengthProfile()
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
