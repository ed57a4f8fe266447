import { AppError } from '../../../../shared/errors'
import { analysisNotice } from '../../../../shared/messages/analysis'
import type { AnalysisNotice, HeldConstant } from '../../../../shared/schemas/analysis'
import { parseSpace, type SearchSpace } from '../../studies/space'
import { activeCount, tableFromRows, type ParamHint, type ResultTable } from '../table'
import { EPOCH_COLUMN, isMissing, looksLogScaled, numericCells, type SourceRows } from './load-source'

export interface TableRequest {
  target: string
  params?: string[]
  space?: Record<string, unknown>
}

export interface Prepared {
  table: ResultTable
  space: SearchSpace | null
  /** Coded notices: what a reader must know about how the table was built. */
  notices: AnalysisNotice[]
  /** Named or default parameter columns (and seeds) with one value in every row, left out. */
  constants: HeldConstant[]
  /** Per evaluation (epoch) the target of each kept row, NaN where a run had stopped. */
  epochs: { epoch: number; target: Float64Array }[]
  /** The table of every repeat when `table` holds their means (a study's design points): the noise floor reads it. */
  repeats?: ResultTable
}

/** Most epochs shown in importance over training; longer curves are sampled evenly. */
const MAX_EPOCHS = 50

/** The columns that are parameters by default: not outcomes, seeds, identifiers or the target. */
export function defaultParams(src: SourceRows, target: string | null): string[] {
  return src.columns.filter((c) => c !== target && !src.metrics.has(c) && !src.seeds.has(c) && !src.ids.has(c))
}

const cellText = (v: unknown): string => (isMissing(v) ? '' : String(v))

export function isConstant(src: SourceRows, column: string): boolean {
  const first = cellText(src.rows[0]?.[column])
  return src.rows.every((r) => cellText(r[column]) === first)
}

/** A constant column as listed: its one value, null where it is never set. */
export function heldConstant(src: SourceRows, column: string): HeldConstant {
  const v = src.rows[0]?.[column]
  return { name: column, value: isMissing(v) ? null : typeof v === 'number' ? v : String(v) }
}

/** Kinds and bounds: the request's search space first, then the trainer schema, then the data's look. */
export function hintsFor(src: SourceRows, params: string[], space: SearchSpace | null): Record<string, ParamHint> {
  const hints: Record<string, ParamHint> = {}
  for (const name of params) {
    const sp = space?.params.find((p) => p.name === name)
    if (sp) hints[name] = sp.type === 'categorical' ? { type: 'categorical' } : { type: sp.type, log: sp.log, low: sp.low, high: sp.high }
    else if (src.hints[name]) hints[name] = src.hints[name]
    else {
      const nums = numericCells(src.rows, name)
      if (nums && looksLogScaled(nums)) hints[name] = { log: true }
    }
  }
  return hints
}

export function prepareTable(src: SourceRows, request: TableRequest): Prepared {
  const { target } = request
  if (!src.columns.includes(target)) {
    const metrics = [...src.metrics]
    const offer = metrics.length > 0 ? `metrics: ${metrics.join(', ')}` : `columns: ${src.columns.join(', ')}`
    throw AppError.fromIssues('INVALID_INPUT', [{ field: 'target', message: `no column "${target}" (${offer})` }])
  }
  const space = request.space === undefined ? null : parseSpace(request.space)
  const notices: AnalysisNotice[] = [...src.notes]
  const named = request.params ?? (space ? space.params.map((p) => p.name) : defaultParams(src, target))
  const missing = named.filter((p) => !src.columns.includes(p))
  if (missing.length > 0) throw AppError.fromIssues('INVALID_INPUT', missing.map((p) => ({ field: `params.${p}`, message: 'no such column' })))
  if (named.includes(target)) throw AppError.fromIssues('INVALID_INPUT', [{ field: 'params', message: `the target ${target} cannot also be a parameter` }])
  // A column with one value has no effect to measure: it gets no tier, slice or axis, and would
  // only hide a design (a Saltelli block counts one row per parameter).
  const params = named.filter((c) => !isConstant(src, c))
  if (params.length === 0) throw AppError.fromIssues('INVALID_INPUT', [{ field: 'params', message: 'no parameter column varies; name the parameters' }])
  const seeds = [...src.seeds].filter((s) => !params.includes(s))
  const constants = [...new Set([...named, ...seeds])].filter((c) => isConstant(src, c)).map((c) => heldConstant(src, c))
  const varyingSeeds = seeds.filter((s) => !isConstant(src, s))
  if (varyingSeeds.length > 0) notices.push(analysisNotice('seedColumns', { names: varyingSeeds.join(', ') }))

  const hints = hintsFor(src, params, space)
  // The rows are parsed already: this is tableFromCsv without parsing the text a second time,
  // counting rows from 2 so that messages name the file's lines (the header is line 1).
  const firstRow = src.lines ? 2 : 1
  const table = tableFromRows(src.rows, { target, params, hints, firstRow })
  if (src.lines) table.dropped = table.dropped.map((d) => ({ ...d, row: src.lines?.[d.row - firstRow] ?? d.row }))
  if (table.dropped.length > 0) {
    const where = src.kind === 'csv' ? 'line' : 'row'
    const rows = table.dropped.slice(0, 10).map((d) => d.row).join(', ') + (table.dropped.length > 10 ? ', …' : '')
    notices.push(analysisNotice('rowsDropped', { count: table.dropped.length, where, target, rows }))
  }
  for (const col of table.params) {
    if (col.active !== null) notices.push(analysisNotice('conditionalParam', { param: col.name, active: activeCount(col), rows: col.values.length }))
  }
  const kept = src.rows.flatMap((r, i) => (isMissing(r[target]) ? [] : [i]))
  // Known seeds, even one shared by every row: repeats with the same seed measure no seed noise.
  if (seeds.length > 0) table.seedKey = kept.map((i) => seeds.map((s) => cellText(src.rows[i][s])).join('\u241f'))
  return { table, space, notices, constants, epochs: epochTargets(src, target, kept) }
}

/** Per-epoch targets: a run's curve of the target metric, or CSV columns `<target>@<epoch>`. */
function epochTargets(src: SourceRows, target: string, kept: number[]): Prepared['epochs'] {
  if (src.curves) {
    const longest = Math.max(0, ...kept.map((i) => src.curves?.[i]?.length ?? 0))
    if (longest < 2) return []
    const every = Math.ceil(longest / MAX_EPOCHS)
    const out: Prepared['epochs'] = []
    for (let e = every - 1; e < longest; e += every) {
      out.push({ epoch: e + 1, target: Float64Array.from(kept, (i) => src.curves?.[i]?.[e] ?? NaN) })
    }
    return out
  }
  const columns = src.columns
    .map((c) => ({ c, m: EPOCH_COLUMN.exec(c) }))
    .filter((x) => x.m && x.m[1] === target)
    .map((x) => ({ column: x.c, epoch: Number((x.m as RegExpExecArray)[2]) }))
    .sort((a, b) => a.epoch - b.epoch)
  return columns.map(({ column, epoch }) => ({
    epoch,
    target: Float64Array.from(kept, (i) => {
      const v = src.rows[i][column]
      return isMissing(v) ? NaN : Number(v)
    })
  }))
}
