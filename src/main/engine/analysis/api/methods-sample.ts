import { analysisNotice } from '../../../../shared/messages/analysis'
import { correlations } from '../correlation'
import { encodeColumn } from '../encode'
import { fanova } from '../forest/forest-importance'
import { localSensitivity } from '../local'
import { quantileImportance } from '../quantile'
import { variance } from '../stats/summary'
import { fitSurface } from '../surface'
import type { MethodContext } from './method-context'
import { pairEntry, shares, type MethodOutput } from './method-output'

/** Pairwise interactions cost p² marginal grids per tree (11 s at 10,000 × 32 against 1.4 s at
 *  10,000 × 8); beyond this many parameters only main effects are decomposed. */
const MAX_PAIR_PARAMS = 16

/** Parameters that apply in only some rows, as one list; null when all apply everywhere. */
function conditional(ctx: MethodContext): string | null {
  const names = ctx.prepared.table.params.filter((p) => p.active !== null).map((p) => p.name)
  return names.length > 0 ? names.join(', ') : null
}

/** Random-forest functional ANOVA: raw variance fractions with the spread across trees. */
export function fanovaMethod(ctx: MethodContext): MethodOutput {
  ctx.progress('fanova', 0.2)
  const p = ctx.prepared.table.params.length
  const withPairs = p <= MAX_PAIR_PARAMS
  const r = fanova(ctx.prepared.table, { seed: ctx.seed, pairs: withPairs })
  const notices = [...r.notices]
  if (!withPairs) notices.push(analysisNotice('fanovaPairsLimited', { max: MAX_PAIR_PARAMS, count: p }))
  const gated = conditional(ctx)
  if (gated) notices.push(analysisNotice('fanovaInactive', { names: gated }))
  return {
    params: r.params.map((q) => ({ ...q })),
    ...(withPairs ? { pairs: r.pairs.map(({ params, ...values }) => pairEntry(params, values)) } : {}),
    r2: r.oob_r2,
    facts: { trees: r.trees, oob_r2: r.oob_r2, main_total: r.main_total, pair_total: withPairs ? r.pair_total : null, higher_order: r.higher_order, unexplained: r.unexplained },
    notices,
    indices: r.params,
    basis: 'importance',
    seed: r.seed
  }
}

/** Top-quantile importance; tiers read each parameter's share of the summed divergence. */
export function quantileMethod(ctx: MethodContext): MethodOutput {
  ctx.progress('quantile', 0.2)
  const r = quantileImportance(ctx.prepared.table, { goal: ctx.goal, seed: ctx.seed })
  const names = r.params.map((p) => p.name)
  const gated = conditional(ctx)
  return {
    params: r.params.map((p) => ({ ...p })),
    facts: { gamma: r.gamma, bootstrap: r.bootstrap },
    notices: gated ? [analysisNotice('quantileInactive', { names: gated, gamma: r.gamma })] : [],
    basis: 'quantileShare',
    indices: shares(names, r.params.map((p) => p.importance), r.params.map((p) => p.importance_lo), r.params.map((p) => p.importance_hi)),
    seed: r.seed
  }
}

/** Square of a correlation interval: 0 when it crosses zero. */
function squared(lo: number | null, hi: number | null): [number | undefined, number | undefined] {
  if (lo === null || hi === null || !Number.isFinite(lo) || !Number.isFinite(hi)) return [undefined, undefined]
  return lo <= 0 && hi >= 0 ? [0, Math.max(lo * lo, hi * hi)] : [Math.min(lo * lo, hi * hi), Math.max(lo * lo, hi * hi)]
}

/** Correlations; tiers read ρ² (η² for categories), the share of variance a monotone trend explains. */
export function correlationMethod(ctx: MethodContext): MethodOutput {
  ctx.progress('correlation', 0.2)
  const r = correlations(ctx.prepared.table)
  const categorical = ctx.prepared.table.params.filter((p) => p.kind === 'categorical').map((p) => p.name)
  return {
    params: r.params.map((p) => ({ ...p })),
    facts: { level: r.level },
    notices: categorical.length > 0 ? [analysisNotice('correlationRatio', { names: categorical.join(', ') })] : [],
    basis: 'rho2',
    indices: r.params.map((p) => {
      if (p.spearman === null) return { name: p.name, importance: (p.eta ?? 0) ** 2 }
      const [lo, hi] = squared(p.spearman_lo, p.spearman_hi)
      return { name: p.name, importance: p.spearman ** 2, importance_lo: lo, importance_hi: hi }
    }),
    seed: null
  }
}

/** Local one-at-a-time sensitivity; tiers read each parameter's share of the spread of its points' means. */
export function oatMethod(ctx: MethodContext): MethodOutput {
  ctx.progress('oat', 0.2)
  const r = localSensitivity(ctx.prepared.table)
  const spreads = r.params.map((p) => (p.points.length === 0 ? 0 : variance([r.y0, ...p.points.map((q) => q.y)], 0)))
  const notices = r.skipped_rows > 0 ? [analysisNotice('oatSkipped', { count: r.skipped_rows })] : []
  const unchanged = r.params.filter((p) => p.points.length === 0).map((p) => p.name)
  if (unchanged.length > 0) notices.push(analysisNotice('oatUnchanged', { names: unchanged.join(', ') }))
  const oneSided = r.params.filter((p) => p.difference === 'one-sided').map((p) => p.name)
  if (oneSided.length > 0) notices.push(analysisNotice('oatOneSided', { names: oneSided.join(', ') }))
  return {
    params: r.params.map(({ points, ...p }) => ({ ...p, points: points.length })),
    facts: { y0: r.y0, noise_sd: r.noise_sd, skipped_rows: r.skipped_rows },
    notices,
    indices: shares(r.params.map((p) => p.name), spreads),
    basis: 'oatShare',
    seed: null
  }
}

/**
 * Quadratic response surface. Tiers read the variance over the rows of each parameter's own terms
 * (linear and quadratic) over the target's variance; interactions are listed as pairs.
 */
export function surfaceMethod(ctx: MethodContext): MethodOutput {
  ctx.progress('surface', 0.2)
  const { table } = ctx.prepared
  const r = fitSurface(table)
  const vy = variance(table.target, 0)
  const indices = r.params.map((p) => {
    const x = encodeColumn(table.params.find((c) => c.name === p.name)!)
    const xs = x.kind === 'numeric' ? Array.from(x.x).filter((v) => !Number.isNaN(v)) : []
    const part = xs.map((v) => p.linear * v + p.quadratic * v * v)
    return { name: p.name, importance: vy > 0 && part.length > 1 ? variance(part, 0) / vy : 0 }
  })
  for (const name of r.skipped.params) indices.push({ name, importance: 0 })
  const notices = []
  if (r.skipped.params.length > 0) notices.push(analysisNotice('surfaceCategorical', { names: r.skipped.params.join(', ') }))
  if (r.skipped.rows > 0) notices.push(analysisNotice('surfaceInactiveRows', { count: r.skipped.rows }))
  const facts: MethodOutput['facts'] = { r2_adj: r.r2_adj, r2_cv: r.r2_cv, intercept: r.intercept, stationary: r.stationary.nature, stationary_inside: r.stationary.inside, stationary_value: r.stationary.value }
  for (const [name, v] of Object.entries(r.stationary.point ?? {})) facts[`stationary.${name}`] = v
  return {
    params: r.params.map((p) => ({ ...p })),
    pairs: r.interactions.map((p) => pairEntry(p.params, { coefficient: p.coefficient })),
    r2: r.r2,
    facts,
    notices,
    indices,
    basis: 'surfaceShare',
    seed: null
  }
}
