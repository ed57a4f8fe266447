import { AppError } from '../../../../shared/errors'

/**
 * A design in the unit cube: `rows` points of `dims` coordinates in [0, 1], row-major in one typed
 * array. A search space turns each coordinate into a value in the parameter's own measure.
 */
export interface UnitDesign {
  rows: number
  dims: number
  points: Float64Array
}

export function requireCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min)
    throw new AppError('INVALID_INPUT', `${name}: expected a whole number of at least ${min}, got ${value}`, {
      issues: [{ field: name, message: `expected a whole number of at least ${min}` }]
    })
}
