import { describe, expect, it } from 'vitest'
import { binLabels, buildCountsOption, buildHistogramOption } from './bar-option'

describe('histogram option', () => {
  it('labels half-open bins, closing the last one, and draws one bar per bin', () => {
    const h = { edges: [0, 0.5, 1, 1.5], counts: [3, 0, 7] }
    expect(binLabels(h)).toEqual(['[0, 0.5)', '[0.5, 1)', '[1, 1.5]'])
    const { option, points } = buildHistogramOption(h, 'Count')
    expect(points).toBe(3)
    expect((option.series as Array<{ data: number[] }>)[0].data).toEqual([3, 0, 7])
  })
})

describe('counts option', () => {
  it('puts the largest bar on top and gives each bar its share in the tooltip', () => {
    const { option, points } = buildCountsOption(
      [
        { label: 'a', count: 60 },
        { label: 'b', count: 30 },
        { label: 'c', count: 10 }
      ],
      100,
      'Count'
    )
    expect(points).toBe(3)
    // ECharts draws category axes bottom-up: reversed so 'a' ends at the top.
    expect((option.yAxis as { data: string[] }).data).toEqual(['c', 'b', 'a'])
    const format = (option.tooltip as { valueFormatter: (v: number) => string }).valueFormatter
    expect(format(30)).toBe('30 (30.0%)')
  })
})
