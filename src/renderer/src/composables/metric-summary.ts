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

/**
 * The final and best value of each metric that has points: the trainer's declared metrics first,
 * in its order, then any other series it sent. Non-finite values never count as best.
 */
export function summarizeMetrics(series: Record<string, Series>, metrics: TrainerInfo['metrics'] = []): MetricRow[] {
  const declared = new Map(metrics.map((m) => [m.name, m]))
  const names = [...metrics.map((m) => m.name), ...Object.keys(series).filter((n) => !declared.has(n) && !isDiagnostic(n)).sort()]
  const rows: MetricRow[] = []
  for (const name of names) {
    const s = series[name]
    if (!s || s.values.length === 0) continue
    const info = declared.get(name)
    const last = s.values.length - 1
    const row: MetricRow = { name, label: info?.label, goal: info?.goal, final: s.values[last], finalStep: s.steps[last] }
    if (info?.goal) {
      let at = -1
      for (let i = 0; i < s.values.length; i++) {
        const v = s.values[i]
        if (!Number.isFinite(v)) continue
        if (at < 0 || (info.goal === 'min' ? v < s.values[at] : v > s.values[at])) at = i
      }
      if (at >= 0) Object.assign(row, { best: s.values[at], bestStep: s.steps[at] })
    }
    rows.push(row)
  }
  return rows
}
