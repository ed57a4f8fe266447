import type { ColumnProfile } from '../../../../shared/schemas/datasets'
import { StreamHistogram } from './histogram'

const SHORT = 256

/**
 * Lengths of a column's text values: short lengths counted in an array (one increment per cell),
 * longer ones in a streaming histogram, merged into one histogram at the end.
 */
export class TextLengths {
  private readonly short = new Float64Array(SHORT)
  private readonly long = new StreamHistogram()
  private longMin = Infinity
  private longMax = 0
  private longSum = 0

  add(len: number): void {
    if (len < SHORT) this.short[len]++
    else {
      this.long.add(len)
      if (len < this.longMin) this.longMin = len
      if (len > this.longMax) this.longMax = len
      this.longSum += len
    }
  }

  /** Min, max, mean and histogram over `count` lengths added. */
  profile(count: number): NonNullable<ColumnProfile['textLength']> {
    let min = this.longMin
    let max = this.longMax
    let sum = this.longSum
    this.short.forEach((times, len) => {
      if (!times) return
      if (len < min) min = len
      if (len > max) max = len
      sum += len * times
    })
    const hist = new StreamHistogram()
    hist.prime(min, max)
    this.short.forEach((times, len) => times && hist.addCount(len, times))
    // Long lengths come as fine bins of a power-of-two grid, which nests in the merged bins.
    this.long.forEachBin((lower, times) => hist.addCount(Math.max(lower, SHORT), times))
    return { min, max, mean: sum / count, histogram: hist.result(true) }
  }
}
