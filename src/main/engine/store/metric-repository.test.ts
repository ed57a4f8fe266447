import { describe, expect, it } from 'vitest'
import type { MetricPoint } from '../../../shared/schemas/runs'
import type { Store } from './index'
import { newRun, openTestStore, tempStoreFile } from './testing'

function storeWithRun(file = tempStoreFile()): { store: Store; runId: number } {
  const store = openTestStore(file)
  const experimentId = store.experiments.create({ name: 'exp' }).id
  return { store, runId: store.runs.insert(newRun(experimentId)).id }
}

const point = (name: string, step: number, value: number, time = 1_700_000_000_000 + step): MetricPoint => ({ name, step, value, time })

describe('metric repository', () => {
  it('keeps every point and returns series in step order after reopening', () => {
    const file = tempStoreFile()
    const { store, runId } = storeWithRun(file)
    // Out of order and split over batches, as a restarted trainer may send them.
    store.metrics.append(runId, [point('loss', 2, 0.5), point('acc', 1, 0.6), point('loss', 0, 2.25)])
    store.metrics.append(runId, [point('loss', 1, 1.125, 1_700_000_000_000.5)])
    store.close()

    const series = openTestStore(file).metrics.series(runId)
    expect(series).toEqual({
      loss: { steps: [0, 1, 2], values: [2.25, 1.125, 0.5], times: [1_700_000_000_000, 1_700_000_000_000.5, 1_700_000_000_002] },
      acc: { steps: [1], values: [0.6], times: [1_700_000_000_001] }
    })
  })

  it('filters series by name and by step', () => {
    const { store, runId } = storeWithRun()
    const points = [0, 1, 2, 3, 4].flatMap((s) => [point('loss', s, 10 - s), point('val/loss', s, 20 - s), point('lr', s, 0.1)])
    store.metrics.append(runId, points)
    expect(Object.keys(store.metrics.series(runId, { names: ['val/loss', 'missing'] }))).toEqual(['val/loss'])
    const tail = store.metrics.series(runId, { names: ['loss', 'lr'], afterStep: 2 })
    expect(tail.loss.steps).toEqual([3, 4])
    expect(tail.loss.values).toEqual([7, 6])
    expect(tail.lr.steps).toEqual([3, 4])
    expect(store.metrics.series(runId, { afterStep: 4 }).loss.steps).toEqual([])
    expect(store.metrics.series(runId, { names: [] })).toEqual({})
  })

  it('summarises each metric: first and last by step, min, max and count', () => {
    const { store, runId } = storeWithRun()
    store.metrics.append(runId, [point('loss', 5, 0.7), point('loss', 1, 3), point('loss', 9, 0.4)])
    store.metrics.append(runId, [point('loss', 3, -1), point('loss', 7, 8), point('acc', 4, 0.25)])
    expect(store.metrics.summary(runId)).toEqual({
      loss: { first: 3, last: 0.4, min: -1, max: 8, count: 5 },
      acc: { first: 0.25, last: 0.25, min: 0.25, max: 0.25, count: 1 }
    })
    expect(store.metrics.summary(runId + 1)).toEqual({})
  })

  it('replaces the point of a step logged again', () => {
    const { store, runId } = storeWithRun()
    store.metrics.append(runId, [point('loss', 0, 1), point('loss', 1, 0.9)])
    store.metrics.append(runId, [point('loss', 1, 0.8, 99)])
    expect(store.metrics.series(runId).loss).toEqual({ steps: [0, 1], values: [1, 0.8], times: [1_700_000_000_000, 99] })
    expect(store.metrics.summary(runId).loss.count).toBe(2)
  })

  it('keeps NaN and infinite values of a diverging run', () => {
    const { store, runId } = storeWithRun()
    store.metrics.append(runId, [point('loss', 0, 1), point('loss', 1, Infinity), point('loss', 2, Number.NaN)])
    expect(store.metrics.series(runId).loss.values).toEqual([1, Infinity, Number.NaN])
    expect(store.metrics.summary(runId).loss).toEqual({ first: 1, last: Number.NaN, min: 1, max: Infinity, count: 3 })
  })

  it('refuses a batch with a bad point without keeping any of it', () => {
    const { store, runId } = storeWithRun()
    const bad = { name: 'loss', step: 1.5, value: 1, time: 1 }
    expect(() => store.metrics.append(runId, [point('loss', 0, 1), bad])).toThrow(
      'Invalid metric point: points[1].step: must be an integer, got 1.5'
    )
    expect(() => store.metrics.append(runId, [{ ...point('acc', 0, 1), name: '' }])).toThrow(/points\[0\]\.name/)
    expect(store.metrics.series(runId)).toEqual({})
  })

  it('refuses points for a missing run', () => {
    const { store, runId } = storeWithRun()
    expect(() => store.metrics.append(runId + 1, [point('loss', 0, 1)])).toThrow(`Run ${runId + 1} not found`)
  })

  it('gives each run its own metric names', () => {
    const { store, runId } = storeWithRun()
    const other = store.runs.insert(newRun(store.runs.get(runId)!.experimentId)).id
    store.metrics.append(runId, [point('loss', 0, 1)])
    store.metrics.append(other, [point('loss', 0, 2)])
    expect(store.metrics.series(runId).loss.values).toEqual([1])
    expect(store.metrics.series(other).loss.values).toEqual([2])
  })
})

