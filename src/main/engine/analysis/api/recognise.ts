import type { ParamValue } from '../../../../shared/schemas/params'
import { saltelliStep } from '../../studies/designs/saltelli'
import type { SearchSpace } from '../../studies/space'
import { unitOf } from '../../studies/space-values'
import { encodeColumn } from '../encode'
import type { ParamColumn } from '../table'

/**
 * Which design a table's rows follow, read from the values alone, so a CSV written by
 * `paramscope design` (or by SALib) is analysed as what it is. Saltelli and Morris estimators
 * need their own row layouts; anything else is analysed as a sample.
 */
export type Recognised =
  | { design: 'saltelli'; secondOrder: boolean; replicates: number; baseRows: number }
  | { design: 'morris'; trajectories: number }
  | { design: 'oat'; baselineRows: number }
  | { design: 'other' }

type Cell = number | string

const cellAt = (col: ParamColumn, i: number): Cell => col.values[i]
// Inactive numeric cells are NaN; Object.is treats two of them as the same value.
const same = (a: Cell, b: Cell): boolean => Object.is(a, b)

function isSaltelli(cols: ParamColumn[], n: number, secondOrder: boolean): boolean {
  const d = cols.length
  const step = saltelliStep(d, secondOrder)
  if (n % step !== 0 || n / step < 2) return false
  let abDiffer = false
  for (let o = 0; o < n; o += step) {
    const b = o + step - 1
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < d; k++) {
        const ab = cellAt(cols[k], o + 1 + j)
        if (!same(ab, cellAt(cols[k], k === j ? b : o))) return false
        if (secondOrder && !same(cellAt(cols[k], o + 1 + d + j), cellAt(cols[k], k === j ? o : b))) return false
      }
      if (!same(cellAt(cols[j], o), cellAt(cols[j], b))) abDiffer = true
    }
  }
  return abDiffer
}

/**
 * Whether m values are one per stratum of m equal strata of some interval: sorted, the i-th lies
 * in stratum i, so after a straight-line fit against i no value is off its place by more than half
 * a stratum (0.75 allows for the fit). The fit makes the test blind to the bounds, which the data
 * only estimates when no search space gives them.
 */
function isStratified(values: Float64Array): boolean {
  const m = values.length
  const v = values.sort()
  const mi = (m - 1) / 2
  let mv = 0
  for (let i = 0; i < m; i++) mv += v[i]
  mv /= m
  let sxy = 0
  let sxx = 0
  for (let i = 0; i < m; i++) {
    sxy += (i - mi) * (v[i] - mv)
    sxx += (i - mi) ** 2
  }
  const b = sxy / sxx
  if (!(b > 0)) return false
  for (let i = 0; i < m; i++) if (Math.abs(v[i] - mv - b * (i - mi)) > 0.75 * b) return false
  return true
}

/**
 * Independently scrambled replicates follow each other, each a power-of-two run of base rows. A
 * scrambled Sobol run of m points puts exactly one point in each of m equal strata of every
 * coordinate, and a stack of independent runs does not, so the smallest replicate count whose
 * every run is stratified in every continuous column is the design's.
 */
function replicateCount(unit: Float64Array[], continuous: boolean[], step: number, base: number): number {
  const dims = unit.flatMap((u, k) => (continuous[k] ? [u] : []))
  if (dims.length === 0) return 1
  for (let r = 1; r <= base / 2; r++) {
    const m = base / r
    if (base % r !== 0 || (m & (m - 1)) !== 0) continue
    const chunk = new Float64Array(m)
    let balanced = true
    for (let c = 0; c < r && balanced; c++) {
      for (const u of dims) {
        for (let i = 0; i < m; i++) chunk[i] = u[(c * m + i) * step]
        if (!isStratified(chunk)) {
          balanced = false
          break
        }
      }
    }
    if (balanced) return r
  }
  return 1
}

