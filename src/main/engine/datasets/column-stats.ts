import type { ColumnProfile, ColumnType } from '../../../shared/schemas/datasets'
import { isBooleanText, isMissing, parseNumber } from './cell'
import { detach } from './dataset-error'
import { StreamHistogram } from './histogram'

/** Distinct values counted exactly up to this many; past it the count stops and is marked capped. */
export const DISTINCT_CAP = 10_000
/** At most this many distinct values (and no more than half the values) make a column categorical. */
export const CATEGORY_MAX = 100
const TOP = 10
/** Longer values are counted by a digest so that the distinct map never holds big strings. */
const LONG_VALUE = 200

/**
 * Streaming accumulators of one column over its text cells: missing count, number/integer/boolean
 * checks, Welford mean and variance, min/max, an exact two-level histogram, capped distinct
 * counts (which also give top values) and text lengths. Work a column can no longer need (number
 * parsing once a word appears, distinct counting past the cap) stops at that point.
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
  private values: Map<string, number> | null = new Map()
  private lenMin = Infinity
  private lenMax = 0
  private lenSum = 0
  private readonly lenHist = new StreamHistogram()

  constructor(
    readonly name: string,
    /** Keep every class in `top` (up to the cap), for the class balance of a target. */
    private readonly allTop = false
  ) {}

  add(s: string): void {
    if (isMissing(s)) {
      this.missing++
      return
    }
    this.count++
    const len = s.length
    if (len < this.lenMin) this.lenMin = len
    if (len > this.lenMax) this.lenMax = len
    this.lenSum += len
    this.lenHist.add(len)
    if (this.maybeNumber) {
      const v = parseNumber(s)
      if (v === null) this.maybeNumber = false
      else {
        if (this.maybeInteger && (!Number.isInteger(v) || s.indexOf('.') >= 0)) this.maybeInteger = false
        const d = v - this.mean
        this.n++
        this.mean += d / this.n
        this.m2 += d * (v - this.mean)
        if (v < this.min) this.min = v
        if (v > this.max) this.max = v
        this.hist.add(v)
      }
    }
    if (this.maybeBoolean && !isBooleanText(s)) this.maybeBoolean = false
    const values = this.values
    if (values !== null) {
      const key = len > LONG_VALUE ? longKey(s) : s
      const c = values.get(key)
      if (c !== undefined) values.set(key, c + 1)
      else if (values.size < DISTINCT_CAP) values.set(detach(key), 1)
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
      const sorted = [...this.values].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      out.top = sorted.slice(0, this.allTop ? sorted.length : TOP).map(([value, count]) => ({ value, count }))
    }
    if ((type === 'text' || type === 'categorical') && this.count > 0) {
      out.textLength = { min: this.lenMin, max: this.lenMax, mean: this.lenSum / this.count, histogram: this.lenHist.result(true) }
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
