import { describe, expect, it } from 'vitest'
import type { TrialCurve } from './curves'
import { successiveHalvingPruner } from './successive-halving'
import { curve, prunedAt } from './testing'

// η = 2 from step 1: rungs at steps 1, 2, 4 and 8; at each, the best half of the trials there go on.
const pruner = successiveHalvingPruner({ reductionFactor: 2 }, 'min')

describe('asynchronous successive halving', () => {
  it('keeps the first trial at a rung and then only the best 1/η of those that reached it', () => {
    const first = curve(1, [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9], 'running')
    expect(prunedAt(pruner, first, [])).toBeNull()
    // The second to reach step 1: ⌊2/2⌋ = 1 goes on, so it must beat 0.9 (a tie goes on too).
    expect(prunedAt(pruner, curve(2, [0.95], 'running'), [first])).toBe(1)
    expect(prunedAt(pruner, curve(2, [0.9], 'running'), [first])).toBeNull()
  })

  it('prunes exactly the trials outside the best half at each rung, counting every trial that got there', () => {
    const others: TrialCurve[] = [
      curve('A', [0.5, 0.4, 0.3, 0.3, 0.3, 0.3, 0.3, 0.2], 'complete'),
      curve('B', [0.7, 0.6], 'running'),
      curve('C', [0.9], 'pruned')
    ]
    // Rung 0 (step 1) holds 0.5, 0.7, 0.9 and the new value: the best 2 of 4 go on, itself counted.
    expect(prunedAt(pruner, curve('T', [0.6]), others)).toBeNull()
    expect(prunedAt(pruner, curve('T', [0.7]), others)).toBeNull()
    const out = pruner(curve('T', [0.75], 'running'), others)
    expect(out).toEqual({ prune: true, reason: { code: 'rung', values: { step: 1, rung: 0, resource: 1, value: 0.75, competing: 4, promoted: 2, cutoff: 0.7 } } })
    // Rung 1 (step 2) holds A's 0.4 and B's 0.6 (C never got there): with 0.5, the best 1 of 3.
    expect(prunedAt(pruner, curve('T', [0.6, 0.5]), others)).toBe(2)
    expect(prunedAt(pruner, curve('T', [0.6, 0.4]), others)).toBeNull()
    // Steps between rungs are not judged: 3 is no rung, 4 is rung 2 where only A (0.3) is.
    expect(prunedAt(pruner, curve('T', [0.6, 0.4, 9, 0.3]), others)).toBeNull()
    expect(prunedAt(pruner, curve('T', [0.6, 0.4, 9, 0.31]), others)).toBe(4)
  })

  it('judges every rung a sparse report crosses, and counts a pruned trial only up to where it stopped', () => {
    const others: TrialCurve[] = [
      curve('A', [0.5, 0.4, 0.3, 0.2], 'complete', [1, 2, 4, 8]),
      // Pruned at its report at step 9, which crossed rungs 1, 2 and 3: it counts only at rung 1.
      curve('E', [0.4, 0.1], 'pruned', [1, 9])
    ]
    // One report at step 4 crosses rungs 0 (step 1), 1 (step 2) and 2 (step 4) with the value 0.35.
    // Rung 0: {0.5, 0.4, 0.35} keep 1 → 0.35 goes on; rung 1: {0.4, 0.1, 0.35} → 0.1 bars it.
    expect(pruner(curve('T', [0.35], 'running', [4]), others).reason).toMatchObject({ code: 'rung', values: { rung: 1, competing: 3, cutoff: 0.1 } })
    // Reaching rung 2 (step 4) the same way, E is not there: {0.3, 0.25} → it goes on.
    expect(prunedAt(pruner, curve('T', [0.05, 0.25], 'running', [2, 4]), others)).toBeNull()
  })

  it('judges each report of a batch in turn, so a rung inside the batch is not skipped', () => {
    const others = [curve('A', [0.5, 0.4, 0.3, 0.2, 0.2], 'complete')]
    // Steps 3, 4 and 5 arrive together; rung 2 sits at step 4, where 0.35 is worse than A's 0.2.
    const batch = curve('T', [0.5, 0.4, 0.9, 0.35, 0.1], 'running')
    expect(pruner(batch, others, 3)).toEqual({ prune: true, reason: { code: 'rung', values: { step: 4, rung: 2, resource: 4, value: 0.35, competing: 2, promoted: 1, cutoff: 0.2 } } })
    // Told only of the last report, the pruner sees step 5 crossing no rung.
    expect(pruner(batch, others).prune).toBe(false)
  })

  it('prunes the first trials at a rung until more than bootstrapCount have reached it', () => {
    const strict = successiveHalvingPruner({ reductionFactor: 2, bootstrapCount: 2 }, 'min')
    const a = curve('A', [0.1, 0.1], 'pruned')
    expect(strict(curve('T', [0.1], 'running'), []).reason).toEqual({ code: 'rungBootstrap', values: { step: 1, rung: 0, resource: 1, value: 0.1, competing: 1, bootstrap: 2 } })
    expect(strict(curve('T', [0.1], 'running'), [a]).reason?.code).toBe('rungBootstrap')
    expect(strict(curve('T', [0.1], 'running'), [a, curve('B', [0.3], 'pruned')]).prune).toBe(false)
  })

  it('starts later with a minimum early-stopping rate and a larger minimum resource', () => {
    // minResource 2, η 3, rate 1: rungs at steps 6, 18, 54.
    const late = successiveHalvingPruner({ minResource: 2, reductionFactor: 3, minEarlyStoppingRate: 1 }, 'max')
    const leader = curve('A', Array.from({ length: 18 }, () => 0.9), 'complete')
    expect(prunedAt(late, curve('T', Array.from({ length: 5 }, () => 0.1)), [leader])).toBeNull()
    expect(prunedAt(late, curve('T', Array.from({ length: 8 }, () => 0.1)), [leader])).toBe(6)
  })

  it('prunes a NaN at a rung at once', () => {
    expect(pruner(curve('T', [NaN], 'running'), []).reason).toEqual({ code: 'nonFinite', values: { step: 1, value: 'NaN' } })
  })

  it('names each bad option', () => {
    expect(() => successiveHalvingPruner({ minResource: 0, reductionFactor: 1.5 }, 'min')).toThrow(/pruner.minResource.*pruner.reductionFactor/)
  })
})
