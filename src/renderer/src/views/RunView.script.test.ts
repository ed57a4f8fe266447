// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import type { Series, TrainerInfo } from '../../../shared/api'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { runFixture, trainerFixture } from '../testing/fixtures'
import { mountWithApp } from '../testing/mount'
import RunView from './RunView.vue'

// happy-dom has no canvas; the chart instance is replaced, the option building is real.
vi.mock('../charts/echarts', () => ({ init: () => ({ setOption: () => undefined, resize: () => undefined, dispose: () => undefined }) }))

const s = (steps: number[], channel?: Series['channel']): Series => ({ steps, values: steps.map((x) => 1 / (x + 1)), times: steps.map(() => 0), ...(channel ? { channel } : {}) })
const script: TrainerInfo = { ...trainerFixture, id: 'node-quadratic', datasetKinds: [], metrics: [{ name: 'loss', label: { en: 'Loss', 'zh-CN': '损失' } }] }

async function mount(locale: 'en' | 'zh-CN', trainer: string) {
  const fake = createFakeApi({
    'runs.get': () => ({ ...runFixture({ id: 9, trainer, status: 'running' }), metrics: {} }),
    'runs.metrics': () => ({ loss: s([0, 1, 2], 'stdout') }),
    'runs.log': () => ({ text: '', nextOffset: 0 }),
    'trainers.list': () => [trainerFixture, script]
  })
  const w = mountWithApp(RunView, { fake, locale }, { props: { id: 9 } })
  await flushPromises()
  return { w, fake }
}

describe('RunView of a command trainer', () => {
  it('charts each metric of the script with the channel that fed it, live and in both languages', async () => {
    const { w, fake } = await mount('en', 'node-quadratic')
    expect(w.get('[data-testid="chart-series-loss"]').attributes('data-points')).toBe('3')
    expect(w.get('[data-testid="chart-series-loss-channel"]').text()).toBe('from standard output')
    expect(w.get('[data-metric="loss"] [data-cell="channel"]').text()).toBe('from standard output')
    // A series that appears later brings its channel in the live batch; a lone value gets no chart.
    fake.emit('run.metrics', { runId: 9, series: { eval_acc: s([3, 4], 'tensorboard'), train_runtime: s([4], 'tensorboard') } })
    await flushPromises()
    expect(w.get('[data-testid="chart-series-eval_acc-channel"]').text()).toBe('from TensorBoard events')
    expect(w.find('[data-testid="chart-series-train_runtime"]').exists()).toBe(false)
    expect(w.get('[data-metric="train_runtime"] [data-cell="channel"]').text()).toBe('from TensorBoard events')

    const zh = await mount('zh-CN', 'node-quadratic')
    expect(zh.w.get('[data-testid="chart-series-loss-channel"]').text()).toBe('来自标准输出')
  })

  it('adds no chart of its own for a built-in trainer', async () => {
    const { w } = await mount('en', trainerFixture.id)
    expect(w.find('[data-testid="chart-series-loss"]').exists()).toBe(false)
  })
})
