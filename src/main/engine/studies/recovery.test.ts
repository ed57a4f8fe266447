/**
 * What a restarted engine makes of trials a killed engine left running, on a real store: the run
 * each one had decides, then the study's onEngineStop policy.
 */
import { describe, expect, it } from 'vitest'
import type { EngineApi } from '../../../shared/api'
import { createEventBus } from '../events'
import type { Store } from '../store'
import { newRun, openTestStore, tempStoreFile } from '../store/testing'
import { createStudyRunner } from './runner'
import { cpuTrainers, lrStudy, queueStudy, testStudyRunner } from './testing'
const dead = { pid: 2 ** 22 + 17, start: 'gone', instance: 'killed-engine' }
const self = { pid: process.pid, start: null, instance: 'restarted-engine' }

function setUp(onEngineStop: 'requeue' | 'fail') {
  const store = openTestStore(tempStoreFile())
  const { study } = queueStudy(store, lrStudy({ onEngineStop }), 'e')
  const { experimentId } = study
  // The killed engine held the study and four trials: one before its run started, one whose run
  // finished, one whose run crashed, one whose run was interrupted by the kill.
  store.studies.setLease(study.id, dead, store.studies.get(study.id)!.lease)
  store.studies.update(study.id, { status: 'running' })
  const trials = [0, 1, 2, 3].map(() => store.studies.claimNext(study.id, dead)!)
  const runWith = (status: 'finished' | 'crashed' | 'interrupted', loss?: number) => {
    const run = store.runs.insert(newRun(experimentId, { owner: dead }))
    if (loss !== undefined) store.metrics.append(run.id, [{ name: 'val/loss', step: 3, value: loss, time: 1 }])
    store.runs.update(run.id, { status, endedAt: 2, statusMessage: status === 'crashed' ? 'exit 3' : null })
    return run.id
  }
  const runIds = [null, runWith('finished', 0.25), runWith('crashed'), runWith('interrupted')]
  trials.forEach((t, i) => store.studies.updateTrial(t.id, { runId: runIds[i] }))
  return { store, study, runIds }
}

function restartedRunner(store: Store) {
  const none = async () => {
    throw new Error('no run starts while recovering')
  }
  const runs = { 'runs.start': none, 'runs.resume': none, 'runs.cancel': none, 'runs.delete': none } as unknown as Pick<EngineApi, 'runs.start' | 'runs.resume' | 'runs.cancel' | 'runs.delete'>
  return testStudyRunner({ store, events: createEventBus(), owner: self, runs, maxConcurrentRuns: 2 })
}

describe('recovery after a killed engine', () => {
  it('requeues trials whose run never ended well, keeps finished ones, and pauses the study', async () => {
    const { store, study, runIds } = setUp('requeue')
    await restartedRunner(store).recover()
    const after = store.studies.trials(study.id)
    expect(after.map((t) => [t.status, t.objective])).toEqual([
      ['queued', null],
      ['finished', 0.25],
      ['failed', null],
      ['queued', null]
    ])
    expect(after[2].message).toBe(`run ${runIds[2]} crashed: exit 3`)
    // The interrupted trial keeps its run, which the next launch resumes from its checkpoint.
    expect(after.map((t) => t.runId)).toEqual(runIds)
    expect(store.studies.listRunning()).toEqual([])
    expect(store.studies.get(study.id)).toMatchObject({ status: 'paused', lease: { pid: null, instance: null } })
  })

  it('fails them instead under onEngineStop: fail', async () => {
    const { store, study } = setUp('fail')
    await restartedRunner(store).recover()
    expect(store.studies.trials(study.id).map((t) => [t.status, t.message])).toEqual([
      ['failed', 'its engine stopped before its run started'],
      ['finished', null],
      ['failed', expect.stringMatching(/crashed: exit 3$/)],
      ['failed', 'its engine stopped while it ran']
    ])
  })

  it('leaves a study and its trials alone while the engine that holds them lives', async () => {
    const { store, study } = setUp('requeue')
    const runner = createStudyRunner({
      ...{ store, events: createEventBus(), owner: self, trainers: () => cpuTrainers, maxConcurrentRuns: 2, samplers: {} },
      runs: {} as Pick<EngineApi, 'runs.start' | 'runs.resume' | 'runs.cancel' | 'runs.delete'>,
      isHeld: async () => true,
      sweepRuns: async () => undefined
    })
    await runner.recover()
    expect(store.studies.counts(study.id).running).toBe(4)
    expect(store.studies.get(study.id)!.status).toBe('running')
    await expect(runner.start(study.id)).rejects.toThrow(/being run by another ParamScope process/)
  })
})
