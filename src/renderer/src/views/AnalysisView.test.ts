// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import type { AnalysisResult, MethodInput } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import DropImport from '../components/DropImport.vue'
import { columnsFixture, sobolResultFixture } from '../testing/analysis-fixtures'
import { createFakeApi, flushPromises, type FakeHandlers } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'
import AnalysisView from './AnalysisView.vue'

// happy-dom has no canvas; the chart instance is replaced, the option building is real.
const charts = vi.hoisted(() => ({ options: [] as unknown[] }))
vi.mock('../charts/echarts', () => ({
  init: () => ({ setOption: (o: unknown) => charts.options.push(o), resize: () => undefined, dispose: () => undefined })
}))

const info = { version: '0.1.0', dataDir: '/tmp', platform: 'linux', providers: ['cpu'], nativeDialogs: false }
const files = { kind: 'upload' as const, pathOf: async (f: File) => `/srv/uploads/${f.name}` }

/** A pending `analysis.run` the test settles when it wants. */
function deferredRun() {
  let settle!: { resolve: (r: AnalysisResult) => void; reject: (e: unknown) => void }
  const inputs: Array<MethodInput<'analysis.run'>> = []
  const handler = (input: MethodInput<'analysis.run'>) => {
    inputs.push(input)
    return new Promise<AnalysisResult>((resolve, reject) => (settle = { resolve, reject }))
  }
  return { handler, inputs, settle: () => settle }
}

function setup(handlers: FakeHandlers, props: { experimentId?: number } = {}) {
  const fake = createFakeApi({
    'app.info': () => info,
    'analysis.columns': () => columnsFixture(),
    'analysis.contour': ({ params }) => ({ params, x: [1, 2, 3], y: [4, 5], z: [[1, 2, 3], [4, 5, 6]], points: [[1.5, 4.5, 2]], r2: 0.93, r2_cv: 0.81, region: 'hull' }),
    'analysis.cancel': () => ({ ok: true as const }),
    ...handlers
  })
  const w = mountWithApp(AnalysisView, { fake, files }, { props, attachTo: document.body })
  return { fake, w }
}

async function loadCsv(w: ReturnType<typeof setup>['w']): Promise<void> {
  await w.get('[data-testid="analysis-path"]').setValue('/data/results.csv')
  await w.get('[data-testid="analysis-load"]').trigger('click')
  await flushPromises()
}

const selected = (w: ReturnType<typeof setup>['w'], testId: string) => (w.get(`[data-testid="${testId}"]`).element as HTMLSelectElement).value

