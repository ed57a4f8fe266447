import { describe, expect, it } from 'vitest'
import { buildLineOption, logBounds, toPoints } from './line-option'

const series = (values: number[]) => ({ steps: values.map((_, i) => i + 1), values, times: values.map(() => 0) })

describe('buildLineOption', () => {
  it('draws one line per present metric and counts the points drawn', () => {
    const { option, points } = buildLineOption({
      lines: [
        { name: 'train/loss', label: 'train/loss', series: series([1, 0.5, 0.25]) },
        { name: 'val/loss', label: 'val/loss', series: undefined }
      ],
      stepLabel: 'step'
    })
    expect(points).toBe(3)
    const drawn = option.series as Array<{ id: string; data: Array<[number, number]> }>
    expect(drawn.map((s) => s.id)).toEqual(['train/loss'])
    expect(drawn[0].data).toEqual([[1, 1], [2, 0.5], [3, 0.25]])
  })

  it('leaves out values a log axis or a diverged run cannot draw', () => {
    expect(toPoints(series([1, Number.NaN, Infinity, 0, 2]))).toEqual([[1, 1], [4, 0], [5, 2]])
    expect(toPoints(series([1, 0, 2]), true)).toEqual([[1, 1], [3, 2]])
  })

  it('bounds a log axis by whole decades around the values, one decade at least', () => {
    expect(logBounds([1e-3, 1e-3])).toEqual({ min: 1e-4, max: 1e-2 })
    expect(logBounds([0.02, 3, 0.5])).toEqual({ min: 0.01, max: 10 })
    expect(logBounds([])).toBeNull()
    const { option } = buildLineOption({ lines: [{ name: 'lr', label: 'lr', series: series([1e-3, 1e-3, 0]) }], stepLabel: 'step', logY: true })
    expect(option.yAxis).toEqual({ type: 'log', min: 1e-4, max: 1e-2 })
  })
})
