import { AppError, codedIssue } from '../../../../shared/errors'
import { msg, type CodedMessage } from '../../../../shared/messages'
import type { DatasetFormat } from '../../../../shared/schemas/datasets'
import { datasetError, noRowsMessage, type Place } from '../dataset-error'
import { isBooleanText, isMissing, parseNumber as parseCell } from './cell'
import { csvError } from './csv'
import { formatOfPath } from './formats'
import { tableBatches } from './read-rows'
import type { TableShape } from './text-tables'

/** Numeric features row-major, and one target label per row (numbers or class names). */
export interface NumericTable {
  file: string
  featureNames: string[]
  targetName: string
  rows: number
  /** rows × featureNames.length values. */
  x: Float64Array
  /** The target cell of each row as written, trimmed: class labels may be text. */
  y: string[]
}

export interface NumericTableOptions {
  /** Target column name; empty or absent means the last column. */
  target?: string
}

/** The target column's index, or an error on `data.target` naming the columns that exist. */
export function targetIndex(header: string[], target: string | undefined, file: string): number {
  if (header.length < 2) throw csvError(file, msg('file.tooFewColumns', { count: header.length }))
  if (!target) return header.length - 1
  const index = header.indexOf(target)
  if (index < 0) {
    const message = msg('file.targetNotInHeader', { target, file: file.split(/[\\/]/).pop() ?? file, columns: header.join(', ') })
    throw AppError.coded('INVALID_CONFIG', message, { issues: [codedIssue('data.target', message)] })
  }
  return index
}

function parseNumber(text: string): number {
  const t = text.trim()
  // Number('') is 0 and Number('0x1f') is 31; neither is a value a table should silently hold.
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number.NaN
  return Number(t)
}

/** A feature cell as a number, as a dataset version reads it: true and false are 1 and 0; null when missing or not a number. */
function featureValue(cell: string): number | null {
  if (isBooleanText(cell)) return cell.toLowerCase() === 'true' ? 1 : 0
  return isMissing(cell) ? null : parseCell(cell.trim())
}

/** Where a cell is, in the words of its format: a line and column of a CSV, a line and key of JSON Lines, a row of Parquet. */
function cellPlace(format: DatasetFormat, row: number, line: number | undefined, column: number, name: string): { text: CodedMessage; place: Place } {
  if (line === undefined) return { text: msg('file.rowColumn', { row: row + 1, name }), place: {} }
  if (format === 'csv' || format === 'tsv') return { text: msg('file.lineColumnNamed', { line, column: column + 1, name }), place: { line, column: column + 1 } }
  return { text: msg('file.lineNamed', { line, name }), place: { line } }
}

/** A table's records as text, in any format the dataset readers know, with its header, the target's index and each record's line (none in Parquet). Refuses a table without rows. */
export async function readTableRecords(path: string, target?: string): Promise<{ format: DatasetFormat; header: string[]; ti: number; records: string[][]; lines: number[] }> {
  const format = formatOfPath(path)
  const shape: TableShape = { columns: [] }
  const lines: number[] = []
  const records: string[][] = []
  for await (const batch of tableBatches(path, format, shape, { lines })) for (const row of batch) records.push(row)
  const header = shape.columns
  const ti = targetIndex(header, target, path)
  if (records.length === 0) throw datasetError(path, noRowsMessage(header, format !== 'parquet'))
  return { format, header, ti, records, lines }
}

/**
 * Reads a table whose feature cells are numbers, in any format the dataset readers know (CSV,
 * TSV, JSON Lines, Parquet; decimal commas already read as numbers); errors name the file and the
 * line and column (or row) of the cell.
 */
export async function readNumericTable(path: string, options: NumericTableOptions = {}): Promise<NumericTable> {
  const { format, header, ti, records, lines } = await readTableRecords(path, options.target)
  const rows = records.length
  const featureIdx = header.map((_, i) => i).filter((i) => i !== ti)
  const f = featureIdx.length
  const x = new Float64Array(rows * f)
  const y: string[] = new Array(rows)
  for (let r = 0; r < rows; r++) {
    const rec = records[r]
    const at = (c: number) => cellPlace(format, r, lines[r], c, header[c])
    y[r] = (rec[ti] ?? '').trim()
    if (y[r] === '') {
      const { text, place } = at(ti)
      throw csvError(path, msg('file.at', { place: text, problem: msg('file.targetEmpty') }), { ...place })
    }
    for (let j = 0; j < f; j++) {
      const c = featureIdx[j]
      const cell = rec[c] ?? ''
      const v = featureValue(cell)
      if (v === null) {
        const shown = isMissing(cell) ? msg('file.emptyValue') : JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell)
        const { text, place } = at(c)
        throw csvError(path, msg('file.at', { place: text, problem: msg('file.notANumber', { value: shown }) }), { ...place })
      }
      x[r * f + j] = v
    }
  }
  return { file: path, featureNames: featureIdx.map((i) => header[i]), targetName: header[ti], rows, x, y }
}

/** The same reader under its first name, from when it read CSV only. */
export const readNumericCsv = readNumericTable

/** Distinct labels in order (numerically when every label is a number), and each row's index into them. */
export function classIndices(y: string[]): { classes: string[]; labels: BigInt64Array } {
  const distinct = [...new Set(y)]
  const numeric = distinct.every((v) => !Number.isNaN(parseNumber(v)))
  const classes = numeric ? distinct.sort((a, b) => parseNumber(a) - parseNumber(b)) : distinct.sort()
  const index = new Map(classes.map((c, i) => [c, BigInt(i)]))
  return { classes, labels: BigInt64Array.from(y, (v) => index.get(v)!) }
}
