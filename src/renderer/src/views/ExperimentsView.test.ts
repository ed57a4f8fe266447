// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Dataset, Experiment } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { datasetFixture } from '../testing/dataset-fixtures'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'
import ExperimentsView from './ExperimentsView.vue'

function experiment(id: number, name: string): Experiment {
  return { id, name, description: `about ${name}`, createdAt: 1_700_000_000_000, runCount: 2, activeRunCount: 1 }
}

describe('ExperimentsView', () => {
  it('lists experiments, creates one and lands in it, and shows a duplicate name next to the name field', async () => {
    const list = [experiment(1, 'lr sweep')]
    const fake = createFakeApi({
      'experiments.list': () => [...list],
      'experiments.create': ({ name, description }) => {
        if (list.some((e) => e.name === name)) throw new AppError('CONFLICT', `An experiment named "${name}" already exists`)
        const created = { ...experiment(list.length + 1, name), description: description ?? '', runCount: 0, activeRunCount: 0 }
        list.unshift(created)
        return created
      }
    })
    const blank = { render: () => null }
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: blank }, { path: '/experiments/:id', component: blank }] })
    await router.push('/')
    const w = mountWithApp(ExperimentsView, { fake, router })
    await flushPromises()
    const rows = w.findAll('[data-testid="experiment-row"]')
    expect(rows).toHaveLength(1)
    expect(rows[0].text()).toContain('lr sweep')
    expect(rows[0].text()).toContain('about lr sweep')

    await w.get('[data-testid="experiment-create-form"]').trigger('submit')
    expect(w.get('[data-testid="experiment-name-error"]').text()).toBe('Enter a name')

    await w.get('[data-testid="experiment-name"]').setValue('lr sweep')
    await w.get('[data-testid="experiment-create-form"]').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="experiment-name-error"]').text()).toBe('An experiment named “lr sweep” already exists')
    expect(router.currentRoute.value.path).toBe('/')

    await w.get('[data-testid="experiment-name"]').setValue('batch size')
    expect(w.find('[data-testid="experiment-name-error"]').exists()).toBe(false)
    await w.get('[data-testid="experiment-create-form"]').trigger('submit')
    await flushPromises()
    expect(w.findAll('[data-testid="experiment-row"]').map((r) => r.attributes('data-experiment-id'))).toEqual(['2', '1'])
    expect((w.get('[data-testid="experiment-name"]').element as HTMLInputElement).value).toBe('')
    expect(router.currentRoute.value.path).toBe('/experiments/2')
  })

  it('guides a first-time user step by step and adds the sample dataset in one click', async () => {
    let datasets: Dataset[] = []
    const experiments: Experiment[] = []
    const fake = createFakeApi({
      'experiments.list': () => [...experiments],
      'datasets.list': () => [...datasets],
      'datasets.importSample': ({ name }) => ({ importId: 'i1', name, path: `/home/library/x-${name}`, state: 'queued', bytesRead: 0, totalBytes: 100, rows: 0, mbPerSecond: 0 })
    })
    const w = mountWithApp(ExperimentsView, { fake })
    await flushPromises()
    const done = () => ['import', 'roles', 'experiment', 'run'].map((id) => w.get(`[data-testid="guide-${id}"]`).attributes('data-done'))
    expect(done()).toEqual(['false', 'false', 'false', 'false'])
    expect(w.get('[data-testid="guide-import"]').classes()).toContain('is-current')

    await w.get('[data-testid="guide-add-sample"]').trigger('click')
    await flushPromises()
    expect(fake.calls.find((c) => c.method === 'datasets.importSample')?.input).toEqual({ name: 'classification.csv' })
    expect(w.get('[data-testid="guide-add-sample"]').text()).toBe('Adding the sample…')

    datasets = [{ ...datasetFixture({ id: 4, name: 'classification.csv' }), versionCount: 0 }]
    fake.emit('dataset.import', { importId: 'i1', name: 'classification.csv', path: '/x', state: 'done', bytesRead: 100, totalBytes: 100, rows: 800, mbPerSecond: 1, datasetId: 4 })
    fake.emit('datasets.changed', {})
    await flushPromises()
    expect(done()).toEqual(['true', 'false', 'false', 'false'])
    expect(w.get('[data-testid="guide-roles-link"]').attributes('href')).toContain('/datasets/4')

    datasets = [{ ...datasets[0], versionCount: 1 }]
    experiments.push({ ...experiment(6, 'first'), runCount: 0, activeRunCount: 0 })
    fake.emit('datasets.changed', {})
    fake.emit('experiments.changed', {})
    await flushPromises()
    expect(done()).toEqual(['true', 'true', 'true', 'false'])
    expect(w.get('[data-testid="guide-run-link"]').attributes('href')).toContain('/experiments/6/new')

    // runCount 2: every step done, the guide steps aside.
    experiments[0] = experiment(6, 'first')
    fake.emit('experiments.changed', {})
    await flushPromises()
    expect(w.find('[data-testid="getting-started"]').exists()).toBe(false)
  })

  it('guides in Chinese and says why the sample could not be added', async () => {
    const fake = createFakeApi({
      'experiments.list': () => [],
      'datasets.importSample': () => Promise.reject(new AppError('UNSUPPORTED', 'The sample datasets are not installed'))
    })
    const w = mountWithApp(ExperimentsView, { fake, locale: 'zh-CN' })
    await flushPromises()
    expect(w.get('[data-testid="getting-started"]').text()).toContain('快速上手')
    expect(w.get('[data-testid="guide-add-sample"]').text()).toBe('添加示例数据集')
    await w.get('[data-testid="guide-add-sample"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid="guide-sample-error"]').text()).toContain('The sample datasets are not installed')
  })

  it('reloads the list when the engine says experiments changed', async () => {
    const list = [experiment(1, 'a')]
    const fake = createFakeApi({ 'experiments.list': () => [...list] })
    const w = mountWithApp(ExperimentsView, { fake }, { props: {} })
    await flushPromises()
    list.unshift(experiment(2, 'made by the CLI'))
    fake.emit('experiments.changed', {})
    await flushPromises()
    expect(w.findAll('[data-testid="experiment-row"]')).toHaveLength(2)
  })

  it('shows a failed load with its error code in the chosen language', async () => {
    const fake = createFakeApi({ 'experiments.list': () => Promise.reject(new AppError('UNAUTHORIZED', 'Missing token')) })
    const w = mountWithApp(ExperimentsView, { fake, locale: 'zh-CN' })
    await flushPromises()
    expect(w.get('[data-testid="error-notice"]').text()).toContain('未授权')
    expect(w.get('[data-testid="error-notice"]').text()).toContain('Missing token')
  })
})
