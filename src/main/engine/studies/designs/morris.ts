import { AppError } from '../../../../shared/errors'
import { Rng } from '../../random'
import { requireCount, type UnitDesign } from './unit-design'

export interface MorrisOptions {
  dims: number
  trajectories: number
  /** Grid levels p (even); the step is Δ = p / (2(p − 1)). */
  levels: number
  seed: number
}

export interface MorrisDesign extends UnitDesign {
  trajectories: number
  levels: number
  delta: number
}

/**
 * Morris's elementary-effects trajectories in SALib's layout: each trajectory is d + 1 rows on the
 * p-level grid, consecutive rows differing in exactly one coordinate by ±Δ, every coordinate moved
 * once, in a random order and direction from a random base point (Morris 1991, B* construction).
 */
export function morrisDesign(options: MorrisOptions): MorrisDesign {
  const { dims: d, trajectories: r, levels: p } = options
  requireCount('trajectories', r, 1)
  if (!Number.isInteger(p) || p < 2 || p % 2 !== 0)
    throw new AppError('INVALID_INPUT', `levels: Morris needs an even number of grid levels of at least 2, got ${p}`, {
      issues: [{ field: 'levels', message: 'expected an even whole number of at least 2' }]
    })
  const delta = p / (2 * (p - 1))
  // Base coordinates come from the levels that still leave room for +Δ: 0 .. 1 − Δ.
  const baseLevels = p / 2
  const rng = new Rng(options.seed)
  const rowsPerTrajectory = d + 1
  const points = new Float64Array(r * rowsPerTrajectory * d)
  const start = new Float64Array(d)
  const sign = new Int8Array(d)
  const order = new Uint32Array(d)
  for (let t = 0; t < r; t++) {
    for (let k = 0; k < d; k++) {
      const base = rng.int(baseLevels) / (p - 1)
      sign[k] = rng.next() < 0.5 ? -1 : 1
      // A coordinate that will step down starts at the upper of its two values.
      start[k] = sign[k] > 0 ? base : base + delta
      order[k] = k
    }
    rng.shuffle(order)
    const o = t * rowsPerTrajectory * d
    for (let k = 0; k < d; k++) points[o + k] = start[k]
    for (let s = 0; s < d; s++) {
      const row = o + (s + 1) * d
      for (let k = 0; k < d; k++) points[row + k] = points[row - d + k]
      const moved = order[s]
      points[row + moved] += sign[moved] * delta
    }
  }
  return { rows: r * rowsPerTrajectory, dims: d, points, trajectories: r, levels: p, delta }
}
