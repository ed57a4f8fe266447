import { basename } from 'node:path'
import type { DatasetFormat, Split, Task } from '../../../shared/schemas/datasets'
import { isBooleanText, isMissing, parseNumber } from './cell'
import { datasetError } from './dataset-error'
import { assignParts, toLabels } from './part-split'
import { readRows as readFileRows } from './read-rows'
import { hasClasses } from './versions'

/** What a trainer needs to read a run's data through its dataset version. */
export interface VersionSource {
  versionId: number
  path: string
  format: DatasetFormat
  /** The file's columns in order, as profiled. */
  columns: string[]
  task: Task
  target: string | null
  features: string[]
  split: Split
}

/** Numeric features row-major, the target cell of each row, and each row's part of the split. */
export interface VersionTable {
  featureNames: string[]
  targetName: string
  rows: number
  x: Float64Array
  y: string[]
  /** Hold-out: 0 train, 1 validation; k-fold: the fold. */
  part: Uint8Array
}

type ReadRows = typeof readFileRows

function cellValue(cell: string): number | null {
  if (isBooleanText(cell)) return cell.toLowerCase() === 'true' ? 1 : 0
  return isMissing(cell) ? null : parseNumber(cell.trim())
}

/**
 * Reads the version's target and feature columns and computes its split, the same one the
 * version recorded, so a run sees exactly the parts the dataset page shows.
 */
export async function readVersionTable(src: VersionSource, readRows: ReadRows = readFileRows): Promise<VersionTable> {
  const file = basename(src.path)
  const index = (name: string) => {
    const i = src.columns.indexOf(name)
    if (i < 0) throw datasetError(src.path, `the column "${name}" of dataset version ${src.versionId} is not in the file`)
    return i
  }
  if (src.target === null) throw datasetError(src.path, `dataset version ${src.versionId} has no target column`)
  const ti = index(src.target)
  const fi = src.features.map(index)
  const f = fi.length
  let x = new Float64Array(1024 * Math.max(1, f))
  const y: string[] = []
  for await (const row of readRows(src.path, src.format, { columns: src.columns })) {
    const r = y.length
    if ((r + 1) * f > x.length) {
      const grown = new Float64Array(x.length * 2)
      grown.set(x)
      x = grown
    }
    for (let j = 0; j < f; j++) {
      const cell = row[fi[j]] ?? ''
      const v = cellValue(cell)
      if (v === null) {
        const shown = isMissing(cell) ? 'an empty value' : JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell)
        throw datasetError(src.path, `row ${r + 1}, column "${src.features[j]}": ${shown} is not a number`)
      }
      x[r * f + j] = v
    }
    y.push((row[ti] ?? '').trim())
  }
  if (y.length === 0) throw datasetError(src.path, `${file} has no rows`)
  const labels = hasClasses(src.task) ? toLabels(y) : undefined
  return {
    featureNames: [...src.features],
    targetName: src.target,
    rows: y.length,
    x: x.subarray(0, y.length * f),
    y,
    part: assignParts(y.length, src.split, labels)
  }
}
