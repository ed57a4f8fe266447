import { describe, expect, it } from 'vitest'
import { api } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import type { MetricPoint } from '../../../shared/schemas/runs'
import { newRun, openTestStore, tempStoreFile } from '../store/testing'
import { createSeriesDownsampledApi } from './series-downsampled'

const T0 = 1_700_000_000_000
const point = (name: string, step: number, value: number): MetricPoint => ({ name, step, value, time: T0 + step * 10 })

function setUp() {
  const store = openTestStore(tempStoreFile())
  const experimentId = store.experiments.create({ name: 'exp' }).id
  const a = store.runs.insert(newRun(experimentId)).id
  const b = store.runs.insert(newRun(experimentId, { trainer: 'command' })).id
  const loss = Array.from({ length: 5000 }, (_, i) => point('val/loss', i, i === 2500 ? 99 : 1 / (1 + i)))
  loss[4000] = point('val/loss', 4000, Number.NaN)
  store.metrics.append(a, loss)
  store.metrics.append(b, [point('val/loss', 0, 1), point('val/loss', 100, 0.5), point('epoch', 50, 0.5), point('epoch', 100, 1)])
  const method = createSeriesDownsampledApi(store)['runs.seriesDownsampled']
  const call = (input: unknown) => method(api['runs.seriesDownsampled'].input.parse(input))
  return { a, b, call }
}

describe('runs.seriesDownsampled', () => {
  it('downsamples a stored series to the width with its spike, its gap and its total', async () => {
    const { a, b, call } = setUp()
    const { series } = await call({ runIds: [a, b], metrics: ['val/loss', 'missing'], width: 100 })
    expect(series.map((s) => [s.runId, s.metric, s.total])).toEqual([
      [a, 'val/loss', 5000],
      [b, 'val/loss', 2]
    ])
    const [s] = series
    expect(s.x.length).toBeLessThanOrEqual(103)
    expect(s.x[0]).toBe(0)
    expect(s.x.at(-1)).toBe(4999)
    expect(s.y[s.x.indexOf(2500)]).toBe(99)
    expect(s.y[s.x.indexOf(4000)]).toBeNull()
    // The output is what the contract says, JSON-safe.
    expect(api['runs.seriesDownsampled'].output.parse({ series })).toBeTruthy()
    expect(JSON.parse(JSON.stringify(series))).toEqual(series)
  })

  it('returns a zoomed range at full detail up to the width', async () => {
    const { a, call } = setUp()
    const { series } = await call({ runIds: [a], metrics: ['val/loss'], width: 100, range: [1000, 1049] })
    expect(series[0].total).toBe(50)
    expect(series[0].x).toEqual(Array.from({ length: 50 }, (_, i) => 1000 + i))
  })

  it('draws by wall time and by a logged epoch series', async () => {
    const { a, b, call } = setUp()
    const byTime = await call({ runIds: [a], metrics: ['val/loss'], width: 10, x: 'time', range: [T0, T0 + 99] })
    expect(byTime.series[0].x).toEqual(Array.from({ length: 10 }, (_, i) => T0 + i * 10))
    const byEpoch = await call({ runIds: [b], metrics: ['val/loss'], width: 10, x: 'epoch' })
    expect(byEpoch.series[0].x).toEqual([0, 1])
  })

  it('refuses x=epoch for a run that logged no epoch, naming it, and a backwards range', async () => {
    const { a, b, call } = setUp()
    const err = await call({ runIds: [b, a], metrics: ['val/loss'], width: 10, x: 'epoch' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).message).toContain(`Run ${a} logged no "epoch" series`)
    expect((err as AppError).details).toMatchObject({ issues: [{ field: 'x' }] })
    const back = await call({ runIds: [a], metrics: ['val/loss'], width: 10, range: [5, 1] }).catch((e: unknown) => e)
    expect((back as AppError).details).toMatchObject({ issues: [{ field: 'range' }] })
    const missing = await call({ runIds: [999], metrics: ['val/loss'], width: 10 }).catch((e: unknown) => e)
    expect((missing as AppError).code).toBe('NOT_FOUND')
  })
})
