import type { AnalysisColumns, AnalysisMethod, AnalysisSource, MethodInput } from '../../../shared/api'

export interface AnalysisForm {
  target: string
  goal: 'min' | 'max'
  /** Columns analysed as parameters. */
  params: string[]
  method: AnalysisMethod
  /** Empty: the engine picks one and reports it with the result. */
  seed: string
}

// Metric names that are better high; anything else (loss, error, time) is minimised. Only a
// starting point: the user sees and can flip the direction.
const higherIsBetter = /acc|auc|f1|precision|recall|r2|score|reward|iou|bleu|rouge|map\b|throughput/i

export function guessGoal(target: string): 'min' | 'max' {
  return higherIsBetter.test(target) ? 'max' : 'min'
}

// Seeds and row identifiers are not parameters; `analysis.columns` does not mark them, so the
// form goes by the names the engine also reads them by. They stay on offer, unchecked.
const seedOrId = /(^|[._/-])seed$|^(id|run|run_?id|trial|trial_?id|number|name|run_?name)$/i

export const isSeedOrId = (name: string): boolean => seedOrId.test(name)

/**
 * Parameters on offer for a target: every column that is not a metric, not the target and not
 * held constant (a constant has no effect to measure; the form lists it once instead).
 */
export function paramColumns(columns: AnalysisColumns, target: string): string[] {
  const constant = new Set(columns.constants.map((c) => c.name))
  return columns.columns.filter((c) => !c.isMetric && c.name !== target && !constant.has(c.name)).map((c) => c.name)
}

/** Columns the target can be: the numeric metrics; any numeric column only when no column reads as a metric. */
export function targetColumns(columns: AnalysisColumns): string[] {
  const numeric = columns.columns.filter((c) => c.kind !== 'categorical')
  const metrics = numeric.filter((c) => c.isMetric)
  return (metrics.length > 0 ? metrics : numeric).map((c) => c.name)
}

/** The form as the engine suggests it for this table. */
export function formDefaults(columns: AnalysisColumns): AnalysisForm {
  const target = columns.suggestedTarget ?? targetColumns(columns)[0] ?? ''
  const params = paramColumns(columns, target).filter((p) => !isSeedOrId(p))
  const goal = columns.suggestedGoal !== undefined && target === columns.suggestedTarget ? columns.suggestedGoal : guessGoal(target)
  return { target, goal, params, method: columns.suggestedMethod, seed: '' }
}

/**
 * Methods that read the rows in their design's own order: Sobol needs a Saltelli design and
 * Morris its trajectories; the others work on any table.
 */
export function methodFits(method: AnalysisMethod, design: AnalysisColumns['design']): boolean {
  if (method === 'sobol') return design === 'saltelli'
  if (method === 'morris') return design === 'morris'
  return true
}

export type SeedProblem = 'seed' | null

export function seedProblem(seed: string): SeedProblem {
  return seed.trim() === '' || /^\d+$/.test(seed.trim()) ? null : 'seed'
}

/** The `analysis.run` input for a form; parameters are always named, so the engine's default cannot differ from what the form shows. */
export function buildRequest(requestId: string, source: AnalysisSource, columns: AnalysisColumns, form: AnalysisForm): MethodInput<'analysis.run'> {
  const all = paramColumns(columns, form.target)
  const chosen = all.filter((p) => form.params.includes(p))
  const seed = form.seed.trim()
  return {
    requestId,
    source,
    target: form.target,
    goal: form.goal,
    method: form.method,
    params: chosen,
    ...(seed === '' ? {} : { seed: Number(seed) })
  }
}

let counter = 0

/** A request id unique in this window, for following progress events and cancelling. */
export function newRequestId(): string {
  return `analysis-${Date.now().toString(36)}-${(++counter).toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}
