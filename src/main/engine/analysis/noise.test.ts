import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { noiseFloor } from './noise'
import { tableFromRows } from './table'

describe('seed-noise floor', () => {
  function repeats(seed: number): Record<string, unknown>[] {
    const rng = new Rng(seed)
    const rows: Record<string, unknown>[] = []
    for (let c = 0; c < 40; c++) {
      const a = rng.next()
      const b = rng.next()
      for (let s = 0; s < 4; s++) rows.push({ a, b, seed: s, y: 2 * a + 0.02 * b + 0.3 * rng.normal() })
    }
    return rows
  }

  it('measures the seed-to-seed spread and flags parameters under it', () => {
    const r = noiseFloor(tableFromRows(repeats(1), { target: 'y', exclude: ['seed'] }))
    expect(r.configurations).toBe(40)
    expect(r.df).toBe(120)
    expect(r.noise_sd_lo).toBeLessThan(0.3)
    expect(r.noise_sd_hi).toBeGreaterThan(0.3)
    expect(r.noise_sd).toBeCloseTo(0.3, 1)
    const by = Object.fromEntries(r.params.map((p) => [p.name, p]))
    // 2a on U(0,1) has std 0.577; binned in fifths, about 0.56.
    expect(by.a.ratio).toBeGreaterThan(1.4)
    expect(by.a.below_floor).toBe(false)
    expect(by.b.below_floor).toBe(true)
  })

  it('covers the true noise std in about 95% of repeated studies', () => {
    let covered = 0
    for (let k = 0; k < 100; k++) {
      const r = noiseFloor(tableFromRows(repeats(100 + k), { target: 'y', exclude: ['seed'] }))
      if (r.noise_sd_lo <= 0.3 && 0.3 <= r.noise_sd_hi) covered++
    }
    expect(covered).toBeGreaterThanOrEqual(88)
  })

  it('needs repeated configurations', () => {
    const rows = [{ a: 1, y: 1 }, { a: 2, y: 2 }]
    expect(() => noiseFloor(tableFromRows(rows, { target: 'y' }))).toThrow(/no configuration is repeated/)
  })
})
