import { AppError } from '../../../../shared/errors'
import { Rng } from '../../random'
import { sobolPoints } from './sobol-sequence'
import { requireCount, type UnitDesign } from './unit-design'

/** Model evaluations per base row: A, AB_1..AB_d, [BA_1..BA_d,] B. */
export function saltelliStep(dims: number, secondOrder: boolean): number {
  return secondOrder ? 2 * dims + 2 : dims + 2
}

/**
 * Replicates when a request names none: one scrambled design, the accurate default. At equal
 * evaluations R independent replicates of N/R rows put the estimates 2–4× further from the truth
 * (randomised quasi-Monte Carlo converges faster than 1/√N, and each replicate is a smaller
 * sample), while one design's bootstrap interval is conservative; bench/sobol-accuracy.ts measures
 * both. Eight replicates are the "honest intervals" choice.
 */
export const SALTELLI_DEFAULT_REPLICATES = 1
export const SALTELLI_HONEST_REPLICATES = 8

export interface SaltelliOptions {
  dims: number
  /** Base rows over all replicates (SALib's N); each replicate gets n / replicates, a power of two. */
  n: number
  secondOrder: boolean
  /** Independently scrambled copies; their spread gives the t interval. 1 makes a plain SALib design. */
  replicates: number
  seed: number
}

export interface SaltelliDesign extends UnitDesign {
  baseRows: number
  replicates: number
  secondOrder: boolean
}

/**
 * Saltelli's sampling scheme in SALib's row order. A replicate draws 2d-dimensional scrambled Sobol
 * points; for base row i, A = its first d coordinates and B the last d, and the block of rows is
 * A, then A with column j taken from B (j = 1..d), then — with second order — B with column j
 * taken from A, then B. Replicates follow each other, each with its own scrambling.
 */
export function saltelliDesign(options: SaltelliOptions): SaltelliDesign {
  const { dims: d, n, secondOrder, replicates } = options
  requireCount('n', n, 2)
  requireCount('replicates', replicates, 1)
  const baseRows = n / replicates
  if (!Number.isInteger(baseRows) || baseRows < 2 || (baseRows & (baseRows - 1)) !== 0)
    throw new AppError('INVALID_INPUT', `n: ${n} base rows over ${replicates} replicates must give a power of two per replicate (at least 2)`, {
      issues: [{ field: 'n', message: `n / replicates must be a power of two, got ${n} / ${replicates}` }]
    })
  const step = saltelliStep(d, secondOrder)
  const rows = n * step
  const points = new Float64Array(rows * d)
  const seeds = new Rng(options.seed)
  let row = 0
  for (let r = 0; r < replicates; r++) {
    const base = sobolPoints(baseRows, 2 * d, { seed: Math.floor(seeds.next() * 4294967296) })
    for (let i = 0; i < baseRows; i++) {
      const a = i * 2 * d
      copyRow(points, row * d, base, a, a + d, d, -1, false)
      for (let j = 0; j < d; j++) copyRow(points, (row + 1 + j) * d, base, a, a + d, d, j, false)
      if (secondOrder) for (let j = 0; j < d; j++) copyRow(points, (row + 1 + d + j) * d, base, a, a + d, d, j, true)
      copyRow(points, (row + step - 1) * d, base, a, a + d, d, -1, true)
      row += step
    }
  }
  return { rows, dims: d, points, baseRows, replicates, secondOrder }
}

/** Writes A (or B when `fromB`) into the row at `out`, with column `swap` taken from the other matrix. */
function copyRow(points: Float64Array, out: number, base: Float64Array, a: number, b: number, d: number, swap: number, fromB: boolean): void {
  for (let k = 0; k < d; k++) points[out + k] = base[(fromB !== (k === swap) ? b : a) + k]
}
