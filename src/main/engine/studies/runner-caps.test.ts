/**
 * The runner's caps under random loads: several studies at once on a real store, their runs
 * played by a stand-in for the runs pipeline that holds the engine's cap as the run queue does
 * and ends runs after random short times. Pauses, resumes and cancels land at random moments.
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
import { tpeSampler } from './tpe-adapter'

const trainers: Record<string, TrainerInfo> = Object.fromEntries(Object.entries(trainerDefinitions).map(([id, d]) => [id, d.info(['cpu'])]))
const owner = { pid: process.pid, start: null, instance: 'caps-test' }

async function randomCase(seed: number) {
  const rng = new Rng(seed)
  const store = openTestStore(tempStoreFile())
  const events = createEventBus()
  const globalCap = 1 + rng.int(4)
  const { runs, seen } = standInRuns(store, events, globalCap, rng)
  const runner = createStudyRunner({
    store,
    events,
    owner,
    runs,
    trainers: () => trainers,
    maxConcurrentRuns: globalCap,
    samplers: { tpe: tpeSampler() },
    isHeld: async (lease) => lease.instance === owner.instance,
    sweepRuns: async () => undefined
  })
  const studies = Array.from({ length: 1 + rng.int(3) }, (_, k) => {
    const concurrency = rng.next() < 0.25 ? undefined : 1 + rng.int(3)
    const definition = parseStudyDefinition({
      name: `s${k}`,
      trainer: 'mlp',
      dataset: '/data/blobs.csv',
      space: { params: { 'optimizer.lr': { type: 'float', low: 0.001, high: 0.1, log: true }, 'model.hidden_size': { type: 'int', low: 4, high: 64 } } },
      design: { method: rng.next() < 0.3 ? 'tpe' : 'lhs', n: 3 + rng.int(6) },
      repeats: 1 + rng.int(2),
      seed: seed * 10 + k,
      concurrency
    })
    const checked = checkStudy(definition, trainers)
    const experimentId = store.experiments.create({ name: `e${k}` }).id
    const study = store.studies.create({ experimentId, name: `s${k}`, trainer: 'mlp', definition: checked.definition })
    store.studies.enqueue(study.id, planTrials(checked))
    return { id: study.id, experimentId, cap: Math.min(concurrency ?? Infinity, globalCap), planned: definition.design.n * definition.repeats }
  })
  // The ledger's running trials of each study, after every change the runner announces.
  const maxLedgerRunning = new Map<number, number>()
  events.subscribe((name, payload) => {
    if (name !== 'studies.changed') return
    const { id } = payload as { id: number }
    maxLedgerRunning.set(id, Math.max(maxLedgerRunning.get(id) ?? 0, store.studies.counts(id).running))
  })
  for (const s of studies) await runner.start(s.id)
  const cancelled = rng.next() < 0.3 ? studies[rng.int(studies.length)].id : null
  const paused = rng.next() < 0.5 ? studies[rng.int(studies.length)].id : null
  await new Promise((r) => setTimeout(r, rng.int(20)))
  if (paused !== null && paused !== cancelled && runner.isRunning(paused)) {
    await runner.pause(paused)
    await runner.idle(paused)
    await runner.start(paused)
  }
  if (cancelled !== null && runner.isRunning(cancelled)) await runner.cancel(cancelled)
  for (const s of studies) await runner.idle(s.id)
  return { studies, seen, globalCap, maxLedgerRunning, cancelled, store }
}

describe('the runner under random loads', () => {
  it('never runs more trials than a study allows or trainers than the engine allows, and finishes every planned trial', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { studies, seen, globalCap, maxLedgerRunning, cancelled, store } = await randomCase(seed)
      expect(seen.maxRunning, `seed ${seed}`).toBeLessThanOrEqual(globalCap)
      for (const s of studies) {
        expect(maxLedgerRunning.get(s.id) ?? 0, `seed ${seed} study ${s.id}`).toBeLessThanOrEqual(s.cap)
        expect(seen.maxByExperiment.get(s.experimentId) ?? 0, `seed ${seed} study ${s.id}`).toBeLessThanOrEqual(s.cap)
        const counts = store.studies.counts(s.id)
        expect(counts.running + counts.queued, `seed ${seed} study ${s.id}`).toBe(0)
        if (s.id === cancelled) continue
        expect(store.studies.get(s.id)!.status, `seed ${seed} study ${s.id}`).toBe('finished')
        expect(counts.finished, `seed ${seed} study ${s.id}`).toBe(s.planned)
      }
    }
  }, 60_000)
})
