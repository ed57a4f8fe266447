/**
 * The shared comparison functions the table uses (issue 14 contract: src/shared/compare/).
 * The statistics are stand-ins with the contract's shapes until src/shared/compare/stats.ts lands.
 */
export { parseFilter, type FilterResult } from '../../../shared/compare/filter'

export interface GroupStats {
  n: number
  mean: number
  std: number
  ci95: [number, number]
}

// Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom; 1.96 beyond.
const t975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042
]

export function groupStats(values: number[]): GroupStats {
  const n = values.length
  const mean = n ? values.reduce((a, b) => a + b, 0) / n : NaN
  const std = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0
  const half = n > 1 ? (t975[n - 2] ?? 1.96) * (std / Math.sqrt(n)) : 0
  return { n, mean, std, ci95: [mean - half, mean + half] }
}

export function delta(base: number, value: number): { abs: number; pct: number | null } {
  const abs = value - base
  return { abs, pct: base === 0 ? null : (abs / Math.abs(base)) * 100 }
}

export function normalize(values: number[], mode: 'zscore' | 'minmax'): number[] {
  const finite = values.filter(Number.isFinite)
  if (mode === 'minmax') {
    const lo = Math.min(...finite)
    const hi = Math.max(...finite)
    return values.map((v) => (hi > lo ? (v - lo) / (hi - lo) : 0.5))
  }
  const s = groupStats(finite)
  return values.map((v) => (s.std > 0 ? (v - s.mean) / s.std : 0))
}

export function bestIndex(values: number[], goal: 'min' | 'max'): number {
  let best = -1
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) continue
    if (best < 0 || (goal === 'min' ? values[i] < values[best] : values[i] > values[best])) best = i
  }
  return best
}
