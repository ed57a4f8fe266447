import { AppError } from '../../../shared/errors'
import { encodeColumn, fromMeasure, type NumericFeature } from './encode'
import { leastSquares, solve, symmetricEigenvalues } from './surface-linalg'
import type { ResultTable } from './table'

/**
 * Quadratic response surface y = a0 + Σ a_i x_i + Σ a_ii x_i² + Σ a_ij x_i x_j by least squares,
 * each x_i in its parameter's measure (log10 for log parameters). The fit runs on coded units
 * (centre 0, half-range 1) for conditioning; coefficients are reported back in the measure.
 * Categorical parameters have no quadratic; they are listed as left out, as are rows where a
 * used parameter is inactive.
 */
export interface SurfaceParam {
  name: string
  measure: 'log10' | 'linear'
  linear: number
  quadratic: number
}

export interface SurfaceResult {
  method: 'surface'
  target: string
  n: number
  r2: number
  r2_adj: number
  /** Leave-one-out R² (PRESS): how well the surface predicts a row left out of its fit; NaN if a row is fitted exactly. */
  r2_cv: number
  intercept: number
  params: SurfaceParam[]
  interactions: { params: [string, string]; coefficient: number }[]
  stationary: { point: Record<string, number> | null; nature: 'minimum' | 'maximum' | 'saddle' | 'ridge'; inside: boolean; value: number | null }
  /** Eigenvalues of the quadratic part in coded units (sign pattern gives the nature). */
  eigenvalues: number[]
  skipped: { params: string[]; rows: number }
  /** Internal: enough to evaluate the surface for contours, and the fitted rows in the measure. */
  model: { features: { name: string; log: boolean; centre: number; half: number; low: number; high: number }[]; coded: number[]; x: number[][]; y: number[] }
}

function terms(z: number[]): number[] {
  const k = z.length
  const row = [1, ...z, ...z.map((v) => v * v)]
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) row.push(z[i] * z[j])
  return row
}

