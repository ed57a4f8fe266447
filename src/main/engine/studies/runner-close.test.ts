/**
 * What a closing engine leaves of a study: it comes back paused, never resumed by itself, and its
 * running trials are settled by the study's onEngineStop as a killed engine's would be.
 */
import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { openTestStore, tempStoreFile } from '../store/testing'
import { lrStudy, queueStudy, standInStudyRunner } from './testing'

async function closeWhileRunning(onEngineStop: 'requeue' | 'fail') {
  const store = openTestStore(tempStoreFile())
  // Runs report a long curve, so both are still running when the engine closes.
  const { runner } = standInStudyRunner({ store, instance: 'closing-engine', cap: 2, rng: new Rng(1), curve: () => new Array<number>(5000).fill(1), maxConcurrentRuns: 2 })
  const { study } = queueStudy(store, lrStudy({ concurrency: 2, onEngineStop }), 'e')
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
