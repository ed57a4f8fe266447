import { describe, expect, it } from 'vitest'
import { syntheticTable } from './forest/testing'
import { tableFromRows } from './table'
import { importanceOverTraining, recommendedRanges, tierOf, tierTable } from './tiers'

describe('tiers and advice', () => {
  it('places point estimates by the documented thresholds', () => {
    expect(tierOf({ name: 'a', importance: 0.3 })).toBe('high')
    expect(tierOf({ name: 'a', importance: 0.05 })).toBe('medium')
    expect(tierOf({ name: 'a', importance: 0.01 })).toBe('low')
    expect(tierOf({ name: 'a', importance: 0.3 }, true)).toBe('low')
  })

  it('reads the tier from the whole interval when there is one, never from the estimate alone', () => {
    const at = (importance: number, lo: number, hi: number) => tierOf({ name: 'a', importance, importance_lo: lo, importance_hi: hi })
    expect(at(0.3, 0.12, 0.5)).toBe('high')
    // A high estimate whose interval reaches down to 0.05 is only sure to be medium.
    expect(at(0.3, 0.05, 0.5)).toBe('medium')
    expect(at(0.03, 0, 0.015)).toBe('low')
    // Spanning 0.02: the data cannot tell an effect from none, whatever the estimate says.
    expect(at(0.3, 0.01, 0.6)).toBe('unclear')
    expect(at(0.01, -0.2, 0.3)).toBe('unclear')
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
    for (const r of recommendedRanges(t, 'min', 0.1).filter((q) => q.range)) {
      const [lo, hi] = r.range as [number, number]
      expect(lo <= (r.best_value as number) && (r.best_value as number) <= hi, r.name).toBe(true)
    }
    const rows = tierTable(t, [{ name: 'lr', importance: 0.6 }, { name: 'opt', importance: 0.05 }])
    expect(rows.map((r) => r.tier)).toEqual(['high', 'medium', 'low'])
  })

  it('widens the range to the best run when it lies outside most good runs, and says when the best run lacks the parameter', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ x: i / 100, y: (i / 100 - 0.3) ** 2 }))
    rows[95].y = -1
    const [x] = recommendedRanges(tableFromRows(rows, { target: 'y' }), 'min', 0.1)
    expect(x).toMatchObject({ best_value: 0.95, widened: true })
    expect(x.range?.[0]).toBeLessThan(0.3)
    expect(x.range?.[1]).toBe(0.95)
    const gated = rows.map((r, i) => ({ ...r, z: i === 95 ? '' : i % 7 }))
    const [, z] = recommendedRanges(tableFromRows(gated, { target: 'y' }), 'min', 0.1)
    expect(z.bestInactive).toBe(true)
    expect(z.range).toBeDefined()
    // The good runs (x near 0.3) used level a; the one best run used b.
    const levels = rows.map((r, i) => ({ ...r, c: i < 40 ? 'a' : 'b' }))
    const [, c] = recommendedRanges(tableFromRows(levels, { target: 'y' }), 'min', 0.1)
    expect(c.best_value).toBe('b')
    expect(c.levels?.[0].level).toBe('a')
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
