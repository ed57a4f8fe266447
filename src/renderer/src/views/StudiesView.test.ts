// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import type { Study, Trial } from '../../../shared/api'
import ExperimentStudies from '../components/ExperimentStudies.vue'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { trainerFixture } from '../testing/fixtures'
import { mountWithApp } from '../testing/mount'
import StudiesView from './StudiesView.vue'

const counts = { queued: 0, running: 0, finished: 0, failed: 0, pruned: 0, cancelled: 0 }

function study(id: number, experimentId: number, over: Partial<Study> = {}): Study {
  return {
    id,
    experimentId,
    name: `study ${id}`,
    trainer: 'mlp',
    status: 'running',
    statusMessage: null,
    definition: {
      name: `study ${id}`,
      trainer: 'mlp',
      config: {},
      dataset: '/data/iris.csv',
      space: { params: { 'optimizer.lr': { type: 'float', low: 1e-4, high: 1e-2, log: true } }, conditions: {} },
      design: { method: 'lhs', n: 8 },
      repeats: 2,
      objective: { metric: 'val/loss', direction: 'min', value: 'last' },
      budget: {},
      pruner: { type: 'none' },
      priority: 0,
      onEngineStop: 'requeue',
      extensions: []
    },
    planned: 16,
    counts: { ...counts, finished: 3, running: 2, queued: 11 },
    best: null,
    elapsedMs: 0,
    createdAt: 1_700_000_000_000 + id,
    startedAt: null,
    endedAt: null,
    ...over
  }
}

const experiments = [
  { id: 1, name: 'iris', description: '', createdAt: 0, runCount: 0, activeRunCount: 0 },
  { id: 2, name: 'wine', description: '', createdAt: 0, runCount: 0, activeRunCount: 0 }
]

describe('StudiesView', () => {
  it('lists every study newest first with its design, status, progress and best objective, in both languages', async () => {
    const best = { objective: 0.123456 } as Trial
    const studies = [study(2, 2, { best, status: 'finished', counts: { ...counts, finished: 16 } }), study(1, 1)]
    const fake = createFakeApi({ 'studies.list': () => studies, 'experiments.list': () => experiments, 'trainers.list': () => [trainerFixture] })
    const w = mountWithApp(StudiesView, { fake })
    await flushPromises()
    const rows = w.findAll('[data-testid^="study-row-"]')
    expect(rows.map((r) => r.attributes('data-testid'))).toEqual(['study-row-2', 'study-row-1'])
    expect(rows[0].text()).toContain('wine')
    expect(rows[0].text()).toContain('MLP (tables)')
    expect(rows[0].text()).toContain('Latin hypercube (LHS) · n=8 × 2 repeats')
    expect(rows[0].get('[data-testid="study-status"]').text()).toBe('Finished')
    expect(rows[0].get('[data-testid="study-progress"]').text()).toBe('16 / 16')
    expect(rows[0].get('[data-testid="study-best"]').text()).toContain('0.1235')
    expect(rows[1].get('[data-testid="study-progress"]').text()).toBe('3 / 16')
    expect(rows[1].get('[data-testid="study-best"]').text()).toBe('—')
    expect(rows[1].get('[data-testid="study-link"]').attributes('href')).toBe('/studies/1')

    const zh = mountWithApp(StudiesView, { fake, locale: 'zh-CN' })
    await flushPromises()
    expect(zh.get('[data-testid="study-row-1"] [data-testid="study-status"]').text()).toBe('运行中')
    expect(zh.text()).toContain('拉丁超立方（LHS）')
    expect(zh.text()).toContain('× 2 次重复')
  })

  it('follows studies.changed: a study that progresses, and one created elsewhere', async () => {
    let current = [study(1, 1)]
    const fake = createFakeApi({
      'studies.list': () => current,
      'studies.get': ({ id }) => current.find((s) => s.id === id)!,
      'experiments.list': () => experiments
    })
    const w = mountWithApp(StudiesView, { fake })
    await flushPromises()
    current = [study(1, 1, { counts: { ...counts, finished: 5 } }), study(3, 2)]
    fake.emit('studies.changed', { id: 1 })
    fake.emit('studies.changed', { id: 3 })
    await flushPromises()
    expect(w.get('[data-testid="study-row-1"] [data-testid="study-progress"]').text()).toBe('5 / 16')
    expect(w.find('[data-testid="study-row-3"]').exists()).toBe(true)
  })

  it('says there are none yet', async () => {
    const fake = createFakeApi({ 'studies.list': () => [], 'experiments.list': () => [] })
    const w = mountWithApp(StudiesView, { fake })
    await flushPromises()
    expect(w.get('[data-testid="studies-empty"]').text()).toContain('New study')
  })
})

describe('ExperimentStudies', () => {
  it("lists the experiment's studies only, and a new one of it as it is created", async () => {
    let current = [study(1, 1)]
    const fake = createFakeApi({
      'studies.list': ({ experimentId }) => current.filter((s) => s.experimentId === experimentId),
      'studies.get': ({ id }) => current.find((s) => s.id === id)!
    })
    const w = mountWithApp(ExperimentStudies, { fake }, { props: { experimentId: 1 } })
    await flushPromises()
    expect(fake.calls.find((c) => c.method === 'studies.list')!.input).toEqual({ experimentId: 1 })
    expect(w.findAll('[data-testid^="study-row-"]')).toHaveLength(1)
    current = [...current, study(4, 2), study(5, 1)]
    fake.emit('studies.changed', { id: 4 })
    fake.emit('studies.changed', { id: 5 })
    await flushPromises()
    expect(w.findAll('[data-testid^="study-row-"]').map((r) => r.attributes('data-testid'))).toEqual(['study-row-5', 'study-row-1'])
  })
})
