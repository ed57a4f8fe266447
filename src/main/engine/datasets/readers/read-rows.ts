import type { DatasetFormat } from '../../../../shared/schemas/datasets'
import { ParquetTable } from './parquet-table'
import { TextFileReader } from './text-reader'
import { delimitedBatches, jsonlBatches, textBatches, type TableShape } from './text-tables'

export interface ReadRowsOptions {
  signal?: AbortSignal
  /** Rows to skip first (the header is never a row). */
  offset?: number
  limit?: number
  /**
   * JSON Lines only: the column order to give cells in (the profile's column names). Without it,
   * cells follow the order keys first appeared in so far, and early rows may be shorter.
   */
  columns?: string[]
}

/**
 * Rows of a file of any format as string cells (header excluded), in batches, with what reading
 * learns about its columns in `shape`. Text formats put the file line each row read starts on
 * (skipped rows included) in `lines` when it is given, so that a reader can point at a bad cell;
 * Parquet rows have no line.
 */
export async function* tableBatches(
  path: string,
  format: DatasetFormat,
  shape: TableShape,
  opts: { signal?: AbortSignal; fromRow?: number; lines?: number[] } = {}
): AsyncGenerator<string[][]> {
  if (format === 'parquet') {
    const table = await ParquetTable.open(path)
    try {
      yield* table.batches(shape, { signal: opts.signal, fromRow: opts.fromRow })
    } finally {
      await table.close()
    }
    return
  }
  const reader = await TextFileReader.open(path, { signal: opts.signal })
  let skip = opts.fromRow ?? 0
  const batches =
    format === 'csv' || format === 'tsv'
      ? delimitedBatches(reader, format, shape, opts.lines)
      : format === 'jsonl'
        ? jsonlBatches(reader, shape, opts.lines)
        : textBatches(reader, shape, undefined, opts.lines)
  for await (const batch of batches) {
    const from = Math.min(skip, batch.length)
    skip -= from
    if (from < batch.length) yield from ? batch.slice(from) : batch
  }
}

/**
 * Streams rows of a registered file as string cells (header excluded), for previews, splits and
 * trainers. It reads from the start of the file (skipping `offset` rows), stops reading as soon as
 * `limit` rows are out, and closes the file when the caller stops iterating.
 */
export async function* readRows(path: string, format: DatasetFormat, opts: ReadRowsOptions = {}): AsyncGenerator<string[]> {
  let left = opts.limit ?? Infinity
  if (left <= 0) return
  const shape: TableShape = { columns: opts.columns ? [...opts.columns] : [] }
  for await (const batch of tableBatches(path, format, shape, { signal: opts.signal, fromRow: opts.offset })) {
    for (const row of batch) {
      yield row
      if (--left <= 0) return
    }
  }
}
