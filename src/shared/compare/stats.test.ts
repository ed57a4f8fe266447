import { describe, expect, it } from 'vitest'
import { bestIndex, delta, groupStats, normalize, tQuantile } from './stats'

describe('tQuantile', () => {
  // Two-sided 95% critical values from the t table (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
  it.each([
    [1, 12.706],
    [2, 4.303],
    [3, 3.182],
    [4, 2.776],
    [9, 2.262],
    [29, 2.045],
    [100, 1.984],
    [1e6, 1.96]
  ])('t(0.975, %i) = %f', (df, expected) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(expected, 3)
  })

  it('gives the other quantiles of the t table too', () => {
    expect(tQuantile(0.95, 1)).toBeCloseTo(6.314, 3)
    expect(tQuantile(0.995, 10)).toBeCloseTo(3.169, 3)
    // df = 1 is the Cauchy distribution: t = tan(π (p − 1/2)).
    expect(tQuantile(0.9, 1)).toBeCloseTo(Math.tan(Math.PI * 0.4), 8)
  })
})

describe('groupStats', () => {
  it('gives n, mean, sample std and the t interval of five seeds', () => {
    const s = groupStats([1, 2, 3, 4, 5])
    expect(s.n).toBe(5)
    expect(s.mean).toBe(3)
    expect(s.std).toBeCloseTo(Math.sqrt(2.5), 12)
    const half = 2.7764451 * Math.sqrt(2.5) / Math.sqrt(5)
    expect(s.ci95[0]).toBeCloseTo(3 - half, 5)
    expect(s.ci95[1]).toBeCloseTo(3 + half, 5)
  })

  it('widens the interval to t = 12.706 for two seeds', () => {
    const s = groupStats([1, 3])
    expect(s.std).toBeCloseTo(Math.SQRT2, 12)
    // half-width = t · s / √n = 12.706 · √2 / √2
    expect(s.ci95[0]).toBeCloseTo(2 - 12.7062, 3)
    expect(s.ci95[1]).toBeCloseTo(2 + 12.7062, 3)
  })

  it('leaves out missing and non-finite values, and has no spread below two', () => {
    expect(groupStats([2, null, Number.NaN, 4, Number.POSITIVE_INFINITY])).toMatchObject({ n: 2, mean: 3 })
    const one = groupStats([7])
    expect(one.n).toBe(1)
    expect(one.mean).toBe(7)
    expect(one.std).toBeNaN()
    expect(one.ci95.every(Number.isNaN)).toBe(true)
    expect(groupStats([]).mean).toBeNaN()
  })

  it('has a zero-width interval for identical seeds', () => {
    expect(groupStats([0.5, 0.5, 0.5])).toEqual({ n: 3, mean: 0.5, std: 0, ci95: [0.5, 0.5] })
  })
})

describe('delta', () => {
  it('gives the change and its percentage of the base', () => {
    expect(delta(0.5, 0.4).abs).toBeCloseTo(-0.1, 12)
    expect(delta(0.5, 0.4).pct).toBeCloseTo(-20, 10)
    expect(delta(2, 3)).toEqual({ abs: 1, pct: 50 })
    // A negative base: a rise still reads positive.
    expect(delta(-2, -1)).toEqual({ abs: 1, pct: 50 })
  })

  it('has no percentage over a zero base, except for no change', () => {
    expect(delta(0, 3)).toEqual({ abs: 3, pct: null })
    expect(delta(0, -3)).toEqual({ abs: -3, pct: null })
    expect(delta(0, 0)).toEqual({ abs: 0, pct: 0 })
  })
})

describe('normalize', () => {
  it('z-scores with the population std', () => {
    // mean 5, population std 2 (the classic 2, 4, 4, 4, 5, 5, 7, 9)
    expect(normalize([2, 4, 4, 4, 5, 5, 7, 9], 'zscore')).toEqual([-1.5, -0.5, -0.5, -0.5, 0, 0, 1, 2])
  })

  it('maps min–max onto [0, 1]', () => {
    expect(normalize([10, 20, 15, 30], 'minmax')).toEqual([0, 0.5, 0.25, 1])
  })

  it('keeps missing cells null and ignores them in the scale', () => {
    expect(normalize([1, null, 3, Number.NaN], 'minmax')).toEqual([0, null, 1, null])
    expect(normalize([1, null, 3], 'zscore')).toEqual([-1, null, 1])
  })

  it('puts a constant column in the middle', () => {
    expect(normalize([4, 4], 'zscore')).toEqual([0, 0])
    expect(normalize([4, 4], 'minmax')).toEqual([0.5, 0.5])
    expect(normalize([], 'zscore')).toEqual([])
  })
})

describe('bestIndex', () => {
  it('picks the smallest or largest finite value, the first on a tie', () => {
    expect(bestIndex([0.3, 0.1, 0.2, 0.1], 'min')).toBe(1)
    expect(bestIndex([0.3, 0.9, 0.9], 'max')).toBe(1)
    expect(bestIndex([null, Number.NaN, 0.5, Number.NEGATIVE_INFINITY], 'min')).toBe(2)
    expect(bestIndex([null, Number.NaN], 'max')).toBe(-1)
    expect(bestIndex([], 'min')).toBe(-1)
  })
})
