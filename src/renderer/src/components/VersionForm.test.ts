// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import type { ColumnProfile } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { irisColumns, versionFixture } from '../testing/dataset-fixtures'
import { createFakeApi, flushPromises, type FakeHandlers } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'
import VersionForm from './VersionForm.vue'

function setup(handlers: FakeHandlers, columns: ColumnProfile[] = irisColumns, locale: 'en' | 'zh-CN' = 'en') {
  const fake = createFakeApi(handlers)
  const w = mountWithApp(VersionForm, { fake, locale }, { props: { datasetId: 3, columns } })
  return { fake, w }
}

const role = (w: ReturnType<typeof setup>['w'], column: string) => w.get(`[data-testid="version-role"][data-column="${column}"]`)

describe('VersionForm', () => {
  it('sends the roles and split the user chose', async () => {
    const { fake, w } = setup({ 'datasets.createVersion': (input) => versionFixture({ task: input.task }) })
    await role(w, 'sepal_width').setValue('ignored')
    await w.get('[data-testid="version-split-kfold"]').setValue(true)
    await w.get('[data-testid="version-k"]').setValue('5')
    await w.get('[data-testid="version-seed"]').setValue('42')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(fake.calls[0]).toEqual({
      method: 'datasets.createVersion',
      input: {
        datasetId: 3,
        task: 'classification',
        target: 'species',
        features: ['sepal_length', 'petal_length', 'petal_width'],
        text: null,
        ignored: ['sepal_width', 'note'],
        split: { kind: 'kfold', k: 5, stratify: true, seed: 42 }
      }
    })
    expect(w.emitted('created')).toHaveLength(1)
  })

  it('finds its own problems before asking the engine', async () => {
    const { fake, w } = setup({})
    await role(w, 'species').setValue('feature')
    await w.get('[data-testid="version-val-fraction"]').setValue('1.5')
    await w.get('[data-testid="version-seed"]').setValue('-1')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(fake.calls).toEqual([])
    expect(w.get('[data-testid="version-error-target"]').text()).toContain('choose a target column')
    expect(w.get('[data-testid="version-error-split.valFraction"]').text()).toBe('must be between 0 and 1, e.g. 0.2')
    expect(w.get('[data-testid="version-error-split.seed"]').text()).toBe('must be a whole number ≥ 0')
  })

  it("puts the engine's issues next to their fields and columns", async () => {
    const issues = [
      { field: 'target', message: '"species" holds a single value; a classifier needs two classes or more' },
      { field: 'features.1', message: '"sepal_width" is categorical, not numeric; it cannot be a numeric feature (ignore it instead)' },
      { field: 'split.valFraction', message: '150 rows at 0.001 leave 150 training and 0 validation rows; both need one or more' },
      { field: 'datasetId', message: 'no dataset 3' }
    ]
    const { w } = setup({ 'datasets.createVersion': () => Promise.reject(AppError.fromIssues('INVALID_INPUT', issues)) })
    await w.get('[data-testid="version-val-fraction"]').setValue('0.001')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="version-error-target"]').text()).toContain('holds a single value')
    expect(w.get('[data-testid="version-error-split.valFraction"]').text()).toContain('0 validation rows')
    const columnError = w.get('[data-testid="version-error-column"]')
    expect(columnError.attributes('data-column')).toBe('sepal_width')
    expect(columnError.text()).toContain('not numeric')
    expect(role(w, 'sepal_width').attributes('aria-invalid')).toBe('true')
    expect(w.get('[data-testid="version-issues"]').text()).toBe('datasetId: no dataset 3')

    // Changing a role clears the engine's verdict until the next save.
    await role(w, 'sepal_width').setValue('ignored')
    expect(w.find('[data-testid="version-error-column"]').exists()).toBe(false)
    expect(w.find('[data-testid="version-error-target"]').exists()).toBe(false)
  })

  it("words the engine's coded issues in the window's language", async () => {
    const issues = [{ field: 'split.seed', message: 'must be ≥ 0 (got -1)', rule: 'min', values: { bound: 0, got: -1 } }]
    const { w } = setup({ 'datasets.createVersion': () => Promise.reject(AppError.fromIssues('INVALID_INPUT', issues)) }, irisColumns, 'zh-CN')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="version-error-split.seed"]').text()).toBe('必须 ≥ 0（当前为 -1）')
  })

  it('proposes roles and the task from the profile, and infers the task from a new target', async () => {
    const columns: ColumnProfile[] = [
      { name: 'customer', type: 'categorical', missing: 0, distinct: 900, distinctCapped: false },
      { name: 'city', type: 'categorical', missing: 0, distinct: 4, distinctCapped: false },
      { name: 'sugar', type: 'number', missing: 60, distinct: 400, distinctCapped: false },
      { name: 'price', type: 'number', missing: 0, distinct: 700, distinctCapped: false },
      { name: 'label', type: 'categorical', missing: 0, distinct: 2, distinctCapped: false }
    ]
    const { w } = setup({}, columns)
    const value = (testId: string, column?: string) =>
      (w.get(`[data-testid="${testId}"]${column ? `[data-column="${column}"]` : ''}`).element as HTMLSelectElement).value
    expect(value('version-task')).toBe('classification')
    expect(['customer', 'city', 'sugar', 'price', 'label'].map((c) => value('version-role', c))).toEqual(['ignored', 'feature', 'feature', 'feature', 'target'])
    await role(w, 'price').setValue('target')
    expect(value('version-task')).toBe('regression')
    expect(value('version-role', 'label')).toBe('feature')
    expect((w.get('[data-testid="version-stratify"]').element as HTMLInputElement).disabled).toBe(true)
  })

  it('defaults the roles from the task and keeps one target', async () => {
    const { w } = setup({})
    await w.get('[data-testid="version-task"]').setValue('text-classification')
    expect((role(w, 'note').element as HTMLSelectElement).value).toBe('text')
    await role(w, 'sepal_length').setValue('target')
    expect((role(w, 'species').element as HTMLSelectElement).value).toBe('ignored')
    expect((w.get('[data-testid="version-stratify"]').element as HTMLInputElement).disabled).toBe(false)
    await w.get('[data-testid="version-task"]').setValue('regression')
    expect((w.get('[data-testid="version-stratify"]').element as HTMLInputElement).disabled).toBe(true)
  })
})
