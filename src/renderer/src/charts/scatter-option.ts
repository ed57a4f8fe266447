import type { EChartsCoreOption } from 'echarts/core'
import type { AnalysisResult } from '../../../shared/api'
import { formatNumber } from '../composables/use-format'
import { readIndex } from './analysis-indices'
import { escapeHtml } from './html'

/**
 * Morris screening: μ* (how much a parameter moves the target) against σ (how much that effect
 * depends on the others: interactions or non-linearity). The σ/μ* = 1 line separates mostly
 * linear, additive effects (below) from interacting ones (above), as Morris plots usually show.
 */
export function buildMorrisOption(params: AnalysisResult['params'], labels: { muStar: string; sigma: string }): { option: EChartsCoreOption; points: number } {
  const data = params
    .map((p) => ({ name: p.name, mu: readIndex(p, 'mu_star'), sigma: readIndex(p, 'sigma').value }))
    .filter((p) => p.mu.value !== null && p.sigma !== null)
    .map((p) => ({ name: p.name, value: [p.mu.value, p.sigma, p.mu.lo, p.mu.hi] }))
  const top = Math.max(0, ...data.map((d) => Math.max(d.value[0] ?? 0, d.value[1] ?? 0)))
  const option: EChartsCoreOption = {
    animation: false,
    grid: { left: 56, right: 24, top: 16, bottom: 44 },
    tooltip: {
      trigger: 'item',
      formatter: (item: { name: string; value: Array<number | null> }) => {
        const [mu, sigma, lo, hi] = item.value
        const interval = lo !== null && hi !== null ? ` [${formatNumber(lo as number)}, ${formatNumber(hi as number)}]` : ''
        return `${escapeHtml(item.name)}<br/>${labels.muStar}: ${formatNumber(mu as number)}${interval}<br/>${labels.sigma}: ${formatNumber(sigma as number)}`
      }
    },
    xAxis: { type: 'value', name: labels.muStar, nameLocation: 'middle', nameGap: 26, min: 0 },
    yAxis: { type: 'value', name: labels.sigma, min: 0 },
    series: [
      {
        id: 'morris',
        type: 'scatter',
        symbolSize: 10,
        data,
        label: { show: true, position: 'right', formatter: (d: { name: string }) => d.name }
      },
      {
        id: 'ratio',
        type: 'line',
        silent: true,
        showSymbol: false,
        lineStyle: { type: 'dashed', width: 1, opacity: 0.6 },
        data: [
          [0, 0],
          [top, top]
        ]
      }
    ]
  }
  return { option, points: data.length }
}

export type SliceAxis = 'value' | 'log' | 'category'

/**
 * One parameter against the target, one point per row: a log axis for log-scale parameters, a
 * category axis for categorical ones. Rows where the parameter is inactive are left out.
 */
export function buildSliceOption(
  values: Array<number | string | null>,
  target: number[],
  axis: SliceAxis,
  labels: { param: string; target: string }
): { option: EChartsCoreOption; points: number } {
  const data: Array<[number | string, number]> = []
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(target[i])) return
    if (axis === 'category') data.push([String(v), target[i]])
    else if (typeof v === 'number' && Number.isFinite(v) && (axis !== 'log' || v > 0)) data.push([v, target[i]])
  })
  const categories = axis === 'category' ? [...new Set(data.map((d) => d[0] as string))].sort() : undefined
  const option: EChartsCoreOption = {
    animation: false,
    grid: { left: 48, right: 12, top: 12, bottom: 36 },
    tooltip: { trigger: 'item', formatter: (d: { value: [number | string, number] }) => `${escapeHtml(String(d.value[0]))} → ${formatNumber(d.value[1])}` },
    xAxis: {
      type: axis,
      name: labels.param,
      nameLocation: 'middle',
      nameGap: 22,
      ...(categories ? { data: categories } : { scale: true }),
      axisLabel: { hideOverlap: true, ...(axis === 'category' ? {} : { formatter: (v: number) => formatNumber(v) }) }
    },
    yAxis: { type: 'value', scale: true, name: labels.target, nameTextStyle: { align: 'left' }, axisLabel: { formatter: (v: number) => formatNumber(v) } },
    series: [{ id: 'slice', type: 'scatter', symbolSize: 4, large: data.length > 2000, itemStyle: { opacity: 0.6 }, data }]
  }
  return { option, points: data.length }
}
