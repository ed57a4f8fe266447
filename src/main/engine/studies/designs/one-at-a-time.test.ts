import { describe, expect, it } from 'vitest'
import { oneAtATime } from './one-at-a-time'

describe('one-at-a-time design', () => {
  it('moves one parameter per row away from the baseline, over its whole range', () => {
    const baseline = [0.5, 0.2, 0.9]
    const oat = oneAtATime(baseline, 5)
    expect(oat.rows).toBe(16)
    expect(Array.from(oat.points.subarray(0, 3))).toEqual(baseline)
    for (let i = 1; i < oat.rows; i++) {
      const k = oat.moved[i]
      for (let j = 0; j < 3; j++) if (j !== k) expect(oat.points[i * 3 + j]).toBe(baseline[j])
    }
    const lr = Array.from({ length: 5 }, (_, l) => oat.points[(1 + 5 + l) * 3 + 1])
    expect(lr).toEqual([0, 0.25, 0.5, 0.75, 1])
  })
})
