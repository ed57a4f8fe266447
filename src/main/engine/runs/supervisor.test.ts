import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Config, Run } from '../../../shared/api'
import { createEventBus } from '../events'
import { openStore, type RunOwner, type RunTrainer, type Store } from '../store'
import type { DiskReserve } from './disk-space'
import { createNodeLauncher } from './node-launcher'
import { type EngineIdentity, markOrphanedRuns, openEngineIdentity } from './orphans'
import { isProcessAlive, type ProcessProbe, probeProcess } from './process-identity'
import { createSupervisor, type Supervisor } from './supervisor'
import type { DeviceAssignment } from '../trainers/protocol'

const fixture = join(__dirname, 'fixtures', 'scripted-trainer.ts')

let dir: string
let store: Store
let supervisor: Supervisor
let updates: Run[]
let self: EngineIdentity

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

function launch(mode: string, points?: number, placed?: { provider: string; device: DeviceAssignment }): Run {
  const experiment = store.experiments.get(1) ?? store.experiments.create({ name: 'supervision', description: '' })
  const config: Config = { 'fixture.mode': mode, ...(points === undefined ? {} : { 'fixture.points': points }), ...(placed ? { 'fixture.provider': placed.provider } : {}) }
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
    owner: self
  })
  return supervisor.launch(run, { runId: run.id, trainer: 'fixture', config, datasetPath: '', workDir: dir, providers: ['cpu'], ...(placed ? { device: placed.device } : {}) })
}

const ended = (id: number) => () => {
  const s = store.runs.get(id)!.status
  return s !== 'running' && s !== 'queued'
}

beforeEach(async () => {
  self = await openEngineIdentity()
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
    dataDir: dir,
    cancelGraceMs: 300,
    flushMs: 20
  })
})

