import type { EChartsCoreOption } from 'echarts/core'
import type { SeriesX } from '../../../shared/api'
import { logBounds } from './line-option'

type Value = number | null

/** One run's downsampled curve, or a group's mean with its ± std band in `min`/`max`. */
export interface CompareCurve {
  key: string
  label: string
  color: string
  x: number[]
  y: Value[]
  /** The band drawn under the line: the run's min/max envelope, or a group's mean ± std. */
  min: Value[]
  max: Value[]
}

export interface CompareSpec {
  curves: CompareCurve[]
  x: SeriesX
  xLabel: string
  logY: boolean
  /** EMA weight in [0, 1): 0 draws the values as they are. */
  smoothing: number
  /** The whole x extent, fixed so a zoom window stays put when detail for it arrives. */
  extent?: [number, number]
  /** The zoom window in percent of the extent. */
  zoom?: [number, number]
}

/**
 * TensorBoard's debiased exponential moving average: the first values are not pulled towards 0.
 * A gap stays a gap and does not reset the average.
 */
export function ema(values: readonly Value[], weight: number): Value[] {
  if (weight <= 0) return [...values]
  let last = 0
  let steps = 0
  return values.map((v) => {
    if (v === null) return null
    last = last * weight + (1 - weight) * v
    steps++
    return last / (1 - weight ** steps)
  })
}

/** The curves of a group's runs as a mean line with a ± std band, on the x of its longest curve. */
export function groupMean(curves: ReadonlyArray<Pick<CompareCurve, 'x' | 'y'>>): { x: number[]; y: Value[]; min: Value[]; max: Value[]; n: number } {
  const base = curves.reduce((a, b) => (b.x.length > a.x.length ? b : a), curves[0])
  const y: Value[] = []
  const min: Value[] = []
  const max: Value[] = []
  for (const at of base.x) {
    const values = curves.map((c) => valueAt(c, at)).filter((v): v is number => v !== null)
    if (values.length === 0) {
      y.push(null)
      min.push(null)
      max.push(null)
      continue
    }
    const mean = values.reduce((s, v) => s + v, 0) / values.length
    // Sample std over the seeds; one run alone has no spread.
    const std = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : 0
    y.push(mean)
    min.push(mean - std)
    max.push(mean + std)
  }
  return { x: [...base.x], y, min, max, n: curves.length }
}

/** A curve's value at `x`: linear between its points, none outside them or across a gap. */
function valueAt(c: Pick<CompareCurve, 'x' | 'y'>, x: number): Value {
  const xs = c.x
  if (xs.length === 0 || x < xs[0] || x > xs[xs.length - 1]) return null
  let lo = 0
  let hi = xs.length - 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (xs[mid] <= x) lo = mid
    else hi = mid
  }
  if (xs[lo] === x) return c.y[lo]
  if (xs[hi] === x) return c.y[hi]
  const a = c.y[lo]
  const b = c.y[hi]
  if (a === null || b === null) return null
  return a + ((x - xs[lo]) / (xs[hi] - xs[lo])) * (b - a)
}

const onLog = (v: Value, logY: boolean): Value => (v === null || (logY && v <= 0) ? null : v)

/** The ECharts option of overlaid curves with their bands, and the number of line points it draws. */
export function buildCompareOption(spec: CompareSpec): { option: EChartsCoreOption; points: number } {
  let points = 0
  const drawn: number[] = []
  const series: object[] = []
  // On a log axis a band whose lower edge is at or below 0 (mean − std of a wide spread) reaches
  // down to the axis floor, known once every curve is read: [lower edge data, height data, index, top].
  const floored: Array<[Array<[number, Value]>, Array<[number, Value]>, number, number]> = []
  for (const c of spec.curves) {
    const line = ema(c.y, spec.smoothing).map((v) => onLog(v, spec.logY))
    const data = c.x.map((x, i) => [x, line[i]])
    points += line.filter((v) => v !== null).length
    // The band: its lower edge, then its height stacked on it and filled.
    const lo = c.min.map((v) => onLog(v, spec.logY))
    const hi = c.max.map((v) => onLog(v, spec.logY))
    for (const v of [...line, ...lo, ...hi]) if (v !== null) drawn.push(v)
    const band = { type: 'line', stack: `band:${c.key}`, symbol: 'none', silent: true, lineStyle: { opacity: 0 }, z: 1 }
    const loData = c.x.map((x, i): [number, Value] => [x, lo[i]!])
    const heightData = c.x.map((x, i): [number, Value] => [x, lo[i] === null || hi[i] === null ? null : hi[i]! - lo[i]!])
    if (spec.logY) c.min.forEach((v, i) => v !== null && v <= 0 && hi[i] !== null && floored.push([loData, heightData, i, hi[i]!]))
    series.push({ ...band, id: `band-lo:${c.key}`, name: `band-lo:${c.key}`, data: loData })
    series.push({ ...band, id: `band-hi:${c.key}`, name: `band-hi:${c.key}`, data: heightData, areaStyle: { color: c.color, opacity: 0.18 } })
    series.push({
      id: c.key,
      name: c.label,
      type: 'line',
      data,
      color: c.color,
      showSymbol: data.length < 2,
      connectNulls: false,
      z: 3,
      emphasis: { focus: 'series' }
    })
  }
  const bounds = spec.logY ? logBounds(drawn) : null
  if (bounds) {
    for (const [loData, heightData, i, top] of floored) {
      loData[i]![1] = bounds.min
      heightData[i]![1] = top - bounds.min
    }
  }
  const [xMin, xMax] = spec.extent ?? [undefined, undefined]
  // Zoomed, the axis ends fall between ticks (52.26…); only the ticks are labelled.
  const zoomed = spec.zoom !== undefined && (spec.zoom[0] > 0 || spec.zoom[1] < 100)
  const option: EChartsCoreOption = {
    animation: false,
    grid: { left: 60, right: 20, top: 40, bottom: 64 },
    legend: { top: 4, type: 'scroll', data: spec.curves.map((c) => c.label) },
    tooltip: {
      trigger: 'axis',
      // The band series are drawing aids; the tooltip lists the curves only.
      formatter: (params: Array<{ seriesId: string; seriesName: string; marker: string; value: [number, Value] }>) =>
        params
          .filter((p) => !p.seriesId.startsWith('band-'))
          .map((p) => `${p.marker}${escapeHtml(p.seriesName)}: ${p.value[1] === null ? '—' : formatValue(p.value[1])}`)
          .join('<br/>')
    },
    xAxis: {
      type: spec.x === 'time' ? 'time' : 'value',
      name: spec.xLabel,
      nameLocation: 'middle',
      nameGap: 26,
      min: xMin ?? 'dataMin',
      max: xMax ?? 'dataMax',
      axisLabel: { showMinLabel: !zoomed, showMaxLabel: !zoomed }
    },
    yAxis: spec.logY ? { type: 'log', ...bounds } : { type: 'value', scale: true },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none', start: spec.zoom?.[0] ?? 0, end: spec.zoom?.[1] ?? 100 },
      { type: 'slider', xAxisIndex: 0, filterMode: 'none', height: 16, bottom: 6, start: spec.zoom?.[0] ?? 0, end: spec.zoom?.[1] ?? 100 }
    ],
    series
  }
  return { option, points }
}

function formatValue(v: number): string {
  return Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : String(Number(v.toPrecision(5)))
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
