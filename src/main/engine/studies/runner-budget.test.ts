/** Budgets and an engine closing under a running study, on a real store with stand-in runs. */
import { describe, expect, it } from 'vitest'
import type { StudyDefinitionInput } from '../../../shared/api'
import { Rng } from '../random'
import type { Store } from '../store'
import { openTestStore, tempStoreFile } from '../store/testing'
import { lrStudy, queueStudy, standInStudyRunner } from './testing'

function setUp(extra: Partial<StudyDefinitionInput>, steps: number, store: Store = openTestStore(tempStoreFile())) {
  const curve = () => Array.from({ length: steps }, (_, i) => 1 / (i + 1))
  const { runner } = standInStudyRunner({ store, instance: `budget-${Math.random()}`, cap: 4, rng: new Rng(3), curve, maxConcurrentRuns: 4 })
  const { study } = queueStudy(store, lrStudy({ name: 'budget', design: { method: 'lhs', n: 6 }, seed: 2, ...extra }), `e${Math.random()}`)
  return { store, runner, id: study.id }
}

describe('study budgets', () => {
  it('stops at maxTrials: the trials beyond it are cancelled, saying why', async () => {
    const { store, runner, id } = setUp({ budget: { maxTrials: 3 }, concurrency: 2 }, 3)
    await runner.start(id)
    await runner.idle(id)
    expect(store.studies.counts(id)).toMatchObject({ finished: 3, cancelled: 3, queued: 0, running: 0 })
    expect(store.studies.get(id)).toMatchObject({ status: 'finished', statusMessage: 'budget of 3 trials reached', statusCoded: { code: 'studies.status.budgetTrials', values: { max: 3 } } })
    expect(store.studies.trials(id, { status: 'cancelled' }).map((t) => t.message)).toEqual(Array(3).fill('budget of 3 trials reached'))
  })

  it('stops launching at maxWallSeconds and lets the running trial end', async () => {
    const { store, runner, id } = setUp({ budget: { maxWallSeconds: 0.05 }, concurrency: 1 }, 40)
    await runner.start(id)
    await runner.idle(id)
    const counts = store.studies.counts(id)
    expect(counts.finished).toBeGreaterThanOrEqual(1)
    expect(counts.finished).toBeLessThan(6)
    expect(counts.finished + counts.cancelled).toBe(6)
    expect(store.studies.get(id)).toMatchObject({ status: 'finished', statusMessage: 'budget of 0.05 s reached' })
    expect(store.studies.get(id)!.elapsedMs).toBeGreaterThanOrEqual(50)
  })
})

describe('an engine closing under a study', () => {
  it('pauses it with its running trials queued again; the next engine runs exactly the rest', async () => {
    // Long trials, and close only once one is running: a loaded machine may take a while to start it.
    const first = setUp({ concurrency: 2 }, 300)
    await first.runner.start(first.id)
    while (!first.store.studies.trials(first.id).some((t) => t.status === 'running' && t.runId !== null)) await new Promise((r) => setTimeout(r, 5))
    await first.runner.close()
    const { store, id } = first
    const paused = store.studies.counts(id)
    expect(store.studies.get(id)).toMatchObject({ status: 'paused', lease: { instance: null } })
    expect(paused.running).toBe(0)
    expect(paused.queued + paused.finished).toBe(6)
    const stopped = store.studies.trials(id).filter((t) => t.status === 'queued' && t.runId !== null)
    expect(stopped.length).toBeGreaterThan(0)
    const again = setUp({}, 30, store)
    await again.runner.start(id)
    await again.runner.idle(id)
    expect(store.studies.counts(id)).toMatchObject({ finished: 6, queued: 0, running: 0 })
    // Stopped trials resumed their own runs: one run per trial, none left behind.
    const trials = store.studies.trials(id)
    expect(new Set(trials.map((t) => t.runId)).size).toBe(6)
    for (const t of stopped) expect(store.studies.getTrial(t.id)).toMatchObject({ runId: t.runId, attempts: 2 })
  })
})
