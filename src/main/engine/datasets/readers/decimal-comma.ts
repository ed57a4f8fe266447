import type { RecordView } from './record-view'

/**
 * Numbers as continental European spreadsheets write them, in files separated by semicolons:
 * a decimal comma, optionally thousands dots (`3,14`, `-0,5`, `1.234,5`, `1.234`). A dot between
 * digits is a thousands mark only before groups of exactly three digits.
 */
const COMMA_NUMBER = /^[+-]?(?:\d+|[1-9]\d{0,2}(?:\.\d{3})+)(?:,\d+)?(?:[eE][+-]?\d+)?$/
/** A number with a decimal comma, the mark of such a file. */
const HAS_DECIMAL_COMMA = /^[+-]?(?:\d+|[1-9]\d{0,2}(?:\.\d{3})+),\d+(?:[eE][+-]?\d+)?$/
/** A number with a decimal point that cannot be read as thousands dots: it rules the decimal comma out. */
const HAS_DECIMAL_POINT = /^[+-]?\d*\.\d+(?:[eE][+-]?\d+)?$/
const THOUSANDS_ONLY = /^[+-]?[1-9]\d{0,2}(?:\.\d{3})+$/

/** The cell as a plain decimal (`1234.5`) when it is a decimal-comma number; null when it is anything else. */
export function fromDecimalComma(cell: string): string | null {
  if (cell.indexOf(',') < 0 && cell.indexOf('.') < 0) return null
  const t = cell.trim()
  return COMMA_NUMBER.test(t) ? t.replaceAll('.', '').replace(',', '.') : null
}

/**
 * Whether the sample's numbers use a decimal comma: some cell is a number with a decimal comma
 * and no cell is a number with a decimal point, so a file that mixes the two keeps its text.
 */
export function sniffDecimalComma(records: string[][]): boolean {
  let commas = 0
  for (const record of records) {
    for (const raw of record) {
      const cell = raw.trim()
      if (HAS_DECIMAL_COMMA.test(cell)) commas++
      else if (HAS_DECIMAL_POINT.test(cell) && !THOUSANDS_ONLY.test(cell)) return false
    }
  }
  return commas > 0
}

/** Rewrites the record's decimal-comma numbers in place as plain decimals, read as numbers by the profile and as text by readers. */
export function toPointDecimals(r: RecordView): void {
  for (let j = 0; j < r.count; j++) {
    // A plain integer read while splitting is already what it means.
    if (r.integers[j] === 1 && r.numbers[j] === r.numbers[j]) continue
    const plain = fromDecimalComma(r.field(j))
    if (plain === null) continue
    r.unescaped[j] = plain
    r.numbers[j] = +plain
    r.integers[j] = /[.eE]/.test(plain) ? 0 : 1
  }
}
