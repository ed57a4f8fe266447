// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import type { Dataset } from '../../../shared/api'
import { datasetFixture } from '../testing/dataset-fixtures'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'
import DatasetsView from './DatasetsView.vue'

function listed(over: Partial<Dataset>): Dataset {
  const { profile: _p, versions: _v, ...dataset } = datasetFixture()
  return { ...dataset, ...over }
}

const info = { version: '0.1.0', dataDir: '/tmp', platform: 'linux', providers: ['cpu'], nativeDialogs: true }

describe('DatasetsView', () => {
  it('lists datasets with size, rows, hash prefix and file status, and refreshes when they change', async () => {
    const list = [listed({ id: 3 }), listed({ id: 2, name: 'wine.tsv', format: 'tsv', status: 'missing', rows: 1_500_000, size: 3 * 1024 ** 3 })]
    const fake = createFakeApi({ 'datasets.list': () => [...list], 'app.info': () => info })
    const w = mountWithApp(DatasetsView, { fake, files: { kind: 'path', pathOf: async () => '' } })
    await flushPromises()
    const rows = w.findAll('[data-testid="dataset-row"]')
    expect(rows.map((r) => r.attributes('data-status'))).toEqual(['ok', 'missing'])
    expect(rows[0].text()).toContain('iris.csv')
    expect(rows[0].text()).toContain('a3f1c2d4e5b6')
    expect(rows[0].text()).not.toContain('a3f1c2d4e5b69')
    expect(rows[1].text()).toContain('3.00 GB')
    expect(rows[1].get('[data-testid="dataset-rows"]').text()).toBe('1,500,000')
    expect(rows[1].text()).toContain('Missing')

    list.unshift(listed({ id: 4, name: 'new.jsonl', format: 'jsonl' }))
    fake.emit('datasets.changed', {})
    await flushPromises()
    expect(w.findAll('[data-testid="dataset-row"]').map((r) => r.attributes('data-dataset-id'))).toEqual(['4', '3', '2'])
  })

  it('offers to clean leftover uploads, naming how many and how large, only after a confirmation', async () => {
    let leftovers = {
      files: [
        { name: '1-aa-bad.csv', bytes: 3 * 1024 ** 2, modifiedAt: 1 },
        { name: '.partial-2-bb-cut.csv', bytes: 512 * 1024, modifiedAt: 2 }
      ],
      bytes: 3.5 * 1024 ** 2
    }
    const fake = createFakeApi({
      'datasets.list': () => [listed({ id: 3 })],
      'app.info': () => info,
      'datasets.leftovers': () => leftovers,
      'datasets.removeLeftovers': ({ names }) => {
        leftovers = { files: [], bytes: 0 }
        return { removed: names, bytes: 3.5 * 1024 ** 2 }
      }
    })
    const w = mountWithApp(DatasetsView, { fake, files: { kind: 'path', pathOf: async () => '' } })
    await flushPromises()
    expect(w.get('[data-testid="leftovers-summary"]').text()).toBe('2 leftover files, 3.50 MB')
    await w.get('[data-testid="leftovers-clean"]').trigger('click')
    expect(fake.calls.some((c) => c.method === 'datasets.removeLeftovers')).toBe(false)
    expect(w.get('[data-testid="leftovers-confirm"]').text()).toContain('Delete 2 leftover files (3.50 MB) from the uploads folder?')
    await w.get('[data-testid="leftovers-no"]').trigger('click')
    expect(w.find('[data-testid="leftovers-confirm"]').exists()).toBe(false)
    await w.get('[data-testid="leftovers-clean"]').trigger('click')
    await w.get('[data-testid="leftovers-yes"]').trigger('click')
    await flushPromises()
    // Exactly the files the user was shown, then nothing left to offer.
    expect(fake.calls.find((c) => c.method === 'datasets.removeLeftovers')?.input).toEqual({ names: ['1-aa-bad.csv', '.partial-2-bb-cut.csv'] })
    expect(w.find('[data-testid="leftovers"]').exists()).toBe(false)
    expect(w.findAll('[data-testid="dataset-row"]')).toHaveLength(1)
  })

  it('says it in Chinese too, and shows nothing when there are no leftovers', async () => {
    const one = { files: [{ name: '1-aa-bad.csv', bytes: 2048, modifiedAt: 1 }], bytes: 2048 }
    const fake = createFakeApi({ 'datasets.list': () => [], 'app.info': () => info, 'datasets.leftovers': () => one })
    const w = mountWithApp(DatasetsView, { fake, locale: 'zh-CN', files: { kind: 'path', pathOf: async () => '' } })
    await flushPromises()
    expect(w.get('[data-testid="leftovers-summary"]').text()).toBe('1 个遗留文件，共 2.00 KB')
    await w.get('[data-testid="leftovers-clean"]').trigger('click')
    expect(w.get('[data-testid="leftovers-confirm"]').text()).toContain('从上传文件夹删除这 1 个遗留文件（2.00 KB）？')
    const none = createFakeApi({ 'datasets.list': () => [], 'app.info': () => info, 'datasets.leftovers': () => ({ files: [], bytes: 0 }) })
    const empty = mountWithApp(DatasetsView, { fake: none, files: { kind: 'path', pathOf: async () => '' } })
    await flushPromises()
    expect(empty.find('[data-testid="leftovers"]').exists()).toBe(false)
  })

  it('imports through the native picker inside the desktop app', async () => {
    const fake = createFakeApi({
      'datasets.list': () => [],
      'app.info': () => info,
      'system.pickFile': () => ({ path: '/home/me/iris.csv' }),
      'datasets.import': ({ paths }) => paths.map((path) => ({ importId: 'i1', name: 'iris.csv', path, state: 'queued' as const, bytesRead: 0, totalBytes: 10, rows: 0, mbPerSecond: 0 }))
    })
    const w = mountWithApp(DatasetsView, { fake, files: { kind: 'path', pathOf: async () => '' } })
    await flushPromises()
    expect(w.find('[data-testid="datasets-empty"]').exists()).toBe(true)
    await w.get('[data-testid="import-button"]').trigger('click')
    await flushPromises()
    expect(fake.calls.find((c) => c.method === 'datasets.import')?.input).toEqual({ paths: ['/home/me/iris.csv'], copy: false })
  })
})
