import { analysisNotice } from '../../../../shared/messages/analysis'
import type { AnalysisNotice } from '../../../../shared/schemas/analysis'

/** The interval half-width a Sobol index needs to be read against the tier thresholds (0.02, 0.10). */
export const TARGET_HALF_WIDTH = 0.05

export interface SobolEntry {
  name: string
  S1: number
  S1_lo: number
  S1_hi: number
  ST: number
  ST_lo: number
  ST_hi: number
}

/**
 * Evaluations that would shrink an error of `spread` (a full interval width, or twice an
 * impossible excess) to ±TARGET_HALF_WIDTH, by the 1/√N scaling of the estimators' error.
 * Rounded up to two significant digits: the scaling is a guide, not a promise.
 */
export function evaluationsNeeded(n: number, spread: number): number {
  const needed = n * (spread / (2 * TARGET_HALF_WIDTH)) ** 2
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(needed)) - 1)
  // The tolerance keeps float noise (0.6000000000000001) from adding a unit.
  return Math.ceil(needed / unit - 1e-9) * unit
}

/**
 * "Far too few evaluations for this": an index whose interval is wider than an index's whole
 * range (0 to 1), a total index above 1, or first-order indices adding up to more than 1 — none
 * of which a share of variance can be — each with the evaluations that would be needed.
 */
export function smallSampleNotices(params: SobolEntry[], n: number): AnalysisNotice[] {
  const notices: AnalysisNotice[] = []
  for (const p of params) {
    const wide = (['S1', 'ST'] as const).find((k) => p[`${k}_hi`] - p[`${k}_lo`] > 1)
    if (wide) {
      const [lo, hi] = [p[`${wide}_lo`], p[`${wide}_hi`]]
      notices.push(analysisNotice('intervalTooWide', { param: p.name, index: wide, lo, hi, n, target: TARGET_HALF_WIDTH, needed: evaluationsNeeded(n, hi - lo) }))
    } else if (p.ST > 1) {
      const width = Number.isFinite(p.ST_hi - p.ST_lo) ? p.ST_hi - p.ST_lo : 0
      const needed = evaluationsNeeded(n, Math.max(width, 2 * (p.ST - 1)))
      // An excess within the target precision is estimation noise at a sample that is big enough.
      if (needed > n) notices.push(analysisNotice('totalAboveOne', { param: p.name, index: 'ST', value: p.ST, n, needed }))
    }
  }
  const sum = params.reduce((s, p) => s + (Number.isFinite(p.S1) ? p.S1 : 0), 0)
  const needed = evaluationsNeeded(n, 2 * (sum - 1))
  if (sum > 1 && needed > n) notices.push(analysisNotice('firstOrderSumAboveOne', { sum, n, needed }))
  return notices
}
