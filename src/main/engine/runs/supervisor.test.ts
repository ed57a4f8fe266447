import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Config, Run } from '../../../shared/api'
import { createEventBus } from '../events'
import { openStore, type Store } from '../store'
import { createNodeLauncher } from './node-launcher'
import { markOrphanedRuns } from './orphans'
import { createSupervisor, type Supervisor } from './supervisor'

const fixture = join(__dirname, 'fixtures', 'scripted-trainer.ts')

let dir: string
let store: Store
let supervisor: Supervisor
let updates: Run[]

function until(check: () => boolean, timeoutMs = 15000): Promise<void> {
  const start = Date.now()
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve()
      else if (Date.now() - start > timeoutMs) reject(new Error('timed out waiting'))
      else setTimeout(tick, 20)
    }
    tick()
  })
}

function launch(mode: string, points?: number): Run {
  const experiment = store.experiments.get(1) ?? store.experiments.create({ name: 'supervision', description: '' })
  const config: Config = points === undefined ? { 'fixture.mode': mode } : { 'fixture.mode': mode, 'fixture.points': points }
  const run = store.runs.insert({
    experimentId: experiment.id,
    name: mode,
    trainer: 'fixture',
    trainerVersion: '0',
    engineVersion: '0',
    config,
    datasetPath: null,
    datasetHash: null,
    seed: 1,
    ownerPid: process.pid
  })
  return supervisor.launch(run, { runId: run.id, trainer: 'fixture', config, datasetPath: '', workDir: dir, providers: ['cpu'] })
}

const ended = (id: number) => () => {
  const s = store.runs.get(id)!.status
  return s !== 'running' && s !== 'queued'
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-supervisor-'))
  store = openStore(join(dir, 'test.db'))
  const events = createEventBus()
  updates = []
  events.subscribe((name, payload) => {
    if (name === 'run.updated') updates.push(payload as Run)
  })
  supervisor = createSupervisor({
    store,
    launcher: createNodeLauncher(['--import', 'tsx']),
    events,
    trainerEntry: fixture,
    cancelGraceMs: 300,
    flushMs: 20
  })
})

afterEach(async () => {
  await supervisor.shutdown()
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('supervisor', () => {
  it('records a finished run with every metric point and its log', async () => {
    const run = launch('cooperative', 40)
    expect(run.status).toBe('running')
    await until(ended(run.id))
    const final = store.runs.get(run.id)!
    expect(final).toMatchObject({ status: 'finished', exitCode: 0, exitSignal: null, provider: 'cpu', totalSteps: 40 })
    expect(store.metrics.summary(run.id)['train/loss']).toMatchObject({ count: 40, first: 1, last: 1 / 40 })
    expect(store.logs.read(run.id, 0).text).toContain('fixture cooperative started')
    expect(updates.some((u) => u.id === run.id && u.status === 'finished')).toBe(true)
  })

  it('marks a trainer that exits on its own as crashed, keeping its metrics and stderr', async () => {
    const run = launch('crash', 25)
    await until(ended(run.id))
    const final = store.runs.get(run.id)!
    expect(final).toMatchObject({ status: 'crashed', exitCode: 3, exitSignal: null })
    expect(final.statusMessage).toContain('code 3')
    expect(store.metrics.summary(run.id)['train/loss'].count).toBe(25)
    expect(store.logs.read(run.id, 0).text).toContain('fixture crashing on purpose')
  })

  it('marks a trainer killed with SIGKILL as crashed with the signal, keeping what arrived', async () => {
    const run = launch('forever')
    await until(() => (store.metrics.summary(run.id)['train/loss']?.count ?? 0) >= 10)
    process.kill(supervisor.pid(run.id)!, 'SIGKILL')
    await until(ended(run.id))
    const final = store.runs.get(run.id)!
    expect(final).toMatchObject({ status: 'crashed', exitSignal: 'SIGKILL', exitCode: null })
    expect(store.metrics.summary(run.id)['train/loss'].count).toBeGreaterThanOrEqual(10)
  })

  it('cancels a cooperative trainer gracefully', async () => {
    const run = launch('cooperative')
    await until(() => (store.metrics.summary(run.id)['train/loss']?.count ?? 0) >= 5)
    expect(supervisor.cancel(run.id)).toBe(true)
    await until(ended(run.id))
    expect(store.runs.get(run.id)).toMatchObject({ status: 'cancelled', exitCode: 0 })
  })

  it('kills a trainer that ignores cancel after the grace period', async () => {
    const run = launch('stubborn')
    await until(() => (store.metrics.summary(run.id)['train/loss']?.count ?? 0) >= 5)
    const asked = Date.now()
    supervisor.cancel(run.id)
    await until(ended(run.id))
    const final = store.runs.get(run.id)!
    expect(Date.now() - asked).toBeGreaterThanOrEqual(300)
    expect(final).toMatchObject({ status: 'cancelled', exitSignal: 'SIGKILL' })
    expect(final.statusMessage).toContain('killed')
  })
})

describe('orphaned runs', () => {
  it('marks runs of a dead engine interrupted and leaves a live engine’s runs alone', () => {
    const experiment = store.experiments.create({ name: 'orphans', description: '' })
    const base = { experimentId: experiment.id, trainer: 'mlp', trainerVersion: '1', engineVersion: '1', config: {}, datasetPath: null, datasetHash: null, seed: null }
    const dead = store.runs.insert({ ...base, name: 'dead', ownerPid: 2 ** 22 + 12345 })
    store.runs.update(dead.id, { status: 'running' })
    const live = store.runs.insert({ ...base, name: 'live', ownerPid: process.ppid })
    store.runs.update(live.id, { status: 'running' })
    const self = store.runs.insert({ ...base, name: 'self', ownerPid: process.pid })

    expect(markOrphanedRuns(store).sort()).toEqual([dead.id, self.id].sort())
    expect(store.runs.get(dead.id)!.status).toBe('interrupted')
    expect(store.runs.get(self.id)!.status).toBe('interrupted')
    expect(store.runs.get(live.id)!.status).toBe('running')
  })
})