function isMorris(cols: ParamColumn[], n: number): number {
  const d = cols.length
  const len = d + 1
  if (n % len !== 0 || n / len < 2) return 0
  const moved = new Uint8Array(d)
  for (let t = 0; t < n; t += len) {
    moved.fill(0)
    for (let s = 0; s < d; s++) {
      let which = -1
      for (let k = 0; k < d; k++) {
        if (same(cellAt(cols[k], t + s), cellAt(cols[k], t + s + 1))) continue
        if (which >= 0) return 0
        which = k
      }
      if (which < 0 || moved[which]) return 0
      moved[which] = 1
    }
  }
  return n / len
}

/** Columns in which rows i and j differ. */
function differences(cols: ParamColumn[], i: number, j: number): number {
  let k = 0
  for (const col of cols) if (!same(cellAt(col, i), cellAt(col, j))) k++
  return k
}

/** A baseline (the most common value of every column) and rows that each change one column of it. */
function oatBaselineRows(cols: ParamColumn[], n: number): number {
  // Two rows each one change away from the baseline differ in two columns at most: a cheap
  // refusal for samples, whose rows differ everywhere.
  for (let i = 1; i < Math.min(n, 20); i++) if (differences(cols, i - 1, i) > 2) return 0
  const base = cols.map((col) => {
    const count = new Map<Cell, number>()
    for (let i = 0; i < n; i++) count.set(cellAt(col, i), (count.get(cellAt(col, i)) ?? 0) + 1)
    return [...count].sort((a, b) => b[1] - a[1])[0][0]
  })
  let baseline = 0
  let single = 0
  const moved = new Set<number>()
  for (let i = 0; i < n; i++) {
    const diff = cols.flatMap((col, k) => (same(cellAt(col, i), base[k]) ? [] : [k]))
    if (diff.length === 0) baseline++
    else if (diff.length === 1) {
      single++
      moved.add(diff[0])
    }
  }
  return baseline > 0 && moved.size >= Math.min(2, cols.length) && baseline + single === n ? baseline : 0
}

export function recogniseDesign(cols: ParamColumn[], unit: Float64Array[], continuous: boolean[]): Recognised {
  const n = cols[0]?.values.length ?? 0
  if (cols.length === 0 || n < 3) return { design: 'other' }
  for (const secondOrder of [true, false]) {
    if (!isSaltelli(cols, n, secondOrder)) continue
    const step = saltelliStep(cols.length, secondOrder)
    const replicates = replicateCount(unit, continuous, step, n / step)
    return { design: 'saltelli', secondOrder, replicates, baseRows: n / step / replicates }
  }
  const trajectories = isMorris(cols, n)
  if (trajectories > 0) return { design: 'morris', trajectories }
  const baselineRows = oatBaselineRows(cols, n)
  if (baselineRows > 0) return { design: 'oat', baselineRows }
  return { design: 'other' }
}

/**
 * Unit-cube coordinates of every cell: through the search space when it names the parameter
 * (exact for designs written from that space), else the data's range in the parameter's measure,
 * and level centres for categories. `continuous` marks columns whose coordinates are exact enough
 * to test stratification (floats without a step).
 */
export function unitColumns(cols: ParamColumn[], space: SearchSpace | null): { unit: Float64Array[]; continuous: boolean[] } {
  const unit: Float64Array[] = []
  const continuous: boolean[] = []
  for (const col of cols) {
    const n = col.values.length
    const sp = space?.params.find((p) => p.name === col.name)
    const u = new Float64Array(n)
    if (sp) {
      const choice = (v: Cell) => (sp.type === 'categorical' ? (sp.choices.find((c) => String(c) === String(v)) ?? v) : v)
      for (let i = 0; i < n; i++) u[i] = unitOf(sp, choice(cellAt(col, i)) as ParamValue)
      continuous.push(sp.type === 'float' && sp.step === undefined)
    } else {
      const f = encodeColumn(col)
      if (f.kind === 'categorical') for (let i = 0; i < n; i++) u[i] = f.codes[i] < 0 ? NaN : (f.codes[i] + 0.5) / f.levels.length
      else for (let i = 0; i < n; i++) u[i] = (f.x[i] - f.low) / (f.high - f.low || 1)
      continuous.push(col.kind === 'float')
    }
    unit.push(u)
  }
  return { unit, continuous }
}
