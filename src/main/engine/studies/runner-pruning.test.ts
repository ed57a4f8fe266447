/**
 * Pruning through the runner on a constructed case: trials report known curves one step at a
 * time, one trial at a time, and the median rule's verdicts can be worked out by hand.
 */
import { describe, expect, it } from 'vitest'
import type { TrainerInfo } from '../../../shared/api'
import { createEventBus } from '../events'
import { Rng } from '../random'
import { openTestStore, tempStoreFile } from '../store/testing'
import { trainerDefinitions } from '../trainers/registry'
import { checkStudy, parseStudyDefinition } from './definition'
import { planTrials } from './plan'
import { createStudyRunner } from './runner'
import { standInRuns } from './testing'

const trainers: Record<string, TrainerInfo> = Object.fromEntries(Object.entries(trainerDefinitions).map(([id, d]) => [id, d.info(['cpu'])]))
const owner = { pid: process.pid, start: null, instance: 'pruning-test' }

describe('pruning in the runner', () => {
  it('prunes exactly the trials the median rule names, at the step it names, and stops their runs', async () => {
    const store = openTestStore(tempStoreFile())
    const events = createEventBus()
    // val/loss at step s is a + 1/s with a = |log10(lr) + 2|: the grid's lr levels 1e-4 … 1 give
    // a = 2, 1.2, 0.4, 0.4, 1.2, 2, in that order.
    const curve = (config: Record<string, unknown>) => {
      const a = Math.abs(Math.log10(config['optimizer.lr'] as number) + 2)
      return [1, 2, 3, 4, 5].map((s) => a + 1 / s)
    }
    const { runs } = standInRuns(store, events, 4, new Rng(1), curve)
    const runner = createStudyRunner({
      store,
      events,
      owner,
      runs,
      trainers: () => trainers,
      maxConcurrentRuns: 4,
      samplers: {},
      isHeld: async (lease) => lease.instance === owner.instance,
      sweepRuns: async () => undefined
    })
    const checked = checkStudy(
      parseStudyDefinition({
        name: 'prune',
        trainer: 'mlp',
        dataset: '/data/blobs.csv',
        space: { params: { 'optimizer.lr': { type: 'float', low: 0.0001, high: 1, log: true } } },
        design: { method: 'grid', n: 6 },
        objective: { metric: 'val/loss', direction: 'min', value: 'last' },
        pruner: { type: 'median', nStartupTrials: 2 },
        concurrency: 1,
        seed: 1
      }),
      trainers
    )
    const experimentId = store.experiments.create({ name: 'e' }).id
    const study = store.studies.create({ experimentId, name: 'prune', trainer: 'mlp', definition: checked.definition })
    store.studies.enqueue(study.id, planTrials(checked))
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
