import type { Config, DownsampledSeries, MetricSummary, ParamValue } from '../../../shared/api'
import { diagnosticFamilies, palette } from '../charts/series-colors'
import { groupMean, type CompareCurve } from '../charts/compare-option'

/** A run of the compare view as its parts need it. */
export interface CompareRun {
  id: number
  label: string
  color: string
  config: Config
  metrics: Record<string, MetricSummary>
}

/** Run ids from `?runs=1,2,3`: positive whole numbers, each once, in the order given. */
export function parseRunIds(query: unknown): number[] {
  const text = Array.isArray(query) ? query.join(',') : typeof query === 'string' ? query : ''
  const ids = text.split(',').map((s) => Number(s.trim()))
  return [...new Set(ids.filter((n) => Number.isSafeInteger(n) && n > 0))]
}

/** One colour per run, by its place in the selection. */
export function runColor(index: number): string {
  return index < palette.length ? palette[index] : `hsl(${Math.round((index * 137.508) % 360)}, 55%, 52%)`
}

const hidden = ['sys/', 'params/', ...diagnosticFamilies.map((f) => `${f}/`)]

/** The metrics worth a curve: those any run logged, less system samples, parameter counts, per-layer diagnostics and the epoch counter. */
export function comparableMetrics(runs: readonly CompareRun[]): string[] {
  const names = new Set<string>()
  for (const run of runs) for (const name of Object.keys(run.metrics)) if (name !== 'epoch' && !hidden.some((h) => name.startsWith(h))) names.add(name)
  return [...names].sort((a, b) => a.localeCompare(b))
}

/** Lower is better for losses and errors; higher for the rest (accuracy, F1, reward…). */
export function metricGoal(name: string): 'min' | 'max' {
  return /loss|err|perplexity|mse|mae|rmse|wer|cer/i.test(name) ? 'min' : 'max'
}

export interface DiffRow {
  key: string
  values: Array<ParamValue | undefined>
  differs: boolean
}

/** Every parameter of the runs, sorted, with whether its value differs between them. */
export function configDiff(runs: readonly CompareRun[]): DiffRow[] {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.config)))].sort()
  return keys.map((key) => {
    const values = runs.map((r) => r.config[key])
    const first = JSON.stringify(values[0] ?? null)
    return { key, values, differs: values.some((v) => JSON.stringify(v ?? null) !== first) }
  })
}

/** The curves of one metric: one per run, or one per group of runs sharing the values of `groupBy`. */
export function compareCurves(
  series: readonly DownsampledSeries[],
  runs: readonly CompareRun[],
  groupBy: readonly string[],
  groupLabel: (label: string, n: number) => string,
  unset: string
): CompareCurve[] {
  const byRun = new Map(series.map((s) => [s.runId, s]))
  const present = runs.filter((r) => byRun.has(r.id))
  if (groupBy.length === 0) {
    return present.map((r) => {
      const s = byRun.get(r.id)!
      return { key: `run-${r.id}`, label: r.label, color: r.color, x: s.x, y: s.y, min: s.min, max: s.max }
    })
  }
  const groups = new Map<string, CompareRun[]>()
  for (const run of present) {
    const key = groupBy.map((k) => `${k}=${run.config[k] === undefined ? unset : String(run.config[k])}`).join(', ')
    if (!groups.has(key)) groups.set(key, [])
    groups.get(key)!.push(run)
  }
  return [...groups].map(([key, members], i) => {
    const mean = groupMean(members.map((m) => byRun.get(m.id)!))
    return { key: `group-${key}`, label: groupLabel(key, mean.n), color: runColor(i), x: mean.x, y: mean.y, min: mean.min, max: mean.max }
  })
}