export function fitSurface(table: ResultTable): SurfaceResult {
  const all = table.params.map(encodeColumn)
  const feats = all.filter((f): f is NumericFeature => f.kind === 'numeric')
  const k = feats.length
  const rows: number[] = []
  for (let i = 0; i < table.target.length; i++) if (feats.every((f) => !Number.isNaN(f.x[i]))) rows.push(i)
  const nTerms = 1 + 2 * k + (k * (k - 1)) / 2
  if (k === 0 || rows.length <= nTerms) {
    throw AppError.fromIssues('INVALID_INPUT', [{ field: 'rows', message: `a quadratic in ${k} numeric parameter(s) needs more than ${nTerms} complete rows; there are ${rows.length}` }])
  }
  const centre = feats.map((f) => (f.low + f.high) / 2)
  const half = feats.map((f) => (f.high - f.low) / 2 || 1)
  const X = rows.map((i) => terms(feats.map((f, j) => (f.x[i] - centre[j]) / half[j])))
  const y = rows.map((i) => table.target[i])
  const b = leastSquares(X, y)
  if (!b) throw AppError.fromIssues('INVALID_INPUT', [{ field: 'rows', message: 'the design cannot separate all quadratic terms (a parameter has fewer than 3 distinct values, or two move together)' }])

  const n = rows.length
  const ybar = y.reduce((s, v) => s + v, 0) / n
  let sse = 0
  let sst = 0
  for (let r = 0; r < n; r++) {
    const pred = X[r].reduce((s, v, q) => s + v * b[q], 0)
    sse += (y[r] - pred) ** 2
    sst += (y[r] - ybar) ** 2
  }
  const r2 = sst > 0 ? 1 - sse / sst : 1
  const r2Adj = 1 - ((1 - r2) * (n - 1)) / (n - nTerms)
  const r2Cv = sst > 0 ? 1 - press(X, y, b) / sst : 1

  // Coded → measure: substitute z = (x − c) / h and collect powers of x.
  const lin = (i: number): number => b[1 + i]
  const quad = (i: number): number => b[1 + k + i]
  const pairIndex = (i: number, j: number): number => {
    let q = 1 + 2 * k
    for (let a = 0; a < k; a++) for (let c = a + 1; c < k; c++, q++) if (a === i && c === j) return q
    return -1
  }
  const inter = (i: number, j: number): number => b[pairIndex(Math.min(i, j), Math.max(i, j))]
  const aQuad = feats.map((_, i) => quad(i) / half[i] ** 2)
  const aLin = feats.map((_, i) => {
    let v = lin(i) / half[i] - (2 * quad(i) * centre[i]) / half[i] ** 2
    for (let j = 0; j < k; j++) if (j !== i) v -= (inter(i, j) * centre[j]) / (half[i] * half[j])
    return v
  })
  let a0 = b[0]
  for (let i = 0; i < k; i++) a0 += (-lin(i) * centre[i]) / half[i] + (quad(i) * centre[i] ** 2) / half[i] ** 2
  const interactions: SurfaceResult['interactions'] = []
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      a0 += (inter(i, j) * centre[i] * centre[j]) / (half[i] * half[j])
      interactions.push({ params: [feats[i].name, feats[j].name], coefficient: inter(i, j) / (half[i] * half[j]) })
    }
  }

  // Stationary point: ∇ = b_lin + 2 B z = 0 in coded units, B symmetric with B_ij = b_ij / 2.
  const B = feats.map((_, i) => feats.map((__, j) => (i === j ? quad(i) : inter(i, j) / 2)))
  const eig = symmetricEigenvalues(B)
  const tol = 1e-8 * Math.max(...eig.map(Math.abs), 1e-300)
  const nature = eig.some((e) => Math.abs(e) <= tol) ? 'ridge' : eig.every((e) => e > 0) ? 'minimum' : eig.every((e) => e < 0) ? 'maximum' : 'saddle'
  const zs = nature === 'ridge' ? null : solve(B.map((r) => r.map((v) => 2 * v)), feats.map((_, i) => -lin(i)))
  const point = zs ? Object.fromEntries(feats.map((f, i) => [f.name, fromMeasure(f, centre[i] + half[i] * zs[i])])) : null
  // Inside the runs' own bounding box, not merely the search space: beyond the runs the surface is extrapolation.
  const sampled = feats.map((f) => {
    const xs = rows.map((i) => f.x[i])
    return [Math.min(...xs), Math.max(...xs)]
  })
  const inside = zs !== null && zs.every((z, i) => {
    const m = centre[i] + half[i] * z
    const tol = 1e-9 * (sampled[i][1] - sampled[i][0] || 1)
    return m >= sampled[i][0] - tol && m <= sampled[i][1] + tol
  })
  const value = zs ? terms(zs).reduce((s, v, q) => s + v * b[q], 0) : null

  return {
    method: 'surface',
    target: table.targetName,
    n,
    r2,
    r2_adj: r2Adj,
    r2_cv: r2Cv,
    intercept: a0,
    params: feats.map((f, i) => ({ name: f.name, measure: f.log ? 'log10' : 'linear', linear: aLin[i], quadratic: aQuad[i] })),
    interactions,
    stationary: { point, nature, inside, value },
    eigenvalues: eig,
    skipped: { params: all.filter((f) => f.kind === 'categorical').map((f) => f.name), rows: table.target.length - n },
    model: {
      features: feats.map((f, i) => ({ name: f.name, log: f.log, centre: centre[i], half: half[i], low: f.low, high: f.high })),
      coded: Array.from(b),
      x: rows.map((i) => feats.map((f) => f.x[i])),
      y
    }
  }
}

/**
 * Prediction sum of squares: Σ (e_i / (1 − h_ii))², the leave-one-out residuals of least squares
 * without refitting, h_ii = x_iᵀ (XᵀX)⁻¹ x_i. NaN when a row has leverage 1 (fitted exactly).
 */
function press(X: number[][], y: number[], b: ArrayLike<number>): number {
  const p = X[0].length
  const xtx = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (__, j) => X.reduce((s, r) => s + r[i] * r[j], 0)))
  const inverse = Array.from({ length: p }, (_, j) => solve(xtx, Array.from({ length: p }, (__, i) => (i === j ? 1 : 0))))
  if (inverse.some((c) => c === null)) return NaN
  const cols = inverse as number[][]
  let sum = 0
  for (let r = 0; r < X.length; r++) {
    let h = 0
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) h += X[r][i] * cols[j][i] * X[r][j]
    if (h >= 1 - 1e-9) return NaN
    const e = y[r] - X[r].reduce((s, v, q) => s + v * b[q], 0)
    sum += (e / (1 - h)) ** 2
  }
  return sum
}

