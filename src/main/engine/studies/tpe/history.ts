import type { ParamValue } from '../../../../shared/schemas/params'
import type { SpaceParam } from '../space'

/** The value as the kernels read it (a category's index), or NaN when absent or outside the space. */
export function internalValue(p: SpaceParam, v: ParamValue | undefined): number {
  if (v === undefined) return NaN
  if (p.type === 'categorical') {
    const i = p.choices.indexOf(v)
    return i < 0 ? NaN : i
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) return NaN
  const slack = 1e-9 * (p.high - p.low)
  return v >= p.low - slack && v <= p.high + slack ? Math.min(p.high, Math.max(p.low, v)) : NaN
}

/**
 * Every finished trial's values by parameter, kept between suggestions. Reading a value by name
 * from 10,000 trial objects costs milliseconds, so a trial object already read at the same place
 * in the history is not read again; a runner that appends to its history pays only for the new.
 */
export class HistoryColumns {
  private seen: (object | undefined)[] = []
  private columns: Float64Array[]

  constructor(private readonly params: readonly SpaceParam[]) {
    this.columns = params.map(() => new Float64Array(64))
  }

  /** Columns (one per parameter, in the order given) whose first `trials.length` entries hold their values. */
  read(trials: readonly { params: Readonly<Record<string, ParamValue>> }[]): Float64Array[] {
    const n = trials.length
    if (n > this.columns[0]?.length) {
      const capacity = Math.max(n, 2 * this.columns[0].length)
      this.columns = this.columns.map((old) => {
        const grown = new Float64Array(capacity)
        grown.set(old)
        return grown
      })
    }
    for (let i = 0; i < n; i++) {
      const t = trials[i]
      if (this.seen[i] === t) continue
      this.seen[i] = t
      for (let p = 0; p < this.params.length; p++) this.columns[p][i] = internalValue(this.params[p], t.params[this.params[p].name])
    }
    return this.columns
  }
}
