/**
 * The runner's caps under random loads: several studies at once on a real store, their runs
 * played by a stand-in for the runs pipeline that holds the engine's cap as the run queue does
 * and ends runs after random short times. Pauses, resumes and cancels land at random moments.
 * Trials sweep `runtime.device` and `runtime.threads` over a CPU thread budget and fake GPUs.
 */
import { describe, expect, it } from 'vitest'
import type { TrainerInfo } from '../../../shared/api'
import type { Gpu } from '../devices/gpus'
import { createEventBus } from '../events'
import { Rng } from '../random'
import { openTestStore, tempStoreFile } from '../store/testing'
import { trainerDefinitions } from '../trainers/registry'
import { checkStudy, parseStudyDefinition } from './definition'
import { planTrials } from './plan'
import { createStudyRunner, type TrialRuns } from './runner'
import { createDeviceSlots } from './slots'
import { standInRuns } from './testing'
import { tpeSampler } from './tpe-adapter'

// The machine has CUDA, so 'cuda' is a device a trial may ask for; 'cpu' trials share the thread budget.
const trainers: Record<string, TrainerInfo> = Object.fromEntries(Object.entries(trainerDefinitions).map(([id, d]) => [id, d.info(['cuda', 'cpu'])]))
const ENDED = new Set(['finished', 'failed', 'crashed', 'diverged', 'cancelled', 'interrupted'])

/**
 * Wraps the stand-in's start and resume to follow every run from its start to its end with the
 * device slot it was given: the most CPU threads held at once, and the most runs on one GPU.
 */
function watchPlacements(runs: TrialRuns, store: ReturnType<typeof openTestStore>, events: ReturnType<typeof createEventBus>) {
  const live = new Map<number, { slot: string; threads: number }>()
  const seen = { maxThreads: 0, maxOnOneGpu: 0, unplaced: 0, gpuRuns: 0 }
  const hold = (runId: number, slot: string | undefined, config: Record<string, unknown>) => {
    if (!slot) seen.unplaced += 1
    if (slot && slot !== 'cpu') seen.gpuRuns += 1
    const threads = typeof config['runtime.threads'] === 'number' ? config['runtime.threads'] : 1
    live.set(runId, { slot: slot ?? '?', threads })
    const all = [...live.values()]
    seen.maxThreads = Math.max(seen.maxThreads, all.filter((p) => p.slot === 'cpu').reduce((n, p) => n + p.threads, 0))
    for (const p of all) if (p.slot !== 'cpu') seen.maxOnOneGpu = Math.max(seen.maxOnOneGpu, all.filter((q) => q.slot === p.slot).length)
  }
  // Called once the runner has subscribed: a run's end is then seen here before the runner's next launch.
  const follow = () =>
    events.subscribe((name, payload) => {
      const run = payload as { id: number; status: string }
      if (name === 'run.updated' && ENDED.has(run.status)) live.delete(run.id)
    })
  const placed: TrialRuns = {
    ...runs,
    'runs.start': async (input, device) => {
      const run = await runs['runs.start'](input)
      hold(run.id, device?.slot, input.config)
      return run
    },
    'runs.resume': async (input, device) => {
      const run = await runs['runs.resume'](input)
      hold(run.id, device?.slot, store.runs.get(run.id)!.config)
      return run
    }
  }
  return { placed, seen, follow }
}
const owner = { pid: process.pid, start: null, instance: 'caps-test' }

async function randomCase(seed: number) {
  const rng = new Rng(seed)
  const store = openTestStore(tempStoreFile())
  const events = createEventBus()
  const globalCap = 1 + rng.int(4)
  const threadBudget = 3 + rng.int(4)
  const gpus: Gpu[] = Array.from({ length: rng.int(3) }, (_, index) => ({ index, name: `Fake GPU ${index}`, vendor: 'nvidia', provider: 'cuda' }))
  const { runs, seen } = standInRuns(store, events, globalCap, rng)
  const { placed, seen: placements, follow } = watchPlacements(runs, store, events)
  const runner = createStudyRunner({
    store,
    events,
    owner,
    runs: placed,
    trainers: () => trainers,
    maxConcurrentRuns: globalCap,
    slots: createDeviceSlots({ threadBudget, gpus, providers: ['cuda', 'cpu'] }),
    samplers: { tpe: tpeSampler() },
    isHeld: async (lease) => lease.instance === owner.instance,
    sweepRuns: async () => undefined
  })
  follow()
  const studies = Array.from({ length: 1 + rng.int(3) }, (_, k) => {
    const concurrency = rng.next() < 0.25 ? undefined : 1 + rng.int(3)
    const definition = parseStudyDefinition({
      name: `s${k}`,
      trainer: 'mlp',
      dataset: '/data/blobs.csv',
      space: {
        params: {
          'optimizer.lr': { type: 'float', low: 0.001, high: 0.1, log: true },
          'model.hidden_size': { type: 'int', low: 4, high: 64 },
          'runtime.device': { type: 'categorical', choices: ['cpu', 'cuda', 'auto'] },
          'runtime.threads': { type: 'int', low: 1, high: 3 }
        }
      },
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
  return { studies, seen, globalCap, maxLedgerRunning, cancelled, store, threadBudget, gpus, placements }
}

describe('the runner under random loads', () => {
  it('never runs more trials than a study allows or trainers than the engine allows, and finishes every planned trial', async () => {
    let onGpus = 0
    for (let seed = 1; seed <= 40; seed++) {
      const { studies, seen, globalCap, maxLedgerRunning, cancelled, store, threadBudget, gpus, placements } = await randomCase(seed)
      expect(seen.maxRunning, `seed ${seed}`).toBeLessThanOrEqual(globalCap)
      expect(placements.unplaced, `seed ${seed}`).toBe(0)
      expect(placements.maxThreads, `seed ${seed}`).toBeLessThanOrEqual(threadBudget)
      expect(placements.maxOnOneGpu, `seed ${seed}`).toBeLessThanOrEqual(1)
      onGpus += placements.gpuRuns
      for (const s of studies) {
        expect(maxLedgerRunning.get(s.id) ?? 0, `seed ${seed} study ${s.id}`).toBeLessThanOrEqual(s.cap)
        expect(seen.maxByExperiment.get(s.experimentId) ?? 0, `seed ${seed} study ${s.id}`).toBeLessThanOrEqual(s.cap)
        const counts = store.studies.counts(s.id)
        expect(counts.running + counts.queued, `seed ${seed} study ${s.id}`).toBe(0)
        if (s.id === cancelled) continue
        expect(store.studies.get(s.id)!.status, `seed ${seed} study ${s.id}`).toBe('finished')
        expect(counts.finished, `seed ${seed} study ${s.id}`).toBe(s.planned)
        // Each trial ran where its device asked: a GPU for cuda and auto while the machine has one, else the CPU.
        for (const t of store.studies.trials(s.id)) {
          const wantsGpu = t.params['runtime.device'] !== 'cpu' && gpus.length > 0
          expect(t.device, `seed ${seed} trial ${t.id}`).toMatch(wantsGpu ? /^cuda:[01]$/ : /^cpu$/)
        }
      }
    }
    // The GPU rule was put to the test: many runs went to the fake GPUs.
    expect(onGpus).toBeGreaterThan(20)
  }, 60_000)
})
