import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors'
import { openStore } from './index'
import { newRun, openTestStore, tempStoreFile } from './testing'

describe('experiment repository', () => {
  it('round-trips experiments through the file, newest first, with run counts', () => {
    const file = tempStoreFile()
    const store = openStore(file)
    const before = Date.now()
    const a = store.experiments.create({ name: 'lr sweep', description: 'Which lr?' })
    const b = store.experiments.create({ name: 'LoRA rank' })
    const run1 = store.runs.insert(newRun(a.id))
    store.runs.insert(newRun(a.id))
    store.runs.update(run1.id, { status: 'finished' })
    store.close()

    const reopened = openTestStore(file)
    const list = reopened.experiments.list()
    expect(list.map((e) => e.name)).toEqual(['LoRA rank', 'lr sweep'])
    expect(list[1]).toEqual({ id: a.id, name: 'lr sweep', description: 'Which lr?', createdAt: a.createdAt, runCount: 2, activeRunCount: 1 })
    expect(list[0]).toMatchObject({ id: b.id, description: '', runCount: 0, activeRunCount: 0 })
    expect(a.createdAt).toBeGreaterThanOrEqual(before)
    expect(reopened.experiments.get(a.id)).toEqual(list[1])
    expect(reopened.experiments.get(999)).toBeUndefined()
  })

  it('finds an experiment by name regardless of ASCII case', () => {
    const store = openTestStore(tempStoreFile())
    const created = store.experiments.create({ name: 'Baseline' })
    expect(store.experiments.getByName('baseline')?.id).toBe(created.id)
    expect(store.experiments.getByName('other')).toBeUndefined()
  })

  it('refuses a duplicate name with a CONFLICT that names it', () => {
    const store = openTestStore(tempStoreFile())
    store.experiments.create({ name: 'baseline' })
    let caught: unknown
    try {
      store.experiments.create({ name: 'BASELINE' })
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(AppError)
    expect((caught as AppError).code).toBe('CONFLICT')
    expect((caught as AppError).message).toContain('"BASELINE"')
    expect((caught as AppError).details?.issues?.[0]?.field).toBe('name')
    expect(store.experiments.list()).toHaveLength(1)
  })

  it('refuses an empty name', () => {
    const store = openTestStore(tempStoreFile())
    expect(() => store.experiments.create({ name: '  ' })).toThrow(/name: must not be empty/)
  })

  it('deletes an experiment with its runs, tags, metrics and logs', () => {
    const store = openTestStore(tempStoreFile())
    const doomed = store.experiments.create({ name: 'doomed' })
    const kept = store.experiments.create({ name: 'kept' })
    for (const experimentId of [doomed.id, kept.id]) {
      const run = store.runs.insert(newRun(experimentId))
      store.runs.setTags(run.id, ['a', 'b'])
      store.metrics.append(run.id, [{ name: 'loss', step: 1, value: 0.5, time: 1 }])
      store.logs.append(run.id, 'stdout', 'hello\n')
    }
    const count = (table: string): number =>
      (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
    const tables = ['runs', 'run_tags', 'metric_names', 'metric_points', 'log_chunks']

    expect(store.experiments.delete(doomed.id)).toBe(true)
    expect(tables.map(count)).toEqual([1, 2, 1, 1, 1])
    expect(store.runs.list().map((r) => r.experimentId)).toEqual([kept.id])
    expect(store.experiments.delete(doomed.id)).toBe(false)
  })

  it('does not reuse the id of a deleted experiment', () => {
    const store = openTestStore(tempStoreFile())
    const first = store.experiments.create({ name: 'one' })
    store.experiments.delete(first.id)
    expect(store.experiments.create({ name: 'two' }).id).toBeGreaterThan(first.id)
  })
})
