import { msg } from '../../../../shared/messages'
import { datasetError } from '../dataset-error'

/**
 * Turns JSON Lines objects into rows of text cells. Keys become columns in the order they first
 * appear; a key missing from a line is a missing cell; null is missing; nested values are kept
 * as JSON text.
 */
export class JsonlRows {
  readonly columns: string[] = []
  private readonly index = new Map<string, number>()

  constructor(
    private readonly file: string,
    columns: string[] = []
  ) {
    for (const c of columns) this.column(c)
  }

  /** The row of one line, or null for a blank line. */
  row(text: string, line: number): string[] | null {
    if (text.trim() === '') return null
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (err) {
      throw datasetError(this.file, msg('file.notJson', { reason: (err as Error).message }), { line, column: errorColumn(err as Error) })
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw datasetError(this.file, msg('file.jsonNotObject', { kind: Array.isArray(value) ? msg('file.kindArray') : value === null ? 'null' : typeof value }), { line })
    }
    const cells: string[] = []
    for (const [key, v] of Object.entries(value)) {
      if (key.trim() === '') throw datasetError(this.file, msg('file.jsonEmptyKey'), { line })
      const j = this.column(key)
      while (cells.length < j) cells.push('')
      cells[j] = cellText(v)
    }
    return cells
  }

  private column(key: string): number {
    let j = this.index.get(key)
    if (j === undefined) {
      j = this.columns.push(key) - 1
      this.index.set(key, j)
    }
    return j
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return JSON.stringify(v)
}

/** V8 says "... at position N" (0-based) or "(line 1 column N)"; turn either into a column. */
function errorColumn(err: Error): number | undefined {
  const col = /column (\d+)/.exec(err.message)
  if (col) return Number(col[1])
  const pos = /position (\d+)/.exec(err.message)
  return pos ? Number(pos[1]) + 1 : undefined
}
