/** Two studies sharing one engine's trainers: the one of higher priority starts its trials first. */
import { describe, expect, it } from 'vitest'
import { Rng } from '../random'
import { openTestStore, tempStoreFile } from '../store/testing'
import { lrStudy, queueStudy, standInStudyRunner } from './testing'

describe('study priorities', () => {
  it('gives each freed trainer to the study of higher priority, and the other goes on after', async () => {
    const store = openTestStore(tempStoreFile())
    const { runner, seen } = standInStudyRunner({ store, instance: 'priority-test', cap: 8, rng: new Rng(4), curve: () => [1, 0.5, 0.25], maxConcurrentRuns: 2 })
    const make = (name: string, priority: number) => queueStudy(store, lrStudy({ name, design: { method: 'lhs', n: 6 }, priority }), name).study.id
    const low = make('low', 0)
    const high = make('high', 5)
    await runner.start(low)
    await runner.start(high)
    await Promise.all([runner.idle(low), runner.idle(high)])
    expect(seen.maxRunning).toBeLessThanOrEqual(2)
    const startOf = (id: number) => store.studies.trials(id).map((t) => store.runs.get(t.runId!)!.startedAt!)
    const lowStarts = startOf(low).sort((a, b) => a - b)
    // The low study took both trainers before the high one existed; after that, every high trial
    // started before the low study's third.
    expect(Math.max(...startOf(high))).toBeLessThanOrEqual(lowStarts[2])
    expect(store.studies.counts(low).finished).toBe(6)
    expect(store.studies.counts(high).finished).toBe(6)
  })
})
