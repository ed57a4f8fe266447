import { describe, expect, it } from 'vitest'
import { scanNumber } from '../readers/cell'
import { ColumnStats } from './column-stats'
import { StreamHistogram } from './histogram'
import { Rng } from '../../random'

function profileOf(values: string[]) {
  const s = new ColumnStats('c')
  values.forEach((v, i) => {
    const bytes = Buffer.from(` ${v} `)
    if (i % 2) s.add(v)
    else s.addBytes(bytes, 1, bytes.length - 1, false, 0)
  })
  return s.profile()
}

describe('ColumnStats', () => {
  it('infers number, integer, boolean, categorical, text and empty', () => {
    expect(profileOf(['1', '2', '', '40']).type).toBe('integer')
    expect(profileOf(['1', '2.0', 'NA', '3e2']).type).toBe('number')
    expect(profileOf(['true', 'False', 'TRUE']).type).toBe('boolean')
    expect(profileOf(['a', 'b', 'a', 'a', 'b', 'a']).type).toBe('categorical')
    expect(profileOf(['one cat', 'two dogs', 'three birds']).type).toBe('text')
    expect(profileOf(['', 'NA', 'null']).type).toBe('empty')
    expect(profileOf(['1', 'x', 'x', 'x', '2', 'x', 'x', 'x']).type).toBe('categorical')
  })

  it('matches a two-pass mean and sample standard deviation on offset data', () => {
    const rng = new Rng(3)
    const xs = Array.from({ length: 5000 }, () => 1e6 + rng.normal() * 0.01)
    const p = profileOf(xs.map(String))
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1))
    expect(p.numeric!.mean).toBeCloseTo(mean, 8)
    // A sum of squares would lose every digit here (mean²/variance ≈ 1e16); Welford keeps ~1e-8.
    expect(Math.abs(p.numeric!.std / std - 1)).toBeLessThan(1e-6)
    expect(p.numeric!.min).toBe(Math.min(...xs))
    expect(p.distinctCapped).toBe(false)
  })
})

describe('ColumnStats.addBytes', () => {
  it('profiles cells read from bytes exactly as the same cells given as strings', () => {
    const rng = new Rng(9)
    // Short repeated cells (remembered by their bytes, with slot collisions among 3000 codes),
    // missing markers, booleans, numbers in forms only Number() reads, and words.
    const special = ['NA', 'null', '  ', 'true', 'False', '1e5', ' 7', 'é€', 'red', 'green']
    for (const codes of [20, 200, 3000]) {
      const values = Array.from({ length: 20000 }, () => (rng.uniform(0, 1) < 0.3 ? special[rng.int(special.length)] : `c${rng.int(codes)}`))
      const fromBytes = new ColumnStats('c')
      const fromStrings = new ColumnStats('c')
      for (const v of values) {
        const bytes = Buffer.from(`,${v},`)
        fromBytes.addBytes(bytes, 1, bytes.length - 1, false, 0)
        fromStrings.add(v)
      }
      expect(fromBytes.profile(), `${codes} codes`).toEqual(fromStrings.profile())
    }
  })
})

describe('scanNumber', () => {
  it('equals Number() on plain decimals and defers everything else', () => {
    const rng = new Rng(5)
    for (let i = 0; i < 20000; i++) {
      // At most 15 significant digits: the fast path's whole domain.
      const s = (rng.normal() * 10 ** rng.int(8)).toFixed(rng.int(6))
      expect(scanNumber(Buffer.from(s), 0, s.length), s).toBe(Number(s))
    }
    expect(scanNumber(Buffer.from('x-0.25y'), 1, 6)).toBe(-0.25)
    for (const s of ['1e5', ' 1', '0x1f', '1.2.3', '-', '.', '12345678901234567', 'abc']) expect(scanNumber(Buffer.from(s), 0, s.length), s).toBeNaN()
  })
})

describe('StreamHistogram', () => {
  it('counts exactly into nested bins that cover every value, outliers included', () => {
    const rng = new Rng(11)
    const xs = Array.from({ length: 20000 }, (_, i) => (i === 15000 ? 1e7 : i === 17000 ? -3e4 : rng.normal() * 5 + 100))
    const h = new StreamHistogram()
    for (const x of xs) h.add(x)
    const { edges, counts } = h.result()
    expect(counts.length).toBeLessThanOrEqual(32)
    expect(edges[0]).toBeLessThanOrEqual(-3e4)
    expect(edges.at(-1)).toBeGreaterThan(1e7)
    for (let b = 0; b < counts.length; b++) {
      expect(counts[b]).toBe(xs.filter((x) => x >= edges[b] && x < edges[b + 1]).length)
    }
  })

  it('gives integer data bins at least one wide', () => {
    const h = new StreamHistogram()
    for (const x of [0, 1, 1, 2, 2, 2, 5]) h.add(x)
    expect(h.result(true)).toEqual({ edges: [0, 1, 2, 3, 4, 5, 6], counts: [1, 2, 3, 0, 0, 1] })
  })
})
