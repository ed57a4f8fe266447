// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import type { DownsampledSeries, MetricGoal, MetricSummary, RunDetail } from '../../../shared/api'
import { encodeRunsTable } from '../../../shared/compare/table-columns'
import { AppError } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { runFixture } from '../testing/fixtures'
import { mountWithApp } from '../testing/mount'
import CompareView from './CompareView.vue'

// happy-dom has no canvas; the chart instance is replaced, the option building is real.
const charts = vi.hoisted(() => ({ options: new Map<unknown, unknown>(), handlers: [] as Array<(p: unknown) => void> }))
vi.mock('../charts/echarts', () => ({
  init: (el: unknown) => ({
    setOption: (o: unknown) => charts.options.set((el as HTMLElement).dataset.testid, o),
    on: (_name: string, handler: (p: unknown) => void) => charts.handlers.push(handler),
    dispatchAction: () => undefined,
    resize: () => undefined,
    dispose: () => undefined
  })
}))

const summary = (last: number, min: number, max: number): MetricSummary => ({ first: max, last, min, max, count: 100 })
const lrs = { 1: 0.01, 2: 0.01, 3: 0.1, 4: 0.1 } as Record<number, number>
const detail = (id: number): RunDetail => ({
  ...runFixture({ id, name: `run-${id}`, config: { 'optimizer.lr': lrs[id], 'optimizer.name': 'adamw', 'problem.seed': id } }),
  metrics: { 'val/loss': summary(0.1 * id, 0.05 * id, 2), accuracy: summary(0.5 + id / 10, 0.1, 0.5 + id / 10), 'sys/cpu': summary(1, 1, 1) }
})
/** Each run's loss: 1 + id·x/10 over x = 0..9, so group means are easy to read. */
const curve = (runId: number, metric: string, xs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]): DownsampledSeries => {
  const y = xs.map((x) => 1 + (runId * x) / 10)
  return { runId, metric, x: xs, y, min: y, max: y, total: 100_000 }
}

function setUp(locale: 'en' | 'zh-CN' = 'en', goals: Record<string, MetricGoal> = {}) {
  charts.options.clear()
  charts.handlers.length = 0
  const fake = createFakeApi({
    'runs.table': ({ runIds }) => ({ ...encodeRunsTable({ rows: [], paramKeys: [], metricNames: [], goals }), total: runIds?.length ?? 0 }),
    'runs.get': ({ id }) => {
      if (id === 9) throw AppError.coded('NOT_FOUND', msg('run.notFound', { id }))
      return detail(id)
    },
    'runs.seriesDownsampled': (input) => {
      if (input.x === 'epoch') throw AppError.coded('INVALID_INPUT', msg('downsample.noEpoch', { id: 1 }), { issues: [{ field: 'x', message: 'no epoch' }] })
      const xs = input.range ? [input.range[0], input.range[1]] : undefined
      return { series: input.runIds.map((id) => curve(id, input.metrics[0], xs)) }
    }
  })
  const w = mountWithApp(CompareView, { fake, locale }, { props: { runIds: [1, 2, 3, 4, 9] } })
  return { fake, w }
}

type Option = { series: Array<{ id: string; data: Array<[number, number | null]> }>; yAxis: { type: string } }
const option = (metric: string) => charts.options.get(`compare-chart-${metric}`) as Option
const line = (metric: string, id: string) => option(metric).series.find((s) => s.id === id)!.data.map((p) => p[1])

