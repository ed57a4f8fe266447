import type { Series } from '../../../shared/api'

/** Prefixes of series that other parts of the run page show (diagnostics, model size, system). */
const shownElsewhere = ['params/', 'sys/', 'grad_norm/', 'grad_norm_var/', 'update_ratio/']

/**
 * The series of a command trainer's run that get a chart of their own: the metrics its definition
 * declares, in that order, once they have a point; then any other series with at least two points
 * (a curve), in the order they appeared. A lone value such as `train_runtime` stays in the metrics
 * table; names the page's fixed charts draw (`drawn`) are left to them.
 */
export function scriptChartNames(series: Record<string, Series>, declared: readonly string[], drawn: readonly string[]): string[] {
  const skip = (name: string) => drawn.includes(name) || shownElsewhere.some((p) => name.startsWith(p))
  const count = (name: string) => series[name]?.steps.length ?? 0
  const first = declared.filter((name) => !skip(name) && count(name) > 0)
  const rest = Object.keys(series).filter((name) => !skip(name) && !declared.includes(name) && count(name) > 1)
  return [...first, ...rest]
}
