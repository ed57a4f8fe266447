// @vitest-environment happy-dom
/** The Analysis page on a study: opened with ?study=ID, its swept parameters and objective preselected, refreshed as trials finish. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, RouterView } from 'vue-router'
import type { MethodInput, Study } from '../../../shared/api'
import { StudyDefinition } from '../../../shared/schemas/studies'
import { createAppRouter } from '../router'
import { REFRESH_MS } from '../stores/analysis'
import { columnsFixture, sobolResultFixture } from '../testing/analysis-fixtures'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'
import AnalysisView from './AnalysisView.vue'

vi.mock('../charts/echarts', () => ({ init: () => ({ setOption: () => undefined, resize: () => undefined, dispose: () => undefined }) }))

const info = { version: '0.1.0', dataDir: '/tmp', platform: 'linux', providers: ['cpu'], nativeDialogs: false }
const files = { kind: 'upload' as const, pathOf: async (f: File) => `/srv/uploads/${f.name}` }

function study(finished: number): Study {
  const definition = StudyDefinition.parse({
    name: 'lr sweep',
    trainer: 'mlp',
    dataset: '/data/wine.csv',
    space: { params: { 'optimizer.lr': { type: 'float', low: 1e-4, high: 0.1, log: true }, 'model.hidden_size': { type: 'int', low: 8, high: 64, log: false, step: 1 } } },
    design: { method: 'lhs', n: 8 },
    repeats: 2,
    objective: { metric: 'val/accuracy', direction: 'max' }
  })
  const counts = { queued: 16 - finished - 1, running: 1, finished, failed: 0, pruned: 0, cancelled: 0 }
  return {
    id: 4, experimentId: 1, name: 'lr sweep', trainer: 'mlp', status: 'running', statusMessage: null, definition, planned: 16, counts, best: null,
    elapsedMs: 1000, createdAt: 1, startedAt: 1, endedAt: null
  }
}

const studyColumns = columnsFixture({
  rows: 6,
  columns: [
    { name: 'optimizer.lr', kind: 'float', log: true, count: 6, isMetric: false },
    { name: 'model.hidden_size', kind: 'int', log: false, count: 6, isMetric: false },
    { name: 'training.seed', kind: 'int', log: false, count: 6, isMetric: false },
    { name: 'objective', kind: 'float', log: false, count: 6, isMetric: true },
    { name: 'val/loss', kind: 'float', log: false, count: 6, isMetric: true }
  ],
  design: 'other',
  suggestedMethod: 'correlation',
  suggestedTarget: 'objective',
  suggestedGoal: 'max'
})

afterEach(() => vi.useRealTimers())

describe('AnalysisView on a study', () => {
  it('opens on the study, preselects its swept parameters and objective, and analyses it again as trials finish', async () => {
    let finished = 6
    const runs: MethodInput<'analysis.run'>[] = []
    const fake = createFakeApi({
      'app.info': () => info,
      'studies.get': () => study(finished),
      'studies.list': () => [study(finished)],
      'analysis.columns': () => studyColumns,
      'analysis.run': (input) => {
        runs.push(input)
        return sobolResultFixture({ method: 'correlation', target: 'objective', goal: 'max', n: finished })
      }
    })
    const w = mountWithApp(AnalysisView, { fake, files }, { props: { studyId: 4 }, attachTo: document.body })
    await flushPromises()
    expect(fake.calls.find((c) => c.method === 'analysis.columns')?.input).toEqual({ source: { kind: 'study', studyId: 4, includePruned: false } })
    expect(w.get('[data-testid="source-study"]').attributes('aria-selected')).toBe('true')
    expect(w.get('[data-testid="analysis-source"]').text()).toContain('lr sweep')
    expect((w.get('[data-testid="analysis-target"]').element as HTMLSelectElement).value).toBe('objective')
    expect((w.get('[data-testid="analysis-goal"]').element as HTMLSelectElement).value).toBe('max')
    const ticked = w.findAll('[data-testid="analysis-param"]').filter((p) => (p.get('input').element as HTMLInputElement).checked)
    expect(ticked.map((p) => p.attributes('data-param'))).toEqual(['optimizer.lr', 'model.hidden_size'])

    // Fake clocks from here: flushing promises is a short advance of them.
    vi.useFakeTimers()
    await w.get('[data-testid="analysis-run"]').trigger('click')
    await vi.advanceTimersByTimeAsync(50)
    expect(runs).toHaveLength(1)
    // Trials finish: at most one analysis per interval, and only with more trials than the last read.
    finished = 8
    fake.emit('studies.changed', { id: 4 })
    fake.emit('studies.changed', { id: 4 })
    fake.emit('studies.changed', { id: 9 })
    await vi.advanceTimersByTimeAsync(REFRESH_MS + 10)
    await vi.advanceTimersByTimeAsync(50)
    expect(runs).toHaveLength(2)
    expect(w.get('[data-testid="analysis-refreshed"]').text()).toContain('8')
    fake.emit('studies.changed', { id: 4 })
    await vi.advanceTimersByTimeAsync(REFRESH_MS + 10)
    await vi.advanceTimersByTimeAsync(50)
    expect(runs).toHaveLength(2)
    // The user's own run is no longer "updated as the study went on".
    await w.get('[data-testid="analysis-run"]').trigger('click')
    await vi.advanceTimersByTimeAsync(50)
    expect(runs).toHaveLength(3)
    expect(w.find('[data-testid="analysis-refreshed"]').exists()).toBe(false)
  })

  it('opens /analysis?study=ID through the router on that study, worded in Chinese', async () => {
    const fake = createFakeApi({
      'app.info': () => info,
      'studies.get': () => study(6),
      'studies.list': () => [study(6)],
      'analysis.columns': () => studyColumns
    })
    const router = createAppRouter(createMemoryHistory())
    await router.push('/analysis?study=4')
    const w = mountWithApp(defineComponent({ render: () => h(RouterView) }), { fake, files, router, locale: 'zh-CN' }, { attachTo: document.body })
    await flushPromises()
    expect(fake.calls.find((c) => c.method === 'analysis.columns')?.input).toEqual({ source: { kind: 'study', studyId: 4, includePruned: false } })
    expect(w.get('[data-testid="source-study"]').attributes('aria-selected')).toBe('true')
    expect((w.get('[data-testid="analysis-study"]').element as HTMLSelectElement).value).toBe('4')
    expect(w.get('[data-testid="analysis-study-facts"]').text()).toContain('16 个试验中已完成 6 个')
    expect((w.get('[data-testid="analysis-target"]').element as HTMLSelectElement).value).toBe('objective')
    const ticked = w.findAll('[data-testid="analysis-param"]').filter((p) => (p.get('input').element as HTMLInputElement).checked)
    expect(ticked.map((p) => p.attributes('data-param'))).toEqual(['optimizer.lr', 'model.hidden_size'])
  })

  it('offers the studies as a source, with pruned trials on request', async () => {
    const fake = createFakeApi({ 'app.info': () => info, 'studies.list': () => [study(6)], 'analysis.columns': () => studyColumns })
    const w = mountWithApp(AnalysisView, { fake, files }, { attachTo: document.body })
    await flushPromises()
    await w.get('[data-testid="source-study"]').trigger('click')
    await flushPromises()
    await w.get('[data-testid="analysis-study"]').setValue('4')
    expect(w.get('[data-testid="analysis-study-facts"]').text()).toBe('Latin hypercube (LHS) · 6 of 16 trials finished · 0 pruned · each point run with 2 seeds (the noise floor)')
    await w.get('[data-testid="analysis-include-pruned"]').setValue(true)
    await w.get('[data-testid="analysis-use-study"]').trigger('click')
    await flushPromises()
    expect(fake.calls.find((c) => c.method === 'analysis.columns')?.input).toEqual({ source: { kind: 'study', studyId: 4, includePruned: true } })
  })
})
