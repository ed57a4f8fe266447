// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { useExperimentsStore } from '../stores/experiments'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'
import NewRunWithDataset from './NewRunWithDataset.vue'

const experiment = (id: number, name: string) => ({ id, name, description: '', createdAt: id, runCount: 0, activeRunCount: 0 })

async function setup(visited: number | null) {
  const fake = createFakeApi({ 'experiments.list': () => [experiment(9, 'newest'), experiment(4, 'came from'), experiment(1, 'oldest')] })
  const blank = { render: () => null }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: blank },
      { path: '/experiments/:id/new', component: blank }
    ]
  })
  await router.push('/')
  const w = mountWithApp(NewRunWithDataset, { fake, router }, { props: { path: '/data/iris.csv', versions: [] } })
  if (visited !== null) useExperimentsStore().visit(visited)
  await flushPromises()
  return { router, w }
}

describe('NewRunWithDataset', () => {
  it('preselects the experiment the user came from, not the newest', async () => {
    const { router, w } = await setup(4)
    expect((w.get('[data-testid="new-run-experiment"]').element as HTMLSelectElement).value).toBe('4')
    await w.get('[data-testid="new-run-with-dataset"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/experiments/4/new')
  })

  it('takes the newest experiment when the user came from none, or from one since deleted', async () => {
    for (const visited of [null, 77]) {
      const { w } = await setup(visited)
      expect((w.get('[data-testid="new-run-experiment"]').element as HTMLSelectElement).value).toBe('9')
    }
  })
})
