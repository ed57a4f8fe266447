/** Studies on a real engine: a real SQLite file, the mlp trainer in its own processes, generated data. */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type MethodInput, type MethodName, type MethodOutput, type Run, type Study, type StudyDefinitionInput } from '../../../shared/api'
import { writeBlobsCsv } from '../datasets/samples'
import { createEngine } from '../engine'
import { createNodeLauncher } from '../runs/node-launcher'
import type { Engine, EngineOptions } from '../types'

let dir: string
let csv: string
const engines: Engine[] = []

async function open(home: string, options: Partial<EngineOptions> = {}) {
  const engine = await createEngine({
    dataDir: join(dir, home),
    launcher: createNodeLauncher(['--import', 'tsx']),
    trainerEntry: join(__dirname, '..', 'trainers', 'entry.ts'),
    cancelGraceMs: 3000,
    ...options
  })
  engines.push(engine)
  const call = <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> => engine.api[m](api[m].input.parse(input) as never) as Promise<MethodOutput<M>>
  const seen = { maxRunning: 0, running: new Set<number>() }
  engine.events.subscribe((name, payload) => {
    if (name !== 'run.updated') return
    const run = payload as Run
    if (run.status === 'running') seen.running.add(run.id)
    else seen.running.delete(run.id)
    seen.maxRunning = Math.max(seen.maxRunning, seen.running.size)
  })
  const experimentId = (await call('experiments.create', { name: 'studies' })).id
  return { engine, call, seen, experimentId }
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, ms = 120_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    const value = await read()
    if (done(value)) return value
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}

const definition = (extra: Partial<StudyDefinitionInput> = {}): StudyDefinitionInput => ({
  name: 'lr and width',
  trainer: 'mlp',
  dataset: csv,
  config: { 'data.batch_size': 32, 'training.epochs': 2, 'diagnostics.every': 0 },
  space: {
    params: {
      'optimizer.lr': { type: 'float', low: 0.001, high: 0.1, log: true },
      'model.hidden_size': { type: 'int', low: 4, high: 16 }
    }
  },
  design: { method: 'lhs', n: 3 },
  repeats: 2,
  seed: 5,
  objective: { metric: 'val/loss', direction: 'min', value: 'best' },
  ...extra
})

