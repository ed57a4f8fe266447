import { analysisNotice } from '../../../../shared/messages/analysis'
import type { AnalysisNotice, AnalysisResult } from '../../../../shared/schemas/analysis'
import { noiseFloor, repeatsOf, type NoiseResult } from '../noise'
import { quantileImportance } from '../quantile'
import { importanceOverTraining, tierTable } from '../tiers'
import type { Progress, RunOptions } from './job'
import type { MethodOutput, Scalar } from './method-output'
import type { Prepared } from './prepare-table'

/** JSON has no NaN or Infinity: an estimate that does not exist is null on every transport. */
const finite = (v: Scalar | undefined): Scalar => (typeof v === 'number' && !Number.isFinite(v) ? null : (v ?? null))

function cleanRecord<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(o)) out[k] = v === undefined ? undefined : typeof v === 'number' || v === null ? finite(v) : v
  return out as T
}

/**
 * The seed-noise floor when some configuration repeats with different seeds; null when none does.
 * Same-seed repeats are said for what they are: deterministic, or not, never σ = 0.
 */
function noiseOf(prepared: Prepared, notices: AnalysisNotice[]): NoiseResult | null {
  const table = prepared.repeats ?? prepared.table
  const keys = table.groupKey ?? []
  if (new Set(keys).size === keys.length) return null
  const reps = repeatsOf(table)
  if (reps.deterministic > 0) notices.push(analysisNotice('deterministicRepeats', { count: reps.deterministic }))
  if (reps.nondeterministic > 0) notices.push(analysisNotice('nondeterministicRepeats', { count: reps.nondeterministic, std: reps.nondeterministicSd }))
  if (!reps.means.some((m) => m.length >= 2)) {
    notices.push(analysisNotice('sameSeedOnly'))
    return null
  }
  return noiseFloor(table)
}

/** Rows in each parameter's sampled measure: log10 for log-scale parameters, null where inactive. */
function rowsOf(prepared: Prepared): AnalysisResult['rows'] {
  const { table } = prepared
  const n = table.target.length
  const values: (number | string | null)[][] = []
  for (let i = 0; i < n; i++) {
    values.push(
      table.params.map((p) => {
        if (p.kind === 'categorical') return p.active && !p.active[i] ? null : (p.values as string[])[i]
        const v = (p.values as Float64Array)[i]
        return Number.isNaN(v) ? null : p.log ? Math.log10(v) : v
      })
    )
  }
  return { names: table.params.map((p) => p.name), values, target: Array.from(table.target) }
}

/** Adds tiers, the noise floor, rows and importance over training to one method's output. */
export function buildResult(prepared: Prepared, options: RunOptions, out: MethodOutput, progress: Progress): AnalysisResult {
  const { table } = prepared
  const notices = [...prepared.notices, ...out.notices]
  progress('noise floor', 0.85)
  const noise = noiseOf(prepared, notices)
  const below = noise?.params.filter((p) => p.below_floor).map((p) => p.name) ?? []
  if (below.length > 0) notices.push(analysisNotice('belowNoiseFloor', { names: below.join(', ') }))
  const rows = tierTable(table, out.indices, { goal: options.goal, belowFloor: below })
  for (const t of rows) {
    if (t.bestInactive) notices.push(analysisNotice('bestInactive', { param: t.name }))
    // A category's advice is the level most over-represented among the good runs, which the single
    // best run need not have used: say so rather than show a best value the advice leaves out.
    const advised = t.levels?.[0]?.level
    if (advised !== undefined && !t.bestInactive && advised !== t.best_value) notices.push(analysisNotice('bestLevelOther', { param: t.name, best: t.best_value, advised }))
  }
  const index = new Map(out.indices.map((e) => [e.name, e]))
  const tiers = rows.map((t) => ({
    name: t.name,
    tier: below.includes(t.name) ? ('noise' as const) : t.tier,
    basis: out.basis,
    importance: finite(t.importance) as number | null,
    importance_lo: finite(index.get(t.name)?.importance_lo) as number | null,
    importance_hi: finite(index.get(t.name)?.importance_hi) as number | null,
    low: finite(t.range?.[0]) as number | null,
    high: finite(t.range?.[1]) as number | null,
    ...(t.widened ? { widened: true } : {}),
    best: (t.levels?.[0]?.level ?? finite(t.best_value)) as number | string | null
  }))
  progress('importance over training', 0.9)
  let overTraining: AnalysisResult['overTraining'] = null
  if (prepared.epochs.length >= 2) {
    const imp = importanceOverTraining(table, prepared.epochs, (t) => quantileImportance(t, { bootstrap: 0, goal: options.goal }).params)
    if (imp.epochs.length >= 2) overTraining = { epochs: imp.epochs, names: imp.params, values: imp.importance.map((row) => row.map((v) => (Number.isFinite(v) ? v : 0))) }
  }
  return {
    method: options.method,
    target: options.target,
    goal: options.goal,
    n: table.target.length,
    seed: out.seed,
    params: out.params.map(cleanRecord),
    ...(out.pairs ? { pairs: out.pairs.map(cleanRecord) } : {}),
    ...(out.r2 !== undefined && Number.isFinite(out.r2) ? { r2: out.r2 } : {}),
    facts: cleanRecord(out.facts),
    warnings: notices.map((n) => n.message),
    notices,
    constants: prepared.constants,
    tiers,
    noise: noise ? { std: noise.noise_sd, std_lo: noise.noise_sd_lo, std_hi: noise.noise_sd_hi, groups: noise.repeated, deterministic: noise.deterministic } : null,
    rows: rowsOf(prepared),
    overTraining
  }
}
