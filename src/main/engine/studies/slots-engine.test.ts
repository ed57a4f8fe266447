/** Device slots on a real engine: the mlp trainer in its own processes, a real SQLite file, the contract's studies.slots. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type DeviceSlot, type MethodInput, type MethodName, type MethodOutput, type Run } from '../../../shared/api'
import { writeBlobsCsv } from '../datasets/samples'
import { createEngine } from '../engine'
import { createNodeLauncher } from '../runs/node-launcher'
import type { Engine } from '../types'

let dir: string
let engine: Engine

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-slots-'))
})
afterAll(async () => {
  await engine?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('device slots on a real engine', () => {
  it('runs CPU trials only while their threads fit the budget, records the slot, and lists who holds it', async () => {
    const csv = join(dir, 'blobs.csv')
    await writeBlobsCsv(csv, { rows: 200, features: 4, classes: 3, separation: 3, seed: 2 })
    // Three trainers and a study concurrency of 3 are allowed, but each trial takes 2 of the 3 threads.
    engine = await createEngine({
      dataDir: join(dir, 'home'),
      launcher: createNodeLauncher(['--import', 'tsx']),
      trainerEntry: join(__dirname, '..', 'trainers', 'entry.ts'),
      maxConcurrentRuns: 3,
      threadBudget: 3,
      gpus: []
    })
    const call = <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> => engine.api[m](api[m].input.parse(input) as never) as Promise<MethodOutput<M>>
    const running = new Set<number>()
    let maxRunning = 0
    engine.events.subscribe((name, payload) => {
      if (name !== 'run.updated') return
      const run = payload as Run
      if (run.status === 'running') running.add(run.id)
      else running.delete(run.id)
      maxRunning = Math.max(maxRunning, running.size)
    })
    const experimentId = (await call('experiments.create', { name: 'slots' })).id
    const study = await call('studies.create', {
      experimentId,
      definition: {
        name: 'threads',
        trainer: 'mlp',
        dataset: csv,
        config: { 'data.batch_size': 32, 'training.epochs': 2, 'diagnostics.every': 0, 'runtime.device': 'cpu', 'runtime.threads': 2 },
        space: { params: { 'optimizer.lr': { type: 'float', low: 0.001, high: 0.1, log: true } } },
        design: { method: 'random', n: 3 },
        seed: 4,
        concurrency: 3
      }
    })
    const snapshots: DeviceSlot[][] = []
    await call('studies.resume', { id: study.id })
    for (const end = Date.now() + 120_000; Date.now() < end; ) {
      snapshots.push(await call('studies.slots', {}))
      if ((await call('studies.get', { id: study.id })).status !== 'running') break
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(await call('studies.get', { id: study.id })).toMatchObject({ status: 'finished', counts: { finished: 3 } })
    expect(maxRunning).toBe(1)
    const trials = await call('studies.trials', { id: study.id })
    expect(trials.map((t) => t.device)).toEqual(['cpu', 'cpu', 'cpu'])
    // While it ran, the CPU slot named the trial and its run, holding 2 of its 3 threads.
    const busy = snapshots.map((s) => s[0]).find((cpu) => cpu.busy.length > 0 && cpu.busy[0].runId !== null)
    expect(busy).toMatchObject({ id: 'cpu', kind: 'cpu', threads: 3, threadsInUse: 2 })
    expect(trials.some((t) => t.id === busy!.busy[0].trialId && t.runId === busy!.busy[0].runId)).toBe(true)
    expect(snapshots.every((s) => s.length === 1 && s[0].busy.length <= 1)).toBe(true)
    expect((await call('studies.slots', {}))[0]).toMatchObject({ threadsInUse: 0, busy: [] })
  }, 150_000)
})
