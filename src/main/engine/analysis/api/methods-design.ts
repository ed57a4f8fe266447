import { AppError } from '../../../../shared/errors'
import { LOW_OOB_R2 } from '../forest/forest'
import { surrogateSobol } from '../forest/surrogate-sobol'
import { morrisIndices } from '../morris'
import { sobolIndices } from '../sobol'
import type { MethodContext } from './method-context'
import { pairEntry, shares, type MethodOutput } from './method-output'

/** A negative index is estimation error around zero; say so instead of clamping it. */
function negativeNote(value: number, hi: number, name: string): string | null {
  if (!(value < 0)) return null
  return Number.isFinite(hi) && hi >= 0 ? `${name} below 0 is estimation error: consistent with 0` : `${name} below 0 and its interval too: the design is too small`
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
    const warnings =
      r.replicates === 1
        ? ['one scrambled design: the bootstrap interval is wider than the real error; write the design with replicates (paramscope design --replicates R) for a t interval']
        : []
    return {
      params: r.params.map((p) => {
        const note = [negativeNote(p.S1, p.S1_hi, 'S1'), negativeNote(p.ST, p.ST_hi, 'ST')].filter(Boolean).join('; ')
        return note ? { ...p, note } : { ...p }
      }),
      pairs: r.pairs?.map((p) => pairEntry(p.names, { S2: p.S2, S2_lo: p.S2_lo, S2_hi: p.S2_hi })),
      facts: { design: 'saltelli', estimator: 'saltelli2010-jansen', second_order: rec.secondOrder, replicates: r.replicates, base_rows: r.baseRows, interval: r.interval, confidence: r.confidence },
      warnings,
      indices: r.params.map((p) => ({ name: p.name, importance: p.ST, importance_lo: p.ST_lo, importance_hi: p.ST_hi })),
      seed: ctx.seed
    }
  }
  const r = surrogateSobol(table, { seed: ctx.seed })
  const warnings: string[] = []
  const notices: MethodOutput['notices'] = [
    {
      code: 'estimatorSwitched',
      params: { requested: 'sobol', ran: 'surrogateSobol', reason: 'notSaltelli', design: rec.design },
      message: `Sobol's Saltelli estimators need a Saltelli design and these rows are not one (recognised: ${rec.design}), so this ran Sobol indices of a random forest fitted to the rows instead, with the spread across trees`
    }
  ]
  if (!(r.oob_r2 >= LOW_OOB_R2)) warnings.push(`out-of-bag R² is ${r.oob_r2.toFixed(3)}: the forest predicts unseen trials poorly, so these indices describe the forest more than the data`)
  return {
    params: r.params.map((p) => ({ ...p })),
    r2: r.oob_r2,
    facts: { design: rec.design, surrogate: true, trees: r.trees, samples: r.samples, oob_r2: r.oob_r2 },
    warnings,
    notices,
    indices: r.params.map((p) => ({ name: p.name, importance: p.ST, importance_lo: p.ST_lo, importance_hi: p.ST_hi })),
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
  const warnings: string[] = []
  const stepped = table.params.filter((p, k) => p.kind !== 'float' || !ctx.continuous[k]).map((p) => p.name)
  if (stepped.length > 0) warnings.push(`${stepped.join(', ')}: integer, stepped or categorical, so their steps are read between level centres and their effects are approximate`)
  const sq = (m: number, s: number) => m * m + (Number.isFinite(s) ? s * s : 0)
  return {
    params: r.params.map((p) => ({ ...p })),
    facts: { design: 'morris', trajectories: r.trajectories, confidence: r.confidence, resamples: r.resamples },
    warnings,
    indices: shares(
      r.params.map((p) => p.name),
      r.params.map((p) => sq(p.mu_star, p.sigma)),
      r.params.map((p) => sq(p.mu_star_lo, p.sigma)),
      r.params.map((p) => sq(p.mu_star_hi, p.sigma))
    ),
    seed: ctx.seed
  }
}
