/**
 * Why a trial was pruned, worded in each language the app speaks, from the reason's code and
 * values: the trial table, its tooltip and the CLI show these. A value is filled in as `{name}`;
 * numbers are shown to three significant digits.
 */
import type { PruneReason, PruneReasonCode } from './curves'

export type PruneMessageLocale = 'en' | 'zh-CN'

export const pruneMessages: Record<PruneMessageLocale, Record<PruneReasonCode, string>> = {
  en: {
    median: 'Pruned at step {step}: its best value so far, {best}, is worse than the median {median} of {trials} finished trials at that step.',
    rung: 'Pruned at step {step}: its value {value} at rung {rung} (step {resource}) is not among the best {promoted} of the {competing} trials that reached it (cut-off {cutoff}).',
    bracketRung:
      'Pruned at step {step} in Hyperband bracket {bracket}: its value {value} at rung {rung} (step {resource}) is not among the best {promoted} of the {competing} trials of its bracket that reached it (cut-off {cutoff}).',
    rungBootstrap: 'Pruned at step {step}: {competing} trial(s) have reached rung {rung} (step {resource}), and it takes more than {bootstrap} before any goes on.',
    nonFinite: 'Pruned at step {step}: the metric is not a finite number ({value}).'
  },
  'zh-CN': {
    median: '在第 {step} 步剪枝：目前最好值 {best} 劣于 {trials} 个已完成试验在该步的中位数 {median}。',
    rung: '在第 {step} 步剪枝：在第 {rung} 级（第 {resource} 步）的值 {value} 不在到达该级的 {competing} 个试验的前 {promoted} 名之内（分界值 {cutoff}）。',
    bracketRung: '在第 {step} 步剪枝（Hyperband 第 {bracket} 组）：在第 {rung} 级（第 {resource} 步）的值 {value} 不在本组到达该级的 {competing} 个试验的前 {promoted} 名之内（分界值 {cutoff}）。',
    rungBootstrap: '在第 {step} 步剪枝：到达第 {rung} 级（第 {resource} 步）的试验只有 {competing} 个，须超过 {bootstrap} 个才会有试验继续。',
    nonFinite: '在第 {step} 步剪枝：指标不是有限数值（{value}）。'
  }
}

function shown(v: number | string): string {
  if (typeof v === 'string') return v
  if (Number.isInteger(v)) return String(v)
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : String(+v.toPrecision(3))
}

/** The reason as a sentence in `locale`. */
export function pruneReasonText(locale: PruneMessageLocale, reason: PruneReason): string {
  const template = (pruneMessages[locale] ?? pruneMessages.en)[reason.code]
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in reason.values ? shown(reason.values[name]) : whole))
}
