import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { noiseFloor, repeatsOf } from './noise'
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

  /** The table with each row's seed known, as prepareTable builds it from a seed column. */
  const withSeeds = (rows: Record<string, unknown>[]) => ({ ...tableFromRows(rows, { target: 'y', exclude: ['seed'] }), seedKey: rows.map((r) => String(r.seed)) })

  it('measures noise only from repeats that differ in seed; same-seed repeats are deterministic, not σ = 0', () => {
    // Every configuration run twice with seed 0 (identical results) and twice with other seeds.
    const rng = new Rng(3)
    const rows = Array.from({ length: 30 }, () => [rng.next(), rng.next()]).flatMap(([a, b]) => {
      const same = 2 * a + 0.3 * rng.normal()
      return [
        { a, b, seed: 0, y: same },
        { a, b, seed: 0, y: same },
        { a, b, seed: 1, y: 2 * a + 0.3 * rng.normal() },
        { a, b, seed: 2, y: 2 * a + 0.3 * rng.normal() }
      ]
    })
    const r = noiseFloor(withSeeds(rows))
    expect(r).toMatchObject({ deterministic: 30, nondeterministic: 0, df: 60 })
    expect(r.noise_sd_lo).toBeLessThan(0.3)
    expect(r.noise_sd_hi).toBeGreaterThan(0.3)
    // Read as four seeds, the identical pair would pull σ down.
    expect(noiseFloor(tableFromRows(rows, { target: 'y', exclude: ['seed'] })).df).toBe(90)
  })

  it('says so when repeats share their seed only, deterministic or not', () => {
    const rows = [1, 2, 3].flatMap((a) => [{ a, seed: 7, y: a }, { a, seed: 7, y: a }])
    const reps = repeatsOf(withSeeds(rows))
    expect(reps).toMatchObject({ deterministic: 3, nondeterministic: 0 })
    expect(reps.means.every((m) => m.length === 1)).toBe(true)
    expect(() => noiseFloor(withSeeds(rows))).toThrow(/repeated with different seeds/)
    const drifting = [1, 2, 3].flatMap((a) => [{ a, seed: 7, y: a }, { a, seed: 7, y: a + 0.1 }])
    expect(repeatsOf(withSeeds(drifting))).toMatchObject({ deterministic: 0, nondeterministic: 3, nondeterministicSd: expect.closeTo(Math.sqrt(0.005), 9) })
    // Without seed columns, identical repeats are taken as one seed run again, not as zero noise.
    expect(repeatsOf(tableFromRows(rows, { target: 'y', exclude: ['seed'] }))).toMatchObject({ deterministic: 3 })
  })
})
