import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../../shared/errors'
import { parseCsv, readCsvHeader } from './csv'

async function tempFile(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'paramscope-csv-'))
  const path = join(dir, name)
  await writeFile(path, text)
  return path
}

function thrown(fn: () => unknown): AppError {
  try {
    fn()
  } catch (err) {
    return err as AppError
  }
  throw new Error('expected an error')
}

describe('parseCsv', () => {
  it('reads quoted fields, escaped quotes, newlines in quotes, CRLF and a BOM', () => {
    const t = parseCsv('\ufeffa,"b ""x""",c\r\n1,"2,5","multi\nline"\r\n\r\n3,4,5\n', 'f.csv')
    expect(t.header).toEqual(['a', 'b "x"', 'c'])
    expect(t.records).toEqual([
      ['1', '2,5', 'multi\nline'],
      ['3', '4', '5']
    ])
    expect(t.lines).toEqual([2, 5])
  })

  it('names the file and line of a ragged row or an unclosed quote', () => {
    expect(thrown(() => parseCsv('a,b\n1,2\n3\n', '/x/data.csv')).message).toBe('data.csv: line 3 has 1 fields, the header has 2')
    expect(thrown(() => parseCsv('a,b\n1,"2\n', 'd.csv')).message).toMatch(/line 2: a quoted field is never closed/)
    expect(thrown(() => parseCsv('', 'd.csv')).message).toMatch(/empty/)
  })
})

describe('readCsvHeader', () => {
  it('reads only the header row', async () => {
    const path = await tempFile('h.csv', '"first col",second\n1,2\n')
    expect(await readCsvHeader(path)).toEqual(['first col', 'second'])
  })
})
