/**
 * Pruning through the runner on a constructed case: trials report known curves one step at a
 * time, one trial at a time, and the median rule's verdicts can be worked out by hand.
 */
import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { openTestStore, tempStoreFile } from '../store/testing'
import { lrStudy, queueStudy, standInStudyRunner } from './testing'

describe('pruning in the runner', () => {
  it('prunes exactly the trials the median rule names, at the step it names, and stops their runs', async () => {
    const store = openTestStore(tempStoreFile())
    // val/loss at step s is a + 1/s with a = |log10(lr) + 2|: the grid's lr levels 1e-4 … 1 give
    // a = 2, 1.2, 0.4, 0.4, 1.2, 2, in that order.
    const curve = (config: Record<string, unknown>) => {
      const a = Math.abs(Math.log10(config['optimizer.lr'] as number) + 2)
      return [1, 2, 3, 4, 5].map((s) => a + 1 / s)
    }
    const { runner } = standInStudyRunner({ store, instance: 'pruning-test', cap: 4, rng: new Rng(1), curve, maxConcurrentRuns: 4 })
    const definition = lrStudy({
      name: 'prune',
      space: { params: { 'optimizer.lr': { type: 'float', low: 0.0001, high: 1, log: true } } },
      design: { method: 'grid', n: 6 },
      objective: { metric: 'val/loss', direction: 'min', value: 'last' },
      pruner: { type: 'median', nStartupTrials: 2 },
      concurrency: 1
    })
    const { study } = queueStudy(store, definition, 'e')
    await runner.start(study.id)
    await runner.idle(study.id)
    const trials = store.studies.trials(study.id)
    // Trials 0 and 1 are the start-up; 2 and 3 (1.4 at step 1) beat the median of those before
    // them; 4 (2.2) and 5 (3) are worse than the median 1.8 of the four finished at step 1.
    expect(trials.map((t) => [t.status, t.prunedStep])).toEqual([
      ['finished', null],
      ['finished', null],
      ['finished', null],
      ['finished', null],
      ['pruned', 1],
      ['pruned', 1]
    ])
    expect(trials[4].message).toBe('Pruned at step 1: its best value so far, 2.2, is worse than the median 1.8 of 4 finished trials at that step.')
    expect(trials[4].messageCoded).toEqual({ code: 'studies.pruned.median', values: { step: '1', best: '2.2', median: '1.8', trials: '4' } })
    expect(trials[4].objective).toBeCloseTo(2.2)
    for (const t of trials.slice(4)) expect(store.runs.get(t.runId!)!.status).toBe('cancelled')
    expect(store.studies.get(study.id)).toMatchObject({ status: 'finished' })
    expect(store.studies.counts(study.id)).toMatchObject({ finished: 4, pruned: 2 })
  })
})
