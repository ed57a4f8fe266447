// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Experiment } from '../../../shared/api'
import { encodeRunsTable } from '../../../shared/compare/table-columns'
import { AppError } from '../../../shared/errors'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { runFixture, trainerFixture } from '../testing/fixtures'
import { mountWithApp } from '../testing/mount'
import ExperimentView from './ExperimentView.vue'

/** runs.table's answer for runs with these last values. */
const tableOf = (runs: { id: number; metrics: Record<string, number> }[]) =>
  encodeRunsTable({
    rows: runs.map(({ id, metrics }) => ({
      id, name: `run-${id}`, status: 'finished', experimentId: 1, experimentName: 'e', studyId: null, trainer: 'mlp', tags: [], notes: '', createdAt: id, endedAt: null, source: null,
      params: {}, metrics: Object.fromEntries(Object.entries(metrics).map(([name, last]) => [name, { last, lastStep: 1, min: last, max: last, count: 1 }]))
    })),
    paramKeys: [],
    metricNames: [],
    goals: {}
  })

describe('ExperimentView', () => {
  it('shows runs with changed parameters, final values of ended runs in one call, and live status', async () => {
    const finished = runFixture({ id: 1, name: 'base', status: 'finished', endedAt: 1_700_000_065_000, createdAt: 1 })
    const running = runFixture({ id: 2, name: 'fast', createdAt: 2, config: { ...runFixture().config, 'optimizer.lr': 0.01 } })
    const accuracy: Record<number, number> = { 1: 0.9667, 2: 0.95 }
    const fake = createFakeApi({
      'experiments.get': ({ id }) => ({ id, name: 'lr sweep', description: '', createdAt: 0, runCount: 2, activeRunCount: 1 }),
      'runs.list': () => [finished, running],
      'trainers.list': () => [trainerFixture],
      'runs.table': ({ runIds }) => tableOf(runIds!.map((id) => ({ id, metrics: { 'val/accuracy': accuracy[id]! } })))
    })
    const w = mountWithApp(ExperimentView, { fake }, { props: { id: 1 } })
    await flushPromises()

    const rows = () => w.findAll('[data-testid="run-row"]')
    expect(rows().map((r) => r.attributes('data-run-id'))).toEqual(['2', '1'])
    expect(rows()[0].text()).toContain('lr=0.01')
    expect(rows()[1].text()).toContain('defaults')
    expect(rows()[1].text()).toContain('0.9667')
    expect(rows()[1].text()).toContain('1m 05s')
    expect(w.get('[data-testid="new-run"]').attributes('href')).toBe('/experiments/1/new')
    // Only ended runs have final values worth reading.
    const tableCalls = () => fake.calls.filter((c) => c.method === 'runs.table').map((c) => c.input)
    expect(tableCalls()).toEqual([{ runIds: [1] }])

    fake.emit('run.updated', { ...running, status: 'finished', endedAt: running.startedAt! + 5000 })
    await flushPromises()
    expect(rows()[0].get('[data-testid="run-row-status"]').text()).toBe('Finished')
    expect(rows()[0].text()).toContain('0.95')
    expect(tableCalls()).toEqual([{ runIds: [1] }, { runIds: [2] }])
    // Resumed and finished again, with a new final value: read again.
    fake.emit('run.updated', { ...running, status: 'running' })
    await flushPromises()
    accuracy[2] = 0.97
    fake.emit('run.updated', { ...running, status: 'finished', endedAt: running.startedAt! + 9000 })
    await flushPromises()
    expect(tableCalls()).toEqual([{ runIds: [1] }, { runIds: [2] }, { runIds: [2] }])
    expect(rows()[0].text()).toContain('0.97')

    fake.emit('run.updated', runFixture({ id: 3, name: 'new one', createdAt: 3, status: 'queued' }))
    fake.emit('run.updated', runFixture({ id: 9, experimentId: 2, createdAt: 4 }))
    await flushPromises()
    expect(rows().map((r) => r.attributes('data-run-id'))).toEqual(['3', '2', '1'])
  })

  it('says when it shows only the newest runs, and shows older ones a page at a time', async () => {
    // 500 runs: the engine answers a page at a time, newest (largest id) first, before a given id.
    const all = Array.from({ length: 500 }, (_, i) => runFixture({ id: i + 1, name: `run-${i + 1}`, status: 'finished', createdAt: i + 1 }))
    const fake = createFakeApi({
      'experiments.get': ({ id }) => ({ id, name: 'big', description: '', createdAt: 0, runCount: 500, activeRunCount: 0 }),
      'runs.list': ({ beforeId, limit }) => all.filter((r) => r.id < (beforeId ?? Infinity)).reverse().slice(0, limit),
      'trainers.list': () => [trainerFixture],
      'runs.table': ({ runIds }) => tableOf(runIds!.map((id) => ({ id, metrics: { 'val/loss': id / 1000 } })))
    })
    const w = mountWithApp(ExperimentView, { fake, locale: 'zh-CN' }, { props: { id: 1 } })
    await flushPromises()
    const rows = () => w.findAll('[data-testid="run-row"]')
    expect(rows()).toHaveLength(200)
    expect(w.get('[data-testid="runs-more"]').text()).toContain('显示最新的 200 个运行，共 500 个。')
    expect(w.get('[data-testid="runs-more-table"]').attributes('href')).toBe('/runs?experiments=1')
    await w.get('[data-testid="runs-more-button"]').trigger('click')
    await flushPromises()
    expect(rows()).toHaveLength(400)
    expect(w.get('[data-testid="runs-more-button"]').text()).toBe('再显示 100 个')
    await w.get('[data-testid="runs-more-button"]').trigger('click')
    await flushPromises()
    expect(rows().map((r) => r.attributes('data-run-id')).slice(-2)).toEqual(['2', '1'])
    expect(w.find('[data-testid="runs-more"]').exists()).toBe(false)
    expect(w.find('[data-testid="runs-more-button"]').exists()).toBe(false)
    expect(fake.calls.filter((c) => c.method === 'runs.list').map((c) => c.input)).toEqual([
      { experimentId: 1, limit: 200 },
      { experimentId: 1, beforeId: 301, limit: 200 },
      { experimentId: 1, beforeId: 101, limit: 200 }
    ])
    // Each page's final values in one call, the last row's too.
    expect(fake.calls.filter((c) => c.method === 'runs.table').map((c) => (c.input as { runIds: number[] }).runIds.length)).toEqual([200, 200, 100])
    expect(rows().at(-1)!.text()).toContain('0.001')
  })

  it('stops offering more once a page comes short, though the count read at first said more', async () => {
    // The count says 500; 200 of them were deleted since (by another window or the CLI).
    const all = Array.from({ length: 300 }, (_, i) => runFixture({ id: i + 1, status: 'queued', createdAt: i + 1 }))
    const fake = createFakeApi({
      'experiments.get': ({ id }) => ({ id, name: 'big', description: '', createdAt: 0, runCount: 500, activeRunCount: 0 }),
      'runs.list': ({ beforeId, limit }) => all.filter((r) => r.id < (beforeId ?? Infinity)).reverse().slice(0, limit),
      'trainers.list': () => [trainerFixture]
    })
    const w = mountWithApp(ExperimentView, { fake }, { props: { id: 1 } })
    await flushPromises()
    await w.get('[data-testid="runs-more-button"]').trigger('click')
    await flushPromises()
    expect(w.findAll('[data-testid="run-row"]')).toHaveLength(300)
    expect(w.find('[data-testid="runs-more-button"]').exists()).toBe(false)
  })

  it('deletes the experiment after asking, saying how many runs go with it, then lists the rest', async () => {
    let active = 1
    const experiment = (): Experiment => ({ id: 4, name: 'lr sweep', description: '', createdAt: 0, runCount: 2, activeRunCount: active })
    const open = async (locale: 'en' | 'zh-CN') => {
      const fake = createFakeApi({
        'experiments.get': () => experiment(),
        'runs.list': () => [runFixture({ id: 1, experimentId: 4, status: 'finished' }), runFixture({ id: 2, experimentId: 4, createdAt: 2 })],
        'trainers.list': () => [trainerFixture],
        'runs.table': ({ runIds }) => tableOf(runIds!.map((id) => ({ id, metrics: {} }))),
        'experiments.delete': () => {
          if (active === 0) return { ok: true as const }
          // As the engine refuses: the message, and the rule with its values for the window's words.
          const message = 'Experiment "lr sweep" has 1 active run(s); cancel them first'
          throw new AppError('CONFLICT', message, { issues: [{ field: 'id', message, rule: 'experimentActive', values: { name: 'lr sweep', count: 1 } }] })
        }
      })
      const blank = { render: () => null }
      const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:rest(.*)*', component: blank }] })
      await router.push('/experiments/4')
      const w = mountWithApp(ExperimentView, { fake, locale, router }, { props: { id: 4 } })
      await flushPromises()
      return { w, fake, router }
    }

    const zh = await open('zh-CN')
    await zh.w.get('[data-testid="experiment-delete"]').trigger('click')
    expect(zh.w.get('[data-testid="confirm-dialog"]').text()).toContain('删除实验“lr sweep”？')
    expect(zh.w.get('[data-testid="confirm-dialog"]').text()).toContain('其中的 2 个运行将一并删除')
    await zh.w.get('[data-testid="confirm-yes"]').trigger('click')
    await flushPromises()
    expect(zh.w.get('[data-testid="error-notice"]').text()).toContain('实验“lr sweep”仍有 1 个运行在进行中')
    expect(zh.router.currentRoute.value.path).toBe('/experiments/4')
    zh.w.unmount()

    const { w, fake, router } = await open('en')
    await w.get('[data-testid="experiment-delete"]').trigger('click')
    expect(w.get('[data-testid="confirm-dialog"]').text()).toContain('Delete experiment “lr sweep”?')
    expect(w.get('[data-testid="confirm-dialog"]').text()).toContain('Its 2 runs are deleted with it')
    await w.get('[data-testid="confirm-no"]').trigger('click')
    expect(w.find('[data-testid="confirm-dialog"]').exists()).toBe(false)
    expect(fake.calls.filter((c) => c.method === 'experiments.delete')).toEqual([])

    await w.get('[data-testid="experiment-delete"]').trigger('click')
    await w.get('[data-testid="confirm-yes"]').trigger('click')
    await flushPromises()
    const refusal = w.get('[data-testid="error-notice"]')
    expect(refusal.attributes('data-code')).toBe('CONFLICT')
    expect(refusal.text()).toContain('Experiment “lr sweep” still has 1 active run(s). Cancel them, or wait until they end, before deleting it.')
    expect(router.currentRoute.value.path).toBe('/experiments/4')

    // The run ended; Retry deletes without asking again: the user has said yes.
    active = 0
    await refusal.get('button').trigger('click')
    await flushPromises()
    expect(fake.calls.filter((c) => c.method === 'experiments.delete').map((c) => c.input)).toEqual([{ id: 4 }, { id: 4 }])
    expect(router.currentRoute.value.path).toBe('/')
  })
})
