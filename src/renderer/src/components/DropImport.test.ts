// @vitest-environment happy-dom
import { formatMessage, msg } from '../../../shared/messages'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import type { ImportProgress } from '../../../shared/api'
import { createPathSource, createUploadSource, type FileSource } from '../api/file-source'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'
import DropImport from './DropImport.vue'
import ImportQueue from './ImportQueue.vue'

const Shell = defineComponent(() => () => h('div', [h(DropImport), h(ImportQueue)]))

const progress = (over: Partial<ImportProgress>): ImportProgress => ({
  importId: 'i1',
  name: '',
  path: '',
  state: 'queued',
  bytesRead: 0,
  totalBytes: 2048,
  rows: 0,
  mbPerSecond: 0,
  ...over
})

/** A drag event as the browser sends it for files dragged in from the desktop. */
function dragEvent(type: string, files: File[]): Event {
  const event = new Event(type, { bubbles: true, cancelable: true })
  Object.defineProperty(event, 'dataTransfer', { value: { types: ['Files'], files, dropEffect: 'none' } })
  return event
}

function setup(files: FileSource, locale: 'en' | 'zh-CN' = 'en') {
  let imports = 0
  const fake = createFakeApi({
    'datasets.import': ({ paths }) => paths.map((path) => progress({ importId: `i${++imports}`, path })),
    'datasets.cancelImport': ({ importId }) => progress({ importId, state: 'cancelled' })
  })
  const w = mountWithApp(Shell, { fake, files, locale }, { attachTo: document.body })
  return { fake, w }
}

describe('dropping files on the window', () => {
  it('shows the overlay while files are dragged over any element, and hides it when they leave', async () => {
    const { w } = setup(createPathSource(() => '/x'))
    window.dispatchEvent(dragEvent('dragenter', []))
    document.body.dispatchEvent(dragEvent('dragenter', []))
    await flushPromises()
    expect(w.find('[data-testid="drop-overlay"]').exists()).toBe(true)
    window.dispatchEvent(dragEvent('dragleave', []))
    await flushPromises()
    expect(w.find('[data-testid="drop-overlay"]').exists()).toBe(true)
    window.dispatchEvent(dragEvent('dragleave', []))
    await flushPromises()
    expect(w.find('[data-testid="drop-overlay"]').exists()).toBe(false)
    // A text drag inside the page is not a file import.
    const text = new Event('dragenter', { cancelable: true })
    Object.defineProperty(text, 'dataTransfer', { value: { types: ['text/plain'], files: [] } })
    window.dispatchEvent(text)
    await flushPromises()
    expect(w.find('[data-testid="drop-overlay"]').exists()).toBe(false)
    expect(text.defaultPrevented).toBe(false)
    w.unmount()
  })

  it('imports dropped files by their own path when Electron knows it, uploading nothing', async () => {
    const fetch = vi.fn()
    const { fake, w } = setup(createPathSource((f) => `/home/me/${f.name}`))
    const drop = dragEvent('drop', [new File(['a'], 'iris.csv'), new File(['b'], 'wine.tsv')])
    window.dispatchEvent(drop)
    await flushPromises()
    expect(drop.defaultPrevented).toBe(true)
    expect(fetch).not.toHaveBeenCalled()
    expect(fake.calls.filter((c) => c.method === 'datasets.import').map((c) => c.input)).toEqual([
      { paths: ['/home/me/iris.csv'], copy: false, names: ['iris.csv'] },
      { paths: ['/home/me/wine.tsv'], copy: false, names: ['wine.tsv'] }
    ])
    expect(w.findAll('[data-testid="import-item"]').map((i) => i.attributes('data-state'))).toEqual(['queued', 'queued'])
    w.unmount()
  })

  it('uploads dropped files in a browser, then follows and cancels the import from the queue', async () => {
    const fetch = vi.fn(async (url: string | URL | Request) => {
      const name = new URL(String(url)).searchParams.get('name')
      return new Response(JSON.stringify({ result: { path: `/srv/uploads/1700000000000-9f8e7d6c-${name}` } }), { status: 201 })
    })
    const { fake, w } = setup(createUploadSource({ baseUrl: 'http://127.0.0.1:9', token: 'tok-123456789012', fetch: fetch as typeof globalThis.fetch }))
    window.dispatchEvent(dragEvent('drop', [new File(['sepal,petal\n1,2\n'], 'iris.csv')]))
    await flushPromises()
    expect(fetch).toHaveBeenCalledOnce()
    // The stored upload has a name of its own; the dataset is named after the file the user dropped.
    expect(fake.calls.find((c) => c.method === 'datasets.import')?.input).toEqual({ paths: ['/srv/uploads/1700000000000-9f8e7d6c-iris.csv'], copy: false, names: ['iris.csv'] })

    fake.emit('dataset.import', progress({ path: '/srv/uploads/iris.csv', state: 'reading', bytesRead: 1024, rows: 5000, mbPerSecond: 120.4 }))
    await flushPromises()
    const item = w.get('[data-testid="import-item"]')
    expect(item.attributes('data-state')).toBe('reading')
    expect(item.get('[role="progressbar"]').attributes('aria-valuenow')).toBe('50')
    expect(item.get('[data-testid="import-figures"]').text()).toContain('5,000 rows')
    expect(item.get('[data-testid="import-figures"]').text()).toContain('120.4 MB/s')
    expect(item.text()).toContain('iris.csv')

    await item.get('[data-testid="import-cancel"]').trigger('click')
    await flushPromises()
    expect(fake.calls.at(-1)).toEqual({ method: 'datasets.cancelImport', input: { importId: 'i1' } })
    expect(w.get('[data-testid="import-item"]').attributes('data-state')).toBe('cancelled')
    w.unmount()
  })

  it("words a failed import's coded refusal in the window language", async () => {
    const { fake, w } = setup(createPathSource((f) => `/d/${f.name}`), 'zh-CN')
    window.dispatchEvent(dragEvent('drop', [new File(['x'], 'bad.csv')]))
    await flushPromises()
    const refusal = msg('common.inFile', { file: 'bad.csv', problem: msg('file.at', { place: msg('common.atLineColumn', { line: 2, column: 1 }), problem: msg('file.invalidUtf8', { byte: 7 }) }) })
    fake.emit('dataset.import', progress({ path: '/d/bad.csv', state: 'failed', error: formatMessage('en', refusal), errorMessage: refusal }))
    await flushPromises()
    expect(w.get('[data-testid="import-error"]').text()).toBe('bad.csv：第 2 行第 1 列：无效的 UTF-8（文件第 7 字节）')
    w.unmount()
  })

  it("shows a failed import's message from the engine", async () => {
    const { fake, w } = setup(createPathSource((f) => `/d/${f.name}`))
    window.dispatchEvent(dragEvent('drop', [new File(['x'], 'bad.csv')]))
    await flushPromises()
    fake.emit('dataset.import', progress({ path: '/d/bad.csv', state: 'failed', error: '/d/bad.csv line 2, column 1: invalid UTF-8' }))
    await flushPromises()
    expect(w.get('[data-testid="import-item"]').attributes('data-state')).toBe('failed')
    expect(w.get('[data-testid="import-error"]').text()).toBe('/d/bad.csv line 2, column 1: invalid UTF-8')
    w.unmount()
  })
})
