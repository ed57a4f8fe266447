import type { CorpusStats } from './corpus'
import { datasetError } from './dataset-error'
import { DelimitedParser } from './delimited'
import { JsonlRows } from './jsonl'
import { LineSplitter } from './lines'
import { sampleRecords, sniffDelimiter, sniffHeader } from './sniff'
import type { TextFileReader } from './text-reader'

const SNIFF_CHARS = 64 * 1024

/** What reading learned about the table's shape; `columns` is filled before the first batch. */
export interface TableShape {
  columns: string[]
  delimiter?: string
  hasHeader?: boolean
}

/**
 * CSV/TSV rows in batches (one per chunk read). The first chunk decides the delimiter (a .tsv file
 * is tab-separated) and whether there is a header; header names must be present and distinct, and
 * every row must have as many fields as the first.
 */
export async function* delimitedBatches(reader: TextFileReader, format: 'csv' | 'tsv', shape: TableShape): AsyncGenerator<string[][]> {
  const file = reader.path
  let batch: string[][] = []
  let parser: DelimitedParser | null = null
  let width = -1
  const onRecord = (fields: string[], line: number): void => {
    if (width < 0) {
      width = fields.length
      if (shape.hasHeader) {
        shape.columns = checkHeader(file, fields)
        return
      }
      shape.columns = fields.map((_, j) => `column_${j + 1}`)
    } else if (fields.length !== width) {
      const more = fields.length > width
      throw datasetError(file, `${fields.length} fields where the ${shape.hasHeader ? 'header has' : 'first row has'} ${width}${more ? ` (column ${width + 1} is one too many)` : ''}`, {
        line
      })
    }
    batch.push(fields)
  }
  // The delimiter and header are decided on the first 64 K characters, however small the chunks.
  let pending = ''
  const start = (sample: string): DelimitedParser => {
    const delimiter = format === 'tsv' ? '\t' : sniffDelimiter(sample)
    shape.delimiter = delimiter
    shape.hasHeader = sniffHeader(sampleRecords(sample, delimiter, file))
    const p = new DelimitedParser(file, delimiter, onRecord)
    p.push(sample)
    return p
  }
  for await (const chunk of reader.chunks()) {
    if (parser) parser.push(chunk)
    else {
      pending += chunk
      if (pending.length < SNIFF_CHARS) continue
      parser = start(pending)
      pending = ''
    }
    if (batch.length) {
      yield batch
      batch = []
    }
  }
  parser ??= start(pending)
  parser.end()
  if (width < 0) throw datasetError(file, 'the file holds no records, only blank lines')
  if (batch.length) yield batch
}

function checkHeader(file: string, fields: string[]): string[] {
  const names = fields.map((f) => f.trim())
  const seen = new Map<string, number>()
  names.forEach((name, j) => {
    if (name === '') throw datasetError(file, 'the header name is empty; every column needs a name', { line: 1, column: j + 1 })
    const before = seen.get(name)
    if (before !== undefined) throw datasetError(file, `the header name "${name}" repeats column ${before + 1}`, { line: 1, column: j + 1 })
    seen.set(name, j)
  })
  return names
}

/** JSON Lines rows: one object a line, keys as columns (the shape grows as new keys appear). */
export async function* jsonlBatches(reader: TextFileReader, shape: TableShape): AsyncGenerator<string[][]> {
  const rows = new JsonlRows(reader.path, shape.columns)
  shape.columns = rows.columns
  let batch: string[][] = []
  let any = false
  const splitter = new LineSplitter(reader.path, (text, line) => {
    const row = rows.row(text, line)
    if (row) batch.push(row)
  })
  for await (const chunk of reader.chunks()) {
    splitter.push(chunk)
    if (batch.length) {
      any = true
      yield batch
      batch = []
    }
  }
  splitter.end()
  if (batch.length) {
    any = true
    yield batch
  }
  if (!any) throw datasetError(reader.path, 'the file holds no JSON objects, only blank lines')
}

/** Plain text: one example per non-blank line in a `text` column; every line feeds the corpus. */
export async function* textBatches(reader: TextFileReader, shape: TableShape, corpus?: CorpusStats): AsyncGenerator<string[][]> {
  shape.columns = ['text']
  let batch: string[][] = []
  let any = false
  const splitter = new LineSplitter(reader.path, (text) => {
    corpus?.addLine(text)
    if (text.trim() !== '') batch.push([text])
  })
  for await (const chunk of reader.chunks()) {
    splitter.push(chunk)
    if (batch.length) {
      any = true
      yield batch
      batch = []
    }
  }
  splitter.end()
  if (batch.length) {
    any = true
    yield batch
  }
  if (!any) throw datasetError(reader.path, 'the file holds only blank lines')
}
