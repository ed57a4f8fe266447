import type { AnalysisMethod, MethodOutput } from '../../../shared/api'
import { analysisFactCodes, analysisLabel, analysisMessage, type AnalysisMessageLocale } from '../../../shared/messages/analysis'
import { table } from '../format'

type Result = MethodOutput<'analysis.run'>

/** The indices each method's table shows first, in the analyze JSON names. */
const shownIndices: Record<AnalysisMethod, string[]> = {
  sobol: ['S1', 'ST'],
  morris: ['mu_star', 'sigma', 'mu'],
  fanova: ['importance'],
  quantile: ['importance'],
  correlation: ['spearman', 'pearson'],
  oat: ['sensitivity', 'derivative'],
  surface: ['linear', 'quadratic']
}

const num = (v: unknown): string => {
  if (typeof v !== 'number') return v === null || v === undefined ? '-' : String(v)
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v)
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(3)
}

/** "0.314 [0.301, 0.327]" when the entry has the interval, else the value alone. */
function withInterval(entry: Record<string, unknown>, key: string): string {
  const lo = entry[`${key}_lo`]
  const hi = entry[`${key}_hi`]
  return typeof lo === 'number' && typeof hi === 'number' ? `${num(entry[key])} [${num(lo)}, ${num(hi)}]` : num(entry[key])
}

/**
 * The readable form of `paramscope analyze`: per-parameter table with tiers, pairs, noise, and the
 * notices worded in `locale` (the same sentences as the window's).
 */
export function analysisText(r: Result, locale: AnalysisMessageLocale = 'en'): string {
  const label = (key: Parameters<typeof analysisLabel>[1], values?: Record<string, string | number>) => analysisLabel(locale, key, values)
  const keys = shownIndices[r.method]
  const tiers = new Map(r.tiers.map((t) => [t.name, t]))
  const facts = Object.entries(r.facts ?? {}).map(([k, v]) => `${k}=${num(v)}`).join(' ')
  const goal = label(r.goal === 'min' ? 'lowerBetter' : 'higherBetter')
  const extra = `${r.seed === null ? '' : `, ${label('seed', { seed: r.seed })}`}${r.r2 === undefined ? '' : `, R² ${num(r.r2)}`}`
  const lines = [`${label('heading', { method: r.method, target: r.target, goal, n: r.n })}${extra}`]
  if (facts) lines.push(facts)
  lines.push('')
  const rows = r.params.map((p) => {
    const t = tiers.get(p.name)
    const range =
      t && t.low !== undefined && t.low !== null ? `${num(t.low)} … ${num(t.high)}${t.widened ? ' *' : ''}` : t?.best !== undefined && t.best !== null ? label('best', { value: num(t.best) }) : '-'
    return [p.name, ...keys.map((k) => withInterval(p, k)), t?.tier ?? '-', range]
  })
  const basis = r.tiers.find((t) => t.basis)?.basis
  lines.push(table([label('parameter'), ...keys, basis ? label('tierBy', { basis }) : label('tier'), label('bestRange')], rows))
  if (r.tiers.some((t) => t.widened)) lines.push(label('widened'))
  if (r.pairs && r.pairs.length > 0) {
    const pairKey = Object.keys(r.pairs[0]).find((k) => k !== 'params' && !/_(lo|hi|sd)$/.test(k)) as string
    lines.push('', label('pairs', { index: pairKey }))
    for (const p of r.pairs.slice(0, 10)) lines.push(`  ${p.params[0]} × ${p.params[1]}  ${withInterval(p, pairKey)}`)
  }
  if (r.noise) lines.push('', label('noise', { std: num(r.noise.std), lo: num(r.noise.std_lo), hi: num(r.noise.std_hi), groups: r.noise.groups }))
  const said = (facts: boolean) => r.notices.filter((n) => analysisFactCodes.has(n.code) === facts).map((n) => `  - ${analysisMessage(locale, n.code, n.params)}`)
  const [warnings, computed] = [said(false), said(true)]
  if (warnings.length > 0) lines.push('', label('warnings'), ...warnings)
  if (computed.length > 0) lines.push('', label('computed'), ...computed)
  if (r.constants.length > 0) {
    const list = r.constants.map((c) => `${c.name}=${c.value === null ? label('unset') : num(c.value)}`).join(', ')
    lines.push('', label('constants', { list }))
  }
  return lines.join('\n')
}