describe('metric repository channels', () => {
  it('keeps the channel of each series across a reopen, and none for a built-in trainer’s', () => {
    const file = tempStoreFile()
    const { store, runId } = storeWithRun(file)
    store.metrics.append(runId, [
      { ...point('loss', 0, 2), channel: 'stdout' },
      { ...point('eval_acc', 0, 0.5), channel: 'jsonl' },
      point('train/loss', 0, 1)
    ])
    // Later batches name the channel again; a series keeps its first.
    store.metrics.append(runId, [{ ...point('loss', 1, 1), channel: 'tensorboard' }, { ...point('eval_acc', 1, 0.6), channel: 'jsonl' }])
    store.close()

    const reopened = openTestStore(file)
    const series = reopened.metrics.series(runId)
    expect([series.loss.channel, series.eval_acc.channel, series['train/loss'].channel]).toEqual(['stdout', 'jsonl', undefined])
    expect('channel' in series['train/loss']).toBe(false)
    expect(series.loss.values).toEqual([2, 1])
    const summary = reopened.metrics.summary(runId)
    expect([summary.loss.channel, summary.eval_acc.channel, summary['train/loss'].channel]).toEqual(['stdout', 'jsonl', undefined])
    expect(reopened.metrics.series(runId, { names: ['eval_acc'], afterStep: 0 }).eval_acc).toEqual({ steps: [1], values: [0.6], times: [1_700_000_000_001], channel: 'jsonl' })
  })

  it('gives a series with no channel yet the first one a later point names', () => {
    const { store, runId } = storeWithRun()
    store.metrics.append(runId, [point('loss', 0, 2)])
    store.metrics.append(runId, [{ ...point('loss', 1, 1), channel: 'hf-log' }])
    expect(store.metrics.series(runId).loss.channel).toBe('hf-log')
  })

  it('refuses a channel it does not know, naming the point', () => {
    const { store, runId } = storeWithRun()
    const bad = { ...point('loss', 0, 1), channel: 'carrier-pigeon' } as unknown as MetricPoint
    expect(() => store.metrics.append(runId, [point('loss', 1, 1), bad])).toThrow(/points\[1\]\.channel/)
    expect(store.metrics.series(runId)).toEqual({})
  })
})

describe('metric repository deleteAfter', () => {
  it('drops the points after a step of one run only', () => {
    const { store, runId } = storeWithRun()
    const other = store.runs.insert(newRun(store.experiments.list()[0].id)).id
    for (const id of [runId, other]) store.metrics.append(id, [1, 2, 3, 4].map((step) => point('train/loss', step, step)))
    expect(store.metrics.deleteAfter(runId, 2)).toBe(2)
    expect(store.metrics.series(runId)['train/loss'].steps).toEqual([1, 2])
    expect(store.metrics.series(other)['train/loss'].steps).toEqual([1, 2, 3, 4])
  })
})
