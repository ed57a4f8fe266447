import { describe, expect, it } from 'vitest'
import type { DatasetProfile } from '../../../shared/schemas/datasets'
import { openStore } from './index'
import type { NewDataset, NewDatasetVersion } from './dataset-repository'
import { newRun, openTestStore, tempStoreFile } from './testing'

const profile: DatasetProfile = {
  rows: 3,
  columns: [
    { name: 'x', type: 'number', missing: 0, distinct: 3, distinctCapped: false, numeric: { min: 1, max: 3, mean: 2, std: 0.8165, histogram: { edges: [1, 2, 3], counts: [1, 2] } } },
    { name: 'y', type: 'categorical', missing: 0, distinct: 2, distinctCapped: false, top: [{ value: 'a', count: 2 }, { value: 'b', count: 1 }] }
  ],
  delimiter: ',',
  hasHeader: true,
  preview: [['1', 'a'], ['2', 'a'], ['3', 'b']]
}

const dataset = (over: Partial<NewDataset> = {}): NewDataset => ({
  name: 'tiny.csv',
  path: '/data/tiny.csv',
  format: 'csv',
  size: 18,
  mtimeMs: 1_700_000_000_123.5,
  sha256: 'cd'.repeat(32),
  copied: false,
  profile,
  ...over
})

const version = (datasetId: number, canonicalKey = 'k1'): NewDatasetVersion => ({
  datasetId,
  task: 'classification',
  target: 'y',
  features: ['x'],
  text: null,
  ignored: [],
  split: { kind: 'holdout', valFraction: 0.34, stratify: true, seed: 3 },
  parts: [{ name: 'train', rows: 2, classes: { a: 1, b: 1 } }, { name: 'val', rows: 1, classes: { a: 1, b: 0 } }],
  canonicalKey
})

describe('dataset repository', () => {
  it('round-trips a dataset with its profile through the file, newest first', () => {
    const file = tempStoreFile()
    const store = openStore(file)
    const a = store.datasets.insert(dataset())
    const b = store.datasets.insert(dataset({ name: 'other.tsv', path: '/data/other.tsv', format: 'tsv', copied: true }))
    store.close()

    const again = openTestStore(file)
    expect(again.datasets.list().map((d) => d.id)).toEqual([b.id, a.id])
    expect(again.datasets.get(a.id)).toEqual({ id: a.id, name: 'tiny.csv', path: '/data/tiny.csv', format: 'csv', size: 18, mtimeMs: 1_700_000_000_123.5, sha256: 'cd'.repeat(32), copied: false, rows: 3, columns: 2, createdAt: a.createdAt })
    expect(again.datasets.get(b.id)?.copied).toBe(true)
    expect(again.datasets.profile(a.id)).toEqual(profile)
    expect(again.datasets.findByFile('/data/tiny.csv', 'cd'.repeat(32))?.id).toBe(a.id)
    expect(again.datasets.findByFile('/data/tiny.csv', 'ef'.repeat(32))).toBeUndefined()
    again.datasets.setMtime(a.id, 5)
    expect(again.datasets.get(a.id)?.mtimeMs).toBe(5)
  })

  it('returns the existing version for the same canonical key', () => {
    const store = openTestStore(tempStoreFile())
    const d = store.datasets.insert(dataset())
    const v1 = store.datasets.insertVersion(version(d.id))
    const same = store.datasets.insertVersion({ ...version(d.id), parts: [] })
    const v2 = store.datasets.insertVersion(version(d.id, 'k2'))
    expect(same).toEqual(v1)
    expect(v2.id).not.toBe(v1.id)
    expect(store.datasets.listVersions(d.id).map((v) => v.id)).toEqual([v1.id, v2.id])
    expect(store.datasets.getVersion(v1.id)).toMatchObject({ datasetId: d.id, target: 'y', features: ['x'], split: { kind: 'holdout', seed: 3 }, parts: version(d.id).parts })
  })

  it('forgets versions with their dataset while runs keep their path and hash', () => {
    const store = openTestStore(tempStoreFile())
    const d = store.datasets.insert(dataset())
    const v = store.datasets.insertVersion(version(d.id))
    const exp = store.experiments.create({ name: 'e' })
    const run = store.runs.insert(newRun(exp.id, { datasetVersionId: v.id, datasetPath: d.path, datasetHash: d.sha256 }))
    expect(run.datasetVersionId).toBe(v.id)
    expect(store.datasets.delete(d.id)).toBe(true)
    expect(store.datasets.delete(d.id)).toBe(false)
    expect(store.datasets.getVersion(v.id)).toBeUndefined()
    expect(store.runs.get(run.id)).toMatchObject({ datasetVersionId: null, datasetPath: d.path, datasetHash: d.sha256 })
  })
})
