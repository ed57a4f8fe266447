import { describe, expect, it } from 'vitest'
import type { TrialCurve } from './curves'
import { median, medianPruner } from './median'
import { curve, prunedAt } from './testing'

// Five finished trials; the medians at steps 1 to 4 are 1.0, 0.8, 0.6 and 0.5.
const finished = [
  curve('A', [1.0, 0.8, 0.6, 0.5]),
  curve('B', [0.9, 0.7, 0.5, 0.4]),
  curve('C', [1.2, 1.0, 0.9, 0.8]),
  curve('D', [0.8, 0.6, 0.4, 0.3]),
  curve('E', [1.1, 0.9, 0.7, 0.6])
]
const running = {
  slowStart: curve('T1', [0.95, 0.85, 0.7, 0.65]), // 0.85 > 0.8 at step 2
  badStart: curve('T2', [1.05, 0.75, 0.55, 0.45]), // 1.05 > 1.0 at step 1, on track after
  flat: curve('T3', [0.9, 0.9, 0.9, 0.9]), // 0.9 > 0.8 at step 2
  earlyBest: curve('T4', [0.5, 0.9, 0.9, 0.9]), // its best, 0.5, never worse than a median
  lateDip: curve('T5', [0.95, 0.78, 0.65, 0.45]) // worse only at step 3 (0.65 > 0.6)
}

describe('median stopping', () => {
  it('takes numpy’s median', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })

  it('prunes exactly the trials whose best so far is worse than the finished trials’ median at that step', () => {
    const pruner = medianPruner({}, 'min')
    const at = Object.fromEntries(Object.entries(running).map(([name, t]) => [name, prunedAt(pruner, t, finished)]))
    expect(at).toEqual({ slowStart: 2, badStart: 1, flat: 2, earlyBest: null, lateDip: 3 })
    const reason = pruner({ ...running.slowStart, reports: running.slowStart.reports.slice(0, 2) }, finished).reason
    expect(reason).toEqual({ code: 'median', values: { step: 2, best: 0.85, median: 0.8, trials: 5 } })
  })

  it('decides the same on the negated metric when maximising', () => {
    const negate = (t: TrialCurve): TrialCurve => ({ ...t, reports: t.reports.map((r) => ({ ...r, value: -r.value })) })
    const pruner = medianPruner({}, 'max')
    const at = Object.fromEntries(Object.entries(running).map(([name, t]) => [name, prunedAt(pruner, negate(t), finished.map(negate))]))
    expect(at).toEqual({ slowStart: 2, badStart: 1, flat: 2, earlyBest: null, lateDip: 3 })
  })

  it('judges each report of a batch in turn', () => {
    // The late dip at step 3 arrives with step 4 in one batch: it is still caught at step 3.
    const pruner = medianPruner({}, 'min')
    expect(pruner({ ...running.lateDip, status: 'running' }, finished, 2).reason).toEqual({ code: 'median', values: { step: 3, best: 0.65, median: 0.6, trials: 5 } })
    expect(pruner({ ...running.lateDip, status: 'running' }, finished).prune).toBe(false)
  })

  it('waits for the start-up trials, the warm-up steps and the interval', () => {
    // Four finished trials are fewer than the five required; running and pruned ones do not count.
    const four = [...finished.slice(0, 4), { ...finished[4], status: 'pruned' as const }, { ...finished[4], id: 'R', status: 'running' as const }]
    for (const t of Object.values(running)) expect(prunedAt(medianPruner({}, 'min'), t, four)).toBeNull()
    expect(prunedAt(medianPruner({ nStartupTrials: 4 }, 'min'), running.flat, four)).toBe(2)
    // Warm-up 2: step 1 is not judged, and the bad start is forgiven by step 2 (0.75 ≤ 0.8).
    const warm = medianPruner({ nWarmupSteps: 2 }, 'min')
    expect(prunedAt(warm, running.badStart, finished)).toBeNull()
    expect(prunedAt(warm, running.slowStart, finished)).toBe(2)
    // Every second step (windows from 0, 2, 4): step 3 is the second report of its window.
    expect(prunedAt(medianPruner({ intervalSteps: 2 }, 'min'), running.lateDip, finished)).toBeNull()
    expect(prunedAt(medianPruner({ intervalSteps: 2 }, 'min'), running.badStart, finished)).toBe(1)
  })

  it('needs nMinTrials finished values at exactly the step', () => {
    // Finished trials reported at steps 1–4; a trial reporting at step 5 or 2.5 has nothing to compare.
    const late = curve('L', [0.5, 1.5], 'running', [1, 5])
    const between = curve('M', [0.5, 1.5], 'running', [1, 2.5])
    expect(prunedAt(medianPruner({}, 'min'), late, finished)).toBeNull()
    expect(prunedAt(medianPruner({}, 'min'), between, finished)).toBeNull()
    // One finished trial got to step 5 with 0.2: the best so far, 0.5, is worse.
    const one = [...finished, curve('F', [0.1, 0.1, 0.1, 0.1, 0.2], 'complete', [1, 2, 3, 4, 5])]
    expect(prunedAt(medianPruner({}, 'min'), late, one)).toBe(5)
    expect(prunedAt(medianPruner({}, 'min'), between, one)).toBeNull()
    expect(prunedAt(medianPruner({ nMinTrials: 2 }, 'min'), late, one)).toBeNull()
  })

  it('prunes a trial that has reported nothing finite', () => {
    const pruner = medianPruner({}, 'min')
    expect(pruner(curve('N', [NaN], 'running'), finished)).toEqual({ prune: true, reason: { code: 'nonFinite', values: { step: 1, value: 'NaN' } } })
    expect(pruner(curve('N', [NaN, 0.5], 'running'), finished).prune).toBe(false)
  })

  it('names each bad option', () => {
    expect(() => medianPruner({ nStartupTrials: -1, intervalSteps: 0 }, 'min')).toThrow(/pruner.nStartupTrials.*pruner.intervalSteps/)
  })
})
