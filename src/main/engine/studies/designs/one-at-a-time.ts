import { AppError } from '../../../../shared/errors'
import { requireCount, type UnitDesign } from './unit-design'

export interface OatDesign extends UnitDesign {
  /** The parameter each row moves, −1 for the baseline row. */
  moved: Int32Array
}

/**
 * One-at-a-time around a baseline: the baseline row, then for each parameter in turn `levels`
 * points spread evenly over its whole range (0 .. 1), every other parameter held at the baseline.
 */
export function oneAtATime(baseline: ArrayLike<number>, levels: number): OatDesign {
  const dims = baseline.length
  requireCount('levels', levels, 2)
  for (let k = 0; k < dims; k++)
    if (!(baseline[k] >= 0 && baseline[k] <= 1)) throw new AppError('INVALID_INPUT', `baseline coordinate ${k} must lie in [0, 1], got ${baseline[k]}`)
  const rows = 1 + dims * levels
  const points = new Float64Array(rows * dims)
  const moved = new Int32Array(rows).fill(-1)
  for (let i = 0; i < rows; i++) for (let k = 0; k < dims; k++) points[i * dims + k] = baseline[k]
  let row = 1
  for (let k = 0; k < dims; k++)
    for (let l = 0; l < levels; l++, row++) {
      points[row * dims + k] = l / (levels - 1)
      moved[row] = k
    }
  return { rows, dims, points, moved }
}
