import type { Series, TrainerInfo } from '../../../shared/api'

export type Goal = 'min' | 'max'

export interface MetricRow {
  name: string
  /** The trainer's label for a declared metric; absent for one it did not declare. */
  label?: TrainerInfo['metrics'][number]['label']
  goal?: Goal
  final: number
  finalStep: number
  /** The best value by the metric's goal, and its step; absent when the metric has no goal. */
  best?: number
  bestStep?: number
}

/** Per-layer diagnostics are drawn as charts, not listed one row per layer. */
export const isDiagnostic = (name: string): boolean => /^(grad_norm|grad_norm_var|update_ratio)\//.test(name) && name !== 'grad_norm/global'

const lowerIsBetter = /(^|[/_.\s-])(loss|nll|error|err|perplexity|ppl|mse|mae|rmse|wer|cer)([/_.\s-]|$)/i
const higherIsBetter = /(^|[/_.\s-])(acc|accuracy|auc|f1|precision|recall|bleu|rouge\w*|iou|map|r2|reward)([/_.\s-]|$)/i

/**
 * The goal a metric's name states plainly (`eval_loss`, `val/accuracy`), else none: a user's
 * script declares no goals, and `learning_rate` or `epoch` have no best.
 */
export function goalByName(name: string): Goal | undefined {
  if (lowerIsBetter.test(name)) return 'min'
  if (higherIsBetter.test(name)) return 'max'
  return undefined
}

/**
 * The final and best value of each metric that has points: the trainer's declared metrics first,
 * in its order, then any other series it sent. Non-finite values never count as best. With
 * `guessGoals` (a command trainer's run) a metric without a declared goal takes the one its name
 * states, if any.
 */
export function summarizeMetrics(series: Record<string, Series>, metrics: TrainerInfo['metrics'] = [], guessGoals = false): MetricRow[] {
  const declared = new Map(metrics.map((m) => [m.name, m]))
  const names = [...metrics.map((m) => m.name), ...Object.keys(series).filter((n) => !declared.has(n) && !isDiagnostic(n)).sort()]
  const rows: MetricRow[] = []
  for (const name of names) {
    const s = series[name]
    if (!s || s.values.length === 0) continue
    const info = declared.get(name)
    const last = s.values.length - 1
    const goal = info?.goal ?? (guessGoals ? goalByName(name) : undefined)
    const row: MetricRow = { name, label: info?.label, goal, final: s.values[last], finalStep: s.steps[last] }
    if (goal) {
      let at = -1
      for (let i = 0; i < s.values.length; i++) {
        const v = s.values[i]
        if (!Number.isFinite(v)) continue
        if (at < 0 || (goal === 'min' ? v < s.values[at] : v > s.values[at])) at = i
      }
      if (at >= 0) Object.assign(row, { best: s.values[at], bestStep: s.steps[at] })
    }
    rows.push(row)
  }
  return rows
}