afterEach(async () => {
  await supervisor.shutdown()
  self.release()
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

  it("gives a placed trainer its GPU's environment and records the GPU as the run's device", async () => {
    const gpu = { slot: 'cuda:1', deviceId: 0, env: { CUDA_VISIBLE_DEVICES: '1' } }
    const onGpu = launch('cooperative', 3, { provider: 'cuda', device: gpu })
    // Placed on a GPU, but its provider fell back to the CPU: the trainer's own words stay.
    const fellBack = launch('cooperative', 3, { provider: 'cpu', device: gpu })
    const unplaced = launch('cooperative', 3)
    await until(() => [onGpu, fellBack, unplaced].every((r) => ended(r.id)()))
    expect(store.runs.get(onGpu.id)).toMatchObject({ status: 'finished', provider: 'cuda', device: 'cuda:1' })
    expect(store.logs.read(onGpu.id, 0).text).toContain('CUDA_VISIBLE_DEVICES=1\n')
    expect(store.runs.get(fellBack.id)).toMatchObject({ provider: 'cpu', device: 'fixture' })
    expect(store.runs.get(unplaced.id)!.device).toBe('fixture')
    expect(store.logs.read(unplaced.id, 0).text).toContain(`CUDA_VISIBLE_DEVICES=${process.env.CUDA_VISIBLE_DEVICES ?? '(unset)'}\n`)
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

describe('a full disk', () => {
  interface Disk {
    full: boolean
    failures: number
    /** Which writes the full disk refuses. */
    refuses: ('metrics' | 'runs' | 'logs')[]
    /** Called after each refused write. */
    onFailure?: () => void
  }

  /** The real store, except that the writes `disk.refuses` fail as SQLite fails them on a full disk. */
  function fillingStore(disk: Disk): Store {
    const refuse = (what: Disk['refuses'][number]) => {
      if (!disk.full || !disk.refuses.includes(what)) return
      disk.failures++
      disk.onFailure?.()
      throw new BetterSqlite3.SqliteError('database or disk is full', 'SQLITE_FULL')
    }
    return {
      ...store,
      metrics: { ...store.metrics, append: (...args) => (refuse('metrics'), store.metrics.append(...args)) },
      runs: { ...store.runs, update: (...args) => (refuse('runs'), store.runs.update(...args)) },
      logs: { ...store.logs, append: (...args) => (refuse('logs'), store.logs.append(...args)) }
    }
  }

  function supervise(disk: Disk, reserve?: DiskReserve, onUpdate?: (run: Run) => void): Supervisor {
    const events = createEventBus()
    events.subscribe((name, payload) => {
      if (name === 'run.updated') onUpdate?.(payload as Run)
    })
    const s = createSupervisor({
      store: fillingStore(disk),
      launcher: createNodeLauncher(['--import', 'tsx']),
      events,
      trainerEntry: fixture,
      dataDir: dir,
      reserve,
      cancelGraceMs: 300,
      flushMs: 20,
      retryMs: 20
    })
    supervisor = s
    return s
  }

  const stored = (id: number) => store.metrics.series(id, { names: ['train/loss'] })['train/loss']?.steps ?? []
  const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

  it('stops the run as failed, naming the full disk, and counts the points it could not write', async () => {
    const disk: Disk = { full: false, failures: 0, refuses: ['metrics'] }
    supervise(disk)
    const run = launch('cooperative')
    await until(() => stored(run.id).length >= 10)
    disk.full = true
    await until(ended(run.id))
    const final = store.runs.get(run.id)!
    expect(disk.failures).toBeGreaterThan(0)
    expect(final.status).toBe('failed')
    expect(final.statusMessage).toMatch(new RegExp(`^Disk full: the data folder ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} has .+ free, so the run was stopped; \\d+ metric points could not be written$`))
    expect(final.statusReason).toMatchObject({ rule: 'diskFull', values: { dir } })
    const unsaved = Number(final.statusReason!.values.unsaved)
    expect(unsaved).toBeGreaterThan(0)
    // Every point the trainer sent (one per step it reported) is either stored, in order, or counted.
    expect(stored(run.id)).toEqual(upTo(stored(run.id).length))
    expect(stored(run.id).length + unsaved).toBe(final.step)
    expect(store.logs.read(run.id, 0).text).toContain('[paramscope] run failed: Disk full')
  })

  it('keeps the points a full disk refused and writes them once there is room again', async () => {
    const disk: Disk = { full: false, failures: 0, refuses: ['metrics'] }
    // Room again right after the first refusal: the kept points go in with the next write.
    disk.onFailure = () => (disk.full = false)
    supervise(disk)
    const run = launch('cooperative')
    await until(() => stored(run.id).length >= 10)
    disk.full = true
    await until(ended(run.id))
    const final = store.runs.get(run.id)!
    expect(disk.failures).toBe(1)
    expect(final).toMatchObject({ status: 'failed', statusReason: { rule: 'diskFull', values: { unsaved: 0 } } })
    expect(final.statusMessage).toMatch(/every metric point received was written$/)
    expect(stored(run.id)).toEqual(upTo(final.step))
  })

  it('gives back the reserve file when not even the end of the run can be written', async () => {
    const disk: Disk = { full: false, failures: 0, refuses: ['metrics', 'runs', 'logs'] }
    let released = 0
    const reserve: DiskReserve = {
      ensure: () => undefined,
      release: () => {
        released++
        disk.full = false
        return true
      }
    }
    supervise(disk, reserve)
    const run = launch('cooperative')
    await until(() => stored(run.id).length >= 10)
    disk.full = true
    await until(ended(run.id))
    expect(released).toBe(1)
    expect(store.runs.get(run.id)).toMatchObject({ status: 'failed', statusReason: { rule: 'diskFull' } })
  })

  it('records the end once the disk has room again, and tells windows at once', async () => {
    const disk: Disk = { full: false, failures: 0, refuses: ['metrics', 'runs', 'logs'] }
    const told: Run[] = []
    const s = supervise(disk, undefined, (r) => told.push(r))
    const run = launch('cooperative')
    await until(() => stored(run.id).length >= 10)
    disk.full = true
    await until(() => told.some((r) => r.id === run.id && r.status === 'failed'))
    // The trainer is gone and windows know the run failed; the full disk still holds the old record.
    expect(s.isActive(run.id)).toBe(false)
    expect(store.runs.get(run.id)!.status).toBe('running')
    disk.full = false
    await until(ended(run.id))
    expect(store.runs.get(run.id)).toMatchObject({ status: 'failed', statusReason: { rule: 'diskFull' } })
  })

  it('names the full disk when the trainer fails writing its checkpoint', async () => {
    const run = launch('enospc', 5)
    await until(ended(run.id))
    const final = store.runs.get(run.id)!
    expect(final).toMatchObject({ status: 'failed', statusReason: { rule: 'diskFull', values: { unsaved: 0 } } })
    expect(final.statusMessage).toMatch(/^Disk full: .*\(the trainer reported: ENOSPC: no space left on device, write\)$/)
  })
})

describe('orphaned runs', () => {
  const base = (experimentId: number) => ({ experimentId, trainer: 'mlp', trainerVersion: '1', engineVersion: '1', config: {}, datasetPath: null, datasetHash: null, seed: null })
  const running = (name: string, owner: RunOwner | null, trainerProcess?: RunTrainer) => {
    const experimentId = (store.experiments.list()[0] ?? store.experiments.create({ name: 'orphans', description: '' })).id
    const run = store.runs.insert({ ...base(experimentId), name, owner })
    store.runs.update(run.id, { status: 'running' })
    if (trainerProcess) store.runs.setTrainer(run.id, trainerProcess)
    return run.id
  }

  it('marks runs whose engine and trainer are gone, by pid and start time, and leaves held runs alone', async () => {
    const parent = (await probeProcess(process.ppid)) as { alive: true; start: string | null }
    expect(parent.alive).toBe(true)
    const goneEngine = await openEngineIdentity()
    goneEngine.release()
    const ids = {
      deadPid: running('dead pid', { pid: 2 ** 22 + 12345, start: 'x', instance: 'gone' }),
      // The pid runs, but it is another process than the one recorded: the OS reused the number.
      reusedPid: running('reused pid', { pid: process.ppid, start: `${parent.start}-earlier`, instance: 'gone' }),
      otherEngine: running('other live engine', { pid: process.ppid, start: parent.start, instance: 'theirs' }),
      thisEngine: running('this engine', self),
      closedEngine: running('closed engine of this process', goneEngine),
      legacyOfThisPid: running('recorded before owners, with this pid', { pid: process.pid, start: null, instance: null as unknown as string }),
      // The engine was killed, but the trainer it started has not noticed yet.
      trainerAlive: running('trainer outlives its engine', { pid: 2 ** 22 + 12345, start: 'x', instance: 'gone' }, { pid: process.ppid, start: parent.start }),
      trainerReused: running('trainer pid reused', { pid: 2 ** 22 + 12345, start: 'x', instance: 'gone' }, { pid: process.ppid, start: `${parent.start}-earlier` })
    }
    const marked = await markOrphanedRuns(store, self)
    expect(marked.map((r) => r.id).sort()).toEqual([ids.deadPid, ids.reusedPid, ids.closedEngine, ids.legacyOfThisPid, ids.trainerReused].sort())
    for (const id of [ids.otherEngine, ids.thisEngine, ids.trainerAlive]) expect(store.runs.get(id)!.status).toBe('running')
    expect(store.runs.get(ids.deadPid)).toMatchObject({ status: 'interrupted', statusMessage: expect.stringContaining('engine stopped') })
  })

  it('tells a live process from one that has ended, and a zombie from a live one', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    await new Promise((r) => child.once('spawn', r))
    const probe = await probeProcess(child.pid!)
    expect(probe).toMatchObject({ alive: true })
    const start = (probe as { start: string | null }).start
    expect(await isProcessAlive(child.pid!, start)).toBe(true)
    const exited = new Promise((r) => child.once('exit', r))
    child.kill('SIGKILL')
    await exited
    expect(await isProcessAlive(child.pid!, start)).toBe(false)

    // `sleep` never reaps the child the shell left it: that child stays a zombie, ended but listed.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] })
    const zombie = Number(await new Promise<string>((r) => parent.stdout.once('data', (d: Buffer) => r(d.toString()))))
    try {
      let probe: ProcessProbe = { alive: true, start: null }
      await until(() => {
        void probeProcess(zombie).then((p) => (probe = p))
        return !probe.alive
      })
      expect(process.kill(zombie, 0)).toBe(true)
    } finally {
      parent.kill('SIGKILL')
    }
  })
})
