import type { EChartsCoreOption } from 'echarts/core'
import { formatNumber } from '../composables/use-format'

export interface HistogramInput {
  edges: number[]
  counts: number[]
}

/** Bin labels `[a, b)`, the last bin closed `[a, b]` as profiles count the maximum in it. */
export function binLabels(h: HistogramInput): string[] {
  return h.counts.map((_, i) => {
    const close = i === h.counts.length - 1 ? ']' : ')'
    return `[${formatNumber(h.edges[i])}, ${formatNumber(h.edges[i + 1])}${close}`
  })
}

/** A histogram as touching bars over its bins; `points` is the number of bins drawn. */
export function buildHistogramOption(h: HistogramInput, countLabel: string): { option: EChartsCoreOption; points: number } {
  const labels = binLabels(h)
  const option: EChartsCoreOption = {
    animation: false,
    grid: { left: 44, right: 8, top: 8, bottom: 24 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: labels,
      // Show the lower edge only: full ranges do not fit under narrow bars.
      axisLabel: { formatter: (_: string, i: number) => formatNumber(h.edges[i]), hideOverlap: true }
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: countLabel, data: [...h.counts], barCategoryGap: '4%' }]
  }
  return { option, points: h.counts.length }
}

export interface CountBar {
  label: string
  count: number
}

/** Horizontal bars, largest on top, with each bar's share of `total` in the tooltip. */
export function buildCountsOption(bars: CountBar[], total: number, countLabel: string): { option: EChartsCoreOption; points: number } {
  const ordered = [...bars].reverse()
  const option: EChartsCoreOption = {
    animation: false,
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: number) => (total > 0 ? `${v} (${((100 * v) / total).toFixed(1)}%)` : String(v))
    },
    // Few ticks: the cards are narrow and counts run to millions.
    xAxis: { type: 'value', minInterval: 1, splitNumber: 3, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'category', data: ordered.map((b) => b.label), axisLabel: { width: 120, overflow: 'truncate' } },
    series: [{ type: 'bar', name: countLabel, data: ordered.map((b) => b.count), label: { show: true, position: 'right' } }]
  }
  return { option, points: bars.length }
}
