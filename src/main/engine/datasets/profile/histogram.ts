import type { z } from 'zod'
import type { Histogram } from '../../../../shared/schemas/datasets'

export type HistogramData = z.infer<typeof Histogram>

/** Fine bins kept while streaming; merged down to at most `MAX_OUT` for the stored profile. */
const FINE = 1024
const MAX_OUT = 32
/** Values buffered before the bin width is chosen, so the first value alone does not set it. */
const WARMUP = 1024

/**
 * Exact streaming histogram with bounded memory ("two-level" binning): values fall in bins of a
 * power-of-two width; when a value lands outside the FINE bins kept, the width doubles and
 * neighbouring bins merge, which keeps every count exact because bin edges stay nested.
 */
export class StreamHistogram {
  private counts = new Float64Array(FINE)
  private warm: number[] = []
  private settled = false
  private width = 1
  private inv = 1
  /** Key (floor(x / width)) of counts[0]. */
  private base = 0
  private lo = Infinity
  private hi = -Infinity
  private total = 0

  /** Chooses the bin width for values known to lie in [min, max], instead of a warm-up sample. */
  prime(min: number, max: number): void {
    if (!this.settled) this.settle([min, max], false)
  }

  /** Adds `x` `times` times (counts gathered elsewhere, such as short text lengths). */
  addCount(x: number, times: number): void {
    if (!this.settled) this.settle()
    this.add(x)
    this.counts[Math.floor(x * this.inv) - this.base] += times - 1
    this.total += times - 1
  }

  /** Calls `fn` with the lower edge and count of every non-empty fine bin. */
  forEachBin(fn: (lower: number, count: number) => void): void {
    if (!this.settled) this.settle()
    for (let k = this.lo; k <= this.hi; k++) if (this.counts[k - this.base]) fn(k * this.width, this.counts[k - this.base])
  }

  add(x: number): void {
    if (!this.settled) {
      this.warm.push(x)
      if (this.warm.length === WARMUP) this.settle()
      return
    }
    this.total++
    const k = Math.floor(x * this.inv)
    const i = k - this.base
    if (i >= 0 && i < FINE) {
      this.counts[i]++
      if (k < this.lo) this.lo = k
      if (k > this.hi) this.hi = k
    } else this.grow(x)
  }

  /** Merged bins over the values seen; integer data never gets bins narrower than 1. */
  result(integer = false): HistogramData {
    if (!this.settled) this.settle()
    if (this.lo > this.hi) return { edges: [], counts: [] }
    // About Sturges' number of bins (log2 n + 1), within MAX_OUT; merging halves, so it lands within 2×.
    const most = Math.min(MAX_OUT, Math.max(4, Math.ceil(Math.log2(this.total) + 1)))
    const bins = (shift: number): number => Math.floor(this.hi / 2 ** shift) - Math.floor(this.lo / 2 ** shift) + 1
    let shift = 0
    if (integer) while (this.width * 2 ** shift < 1) shift++
    // Integers over a short range keep one bin per value, the natural picture of a discrete variable.
    if (!(integer && this.width * 2 ** shift === 1 && bins(shift) <= MAX_OUT)) while (bins(shift) > most) shift++
    const f = 2 ** shift
    const first = Math.floor(this.lo / f)
    const n = Math.floor(this.hi / f) - first + 1
    const counts = new Array<number>(n).fill(0)
    for (let k = this.lo; k <= this.hi; k++) counts[Math.floor(k / f) - first] += this.counts[k - this.base]
    const w = this.width * f
    const edges = Array.from({ length: n + 1 }, (_, i) => (first + i) * w)
    return { edges, counts }
  }

  private settle(values = this.warm, count = true): void {
    this.warm = []
    this.settled = true
    if (!values.length) return
    let min = Infinity
    let max = -Infinity
    for (const v of values) {
      if (v < min) min = v
      if (v > max) max = v
    }
    // Aim for about FINE/4 bins over the warm-up range, leaving room to grow before merging.
    const span = max - min
    const target = span > 0 ? span / (FINE / 4) : Math.max(Math.abs(min), 1) / (FINE / 4)
    this.width = 2 ** Math.ceil(Math.log2(target))
    this.inv = 1 / this.width
    this.base = Math.floor(min * this.inv) - FINE / 4
    if (count) for (const v of values) this.add(v)
  }

  /**
   * Doubles the width until `x` and every occupied bin fit, then counts `x`. Widths are powers of
   * two, so scaling keys through their edge values is exact and cannot overflow a shift count.
   */
  private grow(x: number): void {
    const hasBins = this.lo <= this.hi
    let w = this.width
    let k = Math.floor(x / w)
    let lo = hasBins ? Math.min(this.lo, k) : k
    let hi = hasBins ? Math.max(this.hi, k) : k
    while (hi - lo >= FINE) {
      w *= 2
      k = Math.floor(x / w)
      lo = hasBins ? Math.min(Math.floor((this.lo * this.width) / w), k) : k
      hi = hasBins ? Math.max(Math.floor((this.hi * this.width) / w), k) : k
    }
    const base = lo - Math.floor((FINE - (hi - lo + 1)) / 2)
    const next = new Float64Array(FINE)
    for (let key = this.lo; key <= this.hi; key++) {
      const c = this.counts[key - this.base]
      if (c) next[Math.floor((key * this.width) / w) - base] += c
    }
    next[k - base]++
    this.counts = next
    this.width = w
    this.inv = 1 / w
    this.base = base
    this.lo = lo
    this.hi = hi
  }
}
