// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { datasetFixture, versionFixture } from '../testing/dataset-fixtures'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'
import DatasetView from './DatasetView.vue'

// happy-dom has no canvas; the chart instance is replaced, the option building is real.
vi.mock('../charts/echarts', () => ({ init: () => ({ setOption: () => undefined, resize: () => undefined, dispose: () => undefined }) }))

async function setup(detail = datasetFixture(), locale: 'en' | 'zh-CN' = 'en') {
  const fake = createFakeApi({
    'datasets.get': () => detail,
    'datasets.delete': () => ({ ok: true as const }),
    'datasets.rows': ({ offset = 0 }) => ({ rows: [[`${offset}`, '3.5', '1.4', '0.2', 'setosa', 'x']], total: 150 }),
    'experiments.list': () => [{ id: 8, name: 'iris lr', description: '', createdAt: 0, runCount: 0, activeRunCount: 0 }]
  })
  const blank = { render: () => null }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/datasets/:id', component: blank },
      { path: '/datasets', component: blank },
      { path: '/', component: blank },
      { path: '/experiments/:id/new', component: blank }
    ]
  })
  await router.push('/datasets/3')
  const w = mountWithApp(DatasetView, { fake, router, locale }, { props: { id: 3 } })
  await flushPromises()
  return { fake, router, w }
}

