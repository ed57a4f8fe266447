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
  intercept: number
  params: SurfaceParam[]
  interactions: { params: [string, string]; coefficient: number }[]
  stationary: { point: Record<string, number> | null; nature: 'minimum' | 'maximum' | 'saddle' | 'ridge'; inside: boolean; value: number | null }
  /** Eigenvalues of the quadratic part in coded units (sign pattern gives the nature). */
  eigenvalues: number[]
  skipped: { params: string[]; rows: number }
  /** Internal: enough to evaluate the surface for contours. */
  model: { features: { name: string; log: boolean; centre: number; half: number; low: number; high: number }[]; coded: number[] }
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
  const inside = zs !== null && zs.every((z) => Math.abs(z) <= 1 + 1e-9)
  const value = zs ? terms(zs).reduce((s, v, q) => s + v * b[q], 0) : null

  return {
    method: 'surface',
    target: table.targetName,
    n,
    r2,
    r2_adj: r2Adj,
    intercept: a0,
    params: feats.map((f, i) => ({ name: f.name, measure: f.log ? 'log10' : 'linear', linear: aLin[i], quadratic: aQuad[i] })),
    interactions,
    stationary: { point, nature, inside, value },
    eigenvalues: eig,
    skipped: { params: all.filter((f) => f.kind === 'categorical').map((f) => f.name), rows: table.target.length - n },
    model: {
      features: feats.map((f, i) => ({ name: f.name, log: f.log, centre: centre[i], half: half[i], low: f.low, high: f.high })),
      coded: Array.from(b)
    }
  }
}

/** The surface over a grid of two parameters, the others held at the stationary point when it
 *  lies inside the data, else at the centre of their range. z[row][col]: row follows `b`. */
export function surfaceContour(s: SurfaceResult, a: string, b: string, size = 25): { x: number[]; y: number[]; z: number[][] } {
  const fs = s.model.features
  const ia = fs.findIndex((f) => f.name === a)
  const ib = fs.findIndex((f) => f.name === b)
  if (ia < 0 || ib < 0 || ia === ib) {
    throw AppError.fromIssues('INVALID_INPUT', [{ field: 'pair', message: `choose two different numeric parameters of the surface (${fs.map((f) => f.name).join(', ')})` }])
  }
  const held = fs.map((f) => (s.stationary.inside && s.stationary.point ? (f.log ? Math.log10(s.stationary.point[f.name]) : s.stationary.point[f.name]) : f.centre))
  const axis = (f: (typeof fs)[number]): number[] => Array.from({ length: size }, (_, q) => f.low + ((f.high - f.low) * q) / (size - 1))
  const ma = axis(fs[ia])
  const mb = axis(fs[ib])
  const z = mb.map((vb) =>
    ma.map((va) => {
      const m = held.slice()
      m[ia] = va
      m[ib] = vb
      return terms(m.map((v, i) => (v - fs[i].centre) / fs[i].half)).reduce((acc, t, q) => acc + t * s.model.coded[q], 0)
    })
  )
  const natural = (f: (typeof fs)[number], v: number): number => (f.log ? 10 ** v : v)
  return { x: ma.map((v) => natural(fs[ia], v)), y: mb.map((v) => natural(fs[ib], v)), z }
}
