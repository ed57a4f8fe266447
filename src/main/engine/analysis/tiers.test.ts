import { describe, expect, it } from 'vitest'
import { syntheticTable } from './forest/testing'
import { importanceOverTraining, recommendedRanges, tierOf, tierTable } from './tiers'

describe('tiers and advice', () => {
  it('places indices by the documented thresholds and their intervals', () => {
    expect(tierOf({ name: 'a', importance: 0.3 })).toBe('high')
    expect(tierOf({ name: 'a', importance: 0.12, importance_lo: 0.01, importance_hi: 0.3 })).toBe('medium')
    expect(tierOf({ name: 'a', importance: 0.05 })).toBe('medium')
    expect(tierOf({ name: 'a', importance: 0.03, importance_lo: 0, importance_hi: 0.015 })).toBe('low')
    expect(tierOf({ name: 'a', importance: 0.3 }, true)).toBe('low')
  })

  const t = syntheticTable(
    1000,
    (rng) => ({ lr: 10 ** (-5 + 4 * rng.next()), opt: rng.next() < 0.5 ? 'sgd' : 'adam', w: rng.next() }),
    (v) => (Math.log10(v.lr as number) + 3) ** 2 + (v.opt === 'adam' ? 0 : 1),
    { hints: { lr: { log: true } } }
  )

  it('recommends where the best trials lie, in the measure', () => {
    const [lr, opt] = recommendedRanges(t, 'min', 0.1)
    // The best 10% have log10(lr) near −3; adam is always among them.
    expect(Math.log10((lr.range as [number, number])[0])).toBeGreaterThan(-3.6)
    expect(Math.log10((lr.range as [number, number])[1])).toBeLessThan(-2.4)
    expect(opt.levels?.[0]).toMatchObject({ level: 'adam', top_share: 1 })
    const rows = tierTable(t, [{ name: 'lr', importance: 0.6 }, { name: 'opt', importance: 0.05 }])
    expect(rows.map((r) => r.tier)).toEqual(['high', 'medium', 'low'])
  })

  it('follows importance over training from per-epoch metrics', () => {
    // Early on only the optimiser matters; later only the learning rate; epoch 3 misses half the runs.
    const n = t.target.length
    const lr = t.params[0].values as Float64Array
    const opt = t.params[1].values as string[]
    const epochs = [1, 2, 3].map((epoch) => ({
      epoch,
      target: Float64Array.from({ length: n }, (_, i) => (epoch === 3 && i % 2 ? NaN : epoch === 1 ? (opt[i] === 'adam' ? 0 : 1) : (Math.log10(lr[i]) + 3) ** 2))
    }))
    const r = importanceOverTraining(t, epochs)
    expect(r.epochs).toEqual([1, 2, 3])
    expect(r.n).toEqual([n, n, n / 2])
    expect(r.importance[0][1]).toBeGreaterThan(r.importance[0][0])
    expect(r.importance[1][0]).toBeGreaterThan(r.importance[1][1])
  })
})