describe('DatasetView', () => {
  it('shows an uploaded file by its own name, never by the name it is stored under', async () => {
    const uploaded = datasetFixture({ name: 'my iris.csv', path: '/home/library/uploads/3-aa-my_iris.csv', copied: true, origin: 'upload' })
    const { w } = await setup(uploaded)
    expect(w.get('[data-testid="dataset-name"]').text()).toBe('my iris.csv')
    expect(w.get('[data-testid="dataset-path"]').text()).toBe('my iris.csv, uploaded from the browser into the library')
    expect(w.text()).not.toContain('3-aa-')
    const zh = await setup(uploaded, 'zh-CN')
    expect(zh.w.get('[data-testid="dataset-path"]').text()).toBe('my iris.csv，从浏览器上传到库中')
  })

  it('says when numbers were read with a decimal comma', async () => {
    const plain = await setup()
    expect(plain.w.find('[data-testid="profile-decimal-comma"]').exists()).toBe(false)
    const detail = datasetFixture()
    const { w } = await setup({ ...detail, profile: { ...detail.profile, delimiter: ';', decimalComma: true } })
    expect(w.get('[data-testid="profile-decimal-comma"]').text()).toBe('decimal comma')
  })

  it('shows the stored profile: a card per column with its histogram, top values or text lengths', async () => {
    const { w } = await setup()
    expect(w.get('[data-testid="profile-rows"]').attributes('data-rows')).toBe('150')
    const cards = w.findAll('[data-testid="profile-column"]')
    expect(cards.map((c) => c.attributes('data-type'))).toEqual(['number', 'number', 'number', 'number', 'categorical', 'text'])
    expect(cards[1].get('[data-testid="profile-missing"]').text()).toBe('3 (2.0%)')
    expect(w.get('[data-testid="histogram-sepal_length"]').attributes('data-points')).toBe('4')
    expect(w.get('[data-testid="top-values-species"]').attributes('data-points')).toBe('3')
    expect(w.get('[data-testid="text-length-note"]').attributes('data-points')).toBe('4')
    expect(w.get('[data-testid="class-balance-chart"]').attributes('data-points')).toBe('3')
    expect(w.get('[data-testid="class-balance"]').text()).toContain('3 classes')
  })

  it('warns where a column will need preprocessing, in both languages', async () => {
    const detail = datasetFixture()
    const columns = [
      { name: 'city', type: 'categorical' as const, missing: 0, distinct: 1200, distinctCapped: false },
      ...detail.profile.columns,
      { name: 'region', type: 'categorical' as const, missing: 4, distinct: 4, distinctCapped: false }
    ]
    const wide = { ...detail, profile: { ...detail.profile, columns } }
    const { w } = await setup(wide)
    const note = (column: string) => w.get(`[data-testid="profile-column"][data-column="${column}"]`).findAll('[data-testid="profile-note"]').map((n) => n.text())
    expect(note('sepal_width')).toEqual(['3 missing: filled with the median unless you choose otherwise'])
    expect(note('sepal_length')).toEqual([])
    expect(note('region')).toEqual(['text column with 4 levels: one-hot encoded', '4 missing: encoded as “other”'])
    expect(note('city')).toEqual(['1,200 distinct values: above max_levels 20, the rest go to “other”', 'more than 50 distinct values read like ids or names: proposed as ignored'])
    expect(note('note')).toEqual(['free text: only the text classifier reads it'])
    // The proposed target is read as it is.
    expect(note('species')).toEqual([])
    const zh = await setup(wide, 'zh-CN')
    const zhNote = (column: string) => zh.w.get(`[data-testid="profile-column"][data-column="${column}"]`).findAll('[data-testid="profile-note"]').map((n) => n.text())
    expect(zhNote('sepal_width')).toEqual(['缺失 3 个：默认用中位数填充，可在运行参数中另选'])
    expect(zhNote('region')[0]).toBe('文本列，4 个取值：独热编码')
    expect(zhNote('note')).toEqual(['自由文本：只有文本分类器会读取它'])
  })

  it('shows a changed file, the versions with their parts, and opens the preview', async () => {
    const { fake, w } = await setup(datasetFixture({ status: 'changed', versions: [versionFixture()] }))
    expect(w.get('[data-testid="dataset-status-help"]').text()).toContain('changed since it was imported')
    await w.get('[data-testid="tab-versions"]').trigger('click')
    const parts = w.findAll('[data-testid="version-part"]')
    expect(parts.map((p) => p.attributes('data-part'))).toEqual(['train', 'val'])
    expect(parts[1].text()).toContain('30 rows')
    expect(parts[1].text()).toContain('setosa: 10')
    await w.get('[data-testid="tab-preview"]').trigger('click')
    await flushPromises()
    expect(fake.calls.some((c) => c.method === 'datasets.rows')).toBe(true)
    expect(w.findAll('[data-testid="preview-row"]').length).toBeGreaterThan(0)
  })

  it('starts a new run with this dataset in the chosen experiment, with its newest version', async () => {
    const { router, w } = await setup(datasetFixture({ versions: [versionFixture({ id: 5 }), versionFixture({ id: 2 })] }))
    await w.get('[data-testid="new-run-with-dataset"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/experiments/8/new')
    expect(router.currentRoute.value.query).toEqual({ dataset: '/data/iris.csv', version: '5' })
    const version = w.get('[data-testid="new-run-version"]')
    ;(version.element as HTMLSelectElement).selectedIndex = 0
    await version.trigger('change')
    await w.get('[data-testid="new-run-with-dataset"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ dataset: '/data/iris.csv' })
  })

  it('shows the corpus of a text file: characters, lines, words and both vocabularies', async () => {
    const corpus = { chars: 123456, lines: 4000, blankLines: 12, words: 20500, charVocabulary: 71, wordVocabulary: 200000, wordVocabularyCapped: true }
    const text = datasetFixture({ name: 'poems.txt', format: 'text', profile: { ...datasetFixture().profile, corpus } })
    const { w } = await setup(text)
    expect(w.get('[data-testid="corpus-chars"]').text()).toBe('123,456')
    expect(w.get('[data-testid="corpus-lines"]').text()).toBe('4,000 (12 blank)')
    expect(w.get('[data-testid="corpus-charVocabulary"]').text()).toBe('71')
    expect(w.get('[data-testid="corpus-wordVocabulary"]').text()).toBe('at least 200,000')
    const table = await setup()
    expect(table.w.find('[data-testid="corpus"]').exists()).toBe(false)
  })

  it('deletes the dataset only once confirmed, then goes back to the list', async () => {
    const { fake, router, w } = await setup(datasetFixture({ copied: true }))
    await w.get('[data-testid="dataset-delete"]').trigger('click')
    expect(w.get('[data-testid="dataset-delete-confirm"]').text()).toContain('Its copy in the library is deleted too')
    await w.get('[data-testid="dataset-delete-no"]').trigger('click')
    expect(fake.calls.some((c) => c.method === 'datasets.delete')).toBe(false)
    await w.get('[data-testid="dataset-delete"]').trigger('click')
    await w.get('[data-testid="dataset-delete-yes"]').trigger('click')
    await flushPromises()
    expect(fake.calls.filter((c) => c.method === 'datasets.delete').map((c) => c.input)).toEqual([{ id: 3 }])
    expect(router.currentRoute.value.path).toBe('/datasets')
  })
})
