import type { EChartsCoreOption } from 'echarts/core'
import type { Series } from '../../../shared/api'

export interface LineInput {
  /** Metric name, e.g. `val/loss`. */
  name: string
  /** Legend text. */
  label: string
  series: Series | undefined
  /** Line colour; the theme's palette by position when absent. */
  color?: string
}

export interface LineChartSpec {
  lines: LineInput[]
  stepLabel: string
  /** Log y axis: learning rates and losses spanning decades. */
  logY?: boolean
}

/** `[step, value]` pairs; non-finite values (a diverging run) would break a log axis. */
export function toPoints(series: Series | undefined, logY = false): Array<[number, number]> {
  if (!series) return []
  const out: Array<[number, number]> = []
  for (let i = 0; i < series.steps.length; i++) {
    const v = series.values[i]
    if (Number.isFinite(v) && (!logY || v > 0)) out.push([series.steps[i], v])
  }
  return out
}

/** The ECharts option of a step/value line chart and the number of points it draws. */
export function buildLineOption(spec: LineChartSpec): { option: EChartsCoreOption; points: number } {
  let points = 0
  const series = spec.lines
    .filter((line) => line.series && line.series.steps.length > 0)
    .map((line) => {
      const data = toPoints(line.series, spec.logY)
      points += data.length
      return {
        id: line.name,
        name: line.label,
        type: 'line',
        data,
        ...(line.color ? { itemStyle: { color: line.color }, lineStyle: { color: line.color } } : {}),
        showSymbol: data.length < 2,
        // Keeps curves of a million points responsive; the engine stores full resolution.
        sampling: 'lttb',
        emphasis: { focus: 'series' }
      }
    })
  const option: EChartsCoreOption = {
    animation: false,
    grid: { left: 56, right: 16, top: 36, bottom: 40 },
    legend: { top: 4, type: 'scroll' },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: spec.stepLabel, nameLocation: 'middle', nameGap: 24, min: 'dataMin', max: 'dataMax' },
    yAxis: { type: spec.logY ? 'log' : 'value', scale: true },
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }],
    series
  }
  return { option, points }
}
