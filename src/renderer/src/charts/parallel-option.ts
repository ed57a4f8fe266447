import type { EChartsCoreOption } from 'echarts/core'
import type { AnalysisResult } from '../../../shared/api'
import { formatNumber } from '../composables/use-format'

export interface ParallelDim {
  name: string
  axis: 'value' | 'log' | 'category'
}

/**
 * Parallel coordinates of the analysed rows: one axis per parameter, then the target, every line
 * coloured by the target (best end in the strong colour) and each axis brushable by dragging on
 * it, which ECharts' parallel axes do on their own.
 */
export function buildParallelOption(
  rows: AnalysisResult['rows'],
  dims: ParallelDim[],
  spec: { target: string; goal: 'min' | 'max' }
): { option: EChartsCoreOption; points: number } {
  const index = new Map(rows.names.map((n, i) => [n, i]))
  const targetDim = dims.length
  const data: Array<Array<number | string>> = []
  rows.target.forEach((y, r) => {
    if (!Number.isFinite(y)) return
    const line = dims.map((d) => {
      const v = rows.values[r]?.[index.get(d.name) ?? -1]
      // '-' is ECharts' missing value: an inactive conditional parameter breaks the line there.
      if (v === null || v === undefined) return '-'
      if (d.axis === 'category') return String(v)
      return typeof v === 'number' && (d.axis !== 'log' || v > 0) ? v : '-'
    })
    data.push([...line, y])
  })
  const finite = rows.target.filter(Number.isFinite)
  const min = finite.length ? Math.min(...finite) : 0
  const max = finite.length ? Math.max(...finite) : 1
  const parallelAxis = [
    ...dims.map((d, i) => ({
      dim: i,
      name: d.name,
      type: d.axis,
      ...(d.axis === 'category' ? { data: [...new Set(data.map((l) => l[i]).filter((v) => v !== '-'))].map(String).sort() } : { scale: true }),
      axisLabel: d.axis === 'category' ? {} : { formatter: (v: number) => formatNumber(v) }
    })),
    { dim: targetDim, name: spec.target, type: 'value', scale: true, axisLabel: { formatter: (v: number) => formatNumber(v) } }
  ]
  // The strong end of the ramp marks the best rows: low values when minimising.
  const ramp = ['#d6e4f5', '#6f9be0', '#2f6fdb', '#c0392b']
  const option: EChartsCoreOption = {
    animation: false,
    parallel: { left: 48, right: 96, top: 40, bottom: 24, parallelAxisDefault: { nameLocation: 'end', nameGap: 12, nameTextStyle: { fontSize: 11 } } },
    parallelAxis,
    visualMap: {
      type: 'continuous',
      dimension: targetDim,
      min,
      max,
      right: 8,
      top: 'middle',
      calculable: true,
      precision: 3,
      inRange: { color: spec.goal === 'min' ? [...ramp].reverse() : ramp }
    },
    series: [
      {
        id: 'rows',
        type: 'parallel',
        lineStyle: { width: 1, opacity: 0.45 },
        inactiveOpacity: 0.04,
        activeOpacity: 0.9,
        progressive: 1000,
        data
      }
    ]
  }
  return { option, points: data.length }
}
