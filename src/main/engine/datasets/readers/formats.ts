import { msg } from '../../../../shared/messages'
import { extname } from 'node:path'
import type { DatasetFormat } from '../../../../shared/schemas/datasets'
import { datasetError } from '../dataset-error'

const BY_EXTENSION: Record<string, DatasetFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.txt': 'text',
  '.text': 'text',
  '.parquet': 'parquet',
  '.pq': 'parquet'
}

/** The format a file's extension names; any other extension is refused with the list of known ones. */
export function formatOfPath(path: string): DatasetFormat {
  const ext = extname(path).toLowerCase()
  const format = BY_EXTENSION[ext]
  if (!format) {
    const known = Object.keys(BY_EXTENSION).join(', ')
    throw datasetError(path, ext ? msg('file.extensionUnsupported', { ext, known }) : msg('file.noExtension', { known }))
  }
  return format
}
