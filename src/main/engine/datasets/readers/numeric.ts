import { readFile } from 'node:fs/promises'
import { AppError } from '../../../../shared/errors'
import { csvError, parseCsv } from './csv'

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

export interface NumericCsvOptions {
  /** Target column name; empty or absent means the last column. */
  target?: string
}

/** The target column's index, or an error on `data.target` naming the columns that exist. */
export function targetIndex(header: string[], target: string | undefined, file: string): number {
  if (header.length < 2) throw csvError(file, `needs at least two columns (features and a target), found ${header.length}`)
  if (!target) return header.length - 1
  const index = header.indexOf(target)
  if (index < 0) {
    const message = `column "${target}" is not in the header of ${file.split(/[\\/]/).pop()} (columns: ${header.join(', ')})`
    throw new AppError('INVALID_CONFIG', message, { issues: [{ field: 'data.target', message }] })
  }
  return index
}

function parseNumber(text: string): number {
  const t = text.trim()
  // Number('') is 0 and Number('0x1f') is 31; neither is a value a table should silently hold.
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number.NaN
  return Number(t)
}

/** Reads a CSV whose feature cells are numbers; errors name the file, line and column. */
export async function readNumericCsv(path: string, options: NumericCsvOptions = {}): Promise<NumericTable> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : 'the file cannot be read'
    throw csvError(path, why)
  }
  const table = parseCsv(text, path)
  const ti = targetIndex(table.header, options.target, path)
  const featureIdx = table.header.map((_, i) => i).filter((i) => i !== ti)
  const rows = table.records.length
  const f = featureIdx.length
  const x = new Float64Array(rows * f)
  const y: string[] = new Array(rows)
  for (let r = 0; r < rows; r++) {
    const rec = table.records[r]
    for (let c = 0; c < rec.length; c++) {
      if (c === ti) {
        y[r] = rec[c].trim()
        if (y[r] === '') throw csvError(path, `line ${table.lines[r]}, column ${c + 1} ("${table.header[c]}"): the target is empty`, { line: table.lines[r], column: c + 1 })
        continue
      }
      const v = parseNumber(rec[c])
      if (Number.isNaN(v)) {
        const shown = rec[c].trim() === '' ? 'an empty value' : JSON.stringify(rec[c].length > 40 ? `${rec[c].slice(0, 40)}…` : rec[c])
        throw csvError(path, `line ${table.lines[r]}, column ${c + 1} ("${table.header[c]}"): ${shown} is not a number`, {
          line: table.lines[r],
          column: c + 1
        })
      }
      x[r * f + (c < ti ? c : c - 1)] = v
    }
  }
  return { file: path, featureNames: featureIdx.map((i) => table.header[i]), targetName: table.header[ti], rows, x, y }
}

/** Distinct labels in order (numerically when every label is a number), and each row's index into them. */
export function classIndices(y: string[]): { classes: string[]; labels: BigInt64Array } {
  const distinct = [...new Set(y)]
  const numeric = distinct.every((v) => !Number.isNaN(parseNumber(v)))
  const classes = numeric ? distinct.sort((a, b) => parseNumber(a) - parseNumber(b)) : distinct.sort()
  const index = new Map(classes.map((c, i) => [c, BigInt(i)]))
  return { classes, labels: BigInt64Array.from(y, (v) => index.get(v)!) }
}
