import { describe, expect, it } from 'vitest'
import { saltelliDesign } from '../../studies/designs/saltelli'
import { sobolIndices } from '../sobol'
import { evaluationsNeeded, smallSampleNotices, TARGET_HALF_WIDTH } from './small-sample'
import { ishigami } from './testing'

const entry = (name: string, over: Partial<Record<'S1' | 'S1_lo' | 'S1_hi' | 'ST' | 'ST_lo' | 'ST_hi', number>> = {}) => ({
  name,
  ...{ S1: 0.2, S1_lo: 0.15, S1_hi: 0.25, ST: 0.3, ST_lo: 0.25, ST_hi: 0.35 },
  ...over
})

describe('far too few evaluations', () => {
  it('scales the evaluations needed by the square of the interval width over the target', () => {
    // A full width of 1 is ten times ±0.05: a hundred times the evaluations.
    expect(evaluationsNeeded(160, 1)).toBe(16000)
    expect(evaluationsNeeded(100, 2 * TARGET_HALF_WIDTH)).toBe(100)
    expect(evaluationsNeeded(37, 0.37)).toBe(510)
  })

  it('flags an interval wider than an index can range, a total above 1, and first orders adding up past 1', () => {
    expect(smallSampleNotices([entry('a'), entry('b')], 1000)).toEqual([])
    const wide = smallSampleNotices([entry('a', { ST_lo: -0.4, ST_hi: 0.9 })], 80)
    expect(wide).toEqual([expect.objectContaining({ code: 'intervalTooWide', params: expect.objectContaining({ param: 'a', index: 'ST', n: 80, needed: 14000 }) })])
    expect(wide[0].message).toMatch(/far too few evaluations for this\. About 14000 evaluations would narrow it to ±0\.05 \(now 80\)/)
    const above = smallSampleNotices([entry('a', { ST: 1.3, ST_lo: 1.25, ST_hi: 1.35 })], 100)
    expect(above).toEqual([expect.objectContaining({ code: 'totalAboveOne', params: expect.objectContaining({ param: 'a', value: 1.3, needed: 3600 }) })])
    // 1.02 is within the precision the tiers need: noise, not a sample too small.
    expect(smallSampleNotices([entry('a', { ST: 1.02, ST_lo: 0.99, ST_hi: 1.05 })], 100)).toEqual([])
    const sum = smallSampleNotices([entry('a', { S1: 0.7 }), entry('b', { S1: 0.6 })], 50)
    expect(sum.map((n) => n.code)).toEqual(['firstOrderSumAboveOne'])
    expect(sum[0].params).toMatchObject({ sum: expect.closeTo(1.3, 9), needed: 1800 })
  })

  it('fires on a tiny Saltelli design of Ishigami and not on a big one', () => {
    const notices = (n: number) => {
      const design = saltelliDesign({ dims: 3, n, secondOrder: false, replicates: 2, seed: 4 })
      const y = Array.from({ length: design.rows }, (_, i) => ishigami(Array.from(design.points.subarray(i * 3, i * 3 + 3), (u) => Math.PI * (2 * u - 1))))
      const r = sobolIndices(y, { names: ['x1', 'x2', 'x3'], secondOrder: false, replicates: 2, seed: 4 })
      return smallSampleNotices(r.params, r.n)
    }
    const small = notices(8)
    expect(small.length).toBeGreaterThan(0)
    for (const n of small) expect(n.params.needed as number).toBeGreaterThan(40)
    expect(notices(4096)).toEqual([])
  })
})
