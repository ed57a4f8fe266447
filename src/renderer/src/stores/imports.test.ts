// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import type { ImportProgress } from '../../../shared/api'
import type { FileSource } from '../api/file-source'
import { createFakeApi, createStoreContext, flushPromises } from '../testing/fake-api'
import { useImportsStore } from './imports'

const progress = (over: Partial<ImportProgress>): ImportProgress => ({
  importId: 'i1',
  name: 'iris.csv',
  path: '/srv/uploads/7f-iris.csv',
  state: 'queued',
  bytesRead: 0,
  totalBytes: 1000,
  rows: 0,
  mbPerSecond: 0,
  ...over
})

/** An upload source whose uploads finish when the test says so. */
function manualUploads() {
  const waiting: Array<{ name: string; finish(path: string): void; signal?: AbortSignal }> = []
  const source: FileSource = {
    kind: 'upload',
    pathOf: (file, signal) =>
      new Promise((resolve, reject) => {
        signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
        waiting.push({ name: file.name, finish: resolve, signal })
      })
  }
  return { source, waiting }
}

describe('imports store', () => {
  it('shows an upload, then the engine import, and follows its progress events to the end', async () => {
    const fake = createFakeApi({ 'datasets.import': ({ paths }) => [progress({ path: paths[0] })] })
    const store = createStoreContext(fake).run(() => useImportsStore())
    const { source, waiting } = manualUploads()

    const done = store.importFiles([new File(['a,b\n'], 'iris.csv')], source)
    expect(store.items.map((i) => [i.name, i.state])).toEqual([['iris.csv', 'uploading']])
    waiting[0].finish('/srv/uploads/7f-iris.csv')
    await done
    expect(fake.calls.at(-1)).toEqual({ method: 'datasets.import', input: { paths: ['/srv/uploads/7f-iris.csv'], copy: false, names: ['iris.csv'] } })
    expect(store.items).toHaveLength(1)
    expect(store.items[0]).toMatchObject({ key: 'i1', name: 'iris.csv', state: 'queued' })

    fake.emit('dataset.import', progress({ state: 'reading', bytesRead: 400, rows: 120, mbPerSecond: 85.5 }))
    expect(store.items[0]).toMatchObject({ state: 'reading', rows: 120, mbPerSecond: 85.5, name: 'iris.csv' })
    // A late, older snapshot does not move the row back.
    fake.emit('dataset.import', progress({ state: 'reading', bytesRead: 100, rows: 30 }))
    expect(store.items[0].rows).toBe(120)
    fake.emit('dataset.import', progress({ state: 'done', bytesRead: 1000, rows: 150, datasetId: 9 }))
    expect(store.items[0]).toMatchObject({ state: 'done', datasetId: 9 })
    expect(store.activeCount).toBe(0)
  })

  it('keeps the engine row when progress events arrive before the import call answers', async () => {
    let answer: (p: ImportProgress[]) => void = () => undefined
    const fake = createFakeApi({ 'datasets.import': () => new Promise((resolve) => (answer = resolve)) })
    const store = createStoreContext(fake).run(() => useImportsStore())
    const source: FileSource = { kind: 'path', pathOf: async (f) => `/data/${f.name}` }

    const done = store.importFiles([new File(['x'], 'big.csv')], source)
    await flushPromises()
    fake.emit('dataset.import', progress({ importId: 'i7', path: '/data/big.csv', state: 'reading', bytesRead: 500, rows: 40 }))
    answer([progress({ importId: 'i7', path: '/data/big.csv', state: 'queued' })])
    await done
    expect(store.items.map((i) => [i.key, i.state, i.rows])).toEqual([['i7', 'reading', 40]])
  })

  it("shows the engine's message on a failed import, and an upload's refusal on its row", async () => {
    const fake = createFakeApi({ 'datasets.import': ({ paths }) => [progress({ importId: 'i2', path: paths[0] })] })
    const store = createStoreContext(fake).run(() => useImportsStore())
    const source: FileSource = {
      kind: 'upload',
      pathOf: async (f) => {
        if (f.name.endsWith('.bin')) throw new Error('blob.bin: unsupported extension ".bin"')
        return `/u/${f.name}`
      }
    }
    await store.importFiles([new File(['x'], 'ragged.csv'), new File(['x'], 'blob.bin')], source)
    fake.emit('dataset.import', progress({ importId: 'i2', path: '/u/ragged.csv', state: 'failed', error: 'ragged.csv line 3, column 4: expected 3 fields, found 4' }))
    expect(store.items.map((i) => [i.name, i.state, i.error])).toEqual([
      ['ragged.csv', 'failed', 'ragged.csv line 3, column 4: expected 3 fields, found 4'],
      ['blob.bin', 'failed', 'blob.bin: unsupported extension ".bin"']
    ])
    store.dismiss(store.items[0].key)
    expect(store.items.map((i) => i.name)).toEqual(['blob.bin'])
  })

  it('cancels an upload without asking the engine, and an engine import through cancelImport', async () => {
    const fake = createFakeApi({
      'datasets.import': ({ paths }) => [progress({ importId: 'i3', path: paths[0] })],
      'datasets.cancelImport': ({ importId }) => progress({ importId, path: '/d/b.csv', state: 'cancelled' })
    })
    const store = createStoreContext(fake).run(() => useImportsStore())
    const uploads = manualUploads()
    const uploading = store.importFiles([new File(['x'], 'a.csv')], uploads.source)
    await store.cancel(store.items[0].key)
    await uploading
    expect(uploads.waiting[0].signal?.aborted).toBe(true)
    expect(store.items[0]).toMatchObject({ state: 'cancelled', error: undefined })
    expect(fake.calls.map((c) => c.method)).toEqual([])

    await store.importPaths(['/d/b.csv'])
    await store.cancel('i3')
    expect(fake.calls.map((c) => c.method)).toEqual(['datasets.import', 'datasets.cancelImport'])
    expect(store.items.find((i) => i.key === 'i3')?.state).toBe('cancelled')
  })

  it('asks for the imports again after the event stream reconnects', async () => {
    let engine = [progress({ importId: 'i9', state: 'reading' })]
    const fake = createFakeApi({ 'datasets.imports': () => engine })
    const store = createStoreContext(fake).run(() => useImportsStore())
    await store.load()
    engine = [progress({ importId: 'i9', state: 'done', datasetId: 3 })]
    fake.reconnect()
    await flushPromises()
    expect(store.items.map((i) => [i.key, i.state, i.name])).toEqual([['i9', 'done', 'iris.csv']])
  })

  it('keeps only unfinished and failed imports across a reload, by the name the user knows', async () => {
    const fake = createFakeApi({
      'datasets.imports': () => [
        progress({ importId: 'a', state: 'done', datasetId: 3 }),
        progress({ importId: 'b', state: 'cancelled' }),
        progress({ importId: 'c', state: 'failed', name: 'my data.csv', path: '/srv/uploads/9-cc-my_data.csv', error: 'my data.csv: no rows' }),
        progress({ importId: 'd', state: 'reading', name: 'big.csv', path: '/srv/uploads/1-dd-big.csv' })
      ],
      'datasets.dismissImport': () => ({ ok: true as const })
    })
    const store = createStoreContext(fake).run(() => useImportsStore())
    await store.load()
    expect(store.items.map((i) => [i.key, i.state, i.name])).toEqual([['c', 'failed', 'my data.csv'], ['d', 'reading', 'big.csv']])
    // Dismissed for good: the engine forgets it too, so the next reload does not bring it back.
    store.dismiss('c')
    store.dismiss('d')
    await flushPromises()
    expect(store.items.map((i) => i.key)).toEqual(['d'])
    expect(fake.calls.filter((c) => c.method === 'datasets.dismissImport').map((c) => c.input)).toEqual([{ importId: 'c' }])
  })
})
