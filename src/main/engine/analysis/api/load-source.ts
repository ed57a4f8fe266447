import { readFileSync } from 'node:fs'
import { AppError } from '../../../../shared/errors'
import type { AnalysisNotice } from '../../../../shared/schemas/analysis'
import { parseCsv } from '../../datasets/readers/csv'
import type { ParamHint } from '../table'
import type { SourceData } from './job'

/**
 * A source read into row objects, with each column's role guessed once: outcome (metric), seed,
 * identifier, or parameter. Runs know their roles from the store; a CSV is read by its header.
 */
export interface SourceRows {
  kind: 'csv' | 'runs'
  rows: Record<string, unknown>[]
  columns: string[]
  metrics: Set<string>
  seeds: Set<string>
  ids: Set<string>
  hints: Record<string, ParamHint>
  /** CSV only: each row's line in the file, for messages. */
  lines?: number[]
  /** Runs only: the target metric's values by evaluation, per row. */
  curves?: (number[] | undefined)[]
  /** What the reader of the source already had to say (runs left out). */
  notes: AnalysisNotice[]
  /** The target to offer first, when the source knows it (a study's objective). */
  preferredTarget?: string
}

// Names that read as outcomes; per-epoch copies of a metric are written `<metric>@<epoch>`.
const METRIC_WORDS = /(^|[^a-z0-9])(loss|acc|accuracy|error|err|score|metric|f1|auc|rmse|mae|mse|r2|perplexity|ppl|bleu|rouge|reward|objective|target|fitness|y)([^a-z0-9]|$)/i
const METRIC_PREFIX = /^(val|valid|validation|test|train|eval)[_/.-]/i
export const EPOCH_COLUMN = /^(.+)@(\d+)$/
const SEED_NAME = /(^|[._/-])seed$/i
const ID_NAME = /^(id|run|run_?id|trial|trial_?id|number|name|run_?name)$/i

export function looksLikeMetric(name: string): boolean {
  return METRIC_WORDS.test(name) || METRIC_PREFIX.test(name) || EPOCH_COLUMN.test(name)
}

function readCsvRows(path: string): SourceRows {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw AppError.fromIssues('INVALID_INPUT', [{ field: 'source.path', message: `cannot read ${path}: ${(err as Error).message}` }])
  }
  const csv = parseCsv(text, path)
  const rows = csv.records.map((rec) => Object.fromEntries(csv.header.map((h, j) => [h, rec[j] ?? ''])))
  const columns = csv.header
  const metrics = new Set(columns.filter((c) => looksLikeMetric(c) && !SEED_NAME.test(c)))
  const seeds = new Set(columns.filter((c) => SEED_NAME.test(c)))
  const ids = new Set(columns.filter((c) => ID_NAME.test(c) || isIdentifier(rows, c)))
  for (const c of ids) metrics.delete(c)
  return { kind: 'csv', rows, columns, metrics, seeds, ids, hints: {}, lines: csv.lines, notes: [] }
}

/** A text column whose every value differs (run names, hashes) identifies rows; it is no parameter. */
function isIdentifier(rows: Record<string, unknown>[], column: string): boolean {
  if (rows.length < 10) return false
  const seen = new Set<unknown>()
  for (const r of rows) {
    const v = r[column]
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return false
    seen.add(v)
  }
  return seen.size === rows.length
}

function runRows(data: Extract<SourceData, { kind: 'runs' }>): SourceRows {
  const metrics = new Set<string>()
  const configKeys = new Set<string>()
  const rows = data.runs.map((run) => {
    for (const k of Object.keys(run.config)) configKeys.add(k)
    for (const k of Object.keys(run.metrics)) metrics.add(k)
    // Config keys are dotted lower-case paths and metric names never are, so they cannot collide.
    return { ...run.config, ...run.metrics }
  })
  const columns = [...configKeys, ...metrics]
  const seeds = new Set(data.seedKeys.filter((k) => configKeys.has(k)))
  const curves = data.runs.map((r) => r.curve)
  return { kind: 'runs', rows, columns, metrics, seeds, ids: new Set(), hints: data.hints, curves, notes: data.notes, preferredTarget: data.preferredTarget }
}

export function loadSource(data: SourceData): SourceRows {
  return data.kind === 'csv' ? readCsvRows(data.path) : runRows(data)
}

export function isMissing(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (typeof v === 'number' && Number.isNaN(v))
}

/**
 * Whether a numeric column was most likely sampled on a log scale: positive, spanning two decades
 * or more, and bunched at its low end (a log-uniform sample puts half its values in the lowest
 * tenth of a range that wide; a uniform one puts a tenth there).
 */
export function looksLogScaled(values: number[]): boolean {
  if (values.length < 5) return false
  let lo = Infinity
  let hi = -Infinity
  for (const v of values) {
    if (!(v > 0)) return false
    if (v < lo) lo = v
    if (v > hi) hi = v
  }
  if (hi / lo < 100) return false
  // The median lies in the lowest tenth when more than half the values do; no sort needed.
  const cut = lo + 0.1 * (hi - lo)
  let below = 0
  for (const v of values) if (v < cut) below++
  return below > values.length / 2
}

// Column scans repeat (kinds, log look, target choice); each is done once per source.
const numericMemo = new WeakMap<Record<string, unknown>[], Map<string, number[] | null>>()

/** Numbers of a column (missing cells left out), or null when a cell is not a number. */
export function numericCells(rows: Record<string, unknown>[], column: string): number[] | null {
  let memo = numericMemo.get(rows)
  if (!memo) numericMemo.set(rows, (memo = new Map()))
  if (memo.has(column)) return memo.get(column) as number[] | null
  let out: number[] | null = []
  for (const r of rows) {
    const v = r[column]
    if (isMissing(v)) continue
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.trim()) : NaN
    if (!Number.isFinite(n)) {
      out = null
      break
    }
    out.push(n)
  }
  memo.set(column, out)
  return out
}
