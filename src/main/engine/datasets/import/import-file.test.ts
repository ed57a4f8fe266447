import { createHash } from 'node:crypto'
import { readdirSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importFile, type ReadProgress } from './import-file'
import { readRows } from '../readers/read-rows'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paramscope-import-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

async function file(name: string, content: string | Buffer | ArrayBuffer): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, content instanceof ArrayBuffer ? Buffer.from(content) : content)
  return path
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}

const sha256 = async (path: string): Promise<string> => createHash('sha256').update(await readFile(path)).digest('hex')

describe('importFile: CSV and TSV', () => {
  it('reads quotes, doubled quotes, newlines in quotes, CRLF and a BOM, and profiles each column', async () => {
    const path = await file('mixed.csv', '\ufeffid,score,colour,ok,note\r\n1,0.5,red,true,"a, ""quoted"" note"\r\n2,,blue,false,"two\r\nlines"\r\n3,2.5,red,TRUE,plain\r\n4,-1,red,false,NA\r\n')
    const r = await importFile(path, {})
    expect(r.format).toBe('csv')
    expect(r.sha256).toBe(await sha256(path))
    expect(r.profile).toMatchObject({ rows: 4, delimiter: ',', hasHeader: true, hadBom: true })
    expect(r.profile.preview[0]).toEqual(['1', '0.5', 'red', 'true', 'a, "quoted" note'])
    expect(r.profile.preview[1][4]).toBe('two\r\nlines')
    const [id, score, colour, ok, note] = r.profile.columns
    expect(id).toMatchObject({ name: 'id', type: 'integer', missing: 0, distinct: 4 })
    expect(id.numeric).toMatchObject({ min: 1, max: 4, mean: 2.5 })
    expect(id.numeric!.std).toBeCloseTo(Math.sqrt(5 / 3), 12)
    expect(score).toMatchObject({ type: 'number', missing: 1 })
    expect(score.numeric).toMatchObject({ min: -1, max: 2.5, mean: 2 / 3 })
    expect(score.numeric!.histogram.counts.reduce((a, b) => a + b, 0)).toBe(3)
    expect(colour).toMatchObject({ type: 'categorical', top: [{ value: 'red', count: 3 }, { value: 'blue', count: 1 }] })
    expect(ok).toMatchObject({ type: 'boolean', missing: 0 })
    expect(note).toMatchObject({ type: 'text', missing: 1 })
    expect(note.textLength).toMatchObject({ min: 5, max: 16 })
  })

  it('detects semicolons, tabs in a .csv, and a file without a header', async () => {
    const semi = await importFile(await file('semi.csv', 'a;b\nx,5;2\ny,5;4\n'), {})
    expect(semi.profile).toMatchObject({ delimiter: ';', columns: [{ name: 'a', type: 'categorical' }, { name: 'b' }] })
    expect(semi.profile.decimalComma).toBeUndefined()
    const tabs = await importFile(await file('tabs.csv', 'x\ty\n1\t2\n'), {})
    expect(tabs.format).toBe('tsv')
    const bare = await importFile(await file('bare.csv', '1,2,3\n4,5,6\n7,8,9\n'), {})
    expect(bare.profile.hasHeader).toBe(false)
    expect(bare.profile.rows).toBe(3)
    expect(bare.profile.columns.map((c) => c.name)).toEqual(['column_1', 'column_2', 'column_3'])
  })

  it('reads numbers with a decimal comma in a semicolon-separated file as numbers', async () => {
    const path = await file('de.csv', 'name;price;qty;note\na;3,14;1.234;x,y\nb;-0,5;2;\nc;1.234,5;3;z\n')
    const r = await importFile(path, {})
    expect(r.profile).toMatchObject({ delimiter: ';', hasHeader: true, decimalComma: true, rows: 3 })
    const [, price, qty, note] = r.profile.columns
    expect(price).toMatchObject({ type: 'number', numeric: { min: -0.5, max: 1234.5 } })
    expect(price.numeric!.mean).toBeCloseTo((3.14 - 0.5 + 1234.5) / 3, 12)
    expect(qty).toMatchObject({ type: 'integer', numeric: { min: 2, max: 1234 } })
    expect(note.type).not.toBe('number')
    expect(r.profile.preview[0]).toEqual(['a', '3.14', '1234', 'x,y'])
    // What trainers and the preview read is the same plain decimal.
    expect(await all(readRows(path, 'csv'))).toEqual([
      ['a', '3.14', '1234', 'x,y'],
      ['b', '-0.5', '2', ''],
      ['c', '1234.5', '3', 'z']
    ])
  })

  it('keeps commas as text in a semicolon file whose numbers use a decimal point', async () => {
    const r = await importFile(await file('mixed-points.csv', 'a;b\n3,14;2.5\n1,5;0.25\n'), {})
    expect(r.profile.decimalComma).toBeUndefined()
    expect(r.profile.columns.map((c) => c.type)).toEqual(['categorical', 'number'])
  })

  it('reads a .tsv file as tab-separated even when commas abound', async () => {
    const r = await importFile(await file('t.tsv', 'text\tlabel\nhello, world, again\tpos\nbye, now\tneg\n'), {})
    expect(r.format).toBe('tsv')
    expect(r.profile.preview).toEqual([
      ['hello, world, again', 'pos'],
      ['bye, now', 'neg']
    ])
  })

  it('keeps every class of the target for class balance', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `${i},c${i % 15}`).join('\n')
    const r = await importFile(await file('classes.csv', `x,label\n${rows}\n`), { target: 'label' })
    const label = r.profile.columns[1]
    expect(label.top).toHaveLength(15)
    expect(label.top!.every((t) => t.count === 20)).toBe(true)
    await expect(importFile(await file('classes2.csv', 'x,y\n1,2\n'), { target: 'nope' })).rejects.toThrow(/target column "nope"/)
  })
})

