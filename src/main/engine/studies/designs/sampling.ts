import { Rng } from '../../random'
import { sobolPoints } from './sobol-sequence'
import { requireCount, type UnitDesign } from './unit-design'

/** Independent uniform points. */
export function randomDesign(rows: number, dims: number, seed: number): UnitDesign {
  requireCount('n', rows, 1)
  const rng = new Rng(seed)
  const points = new Float64Array(rows * dims)
  for (let i = 0; i < points.length; i++) points[i] = rng.next()
  return { rows, dims, points }
}

/**
 * Latin hypercube: each coordinate's range is cut into `rows` equal strata and every stratum holds
 * exactly one point, placed uniformly inside it; strata are paired across coordinates at random.
 */
export function latinHypercube(rows: number, dims: number, seed: number): UnitDesign {
  requireCount('n', rows, 1)
  const rng = new Rng(seed)
  const points = new Float64Array(rows * dims)
  const strata = new Uint32Array(rows)
  for (let k = 0; k < dims; k++) {
    for (let i = 0; i < rows; i++) strata[i] = i
    rng.shuffle(strata)
    for (let i = 0; i < rows; i++) points[i * dims + k] = (strata[i] + rng.next()) / rows
  }
  return { rows, dims, points }
}

/** Scrambled Sobol points; balanced when `rows` is a power of two. */
export function sobolDesign(rows: number, dims: number, seed: number): UnitDesign {
  requireCount('n', rows, 1)
  return { rows, dims, points: sobolPoints(rows, dims, { seed }) }
}

/**
 * Full factorial over given levels (unit coordinates) per dimension, the last dimension varying
 * fastest, as itertools.product and most DOE tools list it.
 */
export function gridDesign(levels: number[][]): UnitDesign {
  const dims = levels.length
  const rows = levels.reduce((n, l) => n * l.length, 1)
  const points = new Float64Array(rows * dims)
  for (let i = 0; i < rows; i++) {
    let rest = i
    for (let k = dims - 1; k >= 0; k--) {
      const count = levels[k].length
      points[i * dims + k] = levels[k][rest % count]
      rest = Math.floor(rest / count)
    }
  }
  return { rows, dims, points }
}
