import { analysisNotice } from '../../../../shared/messages/analysis'
import type { AnalysisNotice } from '../../../../shared/schemas/analysis'
import { regimeNote, type ResultTable } from '../table'
import { decomposeTree } from './fanova'
import { fitForest, LOW_OOB_R2, type Forest, type ForestOptions } from './forest'
import { mean, spread } from '../stats/summary'

/**
 * Random-forest functional ANOVA of a results table: per parameter the fraction of the forest's
 * variance its main effect explains, per pair the fraction their interaction adds, each as the
 * mean over trees with the central 95% range of the per-tree values. Every tree sees its own
 * bootstrap sample, so the spread across trees plays the role of bootstrap replicates.
 */
export interface FanovaParam {
  name: string
  importance: number
  importance_lo: number
  importance_hi: number
  importance_sd: number
  /** importance over the sum of all main and pair fractions: the normalised share. */
  share: number
  /** Rows where the parameter applies. */
  active: number
  note?: string
}

export interface FanovaPair {
  params: [string, string]
  importance: number
  importance_lo: number
  importance_hi: number
  importance_sd: number
}

export interface FanovaResult {
  method: 'fanova'
  target: string
  n: number
  seed: number
  trees: number
  oob_r2: number
  /** Coded warnings: low out-of-bag R², constant trees. */
  notices: AnalysisNotice[]
  params: FanovaParam[]
  pairs: FanovaPair[]
  /** Mean over trees of the summed main-effect fractions, of the pair fractions, and what
   *  remains for interactions of three or more parameters. */
  main_total: number
  pair_total: number
  higher_order: number
  /** 1 − OOB R²: variance the forest does not capture on unseen trials (noise or missed structure). */
  unexplained: number
}

export interface FanovaOptions extends ForestOptions {
  /** Pairwise interactions too (default true). */
  pairs?: boolean
}

export function decomposeForest(forest: Forest, table: ResultTable, withPairs = true): FanovaResult {
  const p = forest.data.features.length
  const decs = forest.trees.map((t) => decomposeTree(t, forest.data, withPairs)).filter((d) => d.variance > 0)
  const notices: AnalysisNotice[] = []
  if (!(forest.oobR2 >= LOW_OOB_R2)) notices.push(analysisNotice('lowOobR2', { r2: +forest.oobR2.toFixed(3) }))
  if (decs.length === 0) notices.push(analysisNotice('constantTrees'))
  const per = (get: (d: (typeof decs)[number]) => number): number[] => (decs.length > 0 ? decs.map(get) : [0])
  const mainSpread = Array.from({ length: p }, (_, j) => spread(per((d) => d.main[j])))
  const pairs: FanovaPair[] = []
  if (withPairs) {
    for (let j = 0; j < p; j++) {
      for (let k = j + 1; k < p; k++) {
        const s = spread(per((d) => d.pair[j * p + k]))
        pairs.push({ params: [table.params[j].name, table.params[k].name], importance: s.mean, importance_lo: s.lo, importance_hi: s.hi, importance_sd: s.sd })
      }
    }
    pairs.sort((a, b) => b.importance - a.importance)
  }
  const mainTotal = mainSpread.reduce((s, m) => s + m.mean, 0)
  const pairTotal = pairs.reduce((s, m) => s + m.importance, 0)
  const explained = mainTotal + pairTotal
  const params = table.params.map((col, j): FanovaParam => {
    const s = mainSpread[j]
    const note = regimeNote(col)
    const entry: FanovaParam = {
      name: col.name,
      importance: s.mean,
      importance_lo: s.lo,
      importance_hi: s.hi,
      importance_sd: s.sd,
      share: explained > 0 ? s.mean / explained : 0,
      active: forest.data.n - (col.active?.filter((a) => !a).length ?? 0)
    }
    if (note) entry.note = `${note}; inactive rows form their own region, weighted by their share`
    return entry
  })
  return {
    method: 'fanova',
    target: table.targetName,
    n: table.target.length,
    seed: forest.seed,
    trees: forest.trees.length,
    oob_r2: forest.oobR2,
    notices,
    params,
    pairs,
    main_total: mainTotal,
    pair_total: pairTotal,
    higher_order: withPairs ? Math.max(0, mean(per((d) => 1 - d.main.reduce((a, b) => a + b, 0) - d.pair.reduce((a, b) => a + b, 0)))) : NaN,
    unexplained: Number.isNaN(forest.oobR2) ? NaN : Math.max(0, 1 - forest.oobR2)
  }
}

/** Fits the forest and decomposes it. */
export function fanova(table: ResultTable, options: FanovaOptions = {}): FanovaResult {
  return decomposeForest(fitForest(table, options), table, options.pairs ?? true)
}
