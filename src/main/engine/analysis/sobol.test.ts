import { describe, expect, it } from 'vitest'
import { makeDesign } from '../studies/design'
import { saltelliDesign } from '../studies/designs/saltelli'
import { parseSpace } from '../studies/space'
import { sobolIndices, type SobolResult } from './sobol'

const a = 7
const b = 0.1
/** Exact Ishigami indices (Ishigami & Homma 1990; Sobol' & Levitan 1999). */
const V1 = 0.5 * (1 + (b * Math.PI ** 4) / 5) ** 2
const V2 = a ** 2 / 8
const V13 = (8 * b ** 2 * Math.PI ** 8) / 225
const V = V1 + V2 + V13
const exact = { S1: [V1 / V, V2 / V, 0], ST: [(V1 + V13) / V, V2 / V, V13 / V], S13: V13 / V }

/** Ishigami on [−π, π]³ from unit-cube rows. */
function ishigami(points: Float64Array, rows: number): Float64Array {
  const y = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    const [x1, x2, x3] = [0, 1, 2].map((k) => Math.PI * (2 * points[i * 3 + k] - 1))
    y[i] = Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1)
  }
  return y
}

function run(n: number, replicates: number, secondOrder: boolean, seed: number, interval?: 'bootstrap'): SobolResult {
  const design = saltelliDesign({ dims: 3, n, secondOrder, replicates, seed })
  return sobolIndices(ishigami(design.points, design.rows), { names: ['x1', 'x2', 'x3'], secondOrder, replicates, seed, interval })
}

describe('Sobol indices on the Ishigami function', () => {
  it('recovers the analytic first, total and second-order indices at N = 8192', () => {
    expect(exact.S1[0]).toBeCloseTo(0.3139, 4)
    expect(exact.ST[2]).toBeCloseTo(0.2437, 4)
    const r = run(8192, 8, true, 42)
    expect(r).toMatchObject({ method: 'sobol', n: 8192 * 8, baseRows: 1024, replicates: 8, interval: 'replicates', seed: 42 })
    r.params.forEach((p, j) => {
      expect(Math.abs(p.S1 - exact.S1[j])).toBeLessThan(0.01)
      expect(Math.abs(p.ST - exact.ST[j])).toBeLessThan(0.01)
      expect(p.S1_lo).toBeLessThan(p.S1)
      expect(p.ST_hi).toBeGreaterThan(p.ST)
    })
    const pair = (x: string, y: string) => r.pairs!.find((p) => p.names[0] === x && p.names[1] === y)!
    expect(Math.abs(pair('x1', 'x3').S2 - exact.S13)).toBeLessThan(0.02)
    expect(Math.abs(pair('x1', 'x2').S2)).toBeLessThan(0.02)
    expect(Math.abs(pair('x2', 'x3').S2)).toBeLessThan(0.02)
  })

  it('covers the true indices at close to the nominal 95% over repeated seeds, negatives kept', () => {
    let covered = 0
    let checks = 0
    let negative = 0
    for (let seed = 1; seed <= 40; seed++) {
      const r = run(1024, 8, false, seed)
      r.params.forEach((p, j) => {
        for (const [v, lo, hi, truth] of [[p.S1, p.S1_lo, p.S1_hi, exact.S1[j]], [p.ST, p.ST_lo, p.ST_hi, exact.ST[j]]]) {
          checks++
          if (lo <= truth && truth <= hi) covered++
          expect(lo).toBeLessThanOrEqual(v)
        }
      })
      if (r.params[2].S1 < 0) {
        negative++
        expect(r.params[2].S1_lo).toBeLessThan(0)
      }
    }
    expect(covered / checks).toBeGreaterThanOrEqual(0.85)
    expect(negative).toBeGreaterThan(0)
  })

  it('offers the bootstrap for single-replicate SALib tables, seeded', () => {
    const r = run(2048, 1, true, 5)
    expect(r.interval).toBe('bootstrap')
    expect(r.resamples).toBe(1000)
    r.params.forEach((p, j) => {
      expect(Math.abs(p.S1 - exact.S1[j])).toBeLessThan(0.03)
      expect(p.S1_lo).toBeLessThanOrEqual(p.S1_hi)
    })
    expect(run(2048, 1, true, 5)).toEqual(r)
    const forced = run(2048, 4, false, 5, 'bootstrap')
    expect(forced.interval).toBe('bootstrap')
  })

  it('names what is wrong with a table that is not a Saltelli layout', () => {
    expect(() => sobolIndices(new Float64Array(7), { names: ['a', 'b'], secondOrder: false, seed: 1 })).toThrow(/7 outputs/)
    expect(() => sobolIndices([1, 2, 3, 4, NaN, 6, 7, 8], { names: ['a', 'b'], secondOrder: false, seed: 1 })).toThrow(/row 5/)
    expect(() => sobolIndices(new Float64Array(8), { names: ['a', 'b'], secondOrder: false, seed: 1, interval: 'replicates' })).toThrow(/two replicates/)
  })
})

