import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { correlations, fisherInterval, pearson, spearman } from './correlation'
import { tableFromRows } from './table'

describe('correlation', () => {
  it('is exact on constructed data and works in the log measure', () => {
    const rows = Array.from({ length: 50 }, (_, i) => {
      const lr = 10 ** (-5 + (4 * i) / 49)
      const x = i / 49
      return { lr, x, y: Math.log10(lr) }
    })
    const r = correlations(tableFromRows(rows, { target: 'y', hints: { lr: { log: true } } }))
    // In log10(lr) the target is linear: Pearson 1; lr and x are monotone in each other: Spearman 1.
    expect(r.params[0].pearson).toBeCloseTo(1, 12)
    expect(r.params[0].spearman).toBeCloseTo(1, 12)
    const lin = correlations(tableFromRows(rows, { target: 'y' }))
    expect(lin.params[0].spearman).toBeCloseTo(1, 12)
    expect(lin.params[0].pearson as number).toBeLessThan(0.8)
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12)
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 1000])).toBeCloseTo(1, 12)
  })

  it('gives Fisher-z intervals that cover the true ρ about 95% of the time', () => {
    const rng = new Rng(3)
    const rho = 0.6
    let covered = 0
    const reps = 400
    for (let k = 0; k < reps; k++) {
      const x: number[] = []
      const y: number[] = []
      for (let i = 0; i < 40; i++) {
        const a = rng.normal()
        x.push(a)
        y.push(rho * a + Math.sqrt(1 - rho * rho) * rng.normal())
      }
      const [lo, hi] = fisherInterval(pearson(x, y), 40, 0.95)
      if (lo <= rho && rho <= hi) covered++
    }
    expect(covered / reps).toBeGreaterThan(0.91)
    expect(covered / reps).toBeLessThan(0.99)
  })

  it('uses the correlation ratio for categories and reports conditional rows', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ opt: ['a', 'b', 'c'][i % 3], mom: i % 2 ? i : '', y: i % 3 }))
    const r = correlations(tableFromRows(rows, { target: 'y' }))
    expect(r.params[0].eta).toBeCloseTo(1, 12)
    expect(r.params[0].spearman).toBeNull()
    expect(r.params[1].n).toBe(15)
    expect(r.params[1].note).toBe('active in 15 of 30 rows')
  })
})