describe('CompareView', () => {
  it('overlays each metric of the runs, downsampled by the engine to the chart width', async () => {
    const { fake, w } = setUp()
    await flushPromises()
    // System samples are not compared; a deleted run is named and left out.
    expect(w.findAll('[data-metric]').map((c) => c.attributes('data-metric'))).toEqual(['accuracy', 'val/loss'])
    expect(w.get('[data-testid="compare-missing"]').text()).toContain('9')
    const loss = w.get('[data-testid="compare-chart-val/loss"]')
    expect(loss.attributes('data-curves')).toBe('4')
    expect(loss.attributes('data-points')).toBe('40')
    const calls = fake.calls.filter((c) => c.method === 'runs.seriesDownsampled').map((c) => c.input)
    expect(calls).toContainEqual({ runIds: [1, 2, 3, 4], metrics: ['val/loss'], width: 800, x: 'step' })
    expect(w.text()).toContain('40 of 400000 points')
    expect(line('val/loss', 'run-3')).toEqual([1, 1.3, 1.6, 1.9, 2.2, 2.5, 2.8, 3.1, 3.4, 3.7].map((v) => expect.closeTo(v, 9)))
  })

  it('smooths, draws a log axis and groups seeds into a mean with a ± std band', async () => {
    const { w } = setUp()
    await flushPromises()
    await w.get('[data-testid="compare-log"]').setValue(true)
    expect(w.get('[data-testid="compare-chart-val/loss"]').attributes('data-log')).toBe('true')
    expect(option('val/loss').yAxis.type).toBe('log')

    await w.get('[data-testid="compare-smoothing"]').setValue('0.5')
    const smoothed = line('val/loss', 'run-3')
    // Debiased EMA: the first point stays, later ones lag behind the rising raw curve.
    expect(smoothed[0]).toBeCloseTo(1)
    expect(smoothed[9]!).toBeLessThan(3.7)
    await w.get('[data-testid="compare-smoothing"]').setValue('0')

    // Only parameters that differ are offered; lr groups runs 1+2 and 3+4.
    expect(w.findAll('[data-testid^="compare-group-"]').map((e) => e.attributes('data-testid'))).toEqual(['compare-group-optimizer.lr', 'compare-group-problem.seed'])
    await w.get('[data-testid="compare-group-optimizer.lr"]').setValue(true)
    expect(w.get('[data-testid="compare-chart-val/loss"]').attributes('data-curves')).toBe('2')
    expect((option('val/loss') as unknown as { legend: { data: string[] } }).legend.data).toEqual(['optimizer.lr=0.01 (n = 2)', 'optimizer.lr=0.1 (n = 2)'])
    const mean = line('val/loss', 'group-optimizer.lr=0.1')
    expect(mean[9]).toBeCloseTo(1 + 3.5 * 0.9)
    const lo = line('val/loss', 'band-lo:group-optimizer.lr=0.1')
    const height = line('val/loss', 'band-hi:group-optimizer.lr=0.1')
    // Sample std of 1.0·0.9·3 and 1.0·0.9·4 apart: |0.9| / √2.
    expect(lo[9]).toBeCloseTo(mean[9]! - 0.9 / Math.SQRT2)
    expect(height[9]).toBeCloseTo((2 * 0.9) / Math.SQRT2)
  })

  it('asks the engine for the zoomed window and goes back to the whole on a reset', async () => {
    const { fake, w } = setUp()
    await flushPromises()
    vi.useFakeTimers()
    try {
      // The charts registered in order: accuracy, then val/loss. The extent is 0..9.
      charts.handlers[1]({ batch: [{ start: 50, end: 100 }] })
      await vi.advanceTimersByTimeAsync(200)
    } finally {
      vi.useRealTimers()
    }
    await flushPromises()
    const last = fake.calls.filter((c) => c.method === 'runs.seriesDownsampled').at(-1)!.input
    expect(last).toMatchObject({ metrics: ['val/loss'], range: [4.5, 9] })
    expect(w.get('[data-testid="compare-chart-val/loss"]').attributes('data-zoomed')).toBe('true')
    expect(w.get('[data-metric="val/loss"]').text()).toContain('zoomed')

    vi.useFakeTimers()
    try {
      charts.handlers[1]({ start: 0, end: 100 })
      await vi.advanceTimersByTimeAsync(200)
    } finally {
      vi.useRealTimers()
    }
    expect(w.get('[data-testid="compare-chart-val/loss"]').attributes('data-zoomed')).toBe('false')
  })

  it('shows the config diff with differences highlighted and a toggle for the rest', async () => {
    const { w } = setUp()
    await flushPromises()
    const rows = () => w.findAll('[data-testid="compare-diff"] tbody tr').map((r) => r.attributes('data-param'))
    expect(rows()).toEqual(['optimizer.lr', 'problem.seed'])
    await w.get('[data-testid="compare-diff-only"]').setValue(false)
    expect(rows()).toEqual(['optimizer.lr', 'optimizer.name', 'problem.seed'])
    expect(w.get('[data-param="optimizer.name"]').attributes('data-differs')).toBe('false')
    expect(w.get('[data-param="optimizer.lr"]').text()).toContain('0.01')
    // Summary: the final loss and the best (lowest) of run 1, which is the best of all.
    expect(w.get('[data-run="1"] [data-cell="val/loss:final"]').text()).toBe('0.1')
    expect(w.get('[data-run="1"] [data-cell="val/loss:best"]').classes()).toContain('best')
    expect(w.get('[data-run="4"] [data-cell="accuracy:best"]').classes()).toContain('best')
  })

  it("marks the best by the goal the runs' trainer declares over the one a name suggests", async () => {
    // Accuracy is a metric to maximise by its name; this trainer says lower is better.
    const { w } = setUp('en', { accuracy: 'min' })
    await flushPromises()
    expect(w.get('[data-run="1"] [data-cell="accuracy:best"]').text()).toBe('0.1')
    // All four reach 0.1; the first of the tie is marked, not run 4 with the highest.
    expect(w.findAll('[data-cell="accuracy:best"].best').map((c) => c.element.closest('tr')!.getAttribute('data-run'))).toEqual(['1'])
    expect(w.get('[data-run="1"] [data-cell="val/loss:best"]').classes()).toContain('best')
  })

  it('says in Chinese why a run cannot be drawn by epoch', async () => {
    const { w } = setUp('zh-CN')
    await flushPromises()
    expect(w.get('h1').text()).toBe('对比运行')
    await w.get('[data-testid="compare-x"]').setValue('epoch')
    await flushPromises()
    const notice = w.get('[data-metric="val/loss"] [data-testid="error-notice"]')
    expect(notice.text()).toContain('运行 1 没有记录“epoch”序列')
    // The curves by step stay drawn under the message.
    expect(w.get('[data-testid="compare-chart-val/loss"]').attributes('data-x')).toBe('step')
    expect(w.get('[data-testid="compare-chart-val/loss"]').attributes('data-points')).toBe('40')
  })
})
