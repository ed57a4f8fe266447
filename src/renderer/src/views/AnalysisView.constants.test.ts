// @vitest-environment happy-dom
/**
 * An experiment whose runs vary two parameters: only those are offered and preselected, the rest
 * are listed once as held constant, the targets are metrics, and a result that ran another
 * estimator than the one chosen says so, in both languages.
 */
import { describe, expect, it, vi } from 'vitest'
import type { AnalysisColumns, AnalysisResult, MethodInput } from '../../../shared/api'
import type { Locale } from '../i18n'
import { columnsFixture, sobolResultFixture } from '../testing/analysis-fixtures'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'
import AnalysisView from './AnalysisView.vue'

vi.mock('../charts/echarts', () => ({ init: () => ({ setOption: () => undefined, resize: () => undefined, dispose: () => undefined }) }))

const info = { version: '0.1.0', dataDir: '/tmp', platform: 'linux', providers: ['cpu'], nativeDialogs: false }
const files = { kind: 'upload' as const, pathOf: async (f: File) => `/srv/uploads/${f.name}` }
const col = (name: string, kind: 'float' | 'int' | 'categorical', isMetric = false, count = 12) => ({ name, kind, log: false, count, isMetric })

/** Twelve mlp runs that vary optimizer.lr and data.batch_size, everything else at its default. */
function mlpColumns(): AnalysisColumns {
  return columnsFixture({
    rows: 12,
    columns: [
      col('data.target', 'categorical', false, 0),
      col('data.batch_size', 'int'),
      col('model.layers', 'int'),
      col('optimizer.lr', 'float'),
      col('training.seed', 'int'),
      col('val/loss', 'float', true),
      col('val/accuracy', 'float', true),
      col('train/loss', 'float', true)
    ],
    constants: [
      { name: 'data.target', value: null },
      { name: 'model.layers', value: 2 },
      { name: 'training.seed', value: 42 }
    ],
    design: 'other',
    suggestedMethod: 'correlation',
    suggestedTarget: 'val/loss'
  })
}

/** A Sobol request the engine answered with the forest's Sobol indices, saying why. */
function switchedResult(): AnalysisResult {
  return sobolResultFixture({
    target: 'val/loss',
    warnings: [],
    notices: [
      {
        code: 'estimatorSwitched',
        params: { requested: 'sobol', ran: 'surrogateSobol', reason: 'notSaltelli', design: 'other' },
        message: 'English for the CLI'
      }
    ],
    constants: [{ name: 'training.seed', value: 42 }]
  })
}

async function mountRuns(locale: Locale, result: AnalysisResult = switchedResult()) {
  const inputs: MethodInput<'analysis.run'>[] = []
  const fake = createFakeApi({
    'app.info': () => info,
    'analysis.columns': () => mlpColumns(),
    'analysis.contour': ({ params }) => ({ params, x: [1, 2], y: [1, 2], z: [[1, 2], [3, 4]], points: [], r2: 0.9, r2_cv: 0.8, region: 'hull' }),
    'analysis.run': (input) => {
      inputs.push(input)
      return result
    }
  })
  const w = mountWithApp(AnalysisView, { fake, files, locale }, { attachTo: document.body })
  await w.get('[data-testid="analysis-path"]').setValue('/data/runs.csv')
  await w.get('[data-testid="analysis-load"]').trigger('click')
  await flushPromises()
  return { w, inputs }
}

describe('AnalysisView with parameters held constant', () => {
  it('offers and preselects only the parameters that vary, lists the constants once, and offers metrics as targets', async () => {
    const { w, inputs } = await mountRuns('en')
    const params = w.findAll('[data-testid="analysis-param"]')
    expect(params.map((p) => p.attributes('data-param'))).toEqual(['data.batch_size', 'optimizer.lr'])
    expect(params.every((p) => (p.get('input').element as HTMLInputElement).checked)).toBe(true)
    const held = w.get('[data-testid="analysis-form"] [data-testid="analysis-constants"]')
    expect(held.text()).toContain('Held constant, not analysed (3)')
    expect(held.findAll('[data-testid="analysis-constant"]').map((c) => c.text())).toEqual(['data.target = not set', 'model.layers = 2', 'training.seed = 42'])
    const targets = w.findAll('[data-testid="analysis-target"] option').map((o) => o.attributes('value'))
    expect(targets).toEqual(['val/loss', 'val/accuracy', 'train/loss'])

    await w.get('[data-testid="analysis-run"]').trigger('submit')
    await flushPromises()
    expect(inputs[0].params).toEqual(['data.batch_size', 'optimizer.lr'])
    // Listed once: the results below the form do not repeat the constants.
    const results = w.get('[data-testid="analysis-results"]')
    expect(w.findAll('[data-testid="analysis-constants"]')).toHaveLength(1)
    const notice = results.get('[data-testid="analysis-notice"]')
    expect(notice.attributes('data-code')).toBe('estimatorSwitched')
    expect(notice.text()).toBe(
      'You chose Sobol indices, but its Saltelli estimators need rows in a Saltelli design, and these rows are not one (design: other (random, grid, imported…)). So this ran Sobol indices of a random forest fitted to the rows (spread across trees) instead.'
    )
    w.unmount()
  })

  it('says the same in Chinese', async () => {
    const { w } = await mountRuns('zh-CN')
    expect(w.get('[data-testid="analysis-form"] [data-testid="analysis-constants"]').text()).toContain('保持不变，不参与分析（3）')
    expect(w.get('[data-testid="analysis-constant"]').text()).toBe('data.target = 未设置')
    await w.get('[data-testid="analysis-run"]').trigger('submit')
    await flushPromises()
    const notice = w.get('[data-testid="analysis-notice"]').text()
    expect(notice).toMatch(/^你选择了.+但其 Saltelli 估计量需要按 Saltelli 设计排列的行.+因此改为运行对这些行拟合的随机森林的 Sobol 指数/)
    expect(notice).not.toContain('English for the CLI')
    w.unmount()
  })
})
