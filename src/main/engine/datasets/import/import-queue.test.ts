import { AppError } from '../../../../shared/errors'
import { formatMessage, msg } from '../../../../shared/messages'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ImportProgress } from '../../../../shared/schemas/datasets'
import { createEventBus } from '../../events'
import { openTestStore, tempStoreFile } from '../../store/testing'
import { sha256File } from './hash'
import { createImportQueue, type ImportFile, safeFileName } from './import-queue'

let dir: string
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'paramscope-import-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const write = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

/** Reads the file for real (hash, lines) and reports progress per line; `gate` holds it mid-read. */
function lineReader(opts: { gate?: Promise<void>; fail?: string; progressCalls?: number } = {}): ImportFile {
  return async (path, { signal, onProgress }) => {
    const text = readFileSync(path, 'utf8')
    const lines = text.split('\n').filter(Boolean)
    for (let i = 0; i < (opts.progressCalls ?? lines.length); i++) onProgress({ bytesRead: i, rows: i })
    signal.throwIfAborted()
    if (opts.gate) await Promise.race([opts.gate, new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))])
    if (opts.fail) throw new Error(opts.fail)
    const s = statSync(path)
    const profile = { rows: lines.length - 1, columns: lines[0].split(',').map((name) => ({ name, type: 'number' as const, missing: 0, distinct: 1, distinctCapped: false })), preview: [] }
    return { format: 'csv', size: s.size, mtimeMs: s.mtimeMs, sha256: await sha256File(path), profile }
  }
}

function setup(importFile: ImportFile, progressMs = 200) {
  const store = openTestStore(tempStoreFile())
  const events = createEventBus()
  const seen: ImportProgress[] = []
  let changed = 0
  events.subscribe((name, payload) => {
    if (name === 'dataset.import') seen.push(payload as ImportProgress)
    if (name === 'datasets.changed') changed++
  })
  const libraryDir = join(dir, 'library')
  const queue = createImportQueue({ store, events, importFile, libraryDir, progressMs })
  return { store, queue, seen, libraryDir, changed: () => changed }
}

