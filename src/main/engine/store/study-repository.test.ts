import { describe, expect, it } from 'vitest'
import { StudyDefinition } from '../../../shared/schemas/studies'
import { trialHash } from '../studies/trial-hash'
import type { NewTrial } from './study-repository'
import { openTestStore, tempStoreFile } from './testing'

const definition = StudyDefinition.parse({
  name: 'lr sweep',
  trainer: 'mlp',
  dataset: '/data/blobs.csv',
  space: { params: { 'optimizer.lr': { type: 'float', low: 0.001, high: 0.1, log: true } } },
  design: { method: 'lhs', n: 3 },
  seed: 7
})

const trial = (lr: number, repeat = 0): NewTrial => ({ params: { 'optimizer.lr': lr }, repeat, seed: 42 + repeat, hash: trialHash({ 'optimizer.lr': lr }, repeat) })
const owner = { pid: 4242, start: 'test:1', instance: 'engine-a' }

function withStudy(file = tempStoreFile()) {
  const store = openTestStore(file)
  const experimentId = store.experiments.create({ name: 'exp' }).id
  const study = store.studies.create({ experimentId, name: 'lr sweep', trainer: 'mlp', definition })
  return { file, store, study }
}

describe('study repository', () => {
  it('enqueues idempotently: the same trials planned again, in any order, add nothing', () => {
    const { store, study } = withStudy()
    expect(store.studies.enqueue(study.id, [trial(0.01), trial(0.02), trial(0.01, 1)])).toBe(3)
    expect(store.studies.enqueue(study.id, [trial(0.01, 1), trial(0.01), trial(0.02)])).toBe(0)
    // A new trial among known ones takes the next index; the known ones keep theirs.
    expect(store.studies.enqueue(study.id, [trial(0.02), trial(0.05), trial(0.01)])).toBe(1)
    const trials = store.studies.trials(study.id)
    expect(trials.map((t) => [t.index, t.params['optimizer.lr'], t.repeat])).toEqual([
      [0, 0.01, 0],
      [1, 0.02, 0],
      [2, 0.01, 1],
      [3, 0.05, 0]
    ])
    expect(trials.every((t) => t.status === 'queued' && t.attempts === 0 && t.runId === null)).toBe(true)
    expect(store.studies.counts(study.id)).toEqual({ queued: 4, running: 0, finished: 0, failed: 0, pruned: 0, cancelled: 0 })
  })

  it('refuses two rows with one hash even outside enqueue', () => {
    const { store, study } = withStudy()
    store.studies.enqueue(study.id, [trial(0.01)])
    const insert = () =>
      store.db
        .prepare("INSERT INTO trials (study_id, idx, hash, params_json, repeat, status, created_at) VALUES (?, 9, ?, '{}', 0, 'queued', 0)")
        .run(study.id, trial(0.01).hash)
    expect(insert).toThrow(/UNIQUE constraint failed: trials.study_id, trials.hash/)
  })

  it('claims queued trials in order, one engine each, and lets the lease go when a trial ends', () => {
    const { store, study } = withStudy()
    store.studies.enqueue(study.id, [trial(0.01), trial(0.02)])
    const first = store.studies.claimNext(study.id, owner)!
    expect(first).toMatchObject({ index: 0, status: 'running', attempts: 1, lease: { pid: 4242, start: 'test:1', instance: 'engine-a' } })
    const second = store.studies.claimNext(study.id, { ...owner, instance: 'engine-b' })!
    expect(second).toMatchObject({ index: 1, lease: { instance: 'engine-b' } })
    expect(store.studies.claimNext(study.id, owner)).toBeUndefined()
    const done = store.studies.updateTrial(first.id, { status: 'finished', objective: 0.25, endedAt: 5 })
    expect(done).toMatchObject({ status: 'finished', objective: 0.25, lease: { pid: null, instance: null, at: null } })
    expect(store.studies.listRunning().map((t) => t.id)).toEqual([second.id])
  })

  it('records the device slot a trial ran on, across a reopen', () => {
    const { file, store, study } = withStudy()
    store.studies.enqueue(study.id, [trial(0.01), trial(0.02)])
    const first = store.studies.claimNext(study.id, owner)!
    expect(first.device).toBeNull()
    store.studies.updateTrial(first.id, { device: 'cuda:1' })
    store.studies.updateTrial(first.id, { status: 'finished', objective: 0.3 })
    store.close()
    const again = openTestStore(file)
    expect(again.studies.getTrial(first.id)).toMatchObject({ status: 'finished', device: 'cuda:1' })
    expect(again.studies.trials(study.id).map((t) => t.device)).toEqual(['cuda:1', null])
  })

  it('lists the queued head in plan order and claims a chosen trial only while it is queued', () => {
    const { store, study } = withStudy()
    store.studies.enqueue(study.id, [trial(0.01), trial(0.02), trial(0.03)])
    const head = store.studies.queuedHead(study.id, 2)
    expect(head.map((t) => t.index)).toEqual([0, 1])
    const second = store.studies.claim(head[1].id, owner)!
    expect(second).toMatchObject({ status: 'running', attempts: 1, lease: { instance: owner.instance } })
    expect(store.studies.claim(head[1].id, owner)).toBeUndefined()
    expect(store.studies.queuedHead(study.id, 5).map((t) => t.index)).toEqual([0, 2])
    expect(store.studies.claimNext(study.id, owner)!.index).toBe(0)
  })

  it('finds the best finished trial by direction and keeps everything across a reopen', () => {
    const { file, store, study } = withStudy()
    store.studies.enqueue(study.id, [trial(0.01), trial(0.02), trial(0.03)])
    const [a, b, c] = store.studies.trials(study.id)
    store.studies.updateTrial(a.id, { status: 'finished', objective: 0.5 })
    store.studies.updateTrial(b.id, { status: 'finished', objective: 0.2 })
    store.studies.updateTrial(c.id, { status: 'failed', objective: 0.1, message: 'crashed' })
    expect(store.studies.best(study.id, 'min')?.id).toBe(b.id)
    expect(store.studies.best(study.id, 'max')?.id).toBe(a.id)
    store.close()
    const reopened = openTestStore(file)
    expect(reopened.studies.get(study.id)).toMatchObject({ name: 'lr sweep', status: 'pending', definition })
    expect(reopened.studies.trials(study.id, { status: 'failed' }).map((t) => t.message)).toEqual(['crashed'])
  })

  it('takes a study lease by compare-and-set: of two engines that saw it free, one wins', () => {
    const { store, study } = withStudy()
    const free = store.studies.get(study.id)!.lease
    expect(store.studies.setLease(study.id, owner, free)).toBe(true)
    expect(store.studies.setLease(study.id, { ...owner, instance: 'engine-b' }, free)).toBe(false)
    const held = store.studies.get(study.id)!.lease
    expect(held).toMatchObject({ pid: 4242, instance: 'engine-a' })
    expect(store.studies.setLease(study.id, null, held)).toBe(true)
    expect(store.studies.get(study.id)!.lease).toEqual({ pid: null, start: null, instance: null, at: null })
  })

  it('goes with its experiment', () => {
    const { store, study } = withStudy()
    store.studies.enqueue(study.id, [trial(0.01)])
    store.experiments.delete(study.experimentId)
    expect(store.studies.get(study.id)).toBeUndefined()
    expect(store.db.prepare('SELECT count(*) AS n FROM trials').get()).toEqual({ n: 0 })
  })
})
