import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { arraySink, DelimitedParser, type RecordView } from './delimited'
import { Rng } from '../../random'
import { TextFileReader } from './text-reader'

// Every hard case within a few lines: doubled quotes, delimiters and CRLF inside quotes, a quote
// at a chunk edge, text after a closing quote, blank lines, an empty last field, no final newline.
const TRICKY = 'a,b,c\r\n"x ""y""",",","line1\r\nline2"\n\n1,"",3\r\n"q"tail,  ,\n"end",2,"é€😀"'
const EXPECTED = [
  ['a', 'b', 'c'],
  ['x "y"', ',', 'line1\r\nline2'],
  ['1', '', '3'],
  ['qtail', '  ', ''],
  ['end', '2', 'é€😀']
]
const LINES = [1, 2, 5, 6, 7]

function parseInChunks(text: string, size: number): { records: string[][]; lines: number[] } {
  const records: string[][] = []
  const lines: number[] = []
  const parser = new DelimitedParser(
    'f.csv',
    ',',
    arraySink((f, line) => {
      records.push(f)
      lines.push(line)
    })
  )
  for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size))
  parser.end()
  return { records, lines }
}

describe('DelimitedParser', () => {
  it('gives the same records and lines whatever the chunk size', () => {
    for (let size = 1; size <= TRICKY.length; size++) {
      const { records, lines } = parseInChunks(TRICKY, size)
      expect(records, `chunks of ${size}`).toEqual(EXPECTED)
      expect(lines, `chunks of ${size}`).toEqual(LINES)
    }
  })

  it('reads old Mac CR line ends and another delimiter', () => {
    const records: string[][] = []
    const parser = new DelimitedParser('f.csv', ';', arraySink((f) => records.push(f)))
    parser.push('a;b\r1;"2;3"\r')
    parser.end()
    expect(records).toEqual([
      ['a', 'b'],
      ['1', '2;3']
    ])
  })
})

/** A random field: numbers, words, empty, quotes, delimiters, line breaks, non-ASCII, or long text. */
function randomField(rng: Rng): string {
  switch (rng.int(9)) {
    case 0:
      return (rng.normal() * 10 ** rng.int(6)).toFixed(rng.int(7))
    case 1:
      return String(rng.int(100000) - 500)
    case 2:
      return ''
    case 3:
      return 'say "hi", ok'
    case 4:
      return 'two\r\nlines\nthree'
    case 5:
      return 'é€😀 ' + 'x'.repeat(rng.int(5))
    case 6:
      return 'w'.repeat(5000 + rng.int(20000))
    case 7:
      return '1e5'
    default:
      return ['red', 'green', 'true', 'NA'][rng.int(4)]
  }
}

const quote = (f: string) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replaceAll('"', '""')}"` : f)

describe('DelimitedParser on random tables', () => {
  it('gives back every field, and every plain decimal as Number() reads it, whatever the chunk sizes', () => {
    const rng = new Rng(17)
    const rows = Array.from({ length: 300 }, () => Array.from({ length: 4 }, () => randomField(rng)))
    const bytes = Buffer.from(rows.map((r) => r.map(quote).join(',')).join(rng.uniform(0, 1) < 0.5 ? '\n' : '\r\n') + '\n')
    for (const sizes of [[1 << 20], [4096], [777], [3, 50000, 7]]) {
      const got: string[][] = []
      const numbers: number[][] = []
      const parser = new DelimitedParser('f.csv', ',', (r: RecordView) => {
        got.push(r.fields())
        numbers.push(Array.from(r.numbers.subarray(0, r.count)))
      })
      // Chunks cut anywhere between characters: UTF-8 is cut back to a character boundary.
      for (let at = 0, k = 0; at < bytes.length; k++) {
        let end = Math.min(bytes.length, at + sizes[k % sizes.length])
        while (end < bytes.length && (bytes[end] & 0xc0) === 0x80) end++
        parser.push(bytes.subarray(at, end))
        at = end
      }
      parser.end()
      expect(got, `chunks of ${sizes}`).toEqual(rows)
      rows.forEach((r, i) =>
        r.forEach((f, j) => {
          const plain = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(f) && f.replace(/\D/g, '').length <= 15
          if (plain) expect(numbers[i][j], f).toBe(Number(f))
          else expect(numbers[i][j], f).toBeNaN()
        })
      )
    }
  })
})

describe('TextFileReader', () => {
  it('cuts chunks only between characters, hashes the bytes and drops the BOM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'paramscope-reader-'))
    try {
      const path = join(dir, 'x.csv')
      const bytes = Buffer.from('\ufeff' + TRICKY, 'utf8')
      await writeFile(path, bytes)
      for (const chunkBytes of [1, 2, 3, 5, 7, 64]) {
        const reader = await TextFileReader.open(path, { hash: true, chunkBytes })
        let text = ''
        for await (const chunk of reader.chunks()) text += chunk
        expect(text).toBe(TRICKY)
        expect(reader.hadBom).toBe(true)
        expect(reader.bytesRead).toBe(bytes.length)
        expect(reader.digest()).toBe(createHash('sha256').update(bytes).digest('hex'))
      }
      // The same on a worker thread, with chunks smaller than a character.
      const threaded = await TextFileReader.open(path, { hash: true, hashThread: true, chunkBytes: 3 })
      let text = ''
      for await (const chunk of threaded.byteChunks()) text += chunk.toString('utf8')
      expect(text).toBe(TRICKY)
      expect(threaded.digest()).toBe(createHash('sha256').update(bytes).digest('hex'))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
