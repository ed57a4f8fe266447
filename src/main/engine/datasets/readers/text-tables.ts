import { msg, type CodedMessage } from '../../../../shared/messages'
import type { CorpusStats } from '../profile/corpus'
import { datasetError } from '../dataset-error'
import { fromDecimalComma, sniffDecimalComma, toPointDecimals } from './decimal-comma'
import { arraySink, DelimitedParser, type RecordSink, type RecordView } from './delimited'
import { JsonlRows } from './jsonl'
import { LineSplitter } from './lines'
import { sampleRecords, sniffDelimiter, sniffHeader } from './sniff'
import type { TextFileReader } from './text-reader'

const SNIFF_BYTES = 64 * 1024

/** What reading learned about the table's shape; `columns` is filled before the first batch. */
export interface TableShape {
  columns: string[]
  delimiter?: string
  hasHeader?: boolean
  /** Semicolon-separated numbers with a decimal comma, handed on as plain decimals. */
  decimalComma?: boolean
}

/**
 * CSV/TSV records handed to `sink` as the parser's reusable view, yielding once per chunk read so
 * the caller can report progress or stop. The first 64 KiB decide the delimiter (a .tsv
 * file is tab-separated), whether there is a header and whether numbers have a decimal comma;
 * header names must be present and distinct, and every row must have as many fields as the first.
 */
export async function* delimitedRecords(reader: TextFileReader, format: 'csv' | 'tsv', shape: TableShape, sink: RecordSink): AsyncGenerator<void> {
  const file = reader.path
  let width = -1
  const onRecord = (r: RecordView): void => {
    if (width < 0) {
      width = r.count
      if (shape.hasHeader) {
        shape.columns = checkHeader(file, r.fields())
        return
      }
      shape.columns = Array.from({ length: width }, (_, j) => `column_${j + 1}`)
    } else if (r.count !== width) {
      const values = { count: r.count, width, column: width + 1 }
      const code = r.count > width ? (shape.hasHeader ? 'file.fieldCountOneTooMany' : 'file.fieldCountOneTooManyFirstRow') : shape.hasHeader ? 'file.fieldCount' : 'file.fieldCountFirstRow'
      throw datasetError(file, msg(code, values), { line: r.line })
    }
    if (shape.decimalComma) toPointDecimals(r)
    sink(r)
  }
  let parser: DelimitedParser | null = null
  // The first chunks, copied (the reader reuses its buffers), until there are enough to sniff.
  let pending: Buffer[] = []
  let pendingBytes = 0
  const start = (): DelimitedParser => {
    const head = Buffer.concat(pending)
    pending = []
    const sample = head.toString('utf8')
    const delimiter = format === 'tsv' ? '\t' : sniffDelimiter(sample)
    shape.delimiter = delimiter
    const records = sampleRecords(sample, delimiter, file)
    shape.decimalComma = delimiter === ';' && sniffDecimalComma(records)
    shape.hasHeader = sniffHeader(shape.decimalComma ? records.map((r) => r.map((c) => fromDecimalComma(c) ?? c)) : records)
    const p = new DelimitedParser(file, delimiter, onRecord)
    p.push(head)
    return p
  }
  for await (const chunk of reader.byteChunks()) {
    if (parser) parser.push(chunk)
    else {
      pending.push(Buffer.from(chunk))
      pendingBytes += chunk.length
      if (pendingBytes < SNIFF_BYTES) continue
      parser = start()
    }
    yield
  }
  parser ??= start()
  parser.end()
  if (width < 0) throw datasetError(file, msg('file.blankLinesOnly'))
  yield
}

/** CSV/TSV rows as arrays of strings, one batch per chunk read; `lines` (when given) gets the line each row starts on. */
export async function* delimitedBatches(reader: TextFileReader, format: 'csv' | 'tsv', shape: TableShape, lines?: number[]): AsyncGenerator<string[][]> {
  let batch: string[][] = []
  const sink = arraySink((fields, line) => {
    batch.push(fields)
    lines?.push(line)
  })
  for await (const _ of delimitedRecords(reader, format, shape, sink)) {
    if (batch.length) {
      yield batch
      batch = []
    }
  }
}

function checkHeader(file: string, fields: string[]): string[] {
  const names = fields.map((f) => f.trim())
  const seen = new Map<string, number>()
  names.forEach((name, j) => {
    if (name === '') throw datasetError(file, msg('file.emptyHeader'), { line: 1, column: j + 1 })
    const before = seen.get(name)
    if (before !== undefined) throw datasetError(file, msg('file.repeatedHeader', { name, column: before + 1 }), { line: 1, column: j + 1 })
    seen.set(name, j)
  })
  return names
}

/**
 * Lines of a file in batches, one batch per chunk read: `onLine` turns a line into a row (or
 * nothing); a file that yields no row at all is refused with `emptyMessage`. `lines` (when given)
 * gets the line of each row.
 */
async function* lineBatches(
  reader: TextFileReader,
  onLine: (text: string, line: number) => string[] | null,
  emptyMessage: CodedMessage,
  lines?: number[]
): AsyncGenerator<string[][]> {
  let batch: string[][] = []
  let any = false
  const splitter = new LineSplitter(reader.path, (text, line) => {
    const row = onLine(text, line)
    if (row) {
      batch.push(row)
      lines?.push(line)
    }
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
  if (!any) throw datasetError(reader.path, emptyMessage)
}

/** JSON Lines rows: one object a line, keys as columns (the shape grows as new keys appear). */
export function jsonlBatches(reader: TextFileReader, shape: TableShape, lines?: number[]): AsyncGenerator<string[][]> {
  const rows = new JsonlRows(reader.path, shape.columns)
  shape.columns = rows.columns
  return lineBatches(reader, (text, line) => rows.row(text, line), msg('file.blankLinesOnlyJson'), lines)
}

/** Plain text: one example per non-blank line in a `text` column; every line feeds the corpus. */
export function textBatches(reader: TextFileReader, shape: TableShape, corpus?: CorpusStats, lines?: number[]): AsyncGenerator<string[][]> {
  shape.columns = ['text']
  return lineBatches(
    reader,
    (text) => {
      corpus?.addLine(text)
      return text.trim() === '' ? null : [text]
    },
    msg('file.onlyBlankLines'),
    lines
  )
}
