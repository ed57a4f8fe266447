import { describe, expect, it } from 'vitest'
import type { Series } from '../../../shared/api'
import { createFakeApi, createStoreContext, flushPromises } from '../testing/fake-api'
import { appendSeries, useMetricsStore } from './metrics'

const s = (steps: number[], values = steps.map((x) => x / 10)): Series => ({ steps, values, times: steps.map((x) => 1000 + x) })

describe('appendSeries', () => {
  it('appends new points, creates new series and skips steps already held', () => {
    const target: Record<string, Series> = { 'train/loss': s([1, 2]) }
    const added = appendSeries(target, { 'train/loss': s([2, 3, 4]), lr: s([4]) })
    expect(added).toBe(3)
    expect(target['train/loss'].steps).toEqual([1, 2, 3, 4])
    expect(target['train/loss'].values).toEqual([0.1, 0.2, 0.3, 0.4])
    expect(target.lr.steps).toEqual([4])
  })
})

describe('metrics store', () => {
  it('loads the initial series, then appends event batches of the watched run only', async () => {
    let answer: (v: Record<string, Series>) => void = () => undefined
    const fake = createFakeApi({ 'runs.metrics': () => new Promise((resolve) => (answer = resolve)) })
    const ctx = createStoreContext(fake)
    const store = ctx.run(() => useMetricsStore())

    const watching = store.watchRun(7)
    // A batch that arrives while the fetch is in flight overlaps it (step 2) and extends it (step 3).
    fake.emit('run.metrics', { runId: 7, series: { 'train/loss': s([2, 3]) } })
    answer({ 'train/loss': s([1, 2]) })
    await watching
    expect(store.seriesOf(7)['train/loss'].steps).toEqual([1, 2, 3])
    const v0 = store.versionOf(7)

    fake.emit('run.metrics', { runId: 7, series: { 'train/loss': s([4, 5]), 'val/loss': s([5]) } })
    fake.emit('run.metrics', { runId: 8, series: { 'train/loss': s([1]) } })
    expect(store.seriesOf(7)['train/loss'].steps).toEqual([1, 2, 3, 4, 5])
    expect(store.seriesOf(7)['val/loss'].values).toEqual([0.5])
    expect(store.versionOf(7)).toBe(v0 + 1)
    expect(store.seriesOf(8)).toEqual({})

    // A repeated batch adds nothing and does not redraw.
    fake.emit('run.metrics', { runId: 7, series: { 'train/loss': s([5]) } })
    expect(store.versionOf(7)).toBe(v0 + 1)

    store.release(7)
    fake.emit('run.metrics', { runId: 7, series: { 'train/loss': s([6]) } })
    expect(store.seriesOf(7)).toEqual({})
  })

  it('forgets a run whose initial fetch failed, so a retry starts clean', async () => {
    const fake = createFakeApi({})
    const store = createStoreContext(fake).run(() => useMetricsStore())
    await expect(store.watchRun(1)).rejects.toMatchObject({ code: 'UNSUPPORTED' })
    expect(store.versionOf(1)).toBe(-1)
  })
})

describe('metrics store after a reconnect', () => {
  it('refetches the series of watched runs, keeping batches that arrive meanwhile', async () => {
    let engine: Record<string, Series> = { 'train/loss': s([1, 2]) }
    const fake = createFakeApi({ 'runs.metrics': () => engine })
    const store = createStoreContext(fake).run(() => useMetricsStore())
    await store.watchRun(1)
    // Steps 3 and 4 were sent while the stream was down; step 5 comes right after it is back.
    engine = { 'train/loss': s([1, 2, 3, 4]) }
    fake.reconnect()
    fake.emit('run.metrics', { runId: 1, series: { 'train/loss': s([5]) } })
    await flushPromises()
    expect(store.seriesOf(1)['train/loss'].steps).toEqual([1, 2, 3, 4, 5])
  })
})
