import { describe, expect, it } from 'vitest'
import { bracketOf, brackets, hyperbandPruner } from './hyperband'
import { curve, prunedAt } from './testing'

describe('Hyperband', () => {
  it('sizes its brackets as Optuna does', () => {
    // Optuna's HyperbandPruner(min_resource=1, max_resource=9 / 81, reduction_factor=3).
    expect(brackets(1, 9, 3)).toEqual({ count: 3, budgets: [9, 5, 3], total: 17 })
    expect(brackets(1, 81, 3)).toEqual({ count: 5, budgets: [81, 34, 15, 8, 5], total: 143 })
    expect(brackets(1, 1, 3)).toEqual({ count: 1, budgets: [1], total: 1 })
  })

  it('places trials in brackets by their id, in proportion to the budgets', () => {
    const b = brackets(1, 9, 3)
    const counts = [0, 0, 0]
    for (let id = 0; id < 17000; id++) counts[bracketOf(id, b)]++
    expect(counts[0] / 17000).toBeCloseTo(9 / 17, 1)
    expect(counts[1] / 17000).toBeCloseTo(5 / 17, 1)
    expect(counts[2] / 17000).toBeCloseTo(3 / 17, 1)
    expect(bracketOf('trial-7', b)).toBe(bracketOf('trial-7', b))
  })

  it('halves within a bracket only, from the bracket’s own first rung', () => {
    const b = brackets(1, 9, 3)
    const ids = (bracket: number) => Array.from({ length: 200 }, (_, i) => `t${i}`).filter((id) => bracketOf(id, b) === bracket)
    const [b0, b1] = [ids(0), ids(1)]
    const pruner = hyperbandPruner({ maxResource: 9, reductionFactor: 3 }, 'min')
    // Bracket 0 judges at steps 1, 3, 9; its leader did well at step 1.
    const leader0 = curve(b0[0], [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1])
    // A bracket-0 trial worse at step 1 than the bracket's leader goes (the second of fewer than η there).
    expect(prunedAt(pruner, curve(b0[1], [0.5, 0.5, 0.5]), [leader0])).toBe(1)
    // A bracket-1 trial is first judged at step 3, against bracket 1 only: alone there, it goes on.
    expect(prunedAt(pruner, curve(b1[0], [0.5, 0.5, 0.5, 0.5]), [leader0])).toBeNull()
    const leader1 = curve(b1[1], [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2])
    const out = pruner(curve(b1[0], [0.5, 0.5, 0.5], 'running'), [leader0, leader1])
    expect(out).toEqual({ prune: true, reason: { code: 'bracketRung', values: { step: 3, rung: 0, resource: 3, value: 0.5, competing: 2, promoted: 1, cutoff: 0.2, bracket: 1 } } })
  })

  it('reads the maximum resource from the finished trials when it is auto', () => {
    const pruner = hyperbandPruner({ reductionFactor: 3 }, 'min')
    // No finished trial yet: nothing is judged.
    expect(pruner(curve('x', [9], 'running'), [curve('y', [0.1], 'running')]).prune).toBe(false)
    // A finished trial ran to step 1: one bracket, judged from step 1.
    expect(pruner(curve('x', [9], 'running'), [curve('y', [0.1], 'complete')]).reason?.code).toBe('bracketRung')
  })

  it('names each bad option', () => {
    expect(() => hyperbandPruner({ minResource: 4, maxResource: 2 }, 'min')).toThrow(/pruner.maxResource/)
    expect(() => hyperbandPruner({ reductionFactor: 1 }, 'min')).toThrow(/pruner.reductionFactor/)
  })
})
