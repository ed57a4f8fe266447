import { describe, expect, it } from 'vitest'
import { boxBehnken, centralComposite } from './response-surface'

function moments(coded: Float64Array, rows: number, d: number) {
  let pure4 = 0
  let mixed22 = 0
  for (let i = 0; i < rows; i++) {
    pure4 += coded[i * d] ** 4
    mixed22 += coded[i * d] ** 2 * coded[i * d + 1] ** 2
  }
  return { pure4, mixed22 }
}

describe('central composite designs', () => {
  it.each([2, 3, 4, 5])('has 2^k + 2k + c runs and α = (2^k)^(1/4) when rotatable (k = %i)', (k) => {
    const ccd = centralComposite(k, 'rotatable', 3)
    expect(ccd.rows).toBe(2 ** k + 2 * k + 3)
    expect(ccd.alpha).toBeCloseTo(2 ** (k / 4), 12)
    // Rotatability: the pure fourth moment equals three times the mixed one.
    const { pure4, mixed22 } = moments(ccd.coded, ccd.rows, k)
    expect(pure4).toBeCloseTo(3 * mixed22, 9)
    expect(Math.min(...ccd.points)).toBeCloseTo(0, 12)
    expect(Math.max(...ccd.points)).toBeCloseTo(1, 12)
  })

  it('puts face-centred axial points on the faces and corners on the bounds', () => {
    const ccd = centralComposite(3, 'face', 1)
    expect(ccd.alpha).toBe(1)
    expect(new Set(ccd.points)).toEqual(new Set([0, 0.5, 1]))
    expect(Array.from(ccd.points.subarray((ccd.rows - 1) * 3))).toEqual([0.5, 0.5, 0.5])
  })
})

describe('Box–Behnken designs', () => {
  it.each([3, 4, 5])('runs every pair at (±1, ±1) with the rest centred, never a corner (k = %i)', (k) => {
    const bb = boxBehnken(k, 2)
    expect(bb.rows).toBe(2 * k * (k - 1) + 2)
    for (let i = 0; i < bb.rows - 2; i++) {
      const r = Array.from(bb.coded.subarray(i * k, (i + 1) * k))
      expect(r.filter((v) => v !== 0)).toHaveLength(2)
      expect(r.every((v) => v === 0 || Math.abs(v) === 1)).toBe(true)
    }
    expect(Array.from(bb.coded.subarray((bb.rows - 1) * k)).every((v) => v === 0)).toBe(true)
  })

  it('needs three parameters', () => {
    expect(() => boxBehnken(2, 1)).toThrow(/at least 3/)
  })
})
