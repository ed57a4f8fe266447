// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import type { Experiment } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'
import { useAppStore } from '../stores/app'
import { useExperimentsStore } from '../stores/experiments'
import RunsImport from './RunsImport.vue'

function experiment(id: number, name: string): Experiment {
  return { id, name, description: '', createdAt: 1_700_000_000_000, runCount: 3, activeRunCount: 0 }
}

describe('the Import runs panel', () => {
  it('imports with the chosen kind into a named experiment, links to it and reloads the experiments list', async () => {
    const fake = createFakeApi({
      'runs.import': (input) => ({ kind: input.kind ?? 'csv', path: input.path, experiments: [{ id: 7, name: input.experiment ?? 'x' }], imported: 12, skipped: 0, runIds: [1, 2] }),
      'experiments.list': () => [experiment(7, 'mlflow sweep')]
    })
    const w = mountWithApp(RunsImport, { fake, locale: 'zh-CN' })
    expect(w.find('[data-testid="runs-import-panel"]').exists()).toBe(false)
    expect(w.find('[data-testid="runs-import-open"]').text()).toBe('导入运行…')
    await w.find('[data-testid="runs-import-open"]').trigger('click')
    // Nothing is said missing before the user has had a chance to type.
    expect(w.find('[role="alert"]').exists()).toBe(false)
    expect(w.find('[data-testid="runs-import-submit"]').attributes('disabled')).toBeDefined()
    // No file picker in a browser.
    expect(w.find('[data-testid="runs-import-browse"]').exists()).toBe(false)

    await w.find('[data-testid="runs-import-path"]').setValue(' /data/mlflow.db ')
    await w.find('[data-testid="runs-import-experiment"]').setValue('mlflow sweep')
    await w.find('[data-testid="runs-import-kind"]').setValue('mlflow')
    await w.find('form').trigger('submit')
    await flushPromises()

    expect(fake.calls.find((c) => c.method === 'runs.import')!.input).toEqual({ path: '/data/mlflow.db', lang: 'zh-CN', kind: 'mlflow', experiment: 'mlflow sweep' })
    const result = w.find('[data-testid="runs-import-result"]')
    expect(result.text()).toContain('已将 12 个运行导入 mlflow sweep')
    expect(result.text()).not.toContain('此前已导入')
    expect(w.find('[data-testid="runs-import-experiment-link"]').attributes('href')).toBe('/experiments/7')
    expect(w.find('[data-testid="runs-import-table-link"]').attributes('href')).toBe('/runs?experiments=7')
    expect(useExperimentsStore().list.map((e) => e.name)).toEqual(['mlflow sweep'])
  })

  it("sends only the path and the window's language when the kind is told from the file, and says what was imported before", async () => {
    const fake = createFakeApi({
      'runs.import': (input) => ({
        kind: 'optuna',
        path: input.path,
        experiments: [
          { id: 3, name: 'lr' },
          { id: 4, name: 'depth' }
        ],
        imported: 5,
        skipped: 2,
        runIds: [10, 11, 12, 13, 14]
      }),
      'experiments.list': () => []
    })
    const w = mountWithApp(RunsImport, { fake, locale: 'en' })
    await w.find('[data-testid="runs-import-open"]').trigger('click')
    expect((w.find('[data-testid="runs-import-kind"]').element as HTMLSelectElement).value).toBe('')
    await w.find('[data-testid="runs-import-path"]').setValue('/data/optuna.db')
    await w.find('[data-testid="runs-import-experiment"]').setValue('  ')
    await w.find('form').trigger('submit')
    await flushPromises()

    expect(fake.calls.filter((c) => c.method === 'runs.import').map((c) => c.input)).toEqual([{ path: '/data/optuna.db', lang: 'en' }])
    const text = w.find('[data-testid="runs-import-result"]').text()
    expect(text).toContain('Imported 5 runs into lr, depth.')
    expect(text).toContain('2 runs were imported before and left as they are.')
    expect(w.findAll('[data-testid="runs-import-experiment-link"]').map((a) => a.attributes('href'))).toEqual(['/experiments/3', '/experiments/4'])
    expect(w.find('[data-testid="runs-import-table-link"]').attributes('href')).toBe('/runs?experiments=3,4')
    expect(fake.calls.some((c) => c.method === 'experiments.list')).toBe(true)
  })

  it('shows the engine’s refusal in the reader’s language and asks for a path once it is emptied', async () => {
    const fake = createFakeApi({
      'runs.import': (input) => {
        throw AppError.coded('INVALID_INPUT', msg('imports.notFound', { file: input.path }))
      }
    })
    const w = mountWithApp(RunsImport, { fake, locale: 'zh-CN' })
    await w.find('[data-testid="runs-import-open"]').trigger('click')
    await w.find('[data-testid="runs-import-path"]').setValue('/nope.db')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(w.find('[data-testid="error-notice"]').text()).toContain('/nope.db：没有这个文件或文件夹')
    expect(w.find('[data-testid="runs-import-result"]').exists()).toBe(false)

    await w.find('[data-testid="runs-import-path"]').setValue('')
    expect(w.find('[role="alert"]:not([data-testid="error-notice"])').text()).toBe('请填写要导入的文件或文件夹')
    expect(w.find('[data-testid="runs-import-submit"]').attributes('disabled')).toBeDefined()
  })

  it('fills the path from the file picker in the desktop app and keeps it when the pick is cancelled', async () => {
    let picked: string | null = '/home/me/optuna.log'
    const fake = createFakeApi({
      'app.info': () => ({ version: '0.1.0', dataDir: '/d', platform: 'linux-x64', providers: ['cpu'], nativeDialogs: true }),
      'system.pickFile': () => ({ path: picked })
    })
    const w = mountWithApp(RunsImport, { fake, locale: 'en' })
    await useAppStore().loadInfo()
    await w.find('[data-testid="runs-import-open"]').trigger('click')
    await w.find('[data-testid="runs-import-browse"]').trigger('click')
    await flushPromises()
    const pathField = w.find('[data-testid="runs-import-path"]').element as HTMLInputElement
    expect(pathField.value).toBe('/home/me/optuna.log')
    expect(fake.calls.find((c) => c.method === 'system.pickFile')!.input).toMatchObject({ title: 'Runs to import' })

    picked = null
    await w.find('[data-testid="runs-import-browse"]').trigger('click')
    await flushPromises()
    expect(pathField.value).toBe('/home/me/optuna.log')
    expect(fake.calls.filter((c) => c.method === 'system.pickFile')).toHaveLength(2)
    expect(fake.calls.some((c) => c.method === 'runs.import')).toBe(false)
  })
})
