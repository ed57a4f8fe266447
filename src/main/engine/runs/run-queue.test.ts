import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type MethodInput, type MethodName, type MethodOutput, type Run } from '../../../shared/api'
import { writeBlobsCsv } from '../datasets/samples'
import { createEngine } from '../engine'
import type { Engine, EngineOptions } from '../types'
import { createNodeLauncher } from './node-launcher'
import { defaultMaxRuns } from './run-queue'

const entry = join(__dirname, '..', 'trainers', 'entry.ts')
let dir: string
let csv: string
const engines: Engine[] = []

async function open(options: Partial<EngineOptions> = {}, home = 'home') {
  const engine = await createEngine({ dataDir: join(dir, home), launcher: createNodeLauncher(['--import', 'tsx']), trainerEntry: entry, cancelGraceMs: 3000, ...options })
  engines.push(engine)
  const call = <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> => engine.api[m](api[m].input.parse(input) as never) as Promise<MethodOutput<M>>
  /** The most runs seen `running` at once, from the engine's own events. */
  const seen = { maxRunning: 0, running: new Set<number>() }
  engine.events.subscribe((name, payload) => {
    if (name !== 'run.updated') return
    const run = payload as Run
    if (run.status === 'running') seen.running.add(run.id)
    else seen.running.delete(run.id)
    seen.maxRunning = Math.max(seen.maxRunning, seen.running.size)
  })
  const experimentId = (await call('experiments.create', { name: `queue ${engines.length}` })).id
  const start = (config: Record<string, unknown> = {}) => call('runs.start', { experimentId, trainer: 'mlp', dataset: csv, config: { ...quick, ...config } })
  return { engine, call, seen, start, experimentId }
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 1200; i++) {
    const value = await read()
    if (done(value)) return value
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** Trainer processes this test process has started and that still run (Linux: read from /proc). */
function trainerChildren(): number[] {
  if (!existsSync('/proc/self/stat')) return []
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        return ppid === process.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('entry.ts')
      } catch {
        return false
      }
    })
    .map(Number)
}

const ended = (r: Run) => r.status !== 'queued' && r.status !== 'running'
const quick = { 'data.batch_size': 16, 'model.hidden_size': 16, 'training.epochs': 30, 'optimizer.lr': 0.01, 'diagnostics.every': 0 }

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-queue-'))
  csv = join(dir, 'blobs.csv')
  await writeBlobsCsv(csv, { rows: 400, features: 4, classes: 3, separation: 3, seed: 2 })
})
afterAll(async () => {
  for (const e of engines) await e.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the run queue', () => {
  it('runs at most maxConcurrentRuns trainers; the rest wait queued and start in order as slots free', async () => {
    const { call, seen, start } = await open({ maxConcurrentRuns: 2 }, 'two')
    const runs: Run[] = []
    for (let i = 0; i < 4; i++) runs.push(await start())
    expect(runs.map((r) => r.status)).toEqual(['running', 'running', 'queued', 'queued'])
    expect(trainerChildren()).toHaveLength(process.platform === 'linux' ? 2 : 0)
    expect((await call('runs.log', { id: runs[3].id })).text).toMatch(/queued: 2 of at most 2 trainers running, 1 run\(s\) ahead/)
    const finals = await Promise.all(runs.map((r) => until(() => call('runs.get', { id: r.id }), ended, `run ${r.id}`)))
    expect(finals.map((r) => r.status)).toEqual(['finished', 'finished', 'finished', 'finished'])
    expect(seen.maxRunning).toBe(2)
    // First come, first started: run 3 starts before run 4, each after an earlier one ended.
    expect(finals[2].startedAt!).toBeLessThanOrEqual(finals[3].startedAt!)
    expect(finals[2].startedAt!).toBeGreaterThanOrEqual(Math.min(finals[0].endedAt!, finals[1].endedAt!))
  })

  it('cancels a queued run without starting it, and the queue goes on', async () => {
    const { call, start } = await open({ maxConcurrentRuns: 1 }, 'cancel')
    const first = await start()
    const waiting = await start()
    const last = await start({ 'training.epochs': 2 })
    const cancelled = await call('runs.cancel', { id: waiting.id })
    expect(cancelled).toMatchObject({ status: 'cancelled', startedAt: null, statusMessage: 'Cancelled before it started' })
    await until(() => call('runs.get', { id: last.id }), ended, 'the last run')
    expect((await call('runs.get', { id: first.id })).status).toBe('finished')
    expect(await call('runs.get', { id: waiting.id })).toMatchObject({ status: 'cancelled', startedAt: null })
    expect((await call('runs.get', { id: last.id })).status).toBe('finished')
    expect((await call('runs.log', { id: waiting.id })).text).toContain('cancelled before it started')
  })

  it('holds a run back while its memory estimate beside the running ones would not fit', async () => {
    // A tiny mlp is estimated at about 165 MB: one fits in 300 MB, two do not.
    const { call, seen, start } = await open({ maxConcurrentRuns: 3, memoryLimitBytes: 300 * 2 ** 20 }, 'memory')
    const runs = [await start({ 'training.epochs': 5 }), await start({ 'training.epochs': 5 }), await start({ 'training.epochs': 5 })]
    expect(runs.map((r) => r.status)).toEqual(['running', 'queued', 'queued'])
    const finals = await Promise.all(runs.map((r) => until(() => call('runs.get', { id: r.id }), ended, `run ${r.id}`)))
    expect(finals.every((r) => r.status === 'finished')).toBe(true)
    expect(seen.maxRunning).toBe(1)
  })

  it('marks runs still queued when the engine closes interrupted; resuming one starts it from the beginning', async () => {
    const first = await open({ maxConcurrentRuns: 1 }, 'restart')
    await first.start()
    const waiting = await first.start({ 'training.epochs': 2 })
    await first.engine.close()
    const second = await open({ maxConcurrentRuns: 1 }, 'restart')
    const stopped = await second.call('runs.get', { id: waiting.id })
    expect(stopped).toMatchObject({ status: 'interrupted', startedAt: null, statusReason: { rule: 'notStarted' } })
    expect(stopped.statusMessage).toMatch(/before this run started/)
    const resumed = await second.call('runs.resume', { id: waiting.id })
    expect(resumed.status).toBe('running')
    const final = await until(() => second.call('runs.get', { id: waiting.id }), ended, 'the resumed run')
    expect(final.status).toBe('finished')
    expect((await second.call('runs.log', { id: waiting.id })).text).toContain('starting from the beginning')
  })

  it('takes its default from PARAMSCOPE_MAX_RUNS, else one per core', () => {
    expect(defaultMaxRuns({ PARAMSCOPE_MAX_RUNS: '3' })).toBe(3)
    expect(defaultMaxRuns({ PARAMSCOPE_MAX_RUNS: '0' })).toBeGreaterThanOrEqual(1)
    expect(defaultMaxRuns({})).toBe(availableParallelism())
  })
})
