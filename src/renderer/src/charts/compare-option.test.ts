import { describe, expect, it } from 'vitest'
import { parseRunIds } from '../composables/compare-data'
import { buildCompareOption, ema, groupMean } from './compare-option'

describe('compare chart option', () => {
  it('smooths with a debiased EMA that keeps gaps', () => {
    expect(ema([1, 1, null, 1], 0.9)).toEqual([1, expect.closeTo(1, 12), null, expect.closeTo(1, 12)])
    expect(ema([0, 10], 0.5)).toEqual([0, expect.closeTo(10 / 1.5, 12)])
    expect(ema([3, null], 0)).toEqual([3, null])
  })

  it('averages a group on its longest x with a sample-std band', () => {
    const g = groupMean([
      { x: [0, 10], y: [0, 10] },
      { x: [0, 5, 10], y: [2, 7, 12] }
    ])
    expect(g.x).toEqual([0, 5, 10])
    expect(g.y).toEqual([1, 6, 11])
    expect(g.max[0]! - g.y[0]!).toBeCloseTo(Math.SQRT2)
    expect(g.n).toBe(2)
  })

  it('on a log axis, takes a band whose lower edge is at or below 0 down to the axis floor', () => {
    const { option } = buildCompareOption({
      // A wide spread over seeds: mean 1, std 2 at x 1; the lower edge −1 cannot be drawn on a log axis.
      curves: [{ key: 'g', label: 'g', color: '#000', x: [0, 1, 2], y: [2, 1, 0.5], min: [1, -1, 0.25], max: [3, 3, 0.75] }],
      x: 'step',
      xLabel: 'Step',
      logY: true,
      smoothing: 0
    })
    const o = option as { series: Array<{ id: string; data: Array<[number, number | null]> }>; yAxis: { min: number } }
    expect(o.yAxis.min).toBe(0.1)
    const lo = o.series.find((s) => s.id === 'band-lo:g')!.data
    const height = o.series.find((s) => s.id === 'band-hi:g')!.data
    expect(lo).toEqual([[0, 1], [1, 0.1], [2, 0.25]])
    // Stacked, the band's top stays at mean + std everywhere.
    expect(lo.map(([, v], i) => v! + height[i]![1]!)).toEqual([3, 3, 0.75].map((v) => expect.closeTo(v, 12)))
  })

  it('leaves values a log axis cannot show as gaps, and the bands out of the tooltip', () => {
    const { option, points } = buildCompareOption({
      curves: [{ key: 'a', label: 'a', color: '#000', x: [0, 1, 2], y: [1, 0, 0.1], min: [1, -1, 0.1], max: [1, 1, 0.1] }],
      x: 'step',
      xLabel: 'Step',
      logY: true,
      smoothing: 0
    })
    expect(points).toBe(2)
    const o = option as { series: Array<{ id: string; data: Array<[number, number | null]> }>; tooltip: { formatter: (p: unknown[]) => string } }
    expect(o.series.find((s) => s.id === 'a')!.data).toEqual([[0, 1], [1, null], [2, 0.1]])
    const text = o.tooltip.formatter([
      { seriesId: 'band-lo:a', seriesName: 'band-lo:a', marker: '', value: [0, 1] },
      { seriesId: 'a', seriesName: '<b>a</b>', marker: '', value: [0, 1] }
    ])
    expect(text).toBe('&#60;b&#62;a&#60;/b&#62;: 1')
  })

  it('reads run ids from the route query', () => {
    expect(parseRunIds('3,1,,x,3,-2,1.5')).toEqual([3, 1])
    expect(parseRunIds(['1', '2'])).toEqual([1, 2])
    expect(parseRunIds(undefined)).toEqual([])
  })
})
