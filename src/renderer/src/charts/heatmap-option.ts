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
 * Where `v` falls on a grid axis, as a fractional cell index: the category axes of a heatmap place
 * a scatter point by index, so a run between two grid values sits between their cells.
 */
export function gridPosition(axis: number[], v: number): number {
  const last = axis.length - 1
  if (last <= 0) return 0
  const rising = axis[last] >= axis[0]
  for (let j = 0; j < last; j++) {
    const [a, b] = [axis[j], axis[j + 1]]
    if (rising ? v <= b : v >= b) return a === b ? j : j + Math.min(1, Math.max(0, (v - a) / (b - a)))
  }
  return last
}

/**
 * The response surface over a pair of parameters as a heatmap: cell (j, i) is z[i][j] at
 * (x[j], y[i]); cells outside the runs' convex hull are null and left blank. The runs are drawn
 * on it as dots. The strong colour marks the best region for the goal.
 */
export function buildContourOption(contour: Contour, goal: 'min' | 'max', targetLabel: string, runLabel = 'run'): { option: EChartsCoreOption; points: number } {
  const data: Array<[number, number, number]> = []
  contour.z.forEach((row, i) => row.forEach((z, j) => z !== null && Number.isFinite(z) && data.push([j, i, z])))
  const runs = (contour.points ?? []).map(([x, y, v]) => [gridPosition(contour.x, x), gridPosition(contour.y, y), v, x, y])
  const { min, max } = range(data.map((d) => d[2]))
  const ramp = ['#c0392b', '#f0b27a', '#fdf2e9', '#aed6f1', '#2f6fdb']
  const [px, py] = contour.params
  const option: EChartsCoreOption = {
    animation: false,
    grid: { left: 64, right: 96, top: 16, bottom: 48 },
    tooltip: {
      formatter: (d: { seriesId?: string; value: number[] }) => {
        const [x, y] = d.seriesId === 'runs' ? [d.value[3], d.value[4]] : [contour.x[d.value[0]], contour.y[d.value[1]]]
        const head = d.seriesId === 'runs' ? `${escapeHtml(runLabel)}<br/>` : ''
        return `${head}${escapeHtml(px)} = ${formatNumber(x)}<br/>${escapeHtml(py)} = ${formatNumber(y)}<br/>${escapeHtml(targetLabel)}: ${formatNumber(d.value[2])}`
      }
    },
    xAxis: { type: 'category', name: px, nameLocation: 'middle', nameGap: 30, data: contour.x.map(formatNumber), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'category', name: py, data: contour.y.map(formatNumber), axisLabel: { hideOverlap: true } },
    visualMap: {
      min,
      max,
      seriesIndex: 0,
      calculable: true,
      right: 8,
      top: 'middle',
      precision: 3,
      // Best values get the strong blue: low ones when minimising.
      inRange: { color: goal === 'min' ? [...ramp].reverse() : ramp }
    },
    series: [
      { id: 'surface', type: 'heatmap', data, emphasis: { disabled: true } },
      { id: 'runs', type: 'scatter', data: runs, symbolSize: 5, itemStyle: { color: '#fff', borderColor: '#1f2933', borderWidth: 1 }, z: 3 }
    ]
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