describe('importFile: JSON Lines, text, Parquet', () => {
  it('reads JSON Lines: keys become columns, late keys count earlier rows as missing', async () => {
    const path = await file('d.jsonl', '{"x": 1, "tag": "a"}\n\n{"x": 2.5, "tag": null, "extra": {"k": [1]}}\r\n{"x": 3, "tag": "b"}\n')
    const r = await importFile(path, {})
    expect(r.format).toBe('jsonl')
    expect(r.sha256).toBe(await sha256(path))
    expect(r.profile.rows).toBe(3)
    expect(r.profile.columns.map((c) => [c.name, c.type, c.missing])).toEqual([
      ['x', 'number', 0],
      ['tag', 'categorical', 1],
      ['extra', 'categorical', 2]
    ])
    expect(r.profile.preview).toEqual([
      ['1', 'a', ''],
      ['2.5', '', '{"k":[1]}'],
      ['3', 'b', '']
    ])
    const rows = await all(readRows(path, 'jsonl', { columns: ['tag', 'x', 'extra'] }))
    expect(rows[2]).toEqual(['b', '3'])
  })

  it('reads plain text as one example a line and profiles the whole corpus', async () => {
    const path = await file('c.txt', 'the cat sat\n\nthe dog ran fast\r\nünï\n')
    const r = await importFile(path, {})
    expect(r.format).toBe('text')
    expect(r.profile.rows).toBe(3)
    expect(r.profile.columns).toMatchObject([{ name: 'text', type: 'text', missing: 0, textLength: { min: 3, max: 16 } }])
    expect(r.corpus).toEqual({ chars: 30, lines: 4, blankLines: 1, words: 8, charVocabulary: 15, wordVocabulary: 7, wordVocabularyCapped: false })
    expect(r.profile.corpus).toEqual(r.corpus)
  })

  it('reads Parquet one row group at a time, with its hash over the whole file', async () => {
    const n = 1000
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: Int32Array.from({ length: n }, (_, i) => i), type: 'INT32' },
        { name: 'value', data: Float64Array.from({ length: n }, (_, i) => i / 4), type: 'DOUBLE' },
        { name: 'label', data: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? null : `k${i % 2}`)), type: 'STRING' }
      ],
      rowGroupSize: 300
    })
    const path = await file('t.parquet', buffer)
    const progress: ReadProgress[] = []
    const r = await importFile(path, { onProgress: (p) => progress.push(p) })
    expect(r.format).toBe('parquet')
    expect(r.sha256).toBe(await sha256(path))
    expect(r.profile.rows).toBe(n)
    expect(r.profile.columns).toMatchObject([
      { name: 'id', type: 'integer', numeric: { min: 0, max: n - 1, mean: (n - 1) / 2 } },
      { name: 'value', type: 'number', numeric: { max: (n - 1) / 4 } },
      { name: 'label', type: 'categorical', missing: 334, top: [{ value: 'k0', count: 333 }, { value: 'k1', count: 333 }] }
    ])
    expect(progress.at(-1)).toEqual({ bytesRead: r.size, totalBytes: r.size, rows: n })
    const window = await all(readRows(path, 'parquet', { offset: 598, limit: 4 }))
    expect(window.map((row) => row[0])).toEqual(['598', '599', '600', '601'])
  })
})

describe('importFile: streaming', () => {
  it('hashes like Node crypto, reports progress at most every 100 ms, and reads rows back in windows', async () => {
    const lines = Array.from({ length: 120_000 }, (_, i) => `${i},${(i * 0.37).toFixed(2)},"w ${i % 7}\n${i}"`)
    const path = await file('big.csv', `n,v,t\n${lines.join('\n')}\n`)
    const progress: { at: number; p: ReadProgress }[] = []
    const r = await importFile(path, { onProgress: (p) => progress.push({ at: Date.now(), p }) })
    expect(r.sha256).toBe(await sha256(path))
    expect(r.size).toBeGreaterThan(2 << 20)
    expect(r.profile.rows).toBe(120_000)
    expect(r.profile.columns[0].distinctCapped).toBe(true)
    for (let k = 1; k < progress.length - 1; k++) expect(progress[k].at - progress[k - 1].at).toBeGreaterThanOrEqual(99)
    expect(progress.at(-1)!.p).toEqual({ bytesRead: r.size, totalBytes: r.size, rows: 120_000 })
    const rows = await all(readRows(path, 'csv', { offset: 99_998, limit: 3 }))
    expect(rows).toEqual([
      ['99998', (99_998 * 0.37).toFixed(2), 'w 3\n99998'],
      ['99999', (99_999 * 0.37).toFixed(2), 'w 4\n99999'],
      ['100000', '37000.00', 'w 5\n100000']
    ])
  })

  it('stops promptly when aborted and closes the file', async () => {
    const path = await file('abort.csv', 'a,b\n' + '1,2\n'.repeat(1_000_000))
    const openFds = (): number => readdirSync('/proc/self/fd').length
    const before = process.platform === 'linux' ? openFds() : 0
    const controller = new AbortController()
    let calls = 0
    const err = await importFile(path, {
      signal: controller.signal,
      onProgress: () => {
        calls++
        controller.abort()
      }
    }).catch((e: unknown) => e)
    expect((err as Error).name).toBe('AbortError')
    expect(calls).toBe(1)
    if (process.platform === 'linux') expect(openFds()).toBe(before)
  })
})
