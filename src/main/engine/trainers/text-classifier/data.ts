import { msg, type CodedMessage } from '../../../../shared/messages'
import { basename } from 'node:path'
import { AppError, codedIssue } from '../../../../shared/errors'
import type { DatasetFormat } from '../../../../shared/schemas/datasets'
import { readCsvHeader } from '../../datasets/readers/csv'
import { datasetError } from '../../datasets/dataset-error'
import { formatOfPath } from '../../datasets/readers/formats'
import { assignParts, toLabels } from '../../datasets/versions/part-split'
import { readRows } from '../../datasets/readers/read-rows'
import { holdOutSplit } from '../../datasets/versions/split'
import type { VersionSource } from '../../datasets/versions/version-data'
import type { Part } from '../common/part'
import { featurize, type NgramOptions } from './features'

/** The text and label of every row, as read. */
export interface TextTable {
  texts: string[]
  labels: string[]
}

/** A split ready for the graph: hashed ids as float rows of `slots`, class indices as int64. */
export interface TextData {
  classes: string[]
  slots: number
  train: Part
  val: Part
}

function configError(field: string, problem: CodedMessage): AppError {
  return AppError.coded('INVALID_CONFIG', msg('common.fieldIssue', { field, problem }), { issues: [codedIssue(field, problem)] })
}

function columnIndex(columns: string[], name: string, field: string, file: string): number {
  const i = columns.indexOf(name)
  if (i < 0) throw configError(field, msg('trainer.noColumnIn', { column: name, file, columns: columns.join(', ') }))
  return i
}

/**
 * Reads the text and label columns of a CSV or JSON Lines file. A row without a label is refused
 * by its number; an empty text is allowed (it gets the zero vector).
 */
export async function readTextTable(path: string, text: string, target: string, format: DatasetFormat = formatOfPath(path)): Promise<TextTable> {
  const file = basename(path)
  if (format !== 'csv' && format !== 'jsonl') throw datasetError(path, msg('file.textClassifierFormat', { format }))
  if (text === target) throw configError('data.target', msg('trainer.labelMustDiffer', { column: text }))
  // JSON Lines rows follow the order of `columns`; a CSV's header says where each column is.
  const [ti, yi] = format === 'csv' ? await (async () => {
    const header = await readCsvHeader(path)
    return [columnIndex(header, text, 'data.text', file), columnIndex(header, target, 'data.target', file)]
  })() : [0, 1]
  const table: TextTable = { texts: [], labels: [] }
  let anyText = false
  for await (const row of readRows(path, format, { columns: format === 'jsonl' ? [text, target] : undefined })) {
    const label = (row[yi] ?? '').trim()
    if (label === '') throw datasetError(path, msg('file.rowNoLabel', { row: table.labels.length + 1, column: target }))
    const t = row[ti] ?? ''
    anyText ||= t.trim() !== ''
    table.texts.push(t)
    table.labels.push(label)
  }
  if (table.labels.length === 0) throw datasetError(path, msg('file.versionNoRows', { file }))
  if (!anyText) throw configError('data.text', msg('trainer.noText', { file, column: text }))
  return table
}

/** Reads a version's own text and label columns; `data.text` serves only a version that names no text column. */
export async function readVersionTextTable(source: VersionSource, textColumn: string): Promise<{ table: TextTable; part: Uint8Array }> {
  if (source.target === null) throw datasetError(source.path, msg('file.versionNoLabel', { version: source.versionId }))
  const table = await readTextTable(source.path, source.text ?? textColumn, source.target, source.format)
  return { table, part: assignParts(table.labels.length, source.split, toLabels(table.labels)) }
}

/** Parts of a plain file's seeded hold-out split: the same rows an mlp run with this seed holds out. */
export function holdOutParts(rows: number, valFraction: number, seed: number): Uint8Array {
  const part = new Uint8Array(rows)
  for (const r of holdOutSplit(rows, valFraction, seed).val) part[r] = 1
  return part
}

/** Hashes every text and maps labels to sorted class indices; part 0 trains, part 1 validates. */
export function prepareTextData(table: TextTable, part: Uint8Array, ngrams: NgramOptions): TextData {
  const { classes, index } = toLabels(table.labels)
  const { x, slots } = featurize(table.texts, ngrams)
  const pick = (p: number): Part => {
    const rows = Uint32Array.from(part.keys()).filter((r) => part[r] === p)
    const px = new Float32Array(rows.length * slots)
    rows.forEach((r, i) => px.set(x.subarray(r * slots, (r + 1) * slots), i * slots))
    return { rows: rows.length, x: px, y: BigInt64Array.from(rows, (r) => BigInt(index[r])) }
  }
  return { classes, slots, train: pick(0), val: pick(1) }
}
