import { describe, expect, it } from 'vitest'
import { surrogateSobol } from './surrogate-sobol'
import { syntheticTable } from './testing'

describe('surrogate Sobol indices', () => {
  it('recovers first-order indices and sees the interaction in the totals', () => {
    // y = 2a + b + 4cd on U(0,1)^4: V_a = 1/3, V_b = 1/12, V_c = V_d = 1/3, V_cd = 1/9; V = 1.1944.
    // S1 = 0.279, 0.070, 0.279, 0.279; ST = 0.279, 0.070, 0.372, 0.372.
    const t = syntheticTable(2000, (rng) => ({ a: rng.next(), b: rng.next(), c: rng.next(), d: rng.next() }), (x) => {
      const v = x as Record<string, number>
      return 2 * v.a + v.b + 4 * v.c * v.d
    })
    const r = surrogateSobol(t, { seed: 4, trees: 32 })
    const by = Object.fromEntries(r.params.map((p) => [p.name, p]))
    for (const [k, s1] of [['a', 0.279], ['b', 0.07], ['c', 0.279], ['d', 0.279]] as const) expect(Math.abs(by[k].S1 - s1)).toBeLessThan(0.05)
    for (const [k, st] of [['a', 0.279], ['b', 0.07], ['c', 0.372], ['d', 0.372]] as const) expect(Math.abs(by[k].ST - st)).toBeLessThan(0.06)
    expect(by.c.ST - by.c.S1).toBeGreaterThan(by.a.ST - by.a.S1)
    expect(by.a.S1_lo).toBeLessThan(by.a.S1)
    expect(by.a.S1_hi).toBeGreaterThan(by.a.S1)
    expect(r.seed).toBe(4)
    expect(r.samples).toBe(4096)
  })
})
