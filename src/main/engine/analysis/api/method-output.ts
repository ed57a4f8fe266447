import type { AnalysisNotice, AnalysisResult } from '../../../../shared/schemas/analysis'
import type { IndexEntry } from '../tiers'

export type Scalar = number | string | boolean | null

/** One method's answer in the shape of the analyze JSON, before tiers, noise and rows are added. */
export interface MethodOutput {
  params: AnalysisResult['params']
  pairs?: AnalysisResult['pairs']
  r2?: number
  facts: Record<string, Scalar>
  /** Coded warnings and facts each language words (src/shared/messages/analysis-en.ts). */
  notices: AnalysisNotice[]
  /**
   * Each parameter's index on the variance-fraction scale that tiers read (tiers.ts): the method's
   * own fraction where it has one (Sobol ST, fANOVA), else the closest reading of it, said per method.
   */
  indices: IndexEntry[]
  /** What `indices` holds, printed beside the tier: an index name (ST, importance) or a share's code. */
  basis: string
  seed: number | null
}

/** Shares of a list of non-negative contributions, each over their sum. */
export function shares(names: string[], values: number[], lo?: number[], hi?: number[]): IndexEntry[] {
  const total = values.reduce((s, v) => s + (Number.isFinite(v) ? v : 0), 0)
  const over = (v: number | undefined) => (v === undefined || !Number.isFinite(v) || total <= 0 ? undefined : v / total)
  return names.map((name, j) => ({
    name,
    importance: over(values[j]) ?? 0,
    importance_lo: over(lo?.[j]),
    importance_hi: over(hi?.[j])
  }))
}

type Pair = NonNullable<AnalysisResult['pairs']>[number]

/**
 * One pair entry. The contract's catch-all says every other key is a number, which TypeScript
 * cannot check against the `params` tuple; this is the one place that bridges the two.
 */
export function pairEntry(params: [string, string], values: Record<string, number | null>): Pair {
  return { ...values, params } as Pair
}
