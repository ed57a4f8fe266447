import { describe, expect, it } from 'vitest'
import { Rng } from '../../random'
import { percentileInterval, resampleIndices, sortedQuantile } from './bootstrap'
import { tInterval } from './interval'
import { incompleteBeta, normalQuantile, tCdf, tQuantile } from './quantiles'
import { chiSquareCdf, chiSquareQuantile } from './chi-square'
import { poisson } from './poisson'
import { ranks } from './ranks'
import { mean, sd, spread, variance } from './summary'

describe('summary statistics', () => {
  it('computes mean and both variances', () => {
    const x = Float64Array.from([2, 4, 4, 4, 5, 5, 7, 9])
    expect(mean(x)).toBe(5)
    expect(variance(x, 0)).toBe(4)
    expect(variance(x)).toBeCloseTo(32 / 7, 14)
    expect(sd(x, 0)).toBe(2)
  })
})

describe('quantiles', () => {
  it('matches tabulated normal and t quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8)
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12)
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 7)
    // Values from statistical tables (R's qt).
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.70620474, 6)
    expect(tQuantile(0.975, 2)).toBeCloseTo(4.30265273, 7)
    expect(tQuantile(0.975, 7)).toBeCloseTo(2.364624252, 8)
    expect(tQuantile(0.975, 30)).toBeCloseTo(2.042272456, 8)
    expect(tQuantile(0.95, 10)).toBeCloseTo(1.812461123, 8)
    expect(tQuantile(0.025, 7)).toBeCloseTo(-2.364624252, 8)
    expect(tQuantile(0.975, 1e6)).toBeCloseTo(1.96, 2)
  })

  it('has a t CDF that inverts its quantile and a beta function with known values', () => {
    for (const df of [1, 3, 9, 50]) for (const p of [0.6, 0.9, 0.995]) expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 10)
    // Closed forms: I_x(1, 1) = x and I_x(2, 3) = 6x² − 8x³ + 3x⁴.
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12)
    const x = 0.4
    expect(incompleteBeta(x, 2, 3)).toBeCloseTo(6 * x ** 2 - 8 * x ** 3 + 3 * x ** 4, 12)
  })
})

describe('intervals', () => {
  it('builds a t interval around the mean of replicates', () => {
    const r = tInterval([1, 2, 3, 4], 0.95)
    const half = (tQuantile(0.975, 3) * Math.sqrt(5 / 3)) / 2
    expect(r.estimate).toBe(2.5)
    expect(r.lo).toBeCloseTo(2.5 - half, 12)
    expect(r.hi).toBeCloseTo(2.5 + half, 12)
    expect(Number.isNaN(tInterval([1]).lo)).toBe(true)
  })

  it('covers the mean of normal samples at close to the nominal rate', () => {
    const rng = new Rng(11)
    let covered = 0
    const trials = 2000
    for (let t = 0; t < trials; t++) {
      const x = Array.from({ length: 5 }, () => 3 + rng.normal())
      const { lo, hi } = tInterval(x, 0.9)
      if (lo <= 3 && 3 <= hi) covered++
    }
    expect(covered / trials).toBeGreaterThan(0.87)
    expect(covered / trials).toBeLessThan(0.93)
  })

  it('takes percentile intervals and resamples with replacement', () => {
    expect(sortedQuantile([0, 10], 0.25)).toBe(2.5)
    const reps = Float64Array.from({ length: 101 }, (_, i) => 100 - i)
    const { lo, hi } = percentileInterval(reps, 0.9)
    expect(lo).toBeCloseTo(5, 12)
    expect(hi).toBeCloseTo(95, 12)
    const idx = resampleIndices(new Rng(1), new Uint32Array(1000))
    expect(Math.max(...idx)).toBeLessThan(1000)
    expect(new Set(idx).size).toBeLessThan(1000)
    expect(new Set(idx).size).toBeGreaterThan(550)
  })
})

describe('ranks, chi-square and spread', () => {
  it('gives tied values their average rank', () => {
    expect(Array.from(ranks([10, 20, 20, 5, 20]))).toEqual([2, 4, 4, 1, 4])
  })

  it('matches tabulated chi-square quantiles and inverts its CDF', () => {
    // R's qchisq.
    expect(chiSquareQuantile(0.975, 10)).toBeCloseTo(20.48318, 4)
    expect(chiSquareQuantile(0.025, 10)).toBeCloseTo(3.246973, 5)
    expect(chiSquareQuantile(0.95, 1)).toBeCloseTo(3.841459, 5)
    // With 2 degrees of freedom the CDF is 1 − e^(−x/2).
    expect(chiSquareCdf(3, 2)).toBeCloseTo(1 - Math.exp(-1.5), 12)
    for (const df of [1, 4, 30]) expect(chiSquareCdf(chiSquareQuantile(0.3, df), df)).toBeCloseTo(0.3, 10)
  })

  it('summarises replicates by mean, sd and the central 95% range; one replicate has sd 0', () => {
    const s = spread(Float64Array.from({ length: 41 }, (_, i) => 40 - i))
    expect(s.mean).toBe(20)
    expect(s.lo).toBeCloseTo(1, 12)
    expect(s.hi).toBeCloseTo(39, 12)
    expect(s.sd).toBeCloseTo(sd(Float64Array.from({ length: 41 }, (_, i) => i)), 12)
    expect(spread([3])).toEqual({ mean: 3, sd: 0, lo: 3, hi: 3 })
  })
})

describe('Poisson draws', () => {
  it('have mean and variance λ on both sides of the switch to rejection, and P(0) = e^−λ', () => {
    const rng = new Rng(5)
    for (const lambda of [1, 4, 12, 150, 3000]) {
      const x = Float64Array.from({ length: 20000 }, () => poisson(rng, lambda))
      // Standard errors: √(λ/n) for the mean, about λ√(2/n) for the variance.
      expect(Math.abs(mean(x) - lambda)).toBeLessThan(5 * Math.sqrt(lambda / 20000))
      expect(Math.abs(variance(x) - lambda)).toBeLessThan(5 * lambda * Math.sqrt(2 / 20000) + 0.01)
      expect(x.every(Number.isInteger)).toBe(true)
    }
    const ones = Float64Array.from({ length: 20000 }, () => poisson(rng, 1))
    expect(Math.abs(ones.filter((v) => v === 0).length / 20000 - Math.exp(-1))).toBeLessThan(0.01)
    expect(poisson(rng, 0)).toBe(0)
  })
})
