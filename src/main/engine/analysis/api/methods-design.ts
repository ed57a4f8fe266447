import { AppError } from '../../../../shared/errors'
import { analysisNotice } from '../../../../shared/messages/analysis'
import type { AnalysisNotice } from '../../../../shared/schemas/analysis'
import { SALTELLI_HONEST_REPLICATES } from '../../studies/designs/saltelli'
import { LOW_OOB_R2 } from '../forest/forest'
import { surrogateSobol } from '../forest/surrogate-sobol'
import { morrisIndices } from '../morris'
import { sobolIndices } from '../sobol'
import type { MethodContext } from './method-context'
import { pairEntry, shares, type MethodOutput } from './method-output'
import { smallSampleNotices } from './small-sample'

/** A negative index is estimation error around zero; say so instead of clamping it. */
function negativeNotice(param: string, index: string, value: number, hi: number): AnalysisNotice | null {
  if (!(value < 0)) return null
  return analysisNotice(Number.isFinite(hi) && hi >= 0 ? 'negativeIndex' : 'negativeInterval', { param, index })
}

/**
 * Sobol indices: from the Saltelli estimators when the rows are a Saltelli design, else from a
 * random forest fitted to the rows (surrogate Sobol), which the warnings say.
 */
export function sobolMethod(ctx: MethodContext): MethodOutput {
  const { table } = ctx.prepared
  const names = table.params.map((p) => p.name)
  const rec = ctx.recognised
  ctx.progress('sobol', 0.3)
  if (rec.design === 'saltelli') {
    const r = sobolIndices(table.target, { names, secondOrder: rec.secondOrder, replicates: rec.replicates, seed: ctx.seed })
    const negatives = r.params.flatMap((p) => [negativeNotice(p.name, 'S1', p.S1, p.S1_hi), negativeNotice(p.name, 'ST', p.ST, p.ST_hi)]).filter((x) => x !== null)
    // Which side of the accuracy/interval trade-off this design took (README, "Sobol defaults").
    const tradeOff =
      r.replicates === 1
        ? analysisNotice('sobolSingleDesign', { n: r.n, replicates: SALTELLI_HONEST_REPLICATES })
        : analysisNotice('sobolReplicated', { replicates: r.replicates, confidence: Math.round(r.confidence * 100) })
    return {
      params: r.params.map((p) => ({ ...p })),
      pairs: r.pairs?.map((p) => pairEntry(p.names, { S2: p.S2, S2_lo: p.S2_lo, S2_hi: p.S2_hi })),
      facts: { design: 'saltelli', estimator: 'saltelli2010-jansen', second_order: rec.secondOrder, replicates: r.replicates, base_rows: r.baseRows, interval: r.interval, confidence: r.confidence },
      notices: [...smallSampleNotices(r.params, r.n), ...negatives, tradeOff],
      indices: r.params.map((p) => ({ name: p.name, importance: p.ST, importance_lo: p.ST_lo, importance_hi: p.ST_hi })),
      basis: 'ST',
      seed: ctx.seed
    }
  }
  const r = surrogateSobol(table, { seed: ctx.seed })
  const notices = [analysisNotice('estimatorSwitched', { requested: 'sobol', ran: 'surrogateSobol', reason: 'notSaltelli', design: rec.design })]
  if (!(r.oob_r2 >= LOW_OOB_R2)) notices.push(analysisNotice('lowOobR2', { r2: +r.oob_r2.toFixed(3) }))
  notices.push(...smallSampleNotices(r.params, table.target.length))
  return {
    params: r.params.map((p) => ({ ...p })),
    r2: r.oob_r2,
    facts: { design: rec.design, surrogate: true, trees: r.trees, samples: r.samples, oob_r2: r.oob_r2 },
    notices,
    indices: r.params.map((p) => ({ name: p.name, importance: p.ST, importance_lo: p.ST_lo, importance_hi: p.ST_hi })),
    basis: 'ST',
    seed: ctx.seed
  }
}

/**
 * Morris screening over the rows' trajectories, in unit-cube coordinates of each parameter's
 * measure. Tiers read each parameter's share of Σ (μ² + σ²), the mean squared elementary effect:
 * for an additive linear model over equal unit ranges that is exactly its variance fraction.
 */
export function morrisMethod(ctx: MethodContext): MethodOutput {
  const { table } = ctx.prepared
  if (ctx.recognised.design !== 'morris') {
    throw AppError.fromIssues('INVALID_INPUT', [
      {
        field: 'method',
        message: `morris needs rows in trajectories of ${table.params.length + 1} (one per parameter plus one), consecutive rows changing one parameter each; these rows are ${ctx.recognised.design === 'other' ? 'not a design Morris can read' : `a ${ctx.recognised.design} design`}: use fanova or quantile`
      }
    ])
  }
  const d = table.params.length
  const n = table.target.length
  const points = new Float64Array(n * d)
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) points[i * d + k] = ctx.unit[k][i]
  ctx.progress('morris', 0.3)
  const r = morrisIndices(points, table.target, { names: table.params.map((p) => p.name), seed: ctx.seed })
  const notices: AnalysisNotice[] = []
  const stepped = table.params.filter((p, k) => p.kind !== 'float' || !ctx.continuous[k]).map((p) => p.name)
  if (stepped.length > 0) notices.push(analysisNotice('morrisStepped', { names: stepped.join(', ') }))
  const sq = (m: number, s: number) => m * m + (Number.isFinite(s) ? s * s : 0)
  return {
    params: r.params.map((p) => ({ ...p })),
    facts: { design: 'morris', trajectories: r.trajectories, confidence: r.confidence, resamples: r.resamples },
    notices,
    indices: shares(
      r.params.map((p) => p.name),
      r.params.map((p) => sq(p.mu_star, p.sigma)),
      r.params.map((p) => sq(p.mu_star_lo, p.sigma)),
      r.params.map((p) => sq(p.mu_star_hi, p.sigma))
    ),
    basis: 'morrisShare',
    seed: ctx.seed
  }
}
