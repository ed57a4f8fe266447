import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors'
import type { Store } from './index'
import type { RunPatch } from './run-repository'
import { newRun, openTestStore, tempStoreFile } from './testing'

function withExperiment(file = tempStoreFile()): { file: string; store: Store; experimentId: number } {
  const store = openTestStore(file)
  return { file, store, experimentId: store.experiments.create({ name: 'exp' }).id }
}

describe('run repository', () => {
  it('inserts a queued run and reads every field back after reopening', () => {
    const { file, store, experimentId } = withExperiment()
    const inserted = store.runs.insert(newRun(experimentId, { name: 'first' }))
    store.close()

    const run = openTestStore(file).runs.get(inserted.id)
    expect(run).toEqual({
      id: inserted.id,
      experimentId,
      name: 'first',
      trainer: 'mlp',
      trainerVersion: '1.0.0',
      engineVersion: '0.1.0',
      config: { 'optimizer.lr': 0.001, 'optimizer.name': 'adamw', 'training.shuffle': true },
      datasetPath: '/data/iris.csv',
      datasetHash: 'ab'.repeat(32),
      datasetVersionId: null,
      status: 'queued',
      statusMessage: null,
      statusReason: null,
      createdAt: inserted.createdAt,
      startedAt: null,
      endedAt: null,
      exitCode: null,
      exitSignal: null,
      provider: null,
      device: null,
      seed: 7,
      step: 0,
      totalSteps: null,
      notes: '',
      tags: [],
      source: null
    })
  })

  it('refuses a run of a missing experiment', () => {
    const store = openTestStore(tempStoreFile())
    expect(() => store.runs.insert(newRun(41))).toThrow(/Experiment 41 not found/)
  })

  it('lists newest first, by experiment and up to a limit', () => {
    const { store, experimentId } = withExperiment()
    const other = store.experiments.create({ name: 'other' }).id
    const ids = [experimentId, other, experimentId, other].map((e) => store.runs.insert(newRun(e)).id)
    expect(store.runs.list().map((r) => r.id)).toEqual([...ids].reverse())
    expect(store.runs.list({ experimentId }).map((r) => r.id)).toEqual([ids[2], ids[0]])
    expect(store.runs.list({ limit: 1 }).map((r) => r.id)).toEqual([ids[3]])
    store.close()
  })

  it('lists the page of runs older than a given run', () => {
    const { store, experimentId } = withExperiment()
    const other = store.experiments.create({ name: 'other' }).id
    const ids = [experimentId, other, experimentId, other, experimentId].map((e) => store.runs.insert(newRun(e)).id)
    expect(store.runs.list({ limit: 2, beforeId: ids[3] }).map((r) => r.id)).toEqual([ids[2], ids[1]])
    expect(store.runs.list({ experimentId, beforeId: ids[4] }).map((r) => r.id)).toEqual([ids[2], ids[0]])
    expect(store.runs.list({ beforeId: ids[0] })).toEqual([])
    store.close()
  })

  it('updates each field, leaves undefined ones alone and keeps them after reopening', () => {
    const { file, store, experimentId } = withExperiment()
    const { id } = store.runs.insert(newRun(experimentId))
    const patch: Required<RunPatch> = {
      status: 'crashed',
      statusMessage: 'exit code 139',
      statusReason: { rule: 'diskFull', values: { dir: '/data', unsaved: 3 } },
      startedAt: 1_700_000_000_000,
      endedAt: 1_700_000_060_000,
      exitCode: 139,
      exitSignal: 'SIGSEGV',
      provider: 'cuda',
      device: 'NVIDIA RTX 4090',
      seed: 13,
      step: 420,
      totalSteps: 1000,
      name: 'renamed',
      notes: '学习率太高'
    }
    store.runs.update(id, patch)
    store.runs.update(id, { name: undefined, notes: 'lr too high' })
    store.close()

    const run = openTestStore(file).runs.get(id)
    expect(run).toMatchObject({ ...patch, notes: 'lr too high' })
  })

  it('can clear a nullable field and refuses an unknown status or run', () => {
    const { store, experimentId } = withExperiment()
    const { id } = store.runs.insert(newRun(experimentId))
    expect(store.runs.update(id, { seed: null }).seed).toBeNull()
    const badStatus = { status: 'paused' } as unknown as RunPatch
    expect(() => store.runs.update(id, badStatus)).toThrow(/status: "paused" is not one of queued/)
    expect(store.runs.get(id)?.status).toBe('queued')
    const missing = (): unknown => store.runs.update(id + 100, { name: 'x' })
    expect(missing).toThrow(AppError)
    expect(missing).toThrow(`Run ${id + 100} not found`)
    store.close()
  })

  it('replaces tags in the given order without repeats', () => {
    const { file, store, experimentId } = withExperiment()
    const { id } = store.runs.insert(newRun(experimentId))
    expect(store.runs.setTags(id, ['lora', 'baseline', 'lora']).tags).toEqual(['lora', 'baseline'])
    store.runs.setTags(id, ['zeta', 'alpha'])
    store.close()
    const reopened = openTestStore(file)
    expect(reopened.runs.get(id)?.tags).toEqual(['zeta', 'alpha'])
    expect(reopened.runs.list()[0].tags).toEqual(['zeta', 'alpha'])
    expect(reopened.runs.setTags(id, []).tags).toEqual([])
    expect(() => reopened.runs.setTags(id + 1, ['x'])).toThrow(/not found/)
  })

  it('deletes a run with its tags, metrics and logs', () => {
    const { store, experimentId } = withExperiment()
    const { id } = store.runs.insert(newRun(experimentId))
    store.runs.setTags(id, ['a'])
    store.metrics.append(id, [{ name: 'loss', step: 0, value: 1, time: 1 }])
    store.logs.append(id, 'stderr', 'boom')
    expect(store.runs.delete(id)).toBe(true)
    expect(store.runs.get(id)).toBeUndefined()
    const left = store.db
      .prepare('SELECT (SELECT count(*) FROM run_tags) + (SELECT count(*) FROM metric_names) + (SELECT count(*) FROM metric_points) + (SELECT count(*) FROM log_chunks) AS n')
      .get() as { n: number }
    expect(left.n).toBe(0)
    expect(store.runs.delete(id)).toBe(false)
    store.close()
  })

  it('lists active runs with their owner and trainer and interrupts only those still held as seen', () => {
    const { file, store, experimentId } = withExperiment()
    const owner = (pid: number) => ({ pid, start: `t${pid}`, instance: `e${pid}` })
    const queued = store.runs.insert(newRun(experimentId, { owner: owner(100) }))
    const running = store.runs.insert(newRun(experimentId, { owner: owner(200) }))
    const finished = store.runs.insert(newRun(experimentId, { owner: owner(300) }))
    store.runs.update(running.id, { status: 'running', startedAt: 5 })
    store.runs.setTrainer(running.id, { pid: 201, start: 't201' })
    store.runs.update(finished.id, { status: 'finished', endedAt: 9 })

    const active = store.runs.listActive()
    expect(active.map((r) => [r.id, r.status, r.owner, r.trainerProcess])).toEqual([
      [queued.id, 'queued', { pid: 100, start: 't100', instance: 'e100' }, null],
      [running.id, 'running', { pid: 200, start: 't200', instance: 'e200' }, { pid: 201, start: 't201' }]
    ])
    const seenQueued = active[0]
    // Another engine takes the queued run between the read and the write: it is no longer ours to mark.
    store.runs.update(queued.id, { status: 'cancelled' })
    expect(store.runs.claim(queued.id, owner(400), ['cancelled'])).toMatchObject({ status: 'queued' })
    const changed = store.runs.markInterrupted([seenQueued, active[1], { id: finished.id, owner: owner(300), trainerProcess: null }], 'engine exited while the run was active')
    expect(changed.map((r) => r.id)).toEqual([running.id])
    store.close()

    const reopened = openTestStore(file)
    expect(reopened.runs.get(running.id)).toMatchObject({ status: 'interrupted', statusMessage: 'engine exited while the run was active' })
    expect(reopened.runs.get(running.id)?.endedAt).toBeGreaterThan(0)
    expect(reopened.runs.get(finished.id)).toMatchObject({ status: 'finished', endedAt: 9 })
    expect(reopened.runs.listActive().map((r) => [r.id, r.owner.pid, r.trainerProcess])).toEqual([[queued.id, 400, null]])
  })

  it('lets one claim of a run win, from the statuses given, and records the new owner', () => {
    const { file, store, experimentId } = withExperiment()
    const run = store.runs.insert(newRun(experimentId))
    store.runs.update(run.id, { status: 'running' })
    store.runs.setTrainer(run.id, { pid: 77, start: 't77' })
    const a = { pid: 1, start: 'ta', instance: 'a' }
    const b = { pid: 2, start: 'tb', instance: 'b' }
    expect(store.runs.claim(run.id, a, ['interrupted'])).toBeUndefined()
    store.runs.update(run.id, { status: 'interrupted' })

    // A second connection to the same file is a second engine: whichever writes first wins.
    const other = openTestStore(file)
    expect(other.runs.claim(run.id, b, ['interrupted', 'cancelled'])).toMatchObject({ status: 'queued' })
    expect(store.runs.claim(run.id, a, ['interrupted', 'cancelled'])).toBeUndefined()
    expect(store.runs.listActive()).toMatchObject([{ id: run.id, owner: b, trainerProcess: null }])
  })

})
