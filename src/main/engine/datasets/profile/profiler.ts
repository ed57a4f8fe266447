import type { ColumnType, DatasetProfile } from '../../../../shared/schemas/datasets'
import { ColumnStats } from './column-stats'
import { detach } from '../dataset-error'
import type { RecordView } from '../readers/delimited'

export const PREVIEW_ROWS = 100

/** Profiles a table row by row; columns may be added later (JSON Lines), counting earlier rows as missing. */
export class Profiler {
  rows = 0
  readonly columns: ColumnStats[] = []
  readonly preview: string[][] = []

  constructor(
    names: string[],
    private readonly target?: string,
    private readonly forcedType?: ColumnType
  ) {
    for (const name of names) this.addColumn(name)
  }

  addColumn(name: string): number {
    const stats = new ColumnStats(name, name === this.target)
    stats.missing = this.rows
    return this.columns.push(stats) - 1
  }

  /** Adds one row; cells beyond the columns are ignored and absent cells are missing. */
  add(cells: string[]): void {
    const cols = this.columns
    const n = cols.length
    for (let j = 0; j < n; j++) {
      const cell = cells[j]
      if (cell === undefined) cols[j].missing++
      else cols[j].add(cell)
    }
    if (this.preview.length < PREVIEW_ROWS) this.preview.push(cells.slice(0, n).map(detach))
    this.rows++
  }

  /** Adds one CSV record straight from the parser's view (its field count is already checked). */
  addRecord(r: RecordView): void {
    const cols = this.columns
    const { bytes, ascii, starts, ends, quotes, numbers, integers, unescaped } = r
    for (let j = 0; j < cols.length; j++) {
      const v = numbers[j]
      const u = unescaped[j]
      if (v === v) cols[j].addNumber(v, integers[j] === 1, ends[j] - starts[j])
      else if (u !== null) cols[j].add(u)
      else cols[j].addBytes(bytes, starts[j], ends[j], ascii, quotes[j])
    }
    if (this.preview.length < PREVIEW_ROWS) this.preview.push(r.fields().map(detach))
    this.rows++
  }

  result(extra: Pick<DatasetProfile, 'delimiter' | 'hasHeader' | 'hadBom' | 'decimalComma'> = {}): DatasetProfile {
    const width = this.columns.length
    const preview = this.preview.map((r) => (r.length < width ? [...r, ...new Array<string>(width - r.length).fill('')] : r))
    return { rows: this.rows, columns: this.columns.map((c) => c.profile(this.forcedType)), ...extra, preview }
  }
}