describe('the default design: accuracy first (bench/sobol-accuracy.ts has the full curve)', () => {
  const meanError = (replicates: number, seeds: number[]) => {
    let sum = 0
    for (const seed of seeds) {
      const r = run(1024, replicates, false, seed)
      r.params.forEach((p, j) => (sum += Math.abs(p.S1 - exact.S1[j]) + Math.abs(p.ST - exact.ST[j])))
    }
    return sum / (seeds.length * 6)
  }

  it('writes one scrambled design when no replicates are named', () => {
    const space = parseSpace({ params: { a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } } })
    expect(makeDesign(space, { method: 'saltelli', n: 256, seed: 1 }).meta).toMatchObject({ replicates: 1, baseRows: 256 })
  })

  it('puts one design’s estimates closer to the analytic indices than eight replicates of the same evaluations', () => {
    const seeds = Array.from({ length: 8 }, (_, i) => i + 1)
    const single = meanError(1, seeds)
    const replicated = meanError(8, seeds)
    expect(single).toBeLessThan(0.008)
    expect(replicated / single).toBeGreaterThan(1.8)
  })

  it('keeps the single design’s bootstrap intervals conservative: they cover the analytic indices at least nominally', () => {
    let covered = 0
    let checks = 0
    for (let seed = 1; seed <= 10; seed++) {
      const r = run(512, 1, false, seed)
      r.params.forEach((p, j) => {
        for (const [lo, hi, truth] of [[p.S1_lo, p.S1_hi, exact.S1[j]], [p.ST_lo, p.ST_hi, exact.ST[j]]]) {
          checks++
          if (lo <= truth && truth <= hi) covered++
        }
      })
    }
    expect(covered / checks).toBeGreaterThanOrEqual(0.95)
  })
})

describe('Sobol indices in the parameter’s measure', () => {
  /** y = log10(lr) + 4x: equal shares when lr is searched log-uniformly, not when uniformly. */
  function shareOfLr(log: boolean): number {
    const space = parseSpace({ params: { lr: { type: 'float', low: 1e-5, high: 0.1, log }, x: { type: 'float', low: 0, high: 1 } } })
    const t = makeDesign(space, { method: 'saltelli', n: 4096, seed: 2, secondOrder: false })
    const y = t.rows.map(([lr, x]) => Math.log10(lr as number) + 4 * (x as number))
    return sobolIndices(y, { names: t.names, secondOrder: false, replicates: t.meta?.replicates as number, seed: 2 }).params[0].S1
  }

  it('gives lr half the variance on a log scale and about an eighth on a linear one', () => {
    expect(shareOfLr(true)).toBeCloseTo(0.5, 2)
    // Uniform lr on (0, 0.1]: Var(log10 lr) ≈ 1 / ln(10)², against (4/√12)² for x.
    const v = 1 / Math.LN10 ** 2
    expect(Math.abs(shareOfLr(false) - v / (v + 16 / 12))).toBeLessThan(0.02)
  })
})
