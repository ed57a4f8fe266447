import { describe, expect, it } from 'vitest'
import { saltelliDesign, saltelliStep } from './saltelli'

const row = (p: Float64Array, d: number, i: number) => Array.from(p.subarray(i * d, (i + 1) * d))

describe('Saltelli design', () => {
  it.each([true, false])('keeps SALib’s A, AB_j, (BA_j,) B row order (second order %s)', (secondOrder) => {
    const d = 4
    const design = saltelliDesign({ dims: d, n: 32, secondOrder, replicates: 2, seed: 3 })
    const step = saltelliStep(d, secondOrder)
    expect(step).toBe(secondOrder ? 10 : 6)
    expect(design.rows).toBe(32 * step)
    for (let base = 0; base < 32; base++) {
      const o = base * step
      const A = row(design.points, d, o)
      const B = row(design.points, d, o + step - 1)
      expect(A.every((a, k) => a !== B[k])).toBe(true)
      for (let j = 0; j < d; j++) {
        expect(row(design.points, d, o + 1 + j)).toEqual(A.map((a, k) => (k === j ? B[k] : a)))
        if (secondOrder) expect(row(design.points, d, o + 1 + d + j)).toEqual(B.map((b, k) => (k === j ? A[k] : b)))
      }
    }
  })

  it('draws each replicate from its own balanced scrambling', () => {
    const d = 2
    const design = saltelliDesign({ dims: d, n: 64, secondOrder: false, replicates: 2, seed: 1 })
    const step = saltelliStep(d, false)
    for (const r of [0, 1]) {
      const cells = new Set<number>()
      for (let i = 0; i < 32; i++) cells.add(Math.floor(design.points[(r * 32 + i) * step * d] * 32))
      expect(cells.size).toBe(32)
    }
    const first = row(design.points, d, 0)
    expect(row(design.points, d, 32 * step)).not.toEqual(first)
  })

  it('refuses a replicate size that is not a power of two', () => {
    expect(() => saltelliDesign({ dims: 3, n: 96, secondOrder: true, replicates: 4, seed: 1 })).toThrow(/power of two/)
  })
})
