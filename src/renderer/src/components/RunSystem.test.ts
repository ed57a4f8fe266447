// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import type { Series } from '../../../shared/api'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { runFixture, trainerFixture } from '../testing/fixtures'
import { mountWithApp } from '../testing/mount'
import RunView from '../views/RunView.vue'

// happy-dom has no canvas; the chart instance is replaced, the option building is real.
const charts = vi.hoisted(() => ({ setOption: [] as unknown[] }))
vi.mock('../charts/echarts', () => ({
  init: () => ({ setOption: (o: unknown) => charts.setOption.push(o), resize: () => undefined, dispose: () => undefined })
}))

const s = (steps: number[], f: (x: number) => number): Series => ({ steps, values: steps.map(f), times: steps.map(() => 0) })

async function page(locale: 'en' | 'zh-CN', metrics: Record<string, Series>) {
  const fake = createFakeApi({
    'runs.get': () => ({ ...runFixture({ id: 3, status: 'finished' }), metrics: {} }),
    'runs.metrics': () => metrics,
    'runs.log': () => ({ text: '', nextOffset: 0 }),
    'trainers.list': () => [trainerFixture]
  })
  const w = mountWithApp(RunView, { fake, locale }, { props: { id: 3 } })
  await flushPromises()
  return w
}

describe('RunSystem', () => {
  it('charts the sys/* series on a seconds axis in a System section, and leaves them out of the metrics table', async () => {
    charts.setOption.length = 0
    const w = await page('en', {
      'train/loss': s([1, 2, 3], (x) => 1 / x),
      'sys/cpu_percent': s([0, 5, 10], () => 180),
      'sys/memory_mb': s([0, 5, 10], () => 512),
      'sys/gpu_util_percent': s([5, 10], () => 97),
      'sys/gpu_memory_mb': s([5, 10], () => 7119),
      'sys/gpu_process_memory_mb': s([5, 10], () => 7110)
    })
    const section = w.get('[data-testid="run-system"]')
    expect(section.get('h2').text()).toBe('System')
    expect(section.get('[data-testid="chart-system-cpu"]').attributes('data-points')).toBe('3')
    expect(section.get('[data-testid="chart-system-memory"]').attributes('data-points')).toBe('3')
    expect(section.get('[data-testid="chart-system-gpuUtil"]').attributes('data-points')).toBe('2')
    expect(section.get('[data-testid="chart-system-gpuMemory"]').attributes('data-points')).toBe('4')
    expect(section.text()).toContain('GPU memory (MiB)')
    const axes = charts.setOption.map((o) => (o as { xAxis?: { name?: string } }).xAxis?.name)
    expect(axes).toContain('seconds since start')
    expect(w.findAll('[data-testid="run-metrics"] tbody tr').map((r) => r.attributes('data-metric'))).toEqual(['train/loss'])
    expect(w.find('[data-testid="chart-series-sys/cpu_percent"]').exists()).toBe(false)
  })

  it('words the section in Chinese, and shows only the charts that have points', async () => {
    const w = await page('zh-CN', { 'sys/memory_mb': s([0, 5], () => 100) })
    const section = w.get('[data-testid="run-system"]')
    expect(section.get('h2').text()).toBe('系统')
    expect(section.text()).toContain('内存（MB）')
    expect(section.findAll('.chart')).toHaveLength(1)
  })

  it('is absent from a run with no sys/* series', async () => {
    const w = await page('en', { 'train/loss': s([1], () => 1) })
    expect(w.find('[data-testid="run-system"]').exists()).toBe(false)
  })
})
