// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import type { MethodOutput } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { formatMessage } from '../../../shared/messages'
import type { FileSource } from '../api/file-source'
import { defaultConfig } from '../../../shared/params'
import { datasetFixture, versionFixture } from '../testing/dataset-fixtures'
import { createFakeApi, flushPromises, type FakeHandlers } from '../testing/fake-api'
import { runFixture, trainerFixture } from '../testing/fixtures'
import { mountWithApp } from '../testing/mount'
import { createMemoryHistory, createRouter } from 'vue-router'
import NewRunView from './NewRunView.vue'

const info = { version: '0.1.0', dataDir: '/tmp', platform: 'linux', providers: ['cpu'], nativeDialogs: false }

async function setup(handlers: FakeHandlers, path = '/experiments/5/new', locale: 'en' | 'zh-CN' = 'en', nativeDialogs = false) {
  const fake = createFakeApi({ 'app.info': () => ({ ...info, nativeDialogs }), 'trainers.list': () => [trainerFixture], ...handlers })
  // The run page itself is not under test; a blank route keeps ECharts out of this file.
  const blank = { render: () => null }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/experiments/:id/new', component: blank },
      { path: '/runs/:id', component: blank }
    ]
  })
  await router.push(path)
  // A browser's upload: the file lands in the server's uploads folder under a name of its own.
  const files: FileSource = { kind: 'upload', pathOf: async (file) => `/library/uploads/1-aa-${file.name}` }
  const w = mountWithApp(NewRunView, { fake, router, locale, files }, { props: { id: 5 } })
  await flushPromises()
  return { fake, router, w }
}

