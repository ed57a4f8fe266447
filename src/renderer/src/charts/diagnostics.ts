import type { Series } from '../../../shared/api'
import { colorKey, type DiagnosticFamily } from './series-colors'

/**
 * The series of one diagnostics family a run has points for (`grad_norm/global`, then
 * `grad_norm/dense1`, `grad_norm/dense2`…): the global value first, layers in natural order.
 */
export function familyNames(series: Record<string, Series>, family: DiagnosticFamily): string[] {
  const prefix = `${family}/`
  const names = Object.keys(series).filter((n) => n.startsWith(prefix) && (series[n]?.steps.length ?? 0) > 0)
  const rank = (n: string) => (colorKey(n) === 'global' ? 0 : 1)
  return names.sort((a, b) => rank(a) - rank(b) || colorKey(a).localeCompare(colorKey(b), 'en', { numeric: true }))
}
