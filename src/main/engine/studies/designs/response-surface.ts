import { AppError } from '../../../../shared/errors'
import { requireCount, type UnitDesign } from './unit-design'

/** A design in coded units (−α..α), with its map onto the unit cube. */
export interface CodedDesign extends UnitDesign {
  /** Coded coordinates, row-major, same shape as `points`. */
  coded: Float64Array
  /** Largest coded distance on an axis; it lands on the parameter's bounds. */
  alpha: number
}

export type CcdVariant = 'rotatable' | 'face'

function toUnit(coded: Float64Array, alpha: number): Float64Array {
  const unit = new Float64Array(coded.length)
  for (let i = 0; i < coded.length; i++) unit[i] = 0.5 + coded[i] / (2 * alpha)
  return unit
}

/**
 * Central composite design: the 2^k factorial corners at ±1, 2k axial points at ±α and `centers`
 * centre points. Rotatable uses α = (2^k)^(1/4), so the prediction variance depends only on the
 * distance from the centre; face-centred uses α = 1. The design is inscribed in the search box
 * (axial points on the bounds), since training parameters cannot leave their ranges.
 */
export function centralComposite(dims: number, variant: CcdVariant, centers: number): CodedDesign {
  requireCount('parameters', dims, 2)
  requireCount('centers', centers, 0)
  const corners = 2 ** dims
  const alpha = variant === 'rotatable' ? corners ** 0.25 : 1
  const rows = corners + 2 * dims + centers
  const coded = new Float64Array(rows * dims)
  for (let i = 0; i < corners; i++)
    for (let k = 0; k < dims; k++) coded[i * dims + k] = (i >> (dims - 1 - k)) & 1 ? 1 : -1
  for (let k = 0; k < dims; k++) {
    coded[(corners + 2 * k) * dims + k] = -alpha
    coded[(corners + 2 * k + 1) * dims + k] = alpha
  }
  return { rows, dims, coded, alpha, points: toUnit(coded, alpha) }
}

/**
 * Box–Behnken design: for every pair of parameters the four (±1, ±1) combinations with the others
 * at their centre, plus `centers` centre points; three levels, no corner of the box is ever run.
 * For up to 5 parameters this is the published design; beyond, it keeps every pair rather than a
 * balanced incomplete block subset, so it has more runs than the tabulated ones.
 */
export function boxBehnken(dims: number, centers: number): CodedDesign {
  if (!Number.isInteger(dims) || dims < 3)
    throw new AppError('INVALID_INPUT', `Box–Behnken needs at least 3 numeric parameters, got ${dims}`)
  requireCount('centers', centers, 0)
  const pairs = (dims * (dims - 1)) / 2
  const rows = 4 * pairs + centers
  const coded = new Float64Array(rows * dims)
  let row = 0
  for (let i = 0; i < dims; i++)
    for (let j = i + 1; j < dims; j++)
      for (const [a, b] of [[-1, -1], [1, -1], [-1, 1], [1, 1]]) {
        coded[row * dims + i] = a
        coded[row * dims + j] = b
        row++
      }
  return { rows, dims, coded, alpha: 1, points: toUnit(coded, 1) }
}
