import type { EChartsCoreOption } from 'echarts/core'
import type { AnalysisResult, MethodOutput } from '../../../shared/api'
import { formatNumber } from '../composables/use-format'
import { escapeHtml } from './html'

type Contour = MethodOutput<'analysis.contour'>

function range(values: number[]): { min: number; max: number } {
  const finite = values.filter(Number.isFinite)
  return finite.length ? { min: Math.min(...finite), max: Math.max(...finite) } : { min: 0, max: 1 }
}

/**
 * The response surface over a pair of parameters as a heatmap: cell (j, i) is z[i][j] at
 * (x[j], y[i]). The strong colour marks the best region for the goal.
 */
export function buildContourOption(contour: Contour, goal: 'min' | 'max', targetLabel: string): { option: EChartsCoreOption; points: number } {
  const data: Array<[number, number, number]> = []
  contour.z.forEach((row, i) => row.forEach((z, j) => Number.isFinite(z) && data.push([j, i, z])))
  const { min, max } = range(data.map((d) => d[2]))
  const ramp = ['#c0392b', '#f0b27a', '#fdf2e9', '#aed6f1', '#2f6fdb']
  const [px, py] = contour.params
  const option: EChartsCoreOption = {
    animation: false,
    grid: { left: 64, right: 96, top: 16, bottom: 48 },
    tooltip: {
      formatter: (d: { value: [number, number, number] }) =>
        `${escapeHtml(px)} = ${formatNumber(contour.x[d.value[0]])}<br/>${escapeHtml(py)} = ${formatNumber(contour.y[d.value[1]])}<br/>${escapeHtml(targetLabel)}: ${formatNumber(d.value[2])}`
    },
    xAxis: { type: 'category', name: px, nameLocation: 'middle', nameGap: 30, data: contour.x.map(formatNumber), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'category', name: py, data: contour.y.map(formatNumber), axisLabel: { hideOverlap: true } },
    visualMap: {
      min,
      max,
      calculable: true,
      right: 8,
      top: 'middle',
      precision: 3,
      // Best values get the strong blue: low ones when minimising.
      inRange: { color: goal === 'min' ? [...ramp].reverse() : ramp }
    },
    series: [{ id: 'surface', type: 'heatmap', data, emphasis: { disabled: true } }]
  }
  return { option, points: data.length }
}

/**
 * `values` holds one array per epoch (importance of each name at that epoch), or, when the shape
 * says so, one array per name over the epochs. Returned as rows per name.
 */
export function overTrainingByName(ot: NonNullable<AnalysisResult['overTraining']>): number[][] {
  const perEpoch = ot.values.length === ot.epochs.length && ot.values.every((r) => r.length === ot.names.length)
  if (perEpoch) return ot.names.map((_, p) => ot.values.map((r) => r[p]))
  return ot.values
}

/** How each parameter's importance changes over training: epochs across, parameters down. */
export function buildOverTrainingOption(ot: NonNullable<AnalysisResult['overTraining']>, epochLabel: string): { option: EChartsCoreOption; points: number } {
  const byName = overTrainingByName(ot)
  const data: Array<[number, number, number]> = []
  byName.forEach((row, p) => row.forEach((v, e) => Number.isFinite(v) && data.push([e, p, v])))
  const { min, max } = range(data.map((d) => d[2]))
  const option: EChartsCoreOption = {
    animation: false,
    grid: { left: 8, right: 96, top: 16, bottom: 40, containLabel: true },
    tooltip: {
      formatter: (d: { value: [number, number, number] }) =>
        `${escapeHtml(ot.names[d.value[1]] ?? '')} · ${escapeHtml(epochLabel)} ${ot.epochs[d.value[0]]}: ${formatNumber(d.value[2])}`
    },
    xAxis: { type: 'category', name: epochLabel, nameLocation: 'middle', nameGap: 26, data: ot.epochs.map(String) },
    yAxis: { type: 'category', data: ot.names, axisLabel: { width: 160, overflow: 'truncate' } },
    visualMap: { min: Math.min(0, min), max, calculable: true, right: 8, top: 'middle', precision: 3, inRange: { color: ['#f4f6fa', '#6f9be0', '#1d3f8a'] } },
    series: [{ id: 'over-training', type: 'heatmap', data }]
  }
  return { option, points: data.length }
}
