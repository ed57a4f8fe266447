import { describe, expect, it } from 'vitest'
import { gridDesign, latinHypercube, randomDesign, sobolDesign } from './sampling'

describe('space-filling designs', () => {
  it('puts exactly one Latin hypercube point in every stratum of every coordinate', () => {
    const n = 37
    const d = 6
    const { points } = latinHypercube(n, d, 5)
    for (let k = 0; k < d; k++) {
      const strata = new Set(Array.from({ length: n }, (_, i) => Math.floor(points[i * d + k] * n)))
      expect(strata.size).toBe(n)
    }
    expect(latinHypercube(n, d, 5).points).toEqual(points)
    expect(latinHypercube(n, d, 6).points).not.toEqual(points)
  })

  it('draws seeded uniform random points with the right moments', () => {
    const { points } = randomDesign(4000, 2, 3)
    const m = points.reduce((s, v) => s + v, 0) / points.length
    expect(m).toBeCloseTo(0.5, 1)
    expect(Math.min(...points)).toBeGreaterThanOrEqual(0)
    expect(randomDesign(10, 2, 3).points).toEqual(randomDesign(10, 2, 3).points)
  })

  it('balances Sobol designs of 2^k points in each coordinate', () => {
    const { points } = sobolDesign(128, 3, 9)
    for (let k = 0; k < 3; k++) {
      const cells = new Set(Array.from({ length: 128 }, (_, i) => Math.floor(points[i * 3 + k] * 128)))
      expect(cells.size).toBe(128)
    }
  })

  it('lists every combination of a full factorial once, the last parameter fastest', () => {
    const g = gridDesign([[0, 1], [0, 0.5, 1], [0.25, 0.75]])
    expect(g.rows).toBe(12)
    const rows = Array.from({ length: g.rows }, (_, i) => Array.from(g.points.subarray(i * 3, i * 3 + 3)).join(','))
    expect(new Set(rows).size).toBe(12)
    expect(rows.slice(0, 3)).toEqual(['0,0,0.25', '0,0,0.75', '0,0.5,0.25'])
  })

  it('names the field of a bad count', () => {
    expect(() => latinHypercube(0, 2, 1)).toThrow(/n: expected a whole number of at least 1/)
  })
})
