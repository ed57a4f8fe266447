import { describe, expect, it } from 'vitest'
import { downsample, stepsToEpochs } from './downsample'

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

/** A noisy decaying loss with a one-step spike, seeded so the test reads the same every run. */
function noisyLoss(n: number, spikeAt: number): number[] {
  let seed = 7
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  return range(n).map((i) => (i === spikeAt ? 50 : 2 * Math.exp(-i / (n / 4)) + 0.05 * rand()))
}

describe('downsample', () => {
  it('returns a short series whole, its envelope the points themselves', () => {
    const d = downsample([1, 2, 3], [0.5, 0.4, 0.3], 100)
    expect(d).toEqual({ x: [1, 2, 3], y: [0.5, 0.4, 0.3], min: [0.5, 0.4, 0.3], max: [0.5, 0.4, 0.3] })
  })

  it('keeps the first, the last and the extreme points', () => {
    const y = noisyLoss(10_000, 4321)
    const lowest = y.indexOf(Math.min(...y))
    const d = downsample(range(y.length), y, 200)
    expect(d.x.length).toBeLessThanOrEqual(202)
    expect(d.x.length).toBeGreaterThanOrEqual(200)
    expect([d.x[0], d.y[0]]).toEqual([0, y[0]])
    expect([d.x.at(-1), d.y.at(-1)]).toEqual([9999, y[9999]])
    expect(d.x).toContain(4321)
    expect(d.y[d.x.indexOf(4321)]).toBe(50)
    expect(d.x).toContain(lowest)
    for (let i = 1; i < d.x.length; i++) expect(d.x[i]).toBeGreaterThan(d.x[i - 1])
  })

  it('holds every point within the envelope of the bucket it falls in', () => {
    const y = noisyLoss(5_000, 100)
    const d = downsample(range(y.length), y, 64)
    // Buckets are contiguous, so one of the two kept points around a point stands for its bucket.
    let k = 0
    for (let i = 0; i < y.length; i++) {
      while (k + 1 < d.x.length && d.x[k + 1] <= i) k++
      const j = Math.min(k + 1, d.x.length - 1)
      expect(y[i]).toBeGreaterThanOrEqual(Math.min(d.min[k]!, d.min[j]!))
      expect(y[i]).toBeLessThanOrEqual(Math.max(d.max[k]!, d.max[j]!))
    }
    expect(Math.max(...d.max.map(Number))).toBe(50)
  })

  it('marks non-finite values as gaps instead of dropping them', () => {
    const y = noisyLoss(1_000, -1)
    y[500] = Number.NaN
    y[501] = Number.POSITIVE_INFINITY
    y[900] = Number.NEGATIVE_INFINITY
    const d = downsample(range(y.length), y, 50)
    const gaps = d.x.filter((_, i) => d.y[i] === null)
    expect(gaps).toEqual([500, 900])
    for (const [i, v] of d.y.entries()) if (v === null) expect([d.min[i], d.max[i]]).toEqual([null, null])
    // Finite envelopes never carry the non-finite values.
    expect(d.max.every((v) => v === null || Number.isFinite(v))).toBe(true)
    const short = downsample([0, 1, 2], [1, Number.NaN, 2], 10)
    expect(short.y).toEqual([1, null, 2])
  })

  it('keeps a series of only gaps as gaps', () => {
    const d = downsample(range(100), new Array<number>(100).fill(Number.NaN), 10)
    expect(d.y.every((v) => v === null)).toBe(true)
    expect(d.x[0]).toBe(0)
    expect(d.x.at(-1)).toBe(99)
  })

  it('brings a 1,000,000-point series to the width with its first, last and extremes', () => {
    const n = 1_000_000
    const x = new Float64Array(n)
    const y = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      x[i] = i
      y[i] = Math.sin(i / 5000) + 1e-3 * (i % 7)
    }
    y[123_457] = -40
    y[876_543] = 40
    const d = downsample(x, y, 1200)
    expect(d.x.length).toBeGreaterThanOrEqual(1200)
    expect(d.x.length).toBeLessThanOrEqual(1202)
    expect(d.x[0]).toBe(0)
    expect(d.x.at(-1)).toBe(n - 1)
    expect(d.y[d.x.indexOf(123_457)]).toBe(-40)
    expect(d.y[d.x.indexOf(876_543)]).toBe(40)
    expect(Math.min(...d.min.map(Number))).toBe(-40)
  })
})

describe('stepsToEpochs', () => {
  it('interpolates between logged epochs and scales outside them', () => {
    expect(stepsToEpochs([0, 5, 10, 15, 20, 30], [10, 20], [0.5, 1])).toEqual([0, 0.25, 0.5, 0.75, 1, 1.5])
  })
})