describe('NewRunView', () => {
  it('names the experiment the run goes into, in both languages', async () => {
    const experiment = { id: 5, name: 'iris lr', description: '', createdAt: 0, runCount: 0, activeRunCount: 0 }
    const { w } = await setup({ 'experiments.get': () => experiment })
    expect(w.get('[data-testid="new-run-title"]').text()).toBe('New run in “iris lr”')
    const zh = await setup({ 'experiments.get': () => experiment }, '/experiments/5/new', 'zh-CN')
    expect(zh.w.get('[data-testid="new-run-title"]').text()).toBe('在“iris lr”中新建运行')
  })

  it('generates the form of the first trainer and offers no Browse button without native dialogs', async () => {
    const { w } = await setup({})
    expect(w.find('[data-testid="field-optimizer.lr"]').exists()).toBe(true)
    expect(w.find('[data-testid="dataset-path"]').exists()).toBe(true)
    expect(w.find('[data-testid="dataset-browse"]').exists()).toBe(false)
  })

  it('asks for a dataset and does not call the engine while a field is invalid', async () => {
    const { w, fake } = await setup({})
    await w.get('[data-testid="field-optimizer.lr"]').setValue('0')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="error-dataset"]').text()).toBe('Choose a dataset or type a file path')
    expect(w.get('[data-testid="error-optimizer.lr"]').text()).toBe('must be > 0 (got 0)')
    expect(fake.calls.map((c) => c.method)).not.toContain('runs.validate')
  })

  it('shows each issue of runs.validate next to its field and starts nothing', async () => {
    const { w, fake } = await setup({
      'runs.validate': ({ config }) => ({
        config: defaultConfig(trainerFixture),
        issues: [
          { field: 'dataset', message: 'file not found: /nope.csv' },
          { field: 'data.target', message: 'column "label" is not in the file' },
          { field: 'runtime.unknown', message: 'is not a parameter of this trainer' }
        ].filter(() => config !== undefined)
      })
    })
    await w.get('[data-testid="dataset-path"]').setValue('/nope.csv')
    await w.get('[data-testid="field-data.target"]').setValue('label')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="error-dataset"]').text()).toBe('file not found: /nope.csv')
    expect(w.get('[data-testid="error-data.target"]').text()).toBe('column "label" is not in the file')
    expect(w.get('[data-testid="form-issues"]').text()).toContain('runtime.unknown')
    expect(fake.calls.map((c) => c.method)).not.toContain('runs.start')
    // Editing the field clears the engine's message for it.
    await w.get('[data-testid="field-data.target"]').setValue('species')
    expect(w.find('[data-testid="error-data.target"]').exists()).toBe(false)
  })

  it('validates with the dataset, starts the run with the typed config and opens its page', async () => {
    const { w, fake, router } = await setup({
      'runs.validate': () => ({ config: defaultConfig(trainerFixture), issues: [] }),
      'runs.start': (input) => runFixture({ id: 42, experimentId: input.experimentId, config: defaultConfig(trainerFixture) })
    })
    await w.get('[data-testid="dataset-path"]').setValue(' /data/iris.csv ')
    await w.get('[data-testid="field-optimizer.lr"]').setValue('3e-4')
    await w.get('[data-testid="run-name"]').setValue('faster')
    await w.get('form').trigger('submit')
    await flushPromises()
    const validate = fake.calls.find((c) => c.method === 'runs.validate')?.input as { config: Record<string, unknown>; dataset: string }
    expect(validate.dataset).toBe('/data/iris.csv')
    expect(validate.config['optimizer.lr']).toBe(0.0003)
    expect(fake.calls.find((c) => c.method === 'runs.start')?.input).toMatchObject({ experimentId: 5, trainer: 'mlp', name: 'faster', dataset: '/data/iris.csv' })
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/runs/42'))
  })

  it('asks a command trainer for no dataset and starts it with none, in both languages', async () => {
    const script = { ...trainerFixture, id: 'node-quadratic', label: { en: 'Quadratic', 'zh-CN': '二次' }, datasetKinds: [] }
    const trainers = { 'trainers.list': () => [trainerFixture, script] }
    const { w, fake, router } = await setup({
      ...trainers,
      'runs.validate': () => ({ config: defaultConfig(script), issues: [] }),
      'runs.start': (input) => runFixture({ id: 43, experimentId: input.experimentId, trainer: 'node-quadratic', config: defaultConfig(script) })
    })
    // The user's scripts are listed apart from the built-ins.
    expect(w.get('[data-testid="trainer-group-scripts"]').attributes('label')).toBe('Your own scripts')
    expect(w.get('[data-testid="trainer-group-scripts"]').text()).toBe('Quadratic')
    await w.get('[data-testid="trainer-select"]').setValue('node-quadratic')
    expect(w.find('[data-testid="dataset-path"]').exists()).toBe(false)
    expect(w.get('[data-testid="run-own-data"]').text()).toContain('reads its own data')
    await w.get('[data-testid="field-optimizer.lr"]').setValue('0.1')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.find('[data-testid="error-dataset"]').exists()).toBe(false)
    const validate = fake.calls.find((c) => c.method === 'runs.validate')?.input as Record<string, unknown>
    expect(['dataset' in validate, 'datasetVersionId' in validate]).toEqual([false, false])
    const started = fake.calls.find((c) => c.method === 'runs.start')?.input as Record<string, unknown>
    expect(started).toMatchObject({ trainer: 'node-quadratic', config: { 'optimizer.lr': 0.1 } })
    expect('dataset' in started).toBe(false)
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/runs/43'))
    const zh = await setup(trainers, '/experiments/5/new?trainer=node-quadratic', 'zh-CN')
    expect(zh.w.get('[data-testid="run-own-data"]').text()).toContain('它自己读取数据')
  })

  it('keeps a trainer chosen while the disk was still being measured', async () => {
    const script = { ...trainerFixture, id: 'node-quadratic', datasetKinds: [] }
    let measured: (disk: MethodOutput<'system.disk'>) => void = () => undefined
    const { w } = await setup({ 'trainers.list': () => [trainerFixture, script], 'system.disk': () => new Promise((resolve) => (measured = resolve)) })
    await w.get('[data-testid="trainer-select"]').setValue('node-quadratic')
    measured({ dir: '/tmp', freeBytes: 1e12, totalBytes: 2e12, minFreeBytes: 1e9, low: false })
    await flushPromises()
    expect((w.get('[data-testid="trainer-select"]').element as HTMLSelectElement).value).toBe('node-quadratic')
    expect(w.find('[data-testid="run-own-data"]').exists()).toBe(true)
  })

  it('maps issues of a refused start to fields and other errors to a notice', async () => {
    let refusal: AppError = AppError.fromIssues('DATASET_INVALID', [{ field: 'dataset', message: 'empty file' }])
    const { w } = await setup({
      'runs.validate': () => ({ config: defaultConfig(trainerFixture), issues: [] }),
      'runs.start': () => {
        throw refusal
      }
    })
    await w.get('[data-testid="dataset-path"]').setValue('/data/empty.csv')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="error-dataset"]').text()).toBe('empty file')
    refusal = new AppError('INTERNAL', 'launcher failed')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="error-notice"]').text()).toContain('launcher failed')
  })

  it('comes from a dataset page with its path and version, and starts the run on the version', async () => {
    const { w, fake } = await setup(
      {
        'runs.validate': () => ({ config: defaultConfig(trainerFixture), issues: [] }),
        'runs.start': (input) => runFixture({ id: 43, experimentId: input.experimentId })
      },
      '/experiments/5/new?dataset=%2Fdata%2Firis.csv&version=7'
    )
    expect((w.get('[data-testid="dataset-path"]').element as HTMLInputElement).value).toBe('/data/iris.csv')
    expect(w.get('[data-testid="run-dataset-version"]').text()).toContain('#7')
    await w.get('form').trigger('submit')
    await flushPromises()
    // Checked on the version the run will read, not on the bare file.
    const validated = fake.calls.find((c) => c.method === 'runs.validate')?.input as Record<string, unknown>
    expect(validated.datasetVersionId).toBe(7)
    expect(validated).not.toHaveProperty('dataset')
    const start = fake.calls.find((c) => c.method === 'runs.start')?.input as Record<string, unknown>
    expect(start.datasetVersionId).toBe(7)
    expect(start).not.toHaveProperty('dataset')

    // Another file: the version no longer applies.
    await w.get('[data-testid="dataset-path"]').setValue('/data/other.csv')
    expect(w.find('[data-testid="run-dataset-version"]').exists()).toBe(false)
  })

  describe('dataset picker', () => {
    const iris = datasetFixture({ versions: [versionFixture({ id: 5, features: ['sepal_length', 'petal_length'] }), versionFixture({ id: 2, split: { kind: 'kfold', k: 5, stratify: false, seed: 1 } })] })
    const { profile: _profile, versions: _versions, ...irisRow } = iris
    const poems = { ...irisRow, id: 4, name: 'poems.txt', path: '/data/poems.txt', format: 'text' as const, versionCount: 0 }
    const handlers: FakeHandlers = {
      'datasets.list': () => [{ ...irisRow, versionCount: 2 }, poems],
      'datasets.get': ({ id }) => (id === 3 ? iris : { ...datasetFixture(), ...poems, versions: [] }),
      'runs.validate': () => ({ config: defaultConfig(trainerFixture), issues: [] }),
      'runs.start': (input) => runFixture({ id: 45, experimentId: input.experimentId })
    }
    const choose = async (w: Awaited<ReturnType<typeof setup>>['w'], testId: string, value: string) => {
      await w.get(`[data-testid="${testId}"]`).setValue(value)
      await flushPromises()
    }

    it('offers the imported datasets the trainer reads, and their versions with roles and split, newest first', async () => {
      const { w, fake } = await setup(handlers)
      const options = w.findAll('[data-testid="dataset-option"]')
      expect(options.map((o) => o.text())).toEqual(['iris.csv · 150 rows · csv', 'poems.txt · text: this trainer does not read it'])
      expect(options[1].attributes('disabled')).toBeDefined()
      expect(w.find('[data-testid="dataset-path"]').exists()).toBe(false)

      await choose(w, 'dataset-select', '3')
      const versions = w.findAll('[data-testid="dataset-version-option"]').map((o) => o.text())
      expect(versions).toEqual(['#5 · Classification · Target species · 2 features · hold-out 20%', '#2 · Classification · Target species · 4 features · 5 folds'])
      expect((w.get('[data-testid="dataset-version-select"]').element as HTMLSelectElement).value).toBe('5')
      await w.get('form').trigger('submit')
      await flushPromises()
      // Checked and started on the version the user chose, not on the bare file.
      expect(fake.calls.find((c) => c.method === 'runs.validate')?.input).toMatchObject({ datasetVersionId: 5 })
      expect(fake.calls.find((c) => c.method === 'runs.start')?.input).toMatchObject({ experimentId: 5, datasetVersionId: 5 })
      expect(fake.calls.find((c) => c.method === 'runs.start')?.input).not.toHaveProperty('dataset')
    })

    it('reads the file as it is when no version is chosen, and takes a typed path for another file', async () => {
      const { w, fake } = await setup(handlers)
      await choose(w, 'dataset-select', '3')
      await choose(w, 'dataset-version-select', '')
      expect(w.find('[data-testid="run-dataset-version"]').exists()).toBe(false)
      await w.get('form').trigger('submit')
      await flushPromises()
      expect(fake.calls.filter((c) => c.method === 'runs.validate').at(-1)?.input).toMatchObject({ dataset: '/data/iris.csv' })

      await choose(w, 'dataset-select', 'path')
      expect(w.find('[data-testid="dataset-version-select"]').exists()).toBe(false)
      expect((w.get('[data-testid="dataset-path"]').element as HTMLInputElement).value).toBe('')
      await w.get('[data-testid="dataset-path"]').setValue('/data/other.csv')
      await w.get('form').trigger('submit')
      await flushPromises()
      const validated = fake.calls.filter((c) => c.method === 'runs.validate').at(-1)?.input
      expect(validated).toMatchObject({ dataset: '/data/other.csv' })
      expect(validated).not.toHaveProperty('datasetVersionId')
    })

    it('selects the dataset and version a dataset page sent, in Chinese too', async () => {
      const { w } = await setup(handlers, '/experiments/5/new?dataset=%2Fdata%2Firis.csv&version=2', 'zh-CN')
      expect((w.get('[data-testid="dataset-select"]').element as HTMLSelectElement).value).toBe('3')
      expect((w.get('[data-testid="dataset-version-select"]').element as HTMLSelectElement).value).toBe('2')
      expect(w.findAll('[data-testid="dataset-option"]')[0].text()).toBe('iris.csv · 150 行 · csv')
      expect(w.findAll('[data-testid="dataset-version-option"]')[1].text()).toBe('#2 · 分类 · 目标 species · 4 个特征 · 5 折')
      expect(w.get('[data-testid="run-dataset-version"]').text()).toContain('#2')
    })

    it('uploads and imports a file in the browser, then reads it through the list', async () => {
      const sales = { ...irisRow, id: 9, name: 'sales.csv', path: '/library/uploads/1-aa-sales.csv', origin: 'upload' as const, versionCount: 0 }
      let listed = [{ ...irisRow, versionCount: 2 }]
      const progress = { importId: 'i1', name: 'sales.csv', path: sales.path, bytesRead: 0, totalBytes: 10, rows: 0, mbPerSecond: 0 }
      const { w, fake } = await setup({
        ...handlers,
        'datasets.list': () => listed,
        'datasets.get': ({ id }) => (id === 3 ? iris : { ...datasetFixture(), ...sales, versions: [] }),
        'datasets.import': () => [{ ...progress, state: 'queued' as const }]
      })
      expect(w.find('[data-testid="dataset-browse"]').exists()).toBe(false)
      const input = w.get('[data-testid="dataset-upload-input"]')
      Object.defineProperty(input.element, 'files', { value: [new File(['a,b\n1,2\n'], 'sales.csv')], configurable: true })
      await input.trigger('change')
      await flushPromises()
      expect(fake.calls.find((c) => c.method === 'datasets.import')?.input).toMatchObject({ paths: ['/library/uploads/1-aa-sales.csv'], names: ['sales.csv'] })
      expect(w.get('[data-testid="dataset-uploading"]').text()).toBe('Importing sales.csv…')

      listed = [sales, ...listed]
      fake.emit('dataset.import', { ...progress, state: 'done', bytesRead: 10, rows: 1, datasetId: 9 })
      await flushPromises()
      expect(w.find('[data-testid="dataset-uploading"]').exists()).toBe(false)
      expect((w.get('[data-testid="dataset-select"]').element as HTMLSelectElement).value).toBe('9')
      await w.get('form').trigger('submit')
      await flushPromises()
      // No version yet: the run reads the uploaded file, never shown by its stored name.
      expect(fake.calls.find((c) => c.method === 'runs.validate')?.input).toMatchObject({ dataset: sales.path })
      expect(w.text()).not.toContain('1-aa-')
    })

    it('says when an uploaded file could not be imported, and chooses nothing', async () => {
      const progress = { importId: 'i2', name: 'broken.csv', path: '/library/uploads/1-aa-broken.csv', bytesRead: 0, totalBytes: 10, rows: 0, mbPerSecond: 0 }
      const { w, fake } = await setup({ ...handlers, 'datasets.import': () => [{ ...progress, state: 'queued' as const }] }, '/experiments/5/new', 'zh-CN')
      const input = w.get('[data-testid="dataset-upload-input"]')
      Object.defineProperty(input.element, 'files', { value: [new File(['a,b\n1\n'], 'broken.csv')], configurable: true })
      await input.trigger('change')
      await flushPromises()
      const errorMessage = { code: 'file.notFound', values: {} }
      fake.emit('dataset.import', { ...progress, state: 'failed', error: 'the file does not exist', errorMessage })
      await flushPromises()
      // Worded from its code in the window's language, as the import queue words it.
      expect(w.get('[data-testid="dataset-upload-error"]').text()).toBe(formatMessage('zh-CN', errorMessage))
      expect(w.find('[data-testid="dataset-uploading"]').exists()).toBe(false)
      expect((w.get('[data-testid="dataset-select"]').element as HTMLSelectElement).value).toBe('')
    })

    it('fills the path from the native picker in the desktop app, or the dataset the picked file is', async () => {
      let picked = '/home/me/sales.csv'
      const { w, fake } = await setup({ ...handlers, 'system.pickFile': () => ({ path: picked }) }, '/experiments/5/new', 'en', true)
      expect(w.find('[data-testid="dataset-upload"]').exists()).toBe(false)
      await w.get('[data-testid="dataset-browse"]').trigger('click')
      await flushPromises()
      expect((w.get('[data-testid="dataset-select"]').element as HTMLSelectElement).value).toBe('path')
      expect((w.get('[data-testid="dataset-path"]').element as HTMLInputElement).value).toBe('/home/me/sales.csv')
      expect(fake.calls.find((c) => c.method === 'system.pickFile')?.input).toMatchObject({ extensions: ['csv'] })

      picked = '/data/iris.csv'
      await w.get('[data-testid="dataset-browse"]').trigger('click')
      await flushPromises()
      expect((w.get('[data-testid="dataset-select"]').element as HTMLSelectElement).value).toBe('3')
      expect((w.get('[data-testid="dataset-version-select"]').element as HTMLSelectElement).value).toBe('5')
    })
  })

  it('shows the free space of the data folder, and starts nothing while it is below the threshold', async () => {
    const MB = 1024 * 1024
    let freeBytes = 50 * MB
    const disk = () => ({ dir: '/data/ps', freeBytes, totalBytes: 1024 * MB, minFreeBytes: 200 * MB, low: freeBytes < 200 * MB })
    const { w, fake } = await setup({
      'system.disk': disk,
      'runs.validate': () => ({ config: defaultConfig(trainerFixture), issues: [] }),
      'runs.start': (input) => runFixture({ id: 44, experimentId: input.experimentId })
    })
    expect(w.get('[data-testid="disk-free"]').text()).toBe('Data folder /data/ps: 50.0 MB free of 1.00 GB')
    expect(w.get('[data-testid="disk-low"]').text()).toBe('Less than 200 MB free: runs start again once some space is freed.')
    expect(w.get('[data-testid="start-run"]').attributes('disabled')).toBeDefined()
    await w.get('[data-testid="dataset-path"]').setValue('/data/iris.csv')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(fake.calls.map((c) => c.method)).not.toContain('runs.start')

    // Space freed elsewhere: measured again when starting, the run starts.
    freeBytes = 300 * MB
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(fake.calls.map((c) => c.method)).toContain('runs.start')
  })

  it("words the engine's coded dataset issue in the window language", async () => {
    const { w } = await setup({
      'runs.validate': () => ({ config: defaultConfig(trainerFixture), issues: [{ field: 'dataset', message: 'must not be empty', rule: 'required', values: {} }] })
    }, '/experiments/5/new', 'zh-CN')
    await w.get('[data-testid="dataset-path"]').setValue('/data/iris.csv')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="error-dataset"]').text()).toBe('不能为空')
  })

  it('words a start the engine refused for the disk in the window language', async () => {
    const values = { dir: '/data/ps', free: '12.0 MB', min: '200 MB' }
    const { w } = await setup({
      'system.disk': () => ({ dir: '/data/ps', freeBytes: 300 * 1024 * 1024, totalBytes: 1024 ** 3, minFreeBytes: 0, low: false }),
      'runs.validate': () => ({ config: defaultConfig(trainerFixture), issues: [] }),
      'runs.start': () => {
        throw AppError.fromIssues('CONFLICT', [{ field: 'dataDir', message: 'only 12.0 MB free', rule: 'diskLow', values }], 'The run was not started')
      }
    }, '/experiments/5/new?dataset=%2Fdata%2Firis.csv')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="disk-error"]').text()).toBe('Only 12.0 MB free in the data folder /data/ps; a run starts with at least 200 MB free. Free some space and try again.')
    expect(w.find('[data-testid="form-issues"]').exists()).toBe(false)
  })
})