export interface SurfaceContour {
  x: number[]
  y: number[]
  /** null outside the convex hull of the fitted rows in the pair: the surface is not drawn where no run was. */
  z: (number | null)[][]
  /** The fitted rows in the pair, natural units, with their target. */
  points: [number, number, number][]
}

/**
 * The surface over a grid of two parameters, the others held at the stationary point when it
 * lies inside the data, else at the centre of their range. The grid spans the bounding box of the
 * runs in the pair, and cells outside their convex hull are null: a quadratic extrapolates freely,
 * and a contour drawn where no run was would look as sure as one drawn where many were.
 * z[row][col]: row follows `b`.
 */
export function surfaceContour(s: SurfaceResult, a: string, b: string, size = 25): SurfaceContour {
  const fs = s.model.features
  const ia = fs.findIndex((f) => f.name === a)
  const ib = fs.findIndex((f) => f.name === b)
  if (ia < 0 || ib < 0 || ia === ib) {
    throw AppError.fromIssues('INVALID_INPUT', [{ field: 'pair', message: `choose two different numeric parameters of the surface (${fs.map((f) => f.name).join(', ')})` }])
  }
  const held = fs.map((f) => (s.stationary.inside && s.stationary.point ? (f.log ? Math.log10(s.stationary.point[f.name]) : s.stationary.point[f.name]) : f.centre))
  const pa = s.model.x.map((r) => r[ia])
  const pb = s.model.x.map((r) => r[ib])
  const axis = (vals: number[]): number[] => {
    const [lo, hi] = [Math.min(...vals), Math.max(...vals)]
    return Array.from({ length: size }, (_, q) => lo + ((hi - lo) * q) / (size - 1))
  }
  const ma = axis(pa)
  const mb = axis(pb)
  // The hull in coordinates scaled to the bounding box, so both axes weigh alike in the tolerance.
  const scale = (v: number, axisValues: number[]): number => (v - axisValues[0]) / (axisValues[size - 1] - axisValues[0] || 1)
  const hull = convexHull(pa.map((v, r) => [scale(v, ma), scale(pb[r], mb)]))
  const z = mb.map((vb) =>
    ma.map((va) => {
      if (!insideHull(hull, [scale(va, ma), scale(vb, mb)])) return null
      const m = held.slice()
      m[ia] = va
      m[ib] = vb
      return terms(m.map((v, i) => (v - fs[i].centre) / fs[i].half)).reduce((acc, t, q) => acc + t * s.model.coded[q], 0)
    })
  )
  const natural = (f: (typeof fs)[number], v: number): number => (f.log ? 10 ** v : v)
  const points = pa.map((v, r): [number, number, number] => [natural(fs[ia], v), natural(fs[ib], pb[r]), s.model.y[r]])
  return { x: ma.map((v) => natural(fs[ia], v)), y: mb.map((v) => natural(fs[ib], v)), z, points }
}

type Point = [number, number]

const cross = (o: Point, p: Point, q: Point): number => (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0])

/** Convex hull, counter-clockwise (Andrew's monotone chain). */
export function convexHull(points: Point[]): Point[] {
  const sorted = [...points].sort((p, q) => p[0] - q[0] || p[1] - q[1])
  if (sorted.length < 3) return sorted
  const half = (pts: Point[]): Point[] => {
    const out: Point[] = []
    for (const p of pts) {
      while (out.length >= 2 && cross(out[out.length - 2], out[out.length - 1], p) <= 0) out.pop()
      out.push(p)
    }
    return out.slice(0, -1)
  }
  return [...half(sorted), ...half(sorted.reverse())]
}

/** Inside or on the hull, with a small tolerance for grid points on its edges. */
export function insideHull(hull: Point[], p: Point, tol = 1e-9): boolean {
  if (hull.length < 3) return hull.some((h) => Math.abs(h[0] - p[0]) <= tol && Math.abs(h[1] - p[1]) <= tol)
  for (let i = 0; i < hull.length; i++) if (cross(hull[i], hull[(i + 1) % hull.length], p) < -tol) return false
  return true
}
