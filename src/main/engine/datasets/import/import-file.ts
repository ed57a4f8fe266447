import { msg } from '../../../../shared/messages'
import type { DatasetFormat, DatasetProfile } from '../../../../shared/schemas/datasets'
import { CorpusStats, type CorpusProfile } from '../profile/corpus'
import { datasetError, noRowsMessage } from '../dataset-error'
import { formatOfPath } from '../readers/formats'
import { ParquetTable } from '../readers/parquet-table'
import { Profiler } from '../profile/profiler'
import { TextFileReader } from '../readers/text-reader'
import type { RecordView } from '../readers/delimited'
import { delimitedRecords, jsonlBatches, textBatches, type TableShape } from '../readers/text-tables'

export interface ReadProgress {
  bytesRead: number
  totalBytes: number
  rows: number
}

export interface ImportResult {
  format: DatasetFormat
  size: number
  mtimeMs: number
  sha256: string
  profile: DatasetProfile
  /** Plain-text files only: the file as one corpus, for language modelling. */
  corpus?: CorpusProfile
}

export interface ImportOptions {
  signal?: AbortSignal
  /** Called at most every PROGRESS_MS and once at the end. */
  onProgress?: (p: ReadProgress) => void
  /** A column whose every class is kept in `top`, for class balance. */
  target?: string
}

const PROGRESS_MS = 100

/**
 * Streams the file once: detects the format, parses, hashes, profiles. Throws AppError
 * ('DATASET_INVALID', message naming file/line/column, { issues: [{ field: 'dataset', message }] });
 * an abort rejects with the signal's reason, and the file handle is closed either way.
 */
export async function importFile(path: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const format = formatOfPath(path)
  let last = 0
  let bytes = 0
  let total = 0
  const progress = (force = false): void => {
    const now = Date.now()
    if (!opts.onProgress || (!force && now - last < PROGRESS_MS)) return
    last = now
    opts.onProgress({ bytesRead: bytes, totalBytes: total, rows: profiler?.rows ?? 0 })
  }
  let profiler: Profiler | null = null
  const shape: TableShape = { columns: [] }
  const consume = async (batches: AsyncIterable<string[][]>, forced?: 'text'): Promise<Profiler> => {
    const p = new Profiler([], opts.target, forced)
    profiler = p
    for await (const batch of batches) {
      for (let j = p.columns.length; j < shape.columns.length; j++) p.addColumn(shape.columns[j])
      for (const row of batch) p.add(row)
      progress()
    }
    for (let j = p.columns.length; j < shape.columns.length; j++) p.addColumn(shape.columns[j])
    checkTarget(shape)
    return p
  }
  const checkTarget = (s: TableShape): void => {
    if (opts.target !== undefined && !s.columns.includes(opts.target)) {
      throw datasetError(path, msg('file.targetNotAmong', { target: opts.target, columns: s.columns.join(', ') }))
    }
  }

  if (format === 'parquet') {
    const table = await ParquetTable.open(path)
    try {
      total = table.facts.size
      // Two passes over the bytes (hash, then row groups): each counts for half of the progress.
      const sha256 = await table.sha256({ signal: opts.signal, onBytes: (b) => ((bytes = b / 2), progress()) })
      const p = await consume(table.batches(shape, { signal: opts.signal, onBytes: (b) => (bytes = (total + b) / 2) }))
      if (p.rows === 0) throw datasetError(path, noRowsMessage(table.columns, false))
      bytes = total
      progress(true)
      return { format, size: table.facts.size, mtimeMs: table.facts.mtimeMs, sha256, profile: p.result() }
    } finally {
      await table.close()
    }
  }

  const reader = await TextFileReader.open(path, { signal: opts.signal, hash: true, onBytes: (b) => (bytes = b) })
  total = reader.facts.size
  const corpus = format === 'text' ? new CorpusStats() : undefined
  let p: Profiler
  if (format === 'csv' || format === 'tsv') {
    // The hot path: records go from the parser's view into the column accumulators directly.
    p = profiler = new Profiler([], opts.target)
    const pp = p
    const sink = (r: RecordView): void => {
      if (pp.columns.length === 0) for (const name of shape.columns) pp.addColumn(name)
      pp.addRecord(r)
    }
    for await (const _ of delimitedRecords(reader, format, shape, sink)) progress()
    if (p.columns.length === 0) for (const name of shape.columns) p.addColumn(name)
    if (p.rows === 0) throw datasetError(path, noRowsMessage(shape.columns, true))
    checkTarget(shape)
  } else {
    p = await consume(format === 'jsonl' ? jsonlBatches(reader, shape) : textBatches(reader, shape, corpus), format === 'text' ? 'text' : undefined)
  }
  progress(true)
  const profile = p.result({ delimiter: shape.delimiter, hasHeader: shape.hasHeader, hadBom: reader.hadBom, ...(shape.decimalComma ? { decimalComma: true } : {}) })
  // Stored with the profile, so the dataset page shows the corpus without reading the file again.
  if (corpus) profile.corpus = corpus.result()
  return {
    format: format === 'csv' && shape.delimiter === '\t' ? 'tsv' : format,
    size: reader.facts.size,
    mtimeMs: reader.facts.mtimeMs,
    sha256: reader.digest(),
    profile,
    ...(profile.corpus ? { corpus: profile.corpus } : {})
  }
}
