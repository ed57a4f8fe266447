import { Rng } from '../../random'
import { tableFromRows, type ParamHint, type ResultTable } from '../table'

/** A seeded table of `n` trials with parameters drawn by `draw` and target `f(x) + noise`. */
export function syntheticTable(
  n: number,
  draw: (rng: Rng) => Record<string, number | string>,
  f: (x: Record<string, number | string>) => number,
  options: { seed?: number; noise?: number; hints?: Record<string, ParamHint> } = {}
): ResultTable {
  const rng = new Rng(options.seed ?? 1)
  const rows = Array.from({ length: n }, () => {
    const x = draw(rng)
    return { ...x, y: f(x) + (options.noise ?? 0) * rng.normal() }
  })
  return tableFromRows(rows, { target: 'y', hints: options.hints })
}
