import { describe, expect, it } from 'vitest'
import { StudyDefinition } from '../../../shared/schemas/studies'
import { newRun, openTestStore, tempStoreFile } from '../store/testing'
import { createStudyPruning } from './pruning'
import { trialHash } from './trial-hash'

describe('study pruning', () => {
  it('judges each report of a batch in turn and names the step that pruned', () => {
    const store = openTestStore(tempStoreFile())
    const experimentId = store.experiments.create({ name: 'e' }).id
    const definition = StudyDefinition.parse({
      name: 's',
      trainer: 'mlp',
      dataset: '/d.csv',
      space: { params: {} },
      design: { method: 'random', n: 3 },
      pruner: { type: 'median', nStartupTrials: 2 }
    })
    const study = store.studies.create({ experimentId, name: 's', trainer: 'mlp', definition })
    store.studies.enqueue(study.id, [0.1, 0.2, 0.3].map((lr) => ({ params: { lr }, repeat: 0, seed: 1, hash: trialHash({ lr }, 0) })))
    const [a, b, c] = store.studies.trials(study.id)
    for (const [trial, values] of [[a, [1, 0.5]], [b, [1.2, 0.6]]] as const) {
      const run = store.runs.insert(newRun(experimentId))
      store.metrics.append(run.id, values.map((value, i) => ({ name: 'val/loss', step: i + 1, value, time: i })))
      store.studies.updateTrial(trial.id, { status: 'finished', runId: run.id })
    }
    const pruning = createStudyPruning(store, study.id, definition)!
    const run = store.runs.insert(newRun(experimentId))
    const running = store.studies.updateTrial(c.id, { status: 'running', runId: run.id })
    pruning.started(running, run.id)
    // Worse than the median (1.1) at step 1; at step 2 its best (0.3) would beat the median 0.55.
    const series = { 'val/loss': { steps: [1, 2], values: [2, 0.3], times: [0, 1] } }
    expect(pruning.report(running, series)).toMatchObject({ step: 1, value: 2, reason: { code: 'median', values: { step: 1 } } })
  })
})
