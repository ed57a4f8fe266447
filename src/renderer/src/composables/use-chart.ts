import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue'
import { init, type ECharts, type EChartsCoreOption } from '../charts/echarts'

const darkQuery = '(prefers-color-scheme: dark)'

/**
 * Disposes a chart, first cancelling a progressive paint it may have pending: zrender's canvas
 * painter paints large series over several animation frames and, disposed in between, its next
 * frame reads the layers it has let go ("Cannot read properties of null (reading 'layerStack')").
 * A pending frame returns early once the painter's redraw id has changed.
 */
function disposeChart(chart: ECharts): void {
  const painter = chart.getZr?.()?.painter as { _redrawId?: unknown } | undefined
  if (painter) painter._redrawId = Symbol('disposed')
  chart.dispose()
}

/**
 * Owns one ECharts instance on `el`: created on mount with the theme of the system colour
 * scheme (re-created when it changes), resized with its container, updated when `option`
 * changes, and disposed on unmount. `events` are ECharts event handlers (e.g. `datazoom`); the
 * instance itself is returned as a getter (null before mount) for actions such as `hideTip`.
 */
export function useChart(el: Ref<HTMLElement | null>, option: () => EChartsCoreOption, events: Record<string, (params: unknown) => void> = {}): () => ECharts | null {
  let chart: ECharts | null = null
  let observer: ResizeObserver | null = null
  const media = typeof matchMedia === 'function' ? matchMedia(darkQuery) : null

  function create(): void {
    if (!el.value) return
    if (chart) disposeChart(chart)
    chart = init(el.value, media?.matches ? 'dark' : undefined, { renderer: 'canvas' })
    // Transparent so the chart sits on the page's own card colour in either theme.
    chart.setOption({ backgroundColor: 'transparent', ...option() })
    for (const [name, handler] of Object.entries(events)) chart.on(name, handler)
  }

  const onScheme = (): void => create()

  onMounted(() => {
    create()
    if (el.value && typeof ResizeObserver === 'function') {
      observer = new ResizeObserver(() => chart?.resize())
      observer.observe(el.value)
    }
    media?.addEventListener('change', onScheme)
  })

  // replaceMerge drops series that vanished; lazyUpdate folds bursts of batches into one frame.
  watch(option, (next) => chart?.setOption(next, { replaceMerge: ['series'], lazyUpdate: true }))

  onBeforeUnmount(() => {
    media?.removeEventListener('change', onScheme)
    observer?.disconnect()
    if (chart) disposeChart(chart)
    chart = null
  })
  return () => chart
}
