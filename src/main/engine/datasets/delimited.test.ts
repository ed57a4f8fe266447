import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { arraySink, DelimitedParser } from './delimited'
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
        const { createHash } = await import('node:crypto')
        expect(reader.digest()).toBe(createHash('sha256').update(bytes).digest('hex'))
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
