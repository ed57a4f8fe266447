import type { MethodOutput } from '../../../../shared/api'
import { AppError } from '../../../../shared/errors'
import { fitSurface, surfaceContour } from '../surface'
import type { ContourOptions, Progress } from './job'
import type { SourceRows } from './load-source'
import { defaultParams, prepareTable } from './prepare-table'

/**
 * Contour of the quadratic response surface over a pair, drawn only inside the convex hull of the
 * runs (surfaceContour), with the runs and the leave-one-out R². The surface takes in every numeric
 * parameter when the rows are plenty for its terms (the others then sit at the stationary point
 * or their centre), else the pair alone.
 */
export function contourOf(src: SourceRows, options: ContourOptions, progress: Progress): MethodOutput<'analysis.contour'> {
  const [a, b] = options.params
  if (a === b) throw AppError.fromIssues('INVALID_INPUT', [{ field: 'params', message: 'choose two different parameters' }])
  const pair = prepareTable(src, { target: options.target, params: [a, b] })
  for (const col of pair.table.params)
    if (col.kind === 'categorical') throw AppError.fromIssues('INVALID_INPUT', [{ field: 'params', message: `${col.name} is categorical; a contour needs two numeric parameters` }])
  progress('surface', 0.3)
  const others = defaultParams(src, options.target).filter((c) => c !== a && c !== b)
  let prepared = pair
  if (others.length > 0) {
    const all = prepareTable(src, { target: options.target })
    const numeric = all.table.params.filter((p) => p.kind !== 'categorical').map((p) => p.name)
    const k = numeric.length
    const terms = 1 + 2 * k + (k * (k - 1)) / 2
    if (numeric.includes(a) && numeric.includes(b) && all.table.target.length >= 1.5 * terms) prepared = prepareTable(src, { target: options.target, params: numeric })
  }
  const surface = fitSurface(prepared.table)
  progress('contour', 0.8)
  const grid = surfaceContour(surface, a, b, options.size)
  return { params: [a, b], x: grid.x, y: grid.y, z: grid.z, points: grid.points, r2: surface.r2, r2_cv: Number.isFinite(surface.r2_cv) ? surface.r2_cv : null, region: 'hull' }
}
