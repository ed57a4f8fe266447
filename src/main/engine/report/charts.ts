import * as echarts from 'echarts'

/**
 * Charts of a report as SVG text, drawn by ECharts on the server side (no DOM, no canvas): the
 * same library the window draws with. The namespace attributes are dropped, since the SVG sits
 * inline in HTML (whose parser gives it the SVG namespace) and a report holds no URL at all.
 */

export const FONT_STACK =
  '"Noto Sans", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'

/** Ten colours told apart in print and by most colour-blind readers (Tableau 10). */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac']

function render(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: FONT_STACK }, ...option })
    return chart
      .renderToSVGString()
      .replace(/\s+xmlns(:xlink)?="[^"]*"/g, '')
      .replace('<svg ', '<svg role="img" ')
  } finally {
    chart.dispose()
  }
}

/** Rows a plain legend needs at `width` for these names (ECharts wraps items the same way). */
function legendRows(names: string[], width: number): number {
  let rows = 1
  let used = 0
  for (const name of names) {
    // Wide (CJK) characters take about twice a Latin one.
    const chars = [...name].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)
    const item = 25 + 10 + chars * 6.5
    if (used > 0 && used + item > width - 20) {
      rows++
      used = 0
    }
    used += item
  }
  return rows
}

export interface LineSeries {
  name: string
  x: number[]
  y: number[]
}

/** Overlaid curves of one metric, one line per run, the legend under the plot. */
export function lineChartSvg(o: { series: LineSeries[]; xName: string; yName: string; width: number; log?: boolean }): string {
  const rows = legendRows(
    o.series.map((s) => s.name),
    o.width
  )
  const legendHeight = rows * 22
  const plot = 280
  const height = plot + 40 + legendHeight
  return render(
    {
      grid: { left: 64, right: 24, top: 28, bottom: 40 + legendHeight + 8, containLabel: false },
      legend: { type: 'plain', bottom: 4, left: 8, right: 8, itemWidth: 18, itemHeight: 8, textStyle: { fontSize: 10, fontFamily: FONT_STACK } },
      xAxis: { type: 'value', name: o.xName, nameLocation: 'middle', nameGap: 24, scale: true, splitLine: { show: false } },
      yAxis: { type: o.log ? 'log' : 'value', name: o.yName, nameLocation: 'end', scale: true, nameTextStyle: { align: 'left' } },
      series: o.series.map((s) => ({
        type: 'line',
        name: s.name,
        showSymbol: false,
        lineStyle: { width: 1.4 },
        data: s.x.map((x, i) => [x, s.y[i]])
      }))
    },
    o.width,
    height
  )
}

/** Importance per parameter as bars, with its interval as a whisker where there is one. */
export function importanceChartSvg(o: { names: string[]; values: number[]; lo: (number | null)[]; hi: (number | null)[]; width: number; xName: string }): string {
  const height = 40 + o.names.length * 26
  const names = [...o.names].reverse()
  const values = [...o.values].reverse()
  const lo = [...o.lo].reverse()
  const hi = [...o.hi].reverse()
  const whiskers = names.flatMap((_, i) => (lo[i] !== null && hi[i] !== null ? [[i, lo[i], hi[i]]] : []))
  return render(
    {
      grid: { left: 8, right: 24, top: 12, bottom: 28, containLabel: true },
      xAxis: { type: 'value', name: o.xName, nameLocation: 'middle', nameGap: 20, min: 0 },
      yAxis: { type: 'category', data: names, axisLabel: { fontSize: 10 } },
      series: [
        { type: 'bar', data: values, barWidth: 12, itemStyle: { color: PALETTE[0] } },
        {
          type: 'custom',
          data: whiskers,
          encode: { y: 0, x: [1, 2] },
          renderItem: (_params: unknown, api: { value(i: number): number; coord(p: [number, number]): number[] }) => {
            const y = api.value(0)
            const a = api.coord([api.value(1), y])
            const b = api.coord([api.value(2), y])
            const style = { stroke: '#333', lineWidth: 1.2 }
            return {
              type: 'group',
              children: [
                { type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style },
                { type: 'line', shape: { x1: a[0], y1: a[1]! - 5, x2: a[0], y2: a[1]! + 5 }, style },
                { type: 'line', shape: { x1: b[0], y1: b[1]! - 5, x2: b[0], y2: b[1]! + 5 }, style }
              ]
            }
          }
        }
      ]
    },
    o.width,
    height
  )
}
