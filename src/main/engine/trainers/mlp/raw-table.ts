import { basename } from 'node:path'
import { AppError, codedIssue } from '../../../../shared/errors'
import { msg, type CodedMessage } from '../../../../shared/messages'
import { datasetError } from '../../datasets/dataset-error'
import { mixedColumns, type MixedColumn } from '../../datasets/readers/mixed'
import { readRows } from '../../datasets/readers/read-rows'
import { assignParts, toLabels } from '../../datasets/versions/part-split'
import { versionColumns, type VersionSource } from '../../datasets/versions/version-data'
import { hasClasses } from '../../datasets/versions/versions'
import { completeRows, firstMissing, type PreprocessOptions } from '../common/preprocess'

/** Feature columns of either kind and the target, before any row is dropped or filled. */
export interface RawRows {
  columns: MixedColumn[]
  rows: number
  y: string[]
  /** Each row's part of a dataset version's split (absent for a file split by seed). */
  part?: Uint8Array
  where: (r: number) => CodedMessage
}

function pickRows(columns: MixedColumn[], keep: Uint32Array): MixedColumn[] {
  return columns.map((c) =>
    c.kind === 'numeric' ? { ...c, values: Float64Array.from(keep, (r) => c.values[r]) } : { ...c, values: Array.from(keep, (r) => c.values[r]) }
  )
}

/**
 * `data.missing` before the split: `refuse` names the first missing numeric cell, `drop_rows`
 * leaves out every row with one (saying how many); filling happens later, with training statistics.
 */
export function handleMissing(raw: RawRows, options: PreprocessOptions, log: CodedMessage[]): RawRows {
  if (options.missing === 'refuse') {
    const at = firstMissing(raw.columns)
    if (at) {
      const message = msg('trainer.valueMissing', { where: raw.where(at.row), column: at.column })
      throw AppError.coded('DATASET_INVALID', message, { issues: [codedIssue('data.missing', message)] })
    }
  }
  if (options.missing !== 'drop_rows') return raw
  const keep = completeRows(raw.columns, raw.rows)
  if (keep.length === raw.rows) return raw
  log.push(msg('log.rowsDropped', { count: raw.rows - keep.length, rows: raw.rows }))
  return {
    columns: pickRows(raw.columns, keep),
    rows: keep.length,
    y: Array.from(keep, (r) => raw.y[r]),
    part: raw.part && Uint8Array.from(keep, (r) => raw.part![r]),
    where: (r) => raw.where(keep[r])
  }
}

/** A dataset version's feature columns (numeric or categorical) and target, with the parts its split recorded. */
export async function readVersionRows(src: VersionSource): Promise<RawRows> {
  const { ti, fi } = versionColumns(src)
  const records: string[][] = []
  for await (const row of readRows(src.path, src.format, { columns: src.columns })) records.push(row)
  if (records.length === 0) throw datasetError(src.path, msg('file.versionNoRows', { file: basename(src.path) }))
  const y = records.map((row) => (row[ti] ?? '').trim())
  const columns = mixedColumns(src.features, records.length, (r, j) => records[r][fi[j]] ?? '')
  const part = assignParts(y.length, src.split, hasClasses(src.task) ? toLabels(y) : undefined)
  return { columns, rows: y.length, y, part, where: (r) => msg('file.rowAt', { row: r + 1 }) }
}
