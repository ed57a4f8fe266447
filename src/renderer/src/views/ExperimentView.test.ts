// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { runFixture, trainerFixture } from '../testing/fixtures'
import { mountWithApp } from '../testing/mount'
import ExperimentView from './ExperimentView.vue'

describe('ExperimentView', () => {
  it('shows runs with changed parameters, final values of ended runs, and live status', async () => {
    const finished = runFixture({ id: 1, name: 'base', status: 'finished', endedAt: 1_700_000_065_000, createdAt: 1 })
    const running = runFixture({ id: 2, name: 'fast', createdAt: 2, config: { ...runFixture().config, 'optimizer.lr': 0.01 } })
    const fake = createFakeApi({
      'experiments.get': ({ id }) => ({ id, name: 'lr sweep', description: '', createdAt: 0, runCount: 2, activeRunCount: 1 }),
      'runs.list': () => [finished, running],
      'trainers.list': () => [trainerFixture],
      'runs.get': ({ id }) => ({
        ...(id === 1 ? finished : { ...running, status: 'finished' as const }),
        metrics: { 'val/accuracy': { first: 0.3, last: id === 1 ? 0.9667 : 0.95, min: 0.3, max: 0.97, count: 10 } }
      })
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
    // Only ended runs have final values worth fetching.
    expect(fake.calls.filter((c) => c.method === 'runs.get').map((c) => c.input)).toEqual([{ id: 1 }])

    fake.emit('run.updated', { ...running, status: 'finished', endedAt: running.startedAt! + 5000 })
    await flushPromises()
    expect(rows()[0].get('[data-testid="run-row-status"]').text()).toBe('Finished')
    expect(rows()[0].text()).toContain('0.95')

    fake.emit('run.updated', runFixture({ id: 3, name: 'new one', createdAt: 3, status: 'queued' }))
    fake.emit('run.updated', runFixture({ id: 9, experimentId: 2, createdAt: 4 }))
    await flushPromises()
    expect(rows().map((r) => r.attributes('data-run-id'))).toEqual(['3', '2', '1'])
  })
})
