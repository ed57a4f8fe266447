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

/**
 * Whole decades around the drawn values of a log axis, at least one decade wide: ECharts' own
 * bounds stretch a constant learning rate over five decades and flatten every curve.
 */
export function logBounds(values: Iterable<number>): { min: number; max: number } | null {
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) {
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null
  let min = Math.floor(Math.log10(lo))
  let max = Math.ceil(Math.log10(hi))
  if (max === min) {
    min -= 1
    max += 1
  }
  // Number('1e-4'), not 10 ** -4 (0.00009999999999999999), so the axis labels read as decades.
  return { min: Number(`1e${min}`), max: Number(`1e${max}`) }
}

/** The ECharts option of a step/value line chart and the number of points it draws. */
export function buildLineOption(spec: LineChartSpec): { option: EChartsCoreOption; points: number } {
  let points = 0
  const drawn: number[] = []
  const series = spec.lines
    .filter((line) => line.series && line.series.steps.length > 0)
    .map((line) => {
      const data = toPoints(line.series, spec.logY)
      points += data.length
      if (spec.logY) for (const [, v] of data) drawn.push(v)
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
    yAxis: spec.logY ? { type: 'log', ...logBounds(drawn) } : { type: 'value', scale: true },
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }],
    series
  }
  return { option, points }
}
