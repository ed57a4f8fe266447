import { describe, expect, it } from 'vitest'
import { morrisDesign } from './morris'

describe('Morris trajectories', () => {
  it('moves exactly one coordinate by ±Δ per step and each coordinate once, on the level grid', () => {
    const d = 5
    const design = morrisDesign({ dims: d, trajectories: 20, levels: 4, seed: 2 })
    expect(design.delta).toBeCloseTo(2 / 3, 15)
    expect(design.rows).toBe(20 * (d + 1))
    for (let t = 0; t < 20; t++) {
      const seen = new Set<number>()
      for (let s = 0; s < d; s++) {
        const a = (t * (d + 1) + s) * d
        const changed: number[] = []
        for (let k = 0; k < d; k++) {
          const diff = design.points[a + d + k] - design.points[a + k]
          if (diff !== 0) {
            changed.push(k)
            expect(Math.abs(diff)).toBeCloseTo(design.delta, 12)
          }
        }
        expect(changed).toHaveLength(1)
        seen.add(changed[0])
      }
      expect(seen.size).toBe(d)
    }
    for (const v of design.points) {
      expect(v).toBeGreaterThanOrEqual(0)
      expect(v).toBeLessThanOrEqual(1 + 1e-12)
      expect(Math.abs(v * 3 - Math.round(v * 3))).toBeLessThan(1e-9)
    }
  })

  it('needs an even number of levels', () => {
    expect(() => morrisDesign({ dims: 2, trajectories: 3, levels: 5, seed: 1 })).toThrow(/levels: .*even/)
  })
})
