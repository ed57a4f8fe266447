import type { AnalysisMethod, AnalysisResult } from '../../../shared/api'

export type ParamIndices = AnalysisResult['params'][number]

/** One index of one parameter with its interval; null where the method gave none. */
export interface IndexValue {
  value: number | null
  lo: number | null
  hi: number | null
}

/**
 * The index each method ranks parameters by, as `analyze --json` names it. Sobol shows first
 * order and total side by side; correlation ranks by the size of Spearman's ρ, whatever its sign.
 */
const mainIndexNames: Record<AnalysisMethod, string[]> = {
  sobol: ['S1', 'ST'],
  morris: ['mu_star'],
  fanova: ['importance'],
  quantile: ['importance'],
  correlation: ['spearman'],
  oat: ['sensitivity'],
  surface: []
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

export function readIndex(row: Record<string, unknown>, name: string): IndexValue {
  return { value: num(row[name]), lo: num(row[`${name}_lo`]), hi: num(row[`${name}_hi`]) }
}

/** Numeric keys of a row that are indices, not interval bounds or the name. */
function indexKeys(row: Record<string, unknown>): string[] {
  return Object.keys(row).filter((k) => k !== 'name' && k !== 'params' && !/_(lo|hi)$/.test(k) && num(row[k]) !== null)
}

/**
 * The indices to draw for a result: the method's own, or for methods without a fixed name (the
 * response surface's coefficients) the first numeric index the rows carry.
 */
export function mainIndices(result: Pick<AnalysisResult, 'method' | 'params'>): string[] {
  const named = mainIndexNames[result.method].filter((k) => result.params.some((p) => k in p))
  if (named.length > 0) return named
  const first = result.params.map(indexKeys).find((keys) => keys.length > 0)
  return first ? [first[0]] : []
}

/** Whether the method's index is ranked by magnitude (a signed correlation). */
export const ranksByMagnitude = (method: AnalysisMethod): boolean => method === 'correlation'

/** |x| with its interval: an interval across 0 starts at 0. */
export function magnitude(v: IndexValue): IndexValue {
  if (v.value === null) return v
  if (v.lo === null || v.hi === null) return { value: Math.abs(v.value), lo: null, hi: null }
  const a = Math.abs(v.lo)
  const b = Math.abs(v.hi)
  return { value: Math.abs(v.value), lo: v.lo <= 0 && v.hi >= 0 ? 0 : Math.min(a, b), hi: Math.max(a, b) }
}

/** An interval that contains 0: the estimate cannot be told apart from no effect. */
export const isConsistentWithZero = (v: IndexValue): boolean => v.lo !== null && v.hi !== null && v.lo <= 0 && v.hi >= 0

export interface ImportanceRow {
  name: string
  /** One entry per index of `mainIndices`, in that order. */
  indices: IndexValue[]
}

/** Rows of the importance chart, most important first (by the first index; unknowns last). */
export function importanceRows(result: Pick<AnalysisResult, 'method' | 'params'>): { indexNames: string[]; rows: ImportanceRow[] } {
  const indexNames = mainIndices(result)
  const transform = ranksByMagnitude(result.method) ? magnitude : (v: IndexValue) => v
  const rows = result.params.map((p) => ({ name: p.name, indices: indexNames.map((k) => transform(readIndex(p, k))) }))
  const key = (r: ImportanceRow) => r.indices[0]?.value ?? -Infinity
  rows.sort((a, b) => key(b) - key(a))
  return { indexNames, rows }
}

/** The pairs' index: S2 for Sobol, the first numeric one otherwise. */
export function pairIndex(pairs: NonNullable<AnalysisResult['pairs']>): string | null {
  for (const p of pairs) {
    if ('S2' in p) return 'S2'
    const keys = indexKeys(p)
    if (keys.length > 0) return keys[0]
  }
  return null
}

/**
 * The analysed rows in natural units: the engine sends each parameter in its sampled measure,
 * log10 of the value for log-scale ones, and the charts draw those on log axes of the values.
 */
export function naturalRows(rows: AnalysisResult['rows'], isLog: (name: string) => boolean): AnalysisResult['rows'] {
  const logAt = rows.names.map(isLog)
  if (!logAt.some(Boolean)) return rows
  const values = rows.values.map((r) => r.map((v, j) => (logAt[j] && typeof v === 'number' ? 10 ** v : v)))
  return { ...rows, values }
}
