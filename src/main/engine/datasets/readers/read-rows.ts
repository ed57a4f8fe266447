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
 * Streams rows of a registered file as string cells (header excluded), for previews, splits and
 * trainers. It reads from the start of the file (skipping `offset` rows), stops reading as soon as
 * `limit` rows are out, and closes the file when the caller stops iterating.
 */
export async function* readRows(path: string, format: DatasetFormat, opts: ReadRowsOptions = {}): AsyncGenerator<string[]> {
  let skip = opts.offset ?? 0
  let left = opts.limit ?? Infinity
  if (left <= 0) return
  const shape: TableShape = { columns: opts.columns ? [...opts.columns] : [] }
  if (format === 'parquet') {
    const table = await ParquetTable.open(path)
    try {
      for await (const batch of table.batches(shape, { signal: opts.signal, fromRow: skip })) {
        for (const row of batch) {
          yield row
          if (--left <= 0) return
        }
      }
    } finally {
      await table.close()
    }
    return
  }
  const reader = await TextFileReader.open(path, { signal: opts.signal })
  const batches =
    format === 'csv' || format === 'tsv' ? delimitedBatches(reader, format, shape) : format === 'jsonl' ? jsonlBatches(reader, shape) : textBatches(reader, shape)
  for await (const batch of batches) {
    const from = Math.min(skip, batch.length)
    skip -= from
    for (let i = from; i < batch.length; i++) {
      yield batch[i]
      if (--left <= 0) return
    }
  }
}
