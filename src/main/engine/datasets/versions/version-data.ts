import { msg } from '../../../../shared/messages'
import { basename } from 'node:path'
import type { DatasetFormat, Split, Task } from '../../../../shared/schemas/datasets'
import { AppError, codedIssue, issueMessage, type FieldIssue } from '../../../../shared/errors'
import { isBooleanText, isMissing, parseNumber } from '../readers/cell'
import { datasetError } from '../dataset-error'
import { assignParts, toLabels } from './part-split'
import { readRows as readFileRows } from '../readers/read-rows'
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
  /** The column holding the text (text classification); null or absent when the version has none. */
  text?: string | null
  split: Split
}

/** Numeric features row-major, the target cell of each row, and each row's part of the split. */
export interface VersionTable {
  featureNames: string[]
  targetName: string
  rows: number
  x: Float64Array
  y: string[]
  /** Hold-out: 0 train, 1 validation; k-fold: the fold (see trainValRows). */
  part: Uint8Array
}

type ReadRows = typeof readFileRows

function cellValue(cell: string): number | null {
  if (isBooleanText(cell)) return cell.toLowerCase() === 'true' ? 1 : 0
  return isMissing(cell) ? null : parseNumber(cell.trim())
}

/** The version's target column and where it (`ti`) and the features (`fi`) stand among its file's columns; refuses a version whose columns the file lacks. */
export function versionColumns(src: VersionSource): { target: string; ti: number; fi: number[] } {
  const index = (name: string) => {
    const i = src.columns.indexOf(name)
    if (i < 0) throw datasetError(src.path, msg('file.versionColumnMissing', { column: name, version: src.versionId }))
    return i
  }
  if (src.target === null) throw datasetError(src.path, msg('file.versionNoTarget', { version: src.versionId }))
  return { target: src.target, ti: index(src.target), fi: src.features.map(index) }
}

/**
 * Reads the version's target and feature columns and computes its split, the same one the
 * version recorded, so a run sees exactly the parts the dataset page shows.
 */
export async function readVersionTable(src: VersionSource, readRows: ReadRows = readFileRows): Promise<VersionTable> {
  const file = basename(src.path)
  const { target, ti, fi } = versionColumns(src)
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
        const shown = isMissing(cell) ? msg('file.emptyValue') : JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell)
        throw datasetError(src.path, msg('file.at', { place: msg('file.rowColumn', { row: r + 1, name: src.features[j]! }), problem: msg('file.notANumber', { value: shown }) }))
      }
      x[r * f + j] = v
    }
    y.push((row[ti] ?? '').trim())
  }
  if (y.length === 0) throw datasetError(src.path, msg('file.versionNoRows', { file }))
  const labels = hasClasses(src.task) ? toLabels(y) : undefined
  return {
    featureNames: [...src.features],
    targetName: target,
    rows: y.length,
    x: x.subarray(0, y.length * f),
    y,
    part: assignParts(y.length, src.split, labels)
  }
}

/**
 * Problems with the fold a run validates on (`data.fold`), for a version's split: a k-fold version
 * needs a fold from 0 to k − 1; a hold-out version has one validation part, so only fold 0.
 */
export function foldIssues(split: Split, fold: number): FieldIssue[] {
  const field = 'data.fold'
  if (!Number.isInteger(fold) || fold < 0) return [codedIssue(field, msg('version.foldNegative', { fold }))]
  if (split.kind === 'kfold' && fold >= split.k) return [codedIssue(field, msg('version.foldTooHigh', { k: split.k, last: split.k - 1, fold }))]
  if (split.kind === 'holdout' && fold !== 0) return [codedIssue(field, msg('version.foldHoldout', { fold }))]
  return []
}

/**
 * The rows a run trains and validates on: hold-out parts 0 and 1, or, for a k-fold version, fold
 * `fold` for validation and every other fold for training (one run per fold makes the
 * cross-validation).
 */
export function trainValRows(part: Uint8Array, split: Split, fold = 0): { train: Uint32Array; val: Uint32Array } {
  const issues = foldIssues(split, fold)
  if (issues.length) throw AppError.coded('INVALID_CONFIG', msg('common.fieldIssue', { field: 'data.fold', problem: issueMessage(issues[0]!) }), { issues })
  const valPart = split.kind === 'kfold' ? fold : 1
  let valRows = 0
  for (const p of part) if (p === valPart) valRows++
  const train = new Uint32Array(part.length - valRows)
  const val = new Uint32Array(valRows)
  let t = 0
  let v = 0
  part.forEach((p, row) => (p === valPart ? (val[v++] = row) : (train[t++] = row)))
  return { train, val }
}
