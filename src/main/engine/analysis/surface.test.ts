import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { fitSurface, surfaceContour } from './surface'
import { tableFromRows } from './table'

describe('quadratic response surface', () => {
  // y = 5 + 2a − 3b + 1.5a² + 2b² + 0.5ab: minimum where 3a + 0.5b = −2 and 0.5a + 4b = 3.
  const f = (a: number, b: number): number => 5 + 2 * a - 3 * b + 1.5 * a * a + 2 * b * b + 0.5 * a * b
  const rng = new Rng(2)
  const rows = Array.from({ length: 40 }, () => {
    const a = rng.uniform(-2, 2)
    const b = rng.uniform(-1, 3)
    return { a, b, opt: 'adam', y: f(a, b) }
  })

  it('recovers the exact coefficients, the stationary point and its nature', () => {
    const s = fitSurface(tableFromRows(rows, { target: 'y' }))
    expect(s.r2).toBeCloseTo(1, 10)
    expect(s.intercept).toBeCloseTo(5, 8)
    expect(s.params.map((p) => [p.linear, p.quadratic])).toEqual([
      [expect.closeTo(2, 8), expect.closeTo(1.5, 8)],
      [expect.closeTo(-3, 8), expect.closeTo(2, 8)]
    ])
    expect(s.interactions[0].coefficient).toBeCloseTo(0.5, 8)
    const det = 3 * 4 - 0.25
    expect(s.stationary.point?.a).toBeCloseTo((-2 * 4 - 3 * 0.5) / det, 8)
    expect(s.stationary.point?.b).toBeCloseTo((3 * 3 + 0.5 * 2) / det, 8)
    expect(s.stationary.nature).toBe('minimum')
    expect(s.stationary.inside).toBe(true)
    expect(s.skipped.params).toEqual(['opt'])
    const c = surfaceContour(s, 'a', 'b', 5)
    expect(c.z[2][2]).toBeCloseTo(f(c.x[2], c.y[2]), 8)
    // An exact quadratic is predicted exactly even for a row left out of the fit.
    expect(s.r2_cv).toBeCloseTo(1, 8)
  })

  it('draws the contour only over the runs: their bounding box, masked to their convex hull, with the runs', () => {
    // Runs in the triangle a ≥ 0, b ≥ 0, a + b ≤ 1 of a space that reaches much further.
    const tri = Array.from({ length: 60 }, () => {
      let [a, b] = [rng.next(), rng.next()]
      if (a + b > 1) [a, b] = [1 - a, 1 - b]
      return { a, b, y: f(a, b) + 0.01 * rng.normal() }
    })
    const s = fitSurface(tableFromRows(tri, { target: 'y', hints: { a: { low: -5, high: 5 }, b: { low: -5, high: 5 } } }))
    const c = surfaceContour(s, 'a', 'b', 11)
    expect(Math.min(...c.x)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...c.x)).toBeLessThanOrEqual(1)
    expect(c.z[1][1]).not.toBeNull()
    expect(c.z[7][1]).not.toBeNull()
    expect(c.z[10][10]).toBeNull()
    expect(c.z[6][6]).toBeNull()
    expect(c.points).toHaveLength(60)
    expect(c.points[0]).toEqual([tri[0].a, tri[0].b, tri[0].y])
    // Noise the fit cannot predict: the leave-one-out R² is below the in-sample one.
    expect(s.r2_cv).toBeLessThan(s.r2)
    expect(s.r2_cv).toBeGreaterThan(0.9)
    // The minimum (a ≈ −0.79, b ≈ 0.85) lies inside the space but outside the runs.
    expect(s.stationary.inside).toBe(false)
  })

  it('finds a saddle, works in log10 for log parameters, and says when terms cannot be separated', () => {
    const saddle = rows.map((r) => ({ ...r, y: r.a * r.a - r.b * r.b }))
    expect(fitSurface(tableFromRows(saddle, { target: 'y' })).stationary.nature).toBe('saddle')
    const logRows = rows.map((r) => ({ lr: 10 ** r.a, y: (r.a - 0.5) ** 2 }))
    const s = fitSurface(tableFromRows(logRows, { target: 'y', hints: { lr: { log: true } } }))
    expect(s.params[0].measure).toBe('log10')
    expect(s.stationary.point?.lr).toBeCloseTo(10 ** 0.5, 6)
    const twoLevels = rows.map((r, i) => ({ a: i % 2, b: r.b, y: r.y }))
    expect(() => fitSurface(tableFromRows(twoLevels, { target: 'y' }))).toThrow(/cannot separate/)
  })
})
