/**
 * A pause or cancel that lands while a trial's run is still being started: the run, once it
 * exists, is stopped at once, the study ends only after it, and no trial is left running.
 */
import { describe, expect, it } from 'vitest'
import { createEventBus } from '../events'
import { Rng } from '../random'
import type { RunOwner } from '../store'
import { openTestStore, tempStoreFile } from '../store/testing'
import { lrStudy, queueStudy, standInRuns, testStudyRunner } from './testing'

/** A runner whose first `runs.start` waits until `release` is called; `starting` resolves when it is asked. */
function slowStart() {
  const store = openTestStore(tempStoreFile())
  const events = createEventBus()
  const owner: RunOwner = { pid: process.pid, start: null, instance: 'slow-start' }
  const { runs } = standInRuns(store, events, 2, new Rng(2), () => new Array<number>(5000).fill(1))
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  let asked!: () => void
  const starting = new Promise<void>((resolve) => (asked = resolve))
  let first = true
  const slow: typeof runs = {
    ...runs,
    'runs.start': async (input) => {
      if (first) {
        first = false
        asked()
        await gate
      }
      return runs['runs.start'](input)
    }
  }
  const runner = testStudyRunner({ store, events, owner, runs: slow, maxConcurrentRuns: 1 })
  return { store, runner, release, starting }
}

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 5))
  expect(ok()).toBe(true)
}

describe('stopping a study while a trial starts', () => {
  it('pauses only after the starting run is stopped, and queues that trial again', async () => {
    const { store, runner, release, starting } = slowStart()
    const { study } = queueStudy(store, lrStudy({ concurrency: 1 }), 'e')
    const started = runner.start(study.id)
    await starting
    const paused = await runner.pause(study.id)
    // The run is not there yet: the study waits for it rather than leaving it behind.
    expect(paused.status).toBe('running')
    release()
    await started
    await until(() => store.studies.get(study.id)!.status === 'paused')
    expect(store.studies.counts(study.id).running).toBe(0)
    expect(store.studies.trials(study.id).map((t) => t.status)).toEqual(['queued', 'queued', 'queued', 'queued'])
    const runId = store.studies.trials(study.id)[0].runId!
    expect(store.runs.get(runId)!.status).toBe('cancelled')
    expect(runner.isRunning(study.id)).toBe(false)
  })

  it('cancels the starting trial with the study', async () => {
    const { store, runner, release, starting } = slowStart()
    const { study } = queueStudy(store, lrStudy({ concurrency: 1 }), 'e')
    const started = runner.start(study.id)
    await starting
    await runner.cancel(study.id)
    release()
    await started
    await until(() => store.studies.get(study.id)!.status === 'cancelled')
    expect(store.studies.trials(study.id).map((t) => t.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled'])
  })
})