describe('import queue', () => {
  it('imports queued files one at a time, in order, and registers each once', async () => {
    const a = write('a.csv', 'x,y\n1,2\n3,4\n')
    const b = write('b.csv', 'x\n1\n')
    const { store, queue, seen, changed } = setup(lineReader())
    const queued = queue.enqueue([a, b, a], false)
    expect(queued.map((q) => q.state)).toEqual(['queued', 'queued', 'queued'])
    await queue.idle()
    const states = seen.filter((p) => p.state !== 'queued').map((p) => `${p.path.slice(-5)} ${p.state}`)
    expect(states).toEqual(['a.csv reading', 'a.csv done', 'b.csv reading', 'b.csv done', 'a.csv reading', 'a.csv done'])
    const done = queue.list()
    expect(done.map((p) => p.rows)).toEqual([2, 1, 2])
    // The same file with the same content is one dataset.
    expect(done[2].datasetId).toBe(done[0].datasetId)
    expect(store.datasets.list().map((d) => d.name)).toEqual(['b.csv', 'a.csv'])
    expect(store.datasets.get(done[0].datasetId!)).toMatchObject({ path: a, sha256: await sha256File(a), rows: 2, columns: 2, copied: false })
    expect(changed()).toBe(3)
  })

  it('names a dataset as asked (an upload by the file the user dropped), else by its file name', async () => {
    const stored = write('1700000000000-ab12cd34-sales.csv', 'x\n1\n')
    const plain = write('plain.csv', 'y\n2\n')
    const { store, queue } = setup(lineReader())
    queue.enqueue([stored, plain], false, ['sales.csv', ' '])
    await queue.idle()
    expect(store.datasets.list().map((d) => d.name)).toEqual(['plain.csv', 'sales.csv'])
  })

  it('throttles progress events', async () => {
    const a = write('a.csv', 'x\n1\n')
    const { queue, seen } = setup(lineReader({ progressCalls: 10000 }), 60_000)
    queue.enqueue([a], false)
    await queue.idle()
    expect(seen.filter((p) => p.state === 'reading').length).toBeLessThanOrEqual(2)
  })

  it('cancels a queued import at once and a running one mid-read, registering nothing', async () => {
    const a = write('a.csv', 'x\n1\n')
    const b = write('b.csv', 'x\n2\n')
    const { store, queue, seen } = setup(lineReader({ gate: new Promise(() => undefined) }))
    const [first, second] = queue.enqueue([a, b], true)
    expect(queue.cancel(second.importId).state).toBe('cancelled')
    await new Promise((r) => setTimeout(r, 20))
    expect(queue.list()[0].state).toBe('reading')
    queue.cancel(first.importId)
    await queue.idle()
    expect(queue.list().map((p) => p.state)).toEqual(['cancelled', 'cancelled'])
    expect(seen.at(-1)).toMatchObject({ importId: first.importId, state: 'cancelled' })
    expect(store.datasets.list()).toEqual([])
    // The library copy made before reading is removed with the cancelled import.
    expect(readdirSync(join(dir, 'library'))).toEqual([])
  })

  it('reports a failing file with its reason and keeps nothing of it', async () => {
    const a = write('a.csv', 'x\n1\n')
    const { store, queue, libraryDir } = setup(lineReader({ fail: 'a.csv: line 2, column 1: bad value' }))
    queue.enqueue([a, join(dir, 'gone.csv'), dir], true)
    await queue.idle()
    expect(queue.list().map((p) => [p.state, p.error])).toEqual([
      ['failed', 'a.csv: line 2, column 1: bad value'],
      ['failed', expect.stringMatching(/^gone\.csv: the file does not exist/)],
      ['failed', expect.stringMatching(/not a file/)]
    ])
    // Refusals the engine words are coded, for a window or a terminal in Chinese.
    const gone = queue.list()[1]!
    expect(gone.errorMessage && formatMessage('zh-CN', gone.errorMessage)).toBe(`gone.csv：文件不存在（${join(dir, 'gone.csv')}）`)
    expect(store.datasets.list()).toEqual([])
    expect(readdirSync(libraryDir)).toEqual([])
  })

  it('removes the upload of an import that failed or was cancelled, unless a dataset or another import has it', async () => {
    const uploads = join(dir, 'library', 'uploads')
    mkdirSync(uploads, { recursive: true })
    const up = (name: string) => {
      writeFileSync(join(uploads, name), 'x\n1\n')
      return join(uploads, name)
    }
    const [failed, twice, queued, plain] = [up('1-failed.csv'), up('2-twice.csv'), up('3-queued.csv'), write('mine.csv', 'x\n1\n')]
    const gate = new Promise<void>(() => undefined)
    const { queue } = setup(lineReader({ fail: 'bad value' }))
    queue.enqueue([failed, plain], false)
    await queue.idle()
    expect([existsSync(failed), existsSync(plain)]).toEqual([false, true])
    // A second import of the same upload is still queued when the first fails: the file stays for it.
    const held = setup(lineReader({ gate }))
    const [first, second, third] = held.queue.enqueue([twice, twice, queued], false)
    held.queue.cancel(third.importId)
    await new Promise((r) => setTimeout(r, 20))
    held.queue.cancel(first.importId)
    await new Promise((r) => setTimeout(r, 20))
    expect([existsSync(twice), existsSync(queued)]).toEqual([true, false])
    held.queue.cancel(second.importId)
    await held.queue.idle()
    expect(existsSync(twice)).toBe(false)

    // Imported again and failing now, a dataset's upload is still the file of that dataset.
    const used = up('4-used.csv')
    const again = setup(lineReader({ fail: 'changed' }))
    again.store.datasets.insert({ name: 'used.csv', path: used, format: 'csv', size: 4, mtimeMs: 0, sha256: 'x', copied: true, profile: { rows: 1, columns: [], preview: [] } })
    again.queue.enqueue([used], false)
    await again.queue.idle()
    expect(existsSync(used)).toBe(true)
  })

  it('names a symbolic link loop', async () => {
    const loop = join(dir, 'loop.csv')
    symlinkSync(loop, loop)
    const { queue } = setup(lineReader())
    queue.enqueue([loop], false)
    await queue.idle()
    expect(queue.list()[0].error).toBe(`loop.csv: the path is a symbolic link loop: a link leads back to itself (${loop})`)
  })

  it('copies into the library when asked, naming the copy by hash', async () => {
    const a = write('my data.csv', 'x,y\n1,2\n')
    const { store, queue, libraryDir } = setup(lineReader())
    queue.enqueue([a], true)
    await queue.idle()
    const d = store.datasets.list()[0]
    const sha = await sha256File(a)
    expect(d).toMatchObject({ name: 'my data.csv', copied: true, sha256: sha, path: join(libraryDir, `${sha.slice(0, 12)}-my_data.csv`) })
    expect(readFileSync(d.path, 'utf8')).toBe('x,y\n1,2\n')
  })

  it('names an upload as the user did in its progress and its errors, never by its staged name', async () => {
    const failing = setup(async (path) => {
      throw new Error(`3-aa-my_data.csv: header row (x) and no data rows (${path})`)
    })
    mkdirSync(join(failing.libraryDir, 'uploads'), { recursive: true })
    const staged = join(failing.libraryDir, 'uploads', '3-aa-my_data.csv')
    writeFileSync(staged, 'x\n1\n')
    const [queued] = failing.queue.enqueue([staged], false, ['my data.csv'])
    expect(queued.name).toBe('my data.csv')
    await failing.queue.idle()
    const [ended] = failing.queue.list()
    expect(ended).toMatchObject({ name: 'my data.csv', state: 'failed', error: 'my data.csv: header row (x) and no data rows (my data.csv)' })
    const coded = setup(async (path) => {
      throw AppError.coded('DATASET_INVALID', msg('common.inFile', { file: basename(path), problem: msg('file.empty') }))
    })
    mkdirSync(join(coded.libraryDir, 'uploads'), { recursive: true })
    const upload = join(coded.libraryDir, 'uploads', '4-bb-my_data.csv')
    writeFileSync(upload, '')
    coded.queue.enqueue([upload], false, ['my data.csv'])
    await coded.queue.idle()
    expect(formatMessage('zh-CN', coded.queue.list()[0]!.errorMessage!)).toBe('my data.csv：文件为空')
    expect(failing.seen.every((p) => p.name === 'my data.csv')).toBe(true)
  })

  it('forgets an ended import when dismissed, but never one still running', async () => {
    const a = write('a.csv', 'x\n1\n')
    let release = () => undefined as void
    const { queue } = setup(lineReader({ gate: new Promise<void>((r) => (release = r)) }))
    const [first] = queue.enqueue([a], false)
    await new Promise((r) => setTimeout(r, 20))
    queue.dismiss(first.importId)
    expect(queue.list().map((p) => p.importId)).toEqual([first.importId])
    release()
    await queue.idle()
    queue.dismiss(first.importId)
    queue.dismiss('unknown')
    expect(queue.list()).toEqual([])
  })

  it('refuses new imports once closed and cancels what is running', async () => {
    const a = write('a.csv', 'x\n1\n')
    const { queue } = setup(lineReader({ gate: new Promise(() => undefined) }))
    queue.enqueue([a, a], false)
    await queue.close()
    expect(queue.list().map((p) => p.state)).toEqual(['cancelled', 'cancelled'])
    expect(() => queue.enqueue([a], false)).toThrow(/closing/)
  })
})

describe('safeFileName', () => {
  it('keeps one harmless path segment', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd')
    expect(safeFileName('..\\..\\boot.ini')).toBe('boot.ini')
    expect(safeFileName('..')).toBe('file')
    expect(safeFileName('.bashrc')).toBe('bashrc')
    expect(safeFileName('数据 集 (1).csv')).toBe('数据_集_1_.csv')
    expect(safeFileName('a\u0000b.csv')).toBe('a_b.csv')
  })
})
