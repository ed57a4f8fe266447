/**
 * What a closing engine leaves of a study: it comes back paused, never resumed by itself, and its
 * running trials are settled by the study's onEngineStop as a killed engine's would be.
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
const owner = { pid: process.pid, start: null, instance: 'closing-engine' }

async function closeWhileRunning(onEngineStop: 'requeue' | 'fail') {
  const store = openTestStore(tempStoreFile())
  const events = createEventBus()
  // Runs report a long curve, so both are still running when the engine closes.
  const { runs } = standInRuns(store, events, 2, new Rng(1), () => new Array<number>(5000).fill(1))
  const runner = createStudyRunner({
    store,
    events,
    owner,
    runs,
    trainers: () => trainers,
    maxConcurrentRuns: 2,
    samplers: {},
    isHeld: async (lease) => lease.instance === owner.instance,
    sweepRuns: async () => undefined
  })
  const checked = checkStudy(
    parseStudyDefinition({
      name: 's',
      trainer: 'mlp',
      dataset: '/data/blobs.csv',
      space: { params: { 'optimizer.lr': { type: 'float', low: 0.001, high: 0.1, log: true } } },
      design: { method: 'lhs', n: 4 },
      seed: 1,
      concurrency: 2,
      onEngineStop
    }),
    trainers
  )
  const experimentId = store.experiments.create({ name: 'e' }).id
  const study = store.studies.create({ experimentId, name: 's', trainer: 'mlp', definition: checked.definition })
  store.studies.enqueue(study.id, planTrials(checked))
  await runner.start(study.id)
  expect(store.studies.counts(study.id).running).toBe(2)
  await runner.close()
  return { store, study }
}

describe('a closing engine', () => {
  it('queues the running trials again under onEngineStop: requeue, and leaves the study paused', async () => {
    const { store, study } = await closeWhileRunning('requeue')
    expect(store.studies.trials(study.id).map((t) => t.status)).toEqual(['queued', 'queued', 'queued', 'queued'])
    expect(store.studies.trials(study.id).map((t) => t.device)).toEqual(['cpu', 'cpu', null, null])
    expect(store.studies.get(study.id)).toMatchObject({ status: 'paused', lease: { instance: null } })
  })

  it('fails them under onEngineStop: fail, and leaves the study paused', async () => {
    const { store, study } = await closeWhileRunning('fail')
    expect(store.studies.trials(study.id).map((t) => [t.status, t.message])).toEqual([
      ['failed', 'its engine stopped while it ran'],
      ['failed', 'its engine stopped while it ran'],
      ['queued', null],
      ['queued', null]
    ])
    expect(store.studies.get(study.id)!.status).toBe('paused')
  })
})