describe('AnalysisView', () => {
  it('builds the form from analysis.columns with the suggested target and method preselected', async () => {
    const { fake, w } = setup({})
    expect(w.find('[data-testid="analysis-empty"]').exists()).toBe(true)
    await loadCsv(w)
    expect(fake.calls.find((c) => c.method === 'analysis.columns')?.input).toEqual({ source: { kind: 'csv', path: '/data/results.csv' } })
    expect(w.get('[data-testid="analysis-columns-summary"]').attributes('data-design')).toBe('saltelli')
    expect(selected(w, 'analysis-target')).toBe('val_loss')
    expect(selected(w, 'analysis-goal')).toBe('min')
    expect(selected(w, 'analysis-method')).toBe('sobol')
    expect(w.get('[data-testid="method-help"]').text()).toContain('S1')
    // Parameters: every non-metric column, all on; the log one says so.
    const params = w.findAll('[data-testid="analysis-param"]')
    expect(params.map((p) => p.attributes('data-param'))).toEqual(['lr', 'layers', 'dropout'])
    expect(params.every((p) => (p.get('input').element as HTMLInputElement).checked)).toBe(true)
    expect(params[0].text()).toContain('log scale')
    // A Saltelli table fits Sobol, not Morris; the rest work on any table.
    const options = w.findAll('[data-testid="analysis-method"] option')
    expect(options.filter((o) => (o.element as HTMLOptionElement).disabled).map((o) => o.attributes('value'))).toEqual(['morris'])
    expect(options[0].text()).toContain('(suggested)')

    await w.get('[data-testid="analysis-target"]').setValue('val_accuracy')
    expect(selected(w, 'analysis-goal')).toBe('max')
    await w.get('[data-testid="analysis-method"]').setValue('fanova')
    expect(w.get('[data-testid="method-help"]').text()).toContain('random forest')
  })

  it('runs with a request id, follows its progress, and cancels it', async () => {
    const run = deferredRun()
    const { fake, w } = setup({ 'analysis.run': run.handler })
    await loadCsv(w)
    await w.get('[data-testid="analysis-param"][data-param="dropout"] input').setValue(false)
    await w.get('[data-testid="analysis-seed"]').setValue('42')
    await w.get('[data-testid="analysis-run"]').trigger('submit')
    await flushPromises()
    const input = run.inputs[0]
    expect(input).toMatchObject({ source: { kind: 'csv', path: '/data/results.csv' }, target: 'val_loss', goal: 'min', method: 'sobol', params: ['lr', 'layers'], seed: 42 })
    expect(w.get('[data-testid="analysis-run"]').attributes('disabled')).toBeDefined()

    // Another request's progress is not ours.
    fake.emit('analysis.progress', { requestId: 'someone-else', stage: 'other', fraction: 0.9 })
    fake.emit('analysis.progress', { requestId: input.requestId, stage: 'noise floor', fraction: 0.4 })
    await flushPromises()
    const bar = w.get('[data-testid="analysis-progress"]')
    expect(bar.attributes('aria-valuenow')).toBe('40')
    expect(bar.attributes('data-stage')).toBe('noise floor')
    expect(bar.text()).toContain('Seed-noise floor · 40%')

    await w.get('[data-testid="analysis-cancel"]').trigger('click')
    expect(fake.calls.at(-1)).toEqual({ method: 'analysis.cancel', input: { requestId: input.requestId } })
    run.settle().reject(new AppError('CANCELLED', 'analysis cancelled'))
    await flushPromises()
    expect(w.find('[data-testid="analysis-progress"]').exists()).toBe(false)
    expect(w.find('[data-testid="analysis-cancelled"]').exists()).toBe(true)
    expect(w.find('[data-testid="error-notice"]').exists()).toBe(false)
  })

  it('shows the engine’s message when the analysis fails', async () => {
    const { w } = setup({
      'analysis.run': () => {
        throw new AppError('INVALID_INPUT', 'val_loss: line 7 is not a number ("n/a")')
      }
    })
    await loadCsv(w)
    await w.get('[data-testid="analysis-run"]').trigger('submit')
    await flushPromises()
    const notice = w.get('[data-testid="error-notice"]')
    expect(notice.attributes('data-code')).toBe('INVALID_INPUT')
    expect(notice.text()).toContain('line 7 is not a number')
  })

  it('draws importance with whiskers, negative values as they are, tiers, pairs, slices and the contour', async () => {
    const run = deferredRun()
    const { fake, w } = setup({ 'analysis.run': run.handler })
    await loadCsv(w)
    await w.get('[data-testid="analysis-run"]').trigger('submit')
    await flushPromises()
    charts.options.length = 0
    run.settle().resolve(sobolResultFixture())
    await flushPromises()

    expect(w.get('[data-testid="chart-importance"]').attributes('data-bars')).toBe('3')
    const importance = charts.options.find((o) => (o as { series?: Array<{ id: string }> }).series?.some((s) => s.id === 'whisker-S1')) as {
      series: Array<{ id: string; data: unknown[] }>
    }
    expect(importance.series.find((s) => s.id === 'bar-S1')?.data).toEqual([-0.004, 0.31, 0.44])
    expect(importance.series.find((s) => s.id === 'whisker-S1')?.data).toContainEqual([-0.02, 0.012, 0, -0.004])
    expect(importance.series.find((s) => s.id === 'whisker-ST')?.data).toHaveLength(3)

    expect(w.get('[data-testid="analysis-summary"]').text()).toContain('seed 7')
    // Coded notices, worded here: warnings in the box, how it was computed below it.
    expect(w.findAll('[data-testid="analysis-notice"]').map((x) => x.text())).toEqual(['4 line(s) have no value for val_loss and were left out (line 12, 40, 77, 91).'])
    expect(w.get('[data-testid="analysis-fact"]').attributes('data-code')).toBe('sobolSingleDesign')
    expect(w.get('[data-testid="analysis-fact"]').text()).toMatch(/^One scrambled design, the accurate default: its estimates are as close as 640 evaluations allow/)
    const tiers = w.findAll('[data-testid="tier-row"]')
    expect(tiers.map((r) => [r.attributes('data-param'), r.attributes('data-tier')])).toEqual([
      ['lr', 'high'],
      ['layers', 'high'],
      ['dropout', 'high']
    ])
    // The tier sits beside the index and interval it was read from: ST, not the negative S1.
    expect(w.get('[data-testid="tier-table"] thead').text()).toContain('Tier reads: ST (total) with interval')
    expect(tiers[2].get('[data-testid="tier-estimate"]').text()).toBe('0.24 [0.21, 0.27]')
    expect(tiers[0].get('[data-testid="tier-range"]').text()).toBe('0.001 – 0.01')
    expect(tiers[2].find('[data-testid="tier-widened"]').exists()).toBe(true)
    expect(w.findAll('[data-testid="pair-row"]').map((r) => r.attributes('data-pair'))).toEqual(['lr,dropout', 'lr,layers'])

    expect(w.get('[data-testid="chart-parallel"]').attributes('data-points')).toBe('3')
    const slices = w.findAll('[data-testid="chart-slice"]')
    expect(slices.map((s) => [s.attributes('data-param'), s.attributes('data-axis')])).toEqual([
      ['layers', 'value'],
      ['lr', 'log'],
      ['dropout', 'value']
    ])
    // lr arrives as log10 (its sampled measure) and is drawn in natural units on a log axis.
    expect(slices[1].attributes('data-points')).toBe('3')
    expect(w.find('[data-testid="chart-morris"]').exists()).toBe(false)
    expect(w.find('[data-testid="chart-over-training"]').exists()).toBe(false)

    // The contour starts on the two most important numeric parameters.
    expect(fake.calls.find((c) => c.method === 'analysis.contour')?.input).toMatchObject({ source: { kind: 'csv', path: '/data/results.csv' }, target: 'val_loss', params: ['layers', 'lr'] })
    expect(w.get('[data-testid="chart-contour"]').attributes('data-points')).toBe('6')
    expect(w.get('[data-testid="contour-panel"]').text()).toContain('cross-validated R² = 0.810 · 1 runs')
    w.unmount()
  })

  it('shows the Morris scatter and importance over training when the result has them', async () => {
    const result = sobolResultFixture({
      method: 'morris',
      params: [
        { name: 'lr', mu: 1, mu_star: 2, mu_star_lo: 1.5, mu_star_hi: 2.5, sigma: 0.3 },
        { name: 'layers', mu: 0.5, mu_star: 0.6, mu_star_lo: 0.4, mu_star_hi: 0.8, sigma: 0.9 }
      ],
      pairs: undefined,
      overTraining: { epochs: [1, 2], names: ['lr', 'layers'], values: [[0.8, 0.2], [0.6, 0.4]] }
    })
    const { w } = setup({ 'analysis.columns': () => columnsFixture({ design: 'morris', suggestedMethod: 'morris' }), 'analysis.run': () => result })
    await loadCsv(w)
    await w.get('[data-testid="analysis-run"]').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="chart-morris"]').attributes('data-points')).toBe('2')
    expect(w.get('[data-testid="chart-importance"]').attributes('data-bars')).toBe('2')
    expect(w.get('[data-testid="chart-over-training"]').attributes('data-points')).toBe('4')
  })

  it('shows the surface’s cross-validated R² and an unclear tier with what it means', async () => {
    const result = sobolResultFixture({
      method: 'surface',
      params: [{ name: 'lr', linear: 1, quadratic: 0.5 }],
      pairs: undefined,
      r2: 0.91,
      facts: { r2_adj: 0.9, r2_cv: 0.72 },
      notices: [],
      tiers: [{ name: 'lr', tier: 'unclear', basis: 'surfaceShare', importance: 0.05, importance_lo: 0.01, importance_hi: 0.2, low: 0.001, high: 0.01, best: 0.003 }]
    })
    const { w } = setup({ 'analysis.run': () => result })
    await loadCsv(w)
    await w.get('[data-testid="analysis-run"]').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="analysis-r2-cv"]').text()).toBe('· cross-validated R² = 0.72')
    expect(w.get('[data-testid="tier-row"]').attributes('data-tier')).toBe('unclear')
    expect(w.get('[data-testid="tier-row"]').text()).toContain('unclear')
    expect(w.get('[data-testid="tier-unclear-help"]').text()).toMatch(/spans the 0\.02 threshold/)
    expect(w.find('[data-testid="analysis-warnings"]').exists()).toBe(false)
  })

  it('takes a CSV dropped on the window as results, not as a dataset import', async () => {
    const fake = createFakeApi({ 'app.info': () => info, 'analysis.columns': () => columnsFixture(), 'datasets.import': () => [] })
    const Shell = defineComponent(() => () => h('div', [h(AnalysisView), h(DropImport)]))
    const w = mountWithApp(Shell, { fake, files }, { attachTo: document.body })
    await flushPromises()
    const drop = new Event('drop', { bubbles: true, cancelable: true })
    Object.defineProperty(drop, 'dataTransfer', { value: { types: ['Files'], files: [new File(['a,b\n'], 'ishigami.csv')] } })
    window.dispatchEvent(drop)
    await flushPromises()
    expect(fake.calls.filter((c) => c.method === 'datasets.import')).toEqual([])
    expect(fake.calls.find((c) => c.method === 'analysis.columns')?.input).toEqual({ source: { kind: 'csv', path: '/srv/uploads/ishigami.csv' } })
    expect(w.get('[data-testid="analysis-source"]').text()).toContain('ishigami.csv')
    w.unmount()
  })

  it('analyses the runs of the experiment it was opened for', async () => {
    const experiment = { id: 3, name: 'lr sweep', description: '', createdAt: 0, runCount: 0, activeRunCount: 0 }
    const { fake, w } = setup({ 'experiments.list': () => [experiment], 'experiments.get': () => experiment, 'runs.list': () => [] }, { experimentId: 3 })
    await flushPromises()
    expect(fake.calls.find((c) => c.method === 'analysis.columns')?.input).toEqual({ source: { kind: 'runs', experimentId: 3, reduce: 'last' } })
    expect(w.get('[data-testid="source-runs"]').attributes('aria-selected')).toBe('true')
    expect(selected(w, 'analysis-target')).toBe('val_loss')
    expect(w.get('[data-testid="analysis-source"]').text()).toContain('Analysing lr sweep')
    expect(selected(w, 'analysis-experiment')).toBe('3')
  })
})
