import { msg, type CodedMessage } from '../../../../shared/messages'
import { isBooleanText, isMissing, parseNumber } from './cell'
import { csvError } from './csv'
import { readTableRecords } from './numeric'

/** A numeric feature column (NaN where a cell is missing), or a categorical one (text as written, '' where missing). */
export type MixedColumn = { name: string; kind: 'numeric'; values: Float64Array } | { name: string; kind: 'categorical'; values: string[] }

/** Feature columns of either kind, and one target label per row. */
export interface MixedTable {
  file: string
  columns: MixedColumn[]
  targetName: string
  rows: number
  y: string[]
  /** Where row r (0-based) is in the file, in its format's words: "line 12" or "row 12". */
  where: (r: number) => CodedMessage
}

function numberOf(cell: string): number | null {
  if (isBooleanText(cell)) return cell.toLowerCase() === 'true' ? 1 : 0
  return parseNumber(cell.trim())
}

/**
 * Feature columns from rows of text cells: a column whose every present cell is a number (or
 * true/false, read as 1 and 0) is numeric, any other is categorical. Missing cells are those the
 * profile counts as missing (empty, NA, null…).
 */
export function mixedColumns(names: string[], rows: number, cell: (r: number, j: number) => string): MixedColumn[] {
  return names.map((name, j) => {
    const values = new Float64Array(rows)
    let numeric = true
    for (let r = 0; r < rows && numeric; r++) {
      const c = cell(r, j)
      if (isMissing(c) || isMissing(c.trim())) values[r] = Number.NaN
      else {
        const v = numberOf(c)
        if (v === null) numeric = false
        else values[r] = v
      }
    }
    if (numeric) return { name, kind: 'numeric', values }
    const text = Array.from({ length: rows }, (_, r) => {
      const c = cell(r, j).trim()
      return isMissing(c) ? '' : c
    })
    return { name, kind: 'categorical', values: text }
  })
}

/** Reads a table of numeric and categorical features (CSV, TSV, JSON Lines or Parquet) and its target column. */
export async function readMixedTable(path: string, options: { target?: string } = {}): Promise<MixedTable> {
  const { header, ti, records, lines } = await readTableRecords(path, options.target)
  const rows = records.length
  const where = (r: number): CodedMessage => (lines[r] === undefined ? msg('file.rowAt', { row: r + 1 }) : msg('common.atLine', { line: lines[r]! }))
  const y = records.map((rec, r) => {
    const v = (rec[ti] ?? '').trim()
    if (v === '') throw csvError(path, msg('file.cellAt', { where: where(r), column: header[ti]!, problem: msg('file.targetEmpty') }), lines[r] === undefined ? {} : { line: lines[r] })
    return v
  })
  const featureIdx = header.map((_, i) => i).filter((i) => i !== ti)
  const columns = mixedColumns(
    featureIdx.map((i) => header[i]),
    rows,
    (r, j) => records[r][featureIdx[j]] ?? ''
  )
  return { file: path, columns, targetName: header[ti], rows, y, where }
}
