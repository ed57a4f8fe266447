import { describe, expect, it } from 'vitest'
import { LOG_CODE_MARK, logText } from '../../../shared/messages/log-lines'
import type { Store } from './index'
import { newRun, openTestStore, tempStoreFile } from './testing'

function storeWithRun(file = tempStoreFile()): { store: Store; runId: number } {
  const store = openTestStore(file)
  const experimentId = store.experiments.create({ name: 'exp' }).id
  return { store, runId: store.runs.insert(newRun(experimentId)).id }
}

/** The stored log read as a client reads it: from 0, nextOffset after nextOffset, `maxChars` at a time. */
function readAll(store: Store, runId: number, maxChars?: number): { text: string; end: number } {
  let offset = 0
  let text = ''
  for (;;) {
    const r = store.logs.read(runId, offset, maxChars)
    if (r.text === '') return { text, end: offset }
    text += r.text
    offset = r.nextOffset
  }
}

const bytes = (t: string) => Buffer.byteLength(t)
const lines = (from: number, to: number, width = 40) => Array.from({ length: to - from }, (_, i) => `line ${String(from + i).padStart(7, '0')} ${'x'.repeat(width)}\n`).join('')

/** The stored log split at its note: the head as output, the note's line, the cut it reports, the tail. */
function noteOf(text: string, output?: string): { head: string; line: string; cut: number; tail: string } {
  const at = text.indexOf(LOG_CODE_MARK)
  const start = text.lastIndexOf('\n', at) + 1
  const end = text.indexOf('\n', at) + 1
  const before = text.slice(0, start)
  // The note starts on a line of its own: after a newline of its own when the head ends mid-line.
  const head = output === undefined || output.startsWith(before) ? before : before.slice(0, -1)
  const line = text.slice(start, end - 1)
  return { head, line, cut: Number(/… ([\d,]+) bytes/.exec(line)![1]!.replace(/,/g, '')), tail: text.slice(end) }
}

describe('a log with a cap', () => {
  const CAP = 4096

  it('keeps the first and last half of the output, whole lines, and says how many bytes were cut', () => {
    const { store, runId } = storeWithRun()
    const output = lines(0, 2000)
    // Written as a trainer prints: many small pieces.
    let end = 0
    for (const piece of output.match(/[^]{1,97}/g)!) end = store.logs.append(runId, 'stdout', piece, CAP)
    expect(end).toBe(output.length)
    const { text, end: readEnd } = readAll(store, runId)
    // Offsets are the whole output's: a window that followed the run live counted the same.
    expect(readEnd).toBe(output.length)
    const note = noteOf(text, output)
    const { head, tail } = note
    expect(output.startsWith(head)).toBe(true)
    expect(output.endsWith(tail)).toBe(true)
    expect(bytes(head)).toBeLessThanOrEqual(CAP / 2)
    expect(bytes(tail)).toBeLessThanOrEqual(CAP / 2)
    expect(bytes(head)).toBeGreaterThan(CAP / 2 - 100)
    expect(bytes(tail)).toBeGreaterThan(CAP / 2 - 100)
    // The tail starts a line.
    expect(tail.startsWith('line ')).toBe(true)
    expect(note.cut).toBe(bytes(output) - bytes(head) - bytes(tail))
    expect(note.cut).toBeGreaterThan(70000)
    expect(logText(note.line, 'en')).toMatch(/^\[paramscope\] … \d{1,3},\d{3} bytes of output cut here \(the log keeps its first and last 2\.00 KB\) …$/)
    expect(logText(note.line, 'zh-CN')).toMatch(/^\[paramscope\] … 此处略去了 \d{1,3},\d{3} 字节的输出/)
    // In bytes, the stored log is within the cap and the note.
    const stored = (store.db.prepare('SELECT sum(length(CAST(text AS BLOB))) AS n FROM log_chunks WHERE run_id = ?').get(runId) as { n: number }).n
    expect(stored).toBeLessThanOrEqual(CAP + bytes(note.line) + 2)
  })

  it('reads the same in small reads, and from inside the cut gets the tail without the note', () => {
    const { store, runId } = storeWithRun()
    const output = lines(0, 500)
    store.logs.append(runId, 'stdout', output, CAP)
    const whole = readAll(store, runId).text
    expect(readAll(store, runId, 7).text).toBe(whole)
    const { tail } = noteOf(whole, output)
    const gap = Math.floor(output.length / 2)
    const fromGap = store.logs.read(runId, gap)
    expect(fromGap.text).toBe(tail)
    expect(fromGap.nextOffset).toBe(output.length)
    expect(output.endsWith(tail)).toBe(true)
    expect(() => store.logs.read(runId, output.length + 1)).toThrow(/past the end of the log/)
  })

  it('never splits a character, and an engine line after the cut is kept at the end', () => {
    const { store, runId } = storeWithRun()
    const output = Array.from({ length: 400 }, (_, i) => `第${i}步 😀 损失=${(1 / (i + 1)).toFixed(4)}\n`).join('')
    for (const piece of output.match(/[^]{1,13}/gu)!) store.logs.append(runId, 'stderr', piece, 1000)
    store.logs.append(runId, 'engine', 'run finished\n')
    const { text, end } = readAll(store, runId)
    expect(end).toBe(output.length + 'run finished\n'.length)
    expect(text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/)
    expect(text.endsWith('run finished\n')).toBe(true)
    expect(noteOf(text).cut).toBeGreaterThan(0)
  })

  it('goes on rolling with the cut it reads back from the file, as after a restart', () => {
    const file = tempStoreFile()
    const first = storeWithRun(file)
    const output = lines(0, 3000)
    const half = Math.floor(output.length / 2)
    first.store.logs.append(first.runId, 'stdout', output.slice(0, half), CAP)
    first.store.close()
    const store = openTestStore(file)
    store.logs.append(first.runId, 'stdout', output.slice(half), CAP)
    const { text } = readAll(store, first.runId)
    const { head, tail, cut } = noteOf(text, output)
    expect(cut).toBe(bytes(output) - bytes(head) - bytes(tail))
    expect(output.endsWith(tail)).toBe(true)
    expect(text.match(new RegExp(LOG_CODE_MARK, 'g'))).toHaveLength(1)
  })

  it('changes nothing below the cap, or with no cap', () => {
    const { store, runId } = storeWithRun()
    const output = lines(0, 40)
    store.logs.append(runId, 'stdout', output, 1 << 20)
    store.logs.append(runId, 'stdout', output)
    expect(readAll(store, runId).text).toBe(output + output)
  })
})
