import { formatNumber } from './use-format'
import type { CellValue, Goal } from './runs-table-columns'
import { delta } from './runs-table-shared'

/** A cell's text: numbers shortened, booleans and text as they are, missing values as a dash. */
export function cellText(v: CellValue): string {
  if (v === null || v === '') return '—'
  if (typeof v === 'number') return formatNumber(v)
  return String(v)
}

/** "+0.012 (+3.4%)" against the baseline; empty when either side is not a number or they are equal. */
export function deltaText(base: CellValue, v: CellValue): string {
  if (typeof base !== 'number' || typeof v !== 'number' || !Number.isFinite(base) || !Number.isFinite(v)) return ''
  const d = delta(base, v)
  if (d.abs === 0) return ''
  const sign = (x: number) => (x > 0 ? '+' : x < 0 ? '−' : '±')
  const abs = `${sign(d.abs)}${formatNumber(Math.abs(d.abs))}`
  return d.pct === null || !Number.isFinite(d.pct) ? abs : `${abs} (${sign(d.pct)}${Math.abs(d.pct).toFixed(1)}%)`
}

/**
 * A cell's background on the colour scale: green for the better end of a metric with a goal,
 * red for the worse; a blue ramp for columns without a goal. `scaled` is a z-score or 0..1.
 */
export function scaleColor(scaled: number, mode: 'zscore' | 'minmax', goal: Goal | undefined): string | undefined {
  if (!Number.isFinite(scaled)) return undefined
  let t = mode === 'minmax' ? scaled : (Math.max(-2, Math.min(2, scaled)) + 2) / 4
  if (!goal) return `hsla(210, 80%, 55%, ${(0.08 + 0.4 * t).toFixed(3)})`
  if (goal === 'min') t = 1 - t
  return `hsla(${Math.round(120 * t)}, 70%, 50%, 0.28)`
}