const ended = (s: Study) => s.status !== 'running'

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-studies-'))
  csv = join(dir, 'blobs.csv')
  await writeBlobsCsv(csv, { rows: 300, features: 4, classes: 3, separation: 3, seed: 2 })
})
afterAll(async () => {
  for (const e of engines) await e.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the study runner', () => {
  it('runs an LHS study with 2 repeats to exactly n × repeats finished trials, each with its run and objective', async () => {
    const { call, seen, experimentId } = await open('lhs', { maxConcurrentRuns: 4 })
    const created = await call('studies.create', { experimentId, definition: definition({ concurrency: 2 }) })
    expect(created).toMatchObject({ status: 'pending', planned: 6, counts: { queued: 6 } })
    await call('studies.resume', { id: created.id })
    const done = await until(() => call('studies.get', { id: created.id }), ended, 'the study')
    expect(done).toMatchObject({ status: 'finished', statusMessage: 'every planned trial has ended', counts: { finished: 6, queued: 0, running: 0, failed: 0 } })
    expect(seen.maxRunning).toBeLessThanOrEqual(2)
    const trials = await call('studies.trials', { id: created.id })
    expect(new Set(trials.map((t) => t.runId)).size).toBe(6)
    expect(trials.every((t) => t.objective !== null && t.objective > 0 && t.attempts === 1)).toBe(true)
    expect(done.best?.objective).toBe(Math.min(...trials.map((t) => t.objective!)))
    // Each run trains with the base config, the trial's parameters and its repeat's seed, in the study's experiment.
    for (const t of trials) {
      const run = await call('runs.get', { id: t.runId! })
      expect(run).toMatchObject({ experimentId, status: 'finished', seed: 5 + t.repeat })
      expect(run.config).toMatchObject({ ...t.params, 'training.epochs': 2, 'training.seed': 5 + t.repeat })
      expect(run.metrics['val/loss'].min).toBe(t.objective)
    }
    // Resuming a finished study is refused; extending it plans more and runs only the new trials.
    await expect(call('studies.resume', { id: created.id })).rejects.toThrow(/has finished; extend it/)
    const extended = await call('studies.extend', { id: created.id, n: 1 })
    expect(extended).toMatchObject({ status: 'paused', statusCoded: { code: 'studies.status.extended' }, planned: 8, counts: { queued: 2, finished: 6 } })
    await call('studies.resume', { id: created.id })
    const again = await until(() => call('studies.get', { id: created.id }), ended, 'the extended study')
    expect(again.counts).toMatchObject({ finished: 8, queued: 0 })
    expect((await call('studies.trials', { id: created.id })).filter((t) => t.attempts !== 1)).toEqual([])
  })

  it('pauses (running trials queued again), resumes only the unfinished ones, and cancels', async () => {
    const { call, experimentId } = await open('pause', { maxConcurrentRuns: 2 })
    const slow = definition({ config: { 'data.batch_size': 4, 'training.epochs': 30, 'runtime.steps_per_run': 1, 'diagnostics.every': 0 }, repeats: 1 })
    const study = await call('studies.create', { experimentId, definition: slow, start: true })
    expect(study.counts).toMatchObject({ running: 2, queued: 1 })
    const paused = await call('studies.pause', { id: study.id })
    const settled = await until(() => call('studies.get', { id: study.id }), (s) => s.status === 'paused', 'the pause')
    expect(settled.counts).toMatchObject({ queued: 3, running: 0 })
    expect(['running', 'paused']).toContain(paused.status)
    const trials = await call('studies.trials', { id: study.id })
    const stopped = trials.filter((t) => t.runId !== null)
    expect(stopped).toHaveLength(2)
    expect(await Promise.all(stopped.map(async (t) => (await call('runs.get', { id: t.runId! })).status))).toEqual(['cancelled', 'cancelled'])
    // Resumed: the same two trials go on first (their runs resumed from a checkpoint, or started
    // again when they had none yet); nothing new is planned.
    await call('studies.resume', { id: study.id })
    await until(() => call('studies.get', { id: study.id }), (s) => s.counts.running === 2, 'two trials running')
    const resumed = (await call('studies.trials', { id: study.id })).filter((t) => t.status === 'running')
    expect(resumed.map((t) => [t.id, t.attempts])).toEqual(stopped.map((t) => [t.id, 2]))
    const cancelled = await call('studies.cancel', { id: study.id })
    const final = await until(() => call('studies.get', { id: study.id }), (s) => s.status === 'cancelled', 'the cancel')
    expect(final.counts).toMatchObject({ cancelled: 3, running: 0, queued: 0 })
    expect(cancelled.id).toBe(study.id)
    // A stopped run with no checkpoint yet is replaced, not kept beside its replacement: one run per trial.
    const linked = (await call('studies.trials', { id: study.id })).filter((t) => t.runId !== null)
    expect((await call('runs.list', { experimentId })).map((r) => r.id).sort()).toEqual(linked.map((t) => t.runId).sort())
    await expect(call('studies.resume', { id: study.id })).rejects.toThrow(/has been cancelled/)
  })

  it('refuses a study whose base config or data cannot run, naming the field', async () => {
    const { call, experimentId } = await open('refuse')
    await expect(call('studies.create', { experimentId, definition: definition({ dataset: join(dir, 'nope.csv') }) })).rejects.toThrow(/dataset: file not found/)
    await expect(call('studies.create', { experimentId, definition: definition({ config: { 'data.batch_size': 0 } }) })).rejects.toThrow(/config\.data\.batch_size: must be ≥ 1/)
    expect(await call('studies.list', {})).toEqual([])
  })

  it('pauses, saying why, when nothing can run: the data file went away after the study was made', async () => {
    const { call, experimentId } = await open('gone')
    const copy = join(dir, 'gone.csv')
    copyFileSync(csv, copy)
    const study = await call('studies.create', { experimentId, definition: definition({ dataset: copy }) })
    rmSync(copy)
    const resumed = await call('studies.resume', { id: study.id })
    expect(resumed).toMatchObject({ status: 'paused', counts: { queued: 6, failed: 0, running: 0 } })
    expect(resumed.statusMessage).toMatch(/^paused: .*file not found: .*gone\.csv/)
  })
})
