/** Two studies sharing one engine's trainers: the one of higher priority starts its trials first. */
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
const owner = { pid: process.pid, start: null, instance: 'priority-test' }

describe('study priorities', () => {
  it('gives each freed trainer to the study of higher priority, and the other goes on after', async () => {
    const store = openTestStore(tempStoreFile())
    const events = createEventBus()
    const { runs, seen } = standInRuns(store, events, 8, new Rng(4), () => [1, 0.5, 0.25])
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
    const make = (name: string, priority: number) => {
      const checked = checkStudy(
        parseStudyDefinition({
          name,
          trainer: 'mlp',
          dataset: '/data/blobs.csv',
          space: { params: { 'optimizer.lr': { type: 'float', low: 0.001, high: 0.1, log: true } } },
          design: { method: 'lhs', n: 6 },
          seed: 1,
          priority
        }),
        trainers
      )
      const experimentId = store.experiments.create({ name }).id
      const study = store.studies.create({ experimentId, name, trainer: 'mlp', definition: checked.definition })
      store.studies.enqueue(study.id, planTrials(checked))
      return study.id
    }
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
