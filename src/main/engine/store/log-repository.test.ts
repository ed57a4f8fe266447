import { describe, expect, it } from 'vitest'
import type { Store } from './index'
import { CHUNK_CHARS, type LogStream } from './log-repository'
import { newRun, openTestStore, tempStoreFile } from './testing'

function storeWithRun(file = tempStoreFile()): { store: Store; runId: number } {
  const store = openTestStore(file)
  const experimentId = store.experiments.create({ name: 'exp' }).id
  return { store, runId: store.runs.insert(newRun(experimentId)).id }
}

const chunkCount = (store: Store): number => (store.db.prepare('SELECT count(*) AS n FROM log_chunks').get() as { n: number }).n

describe('log repository', () => {
  it('reads the whole log and any tail of it by character offset across chunks', () => {
    const file = tempStoreFile()
    const { store, runId } = storeWithRun(file)
    const writes: Array<[LogStream, string]> = [
      ['engine', 'starting\n'],
      ['stdout', 'epoch 1\n'],
      ['stdout', 'epoch 2\n'],
      ['stderr', 'warning: slow\n'],
      ['stdout', 'done\n']
    ]
    let full = ''
    for (const [stream, text] of writes) {
      full += text
      expect(store.logs.append(runId, stream, text)).toBe(full.length)
    }
    // Same-stream writes share a chunk; a change of stream starts a new one.
    expect(chunkCount(store)).toBe(4)
    store.close()

    const logs = openTestStore(file).logs
    for (let offset = 0; offset <= full.length; offset++) {
      expect(logs.read(runId, offset)).toEqual({ text: full.slice(offset), nextOffset: full.length })
    }
  })

  it('starts a new chunk when the last one is full', () => {
    const { store, runId } = storeWithRun()
    const line = 'x'.repeat(1000) + '\n'
    const count = Math.ceil((3 * CHUNK_CHARS) / line.length)
    for (let i = 0; i < count; i++) store.logs.append(runId, 'stdout', line)
    expect(chunkCount(store)).toBeGreaterThanOrEqual(3)
    const full = line.repeat(count)
    const offset = CHUNK_CHARS + 123
    expect(store.logs.read(runId, offset)).toEqual({ text: full.slice(offset), nextOffset: full.length })
  })

  it('pages through a log with a character budget and resumes at nextOffset', () => {
    const { store, runId } = storeWithRun()
    store.logs.append(runId, 'stdout', 'abcdef')
    store.logs.append(runId, 'stderr', 'ghij')
    const pages: string[] = []
    let offset = 0
    for (;;) {
      const { text, nextOffset } = store.logs.read(runId, offset, 3)
      if (text === '') break
      pages.push(text)
      offset = nextOffset
    }
    expect(pages).toEqual(['abc', 'def', 'ghi', 'j'])
    expect(offset).toBe(10)
  })

  it('counts UTF-16 code units and never splits a surrogate pair', () => {
    const { store, runId } = storeWithRun()
    const text = '损失 🙂 ok'
    store.logs.append(runId, 'stdout', text)
    expect(store.logs.read(runId, 0)).toEqual({ text, nextOffset: text.length })
    const page = store.logs.read(runId, 0, 4)
    expect(page).toEqual({ text: '损失 ', nextOffset: 3 })
    expect(store.logs.read(runId, page.nextOffset, 4).text).toBe('🙂 o')
  })

  it('returns nothing new at the end and refuses an offset past it or a missing run', () => {
    const { store, runId } = storeWithRun()
    expect(store.logs.read(runId, 0)).toEqual({ text: '', nextOffset: 0 })
    store.logs.append(runId, 'stdout', 'abc')
    expect(store.logs.append(runId, 'stdout', '')).toBe(3)
    expect(store.logs.read(runId, 3)).toEqual({ text: '', nextOffset: 3 })
    expect(() => store.logs.read(runId, 4)).toThrow('offset: 4 is past the end of the log (3 characters)')
    expect(() => store.logs.read(runId, -1)).toThrow(/offset: must be an integer/)
    expect(() => store.logs.read(runId + 1, 0)).toThrow(`Run ${runId + 1} not found`)
    expect(() => store.logs.append(runId, 'stdin' as LogStream, 'x')).toThrow(/stream: "stdin" is not one of/)
  })
})
