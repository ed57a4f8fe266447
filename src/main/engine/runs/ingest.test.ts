import { describe, expect, it } from 'vitest'
import { isValidPoint, toSeries } from './ingest'

const point = { name: 'loss', step: 1, value: 0.5, time: 1_700_000_000_000 }

describe('trainer metric points', () => {
  it('takes a point with no channel (a built-in trainer) or a channel the engine knows', () => {
    expect(isValidPoint(point)).toBe(true)
    expect(isValidPoint({ ...point, channel: 'tensorboard' })).toBe(true)
  })

  it('drops a point whose channel is unknown or not text', () => {
    expect(isValidPoint({ ...point, channel: 'carrier-pigeon' })).toBe(false)
    expect(isValidPoint({ ...point, channel: 3 })).toBe(false)
    expect(isValidPoint({ ...point, channel: null })).toBe(false)
  })

  it('puts the channel on the series of the live batch, and none where the points name none', () => {
    const series = toSeries([{ ...point, channel: 'jsonl' }, { ...point, step: 2, channel: 'jsonl' }, { ...point, name: 'train/loss' }])
    expect(series).toStrictEqual({
      loss: { steps: [1, 2], values: [0.5, 0.5], times: [point.time, point.time], channel: 'jsonl' },
      'train/loss': { steps: [1], values: [0.5], times: [point.time] }
    })
  })
})
