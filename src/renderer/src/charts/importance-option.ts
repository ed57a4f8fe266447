import type { EChartsCoreOption } from 'echarts/core'
import { formatNumber } from '../composables/use-format'
import { escapeHtml } from './html'
import { isConsistentWithZero, type ImportanceRow, type IndexValue } from './analysis-indices'

export interface ImportanceSpec {
  indexNames: string[]
  rows: ImportanceRow[]
  /** Legend text of an index (S1, μ*, importance…). */
  indexLabel: (name: string) => string
  /** Tooltip note for an interval that contains 0. */
  consistentWithZero: string
}

// Bars of one category share 70% of its band with no gap between them, so the whiskers can be
// placed on each bar's centre from the band width alone.
const bandShare = 0.7

/** Whisker data: [lo, hi, category index, value] per row with an interval. */
export function whiskerData(rows: ImportanceRow[], k: number): Array<[number, number, number, number | null]> {
  const out: Array<[number, number, number, number | null]> = []
  rows.forEach((row, i) => {
    const v = row.indices[k]
    if (v && v.lo !== null && v.hi !== null) out.push([v.lo, v.hi, i, v.value])
  })
  return out
}

interface RenderApi {
  value(dim: number): number
  coord(point: [number, number]): [number, number]
  size(span: [number, number]): [number, number]
  style(extra: Record<string, unknown>): Record<string, unknown>
}

/** Draws one horizontal interval with end caps on the centre of bar `k` of `count`. */
export function whiskerRenderer(k: number, count: number) {
  return (_params: unknown, api: RenderApi) => {
    const band = api.size([0, 1])[1]
    const offset = (-bandShare / 2 + ((k + 0.5) * bandShare) / count) * band
    const [x0, yc] = api.coord([api.value(0), api.value(2)])
    const [x1] = api.coord([api.value(1), api.value(2)])
    const y = yc + offset
    const cap = Math.max(2, (band * bandShare) / count / 4)
    const style = api.style({ stroke: '#555', lineWidth: 1.5, fill: null })
    return {
      type: 'group',
      children: [
        { type: 'line', shape: { x1: x0, y1: y, x2: x1, y2: y }, style },
        { type: 'line', shape: { x1: x0, y1: y - cap, x2: x0, y2: y + cap }, style },
        { type: 'line', shape: { x1: x1, y1: y - cap, x2: x1, y2: y + cap }, style }
      ]
    }
  }
}

function describe(v: IndexValue | undefined, note: string): string {
  if (!v || v.value === null) return '—'
  const interval = v.lo !== null && v.hi !== null ? ` [${formatNumber(v.lo)}, ${formatNumber(v.hi)}]` : ''
  return `${formatNumber(v.value)}${interval}${isConsistentWithZero(v) ? ` · ${note}` : ''}`
}

/**
 * Horizontal bars of each parameter's main index (most important on top), one series per index,
 * with the interval drawn as a whisker on every bar. Negative estimates stay negative: a bar to
 * the left of 0 whose whisker crosses 0 says "consistent with 0", which clamping would hide.
 */
export function buildImportanceOption(spec: ImportanceSpec): { option: EChartsCoreOption; bars: number } {
  // ECharts draws the first category at the bottom; reversed, the most important is on top.
  const rows = [...spec.rows].reverse()
  const count = spec.indexNames.length
  const series: unknown[] = []
  spec.indexNames.forEach((name, k) => {
    series.push({
      id: `bar-${name}`,
      name: spec.indexLabel(name),
      type: 'bar',
      data: rows.map((r) => r.indices[k]?.value ?? null),
      barGap: '0%',
      barCategoryGap: `${Math.round((1 - bandShare) * 100)}%`
    })
    series.push({
      id: `whisker-${name}`,
      name: spec.indexLabel(name),
      type: 'custom',
      renderItem: whiskerRenderer(k, count),
      encode: { x: [0, 1], y: 2 },
      data: whiskerData(rows, k),
      z: 3,
      tooltip: { show: false }
    })
  })
  const option: EChartsCoreOption = {
    animation: false,
    grid: { left: 8, right: 24, top: 32, bottom: 24, containLabel: true },
    legend: { top: 0, data: spec.indexNames.map(spec.indexLabel) },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: Array<{ dataIndex: number }>) => {
        const row = rows[items[0]?.dataIndex ?? 0]
        if (!row) return ''
        const lines = spec.indexNames.map((name, k) => `${spec.indexLabel(name)}: ${describe(row.indices[k], spec.consistentWithZero)}`)
        return [row.name, ...lines].map(escapeHtml).join('<br/>')
      }
    },
    xAxis: { type: 'value', scale: false, splitLine: { show: true } },
    yAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { width: 160, overflow: 'truncate' } },
    series
  }
  return { option, bars: spec.rows.length }
}
