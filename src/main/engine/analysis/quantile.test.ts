import { describe, expect, it } from 'vitest'
import { quantileImportance } from './quantile'
import { syntheticTable } from './forest/testing'

describe('top-quantile importance', () => {
  const t = syntheticTable(
    2000,
    (rng) => ({ a: rng.next(), b: rng.next(), noise: rng.next(), opt: rng.next() < 0.5 ? 'x' : 'y' }),
    (v) => 10 * (v.a as number) + 2 * (v.b as number) + (v.opt === 'x' ? 0 : 3),
    { noise: 0.1 }
  )

  it('ranks what separates the best trials from the rest, with intervals', () => {
    const r = quantileImportance(t, { seed: 1, bootstrap: 50 })
    const by = Object.fromEntries(r.params.map((p) => [p.name, p]))
    // The best 10% all have small a (a below ~0.2); b matters less, noise not at all.
    expect(by.a.importance).toBeGreaterThan(by.b.importance)
    expect(by.a.importance).toBeGreaterThan(by.opt.importance)
    expect(by.noise.importance).toBeLessThan(0.1)
    expect(by.noise.importance).toBeLessThan(by.b.importance)
    expect(by.noise.importance_hi).toBeLessThan(by.a.importance_lo)
    expect(by.a.importance_lo).toBeLessThan(by.a.importance)
    expect(r.seed).toBe(1)
  })

  it('flips with the goal: maximising looks at the other end', () => {
    const lo = quantileImportance(t, { bootstrap: 0 })
    const hi = quantileImportance(t, { bootstrap: 0, goal: 'max' })
    expect(hi.params[0].importance).toBeGreaterThan(1)
    expect(hi.goal).toBe('max')
    // Both ends of a linear effect are equally far from the whole.
    expect(Math.abs(lo.params[0].importance - hi.params[0].importance) / lo.params[0].importance).toBeLessThan(0.2)
  })

  it('sees a log-uniform parameter in its measure', () => {
    // y = log10(lr): the best trials sit in the lowest tenth of the log axis. On a linear axis that
    // tenth and most other trials (55% of them lie below 0.1/64) share the first grid cell, so
    // the best trials look much like the rest and the importance collapses.
    const draw = (rng: { next(): number }) => ({ lr: 10 ** (-5 + 4 * rng.next()) })
    const f = (v: Record<string, number | string>) => Math.log10(v.lr as number)
    const inLog = quantileImportance(syntheticTable(2000, draw, f, { hints: { lr: { log: true } } }), { bootstrap: 0 })
    const inLin = quantileImportance(syntheticTable(2000, draw, f), { bootstrap: 0 })
    // Top 10% of a uniform variable: divergence 1/γ − 1 = 9 before smoothing.
    expect(inLog.params[0].importance).toBeGreaterThan(6)
    expect(inLog.params[0].importance).toBeLessThan(9.5)
    expect(inLin.params[0].importance).toBeLessThan(inLog.params[0].importance / 2)
  })

  it('bootstraps a parameter that is inactive among the best trials as well as one that is always set', () => {
    // m applies only where a > 0.5, so none of the best trials (small a) carry it.
    const cond = syntheticTable(
      3000,
      (rng) => {
        const a = rng.next()
        return a > 0.5 ? { a, m: rng.next() } : { a, m: '' }
      },
      (v) => 10 * (v.a as number),
      { noise: 0.1 }
    )
    const r = quantileImportance(cond, { seed: 2, bootstrap: 40 })
    const plain = quantileImportance(cond, { bootstrap: 0 })
    r.params.forEach((p, j) => {
      expect(p.importance).toBe(plain.params[j].importance)
      expect(p.importance_lo).toBeLessThanOrEqual(p.importance_hi)
      expect(Number.isFinite(p.importance_lo)).toBe(true)
    })
    expect(r.params[1].note).toMatch(/active in \d+ of 3000 rows/)
  })
})
