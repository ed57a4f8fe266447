import os from 'node:os'
import type { EngineApi } from '../../../shared/api'
import type { AnalysisColumns, AnalysisResult, AnalysisSource } from '../../../shared/schemas/analysis'
import type { ParamValue } from '../../../shared/schemas/params'
import type { ReportRequest } from '../../../shared/schemas/report'
import type { MetricSummary, Run, RunStatus } from '../../../shared/schemas/runs'
import { AppError } from '../../../shared/errors'
import { msg, type CodedMessage } from '../../../shared/messages'
import type { Store } from '../store'
import { engineVersion } from '../version'

/** The engine's analysis, as the report calls it (analysis.columns and analysis.run). */
export interface ReportAnalysis {
  columns(input: { source: AnalysisSource }): Promise<AnalysisColumns>
  run(input: Parameters<EngineApi['analysis.run']>[0]): Promise<AnalysisResult>
}

export interface ReportDeps {
  store: Store
  analysis?: ReportAnalysis
  /** The argument list of a registered command trainer; undefined for a built-in trainer. */
  commandOf?: (trainer: string) => readonly string[] | undefined
  /** GPUs of this machine, by name (nvidia-smi's); runs do not record their host. */
  gpus?: readonly string[]
  now?: () => number
}

export type Cell = string | number | boolean | null

export interface ReportRow {
  id: number
  name: string
  status: RunStatus | string
  params: Record<string, Cell>
  /** The last value of each metric, null when the run has none. */
  metrics: Record<string, number | null>
}

export interface ReportCurve {
  metric: string
  /** Runs shown, best first; each series thinned to at most MAX_CURVE_POINTS points. */
  series: { runId: number; name: string; x: number[]; y: number[] }[]
  /** Runs that have the metric at all. */
  total: number
}

export type ReportSensitivity =
  | {
    ok: true
    method: string
    n: number
    target: string
    tiers: AnalysisResult['tiers']
    noise: AnalysisResult['noise']
  }
  | { ok: false; reason: CodedMessage }

export interface ReportModel {
  kind: 'study' | 'experiment' | 'runs'
  title: CodedMessage
  createdAt: number
  engineVersion: string
  experiments: { name: string; description: string }[]
  study: { id: number; name: string; design: string; objective: string } | null
  runNotes: { run: string; notes: string }[]
  metric: string
  goal: 'min' | 'max'
  best: { id: number; name: string; value: number; params: [string, Cell][] } | null
  /** Table columns: parameters, then metrics (the ranking metric first). */
  params: string[]
  metrics: string[]
  goals: Record<string, 'min' | 'max'>
  normalization: ReportRequest['normalization']
  rows: ReportRow[]
  curves: ReportCurve[]
  sensitivity: ReportSensitivity | null
  diff: { differing: { key: string; values: Cell[]; best: Cell }[]; constant: { key: string; value: Cell }[] }
  repro: {
    datasets: { path: string; hash: string | null; runs: number }[]
    trainers: string[]
    engines: string[]
    providers: string[]
    seeds: number[]
    commands: { trainer: string; command: string }[]
    host: { os: string; cpu: string; gpus: string[] }
  }
}

/** Series the report leaves out: system samples and per-layer diagnostics. */
const isReportMetric = (name: string): boolean => !name.startsWith('sys/') && !name.startsWith('grad_norm/') && !name.startsWith('grad_norm_var/')

/** A metric's direction as its name tells it: accuracies and scores go up, losses and errors down. */
export function guessGoal(metric: string): 'min' | 'max' {
  return /acc|f1|auc|score|precision|recall|r2|bleu|rouge|map\b|iou|reward|throughput/i.test(metric) && !/loss|err/i.test(metric) ? 'max' : 'min'
}

const MAX_CURVE_RUNS = 20
export const MAX_CURVE_POINTS = 300
const MAX_TABLE_PARAMS = 8
const MAX_EXTRA_METRICS = 4
/** Runs with the ranking metric an analysis needs before its figures mean anything. */
export const MIN_SENSITIVITY_RUNS = 5

function loadRuns(store: Store, source: ReportRequest['source']): { runs: Run[]; kind: ReportModel['kind']; title: CodedMessage; study: ReturnType<Store['studies']['get']> } {
  if (source.kind === 'study') {
    const study = store.studies.get(source.studyId)
    if (!study) throw AppError.coded('NOT_FOUND', msg('report.error.noStudy', { id: source.studyId }))
    const runs = store.studies
      .trials(study.id)
      .map((t) => (t.runId === null ? undefined : store.runs.get(t.runId)))
      .filter((r): r is Run => r !== undefined)
    if (runs.length === 0) throw AppError.coded('NOT_FOUND', msg('report.error.noRuns', { source: study.name }))
    return { runs, kind: 'study', title: msg('report.title.study', { name: study.name }), study }
  }
  if (source.kind === 'experiment') {
    const experiment = store.experiments.get(source.experimentId)
    if (!experiment) throw AppError.coded('NOT_FOUND', msg('report.error.noExperiment', { name: String(source.experimentId) }))
    const runs = store.runs.list({ experimentId: experiment.id, limit: 1_000_000 }).reverse()
    if (runs.length === 0) throw AppError.coded('NOT_FOUND', msg('report.error.noRuns', { source: experiment.name }))
    return { runs, kind: 'experiment', title: msg('report.title.experiment', { name: experiment.name }), study: undefined }
  }
  const runs = [...new Set(source.runIds)].map((id) => {
    const run = store.runs.get(id)
    if (!run) throw AppError.coded('NOT_FOUND', msg('report.error.noRun', { id }))
    return run
  })
  return { runs, kind: 'runs', title: msg('report.title.runs', { count: runs.length }), study: undefined }
}

const cellOf = (v: ParamValue | undefined): Cell => (v === undefined ? null : (v as Cell))
const cellKey = (v: Cell): string => JSON.stringify(v)

/** Evenly thinned points, keeping the first, the last and each bucket's lowest and highest, so spikes survive. */
export function thin(x: readonly number[], y: readonly number[], max: number): { x: number[]; y: number[] } {
  if (x.length <= max) return { x: [...x], y: [...y] }
  const outX: number[] = []
  const outY: number[] = []
  const per = x.length / max
  for (let b = 0; b < max; b++) {
    const from = Math.floor(b * per)
    const to = Math.min(x.length, Math.floor((b + 1) * per))
    let lo = from
    let hi = from
    for (let i = from; i < to; i++) {
      if (y[i]! < y[lo]!) lo = i
      if (y[i]! > y[hi]!) hi = i
    }
    for (const i of lo <= hi ? [lo, hi] : [hi, lo]) {
      if (outX.length === 0 || outX[outX.length - 1] !== x[i]) {
        outX.push(x[i]!)
        outY.push(y[i]!)
      }
    }
  }
  if (outX[0] !== x[0]) {
    outX.unshift(x[0]!)
    outY.unshift(y[0]!)
  }
  if (outX[outX.length - 1] !== x[x.length - 1]) {
    outX.push(x[x.length - 1]!)
    outY.push(y[y.length - 1]!)
  }
  return { x: outX, y: outY }
}

async function sensitivityOf(
  deps: ReportDeps,
  source: ReportRequest['source'],
  runs: Run[],
  metric: string,
  goal: 'min' | 'max',
  differing: string[],
  scored: number
): Promise<ReportSensitivity | null> {
  if (!deps.analysis) return null
  if (differing.length === 0) return { ok: false, reason: msg('report.notVarying') }
  if (scored < MIN_SENSITIVITY_RUNS) return { ok: false, reason: msg('report.tooFew', { min: MIN_SENSITIVITY_RUNS, metric }) }
  const analysisSource: AnalysisSource = source.kind === 'study' ? { kind: 'study', studyId: source.studyId, includePruned: false } : { kind: 'runs', runIds: runs.map((r) => r.id), reduce: 'last' }
  try {
    const columns = await deps.analysis.columns({ source: analysisSource })
    // A study's own target is its objective; runs are ranked by the chosen metric.
    const target = source.kind === 'study' && columns.suggestedTarget ? columns.suggestedTarget : metric
    const params = source.kind === 'study' ? undefined : columns.columns.filter((c) => !c.isMetric && differing.includes(c.name)).map((c) => c.name)
    if (params && params.length === 0) return { ok: false, reason: msg('report.notVarying') }
    const result = await deps.analysis.run({
      requestId: `report-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      source: analysisSource,
      target,
      goal: source.kind === 'study' ? (columns.suggestedGoal ?? goal) : goal,
      method: columns.suggestedMethod,
      params
    })
    return { ok: true, method: result.method, n: result.n, target: result.target, tiers: result.tiers, noise: result.noise }
  } catch (err) {
    const reason = err instanceof AppError && err.details?.message ? (err.details.message as CodedMessage) : (err as Error).message
    return { ok: false, reason: msg('report.analysisFailed', { reason }) }
  }
}

function hostOf(gpus: readonly string[]): ReportModel['repro']['host'] {
  const cpus = os.cpus()
  const cpu = cpus.length > 0 ? `${cpus[0]!.model.trim()} × ${cpus.length}` : os.arch()
  return { os: `${os.type()} ${os.release()} (${process.platform}-${process.arch})`, cpu, gpus: [...gpus] }
}

/** Gathers everything a report shows from the store (and the engine's analysis), in no language yet. */
export async function buildReportModel(deps: ReportDeps, request: ReportRequest): Promise<ReportModel> {
  const { store } = deps
  const { runs, kind, title, study } = loadRuns(store, request.source)
  const summaries = new Map<number, Record<string, MetricSummary>>(runs.map((r) => [r.id, store.metrics.summary(r.id)]))

  const allMetrics = [...new Set(runs.flatMap((r) => Object.keys(summaries.get(r.id)!)))].filter(isReportMetric).sort()
  const objective = study?.definition.objective
  const metric = request.metric ?? objective?.metric ?? ['val/loss', 'loss', 'val/accuracy', 'accuracy'].find((m) => allMetrics.includes(m)) ?? allMetrics[0] ?? 'val/loss'
  const goal = request.goal ?? (objective && objective.metric === metric ? objective.direction : guessGoal(metric))
  const extra = request.metrics ?? allMetrics.filter((m) => m !== metric).slice(0, MAX_EXTRA_METRICS)
  const metrics = [metric, ...extra.filter((m) => m !== metric)]
  const goals = Object.fromEntries(metrics.map((m) => [m, m === metric ? goal : guessGoal(m)])) as Record<string, 'min' | 'max'>

  // The config diff: keys whose value is not the same in every run.
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.config)))].sort()
  const differingKeys: string[] = []
  const constant: { key: string; value: Cell }[] = []
  for (const key of keys) {
    const values = new Set(runs.map((r) => cellKey(cellOf(r.config[key]))))
    if (values.size > 1) differingKeys.push(key)
    else constant.push({ key, value: cellOf(runs[0]!.config[key]) })
  }
  const params = request.params ?? differingKeys.slice(0, MAX_TABLE_PARAMS)

  const valueOf = (run: Run, name: string): number | null => {
    const s = summaries.get(run.id)![name]
    return s && Number.isFinite(s.last) ? s.last : null
  }
  const sign = goal === 'min' ? 1 : -1
  const ordered = [...runs].sort((a, b) => {
    const va = valueOf(a, metric)
    const vb = valueOf(b, metric)
    if (va === null || vb === null) return va === null ? (vb === null ? a.id - b.id : 1) : -1
    return sign * (va - vb) || a.id - b.id
  })
  const rows: ReportRow[] = ordered.map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    params: Object.fromEntries(params.map((p) => [p, cellOf(r.config[p])])),
    metrics: Object.fromEntries(metrics.map((m) => [m, valueOf(r, m)]))
  }))
  const bestRun = ordered[0] && valueOf(ordered[0], metric) !== null ? ordered[0] : undefined
  const best = bestRun
    ? { id: bestRun.id, name: bestRun.name, value: valueOf(bestRun, metric)!, params: (differingKeys.length > 0 ? differingKeys : keys).map((k): [string, Cell] => [k, cellOf(bestRun.config[k])]) }
    : null

  const curves: ReportCurve[] = metrics.slice(0, 2).map((m) => {
    const having = ordered.filter((r) => summaries.get(r.id)![m])
    const series = having.slice(0, MAX_CURVE_RUNS).map((r) => {
      const s = store.metrics.series(r.id, { names: [m] })[m]
      const { x, y } = thin(s?.steps ?? [], s?.values ?? [], MAX_CURVE_POINTS)
      return { runId: r.id, name: r.name, x, y }
    })
    return { metric: m, series, total: having.length }
  })

  const scored = rows.filter((r) => r.metrics[metric] !== null).length
  const sensitivity = await sensitivityOf(deps, request.source, runs, metric, goal, differingKeys, scored)

  const experimentIds = [...new Set(runs.map((r) => r.experimentId))]
  const experiments = experimentIds.map((id) => store.experiments.get(id)).filter((e) => e !== undefined).map((e) => ({ name: e.name, description: e.description }))

  const datasets = new Map<string, { path: string; hash: string | null; runs: number }>()
  for (const r of runs) {
    if (!r.datasetPath) continue
    const key = `${r.datasetPath}\u0000${r.datasetHash ?? ''}`
    const entry = datasets.get(key) ?? { path: r.datasetPath, hash: r.datasetHash, runs: 0 }
    entry.runs++
    datasets.set(key, entry)
  }
  const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => Boolean(v)))].sort()
  const trainerNames = distinct(runs.map((r) => r.trainer))
  const commands = trainerNames.flatMap((t) => {
    const command = deps.commandOf?.(t)
    return command ? [{ trainer: t, command: command.map((a) => (/[\s"'\\]/.test(a) ? JSON.stringify(a) : a)).join(' ') }] : []
  })

  return {
    kind,
    title,
    createdAt: (deps.now ?? Date.now)(),
    engineVersion,
    experiments,
    study: study ? { id: study.id, name: study.name, design: `${study.definition.design.method} (n = ${study.definition.design.n})`, objective: `${study.definition.objective.metric} (${study.definition.objective.direction})` } : null,
    runNotes: ordered.filter((r) => r.notes.trim() !== '').map((r) => ({ run: r.name, notes: r.notes })),
    metric,
    goal,
    best,
    params,
    metrics,
    goals,
    normalization: request.normalization,
    rows,
    curves,
    sensitivity,
    diff: {
      differing: differingKeys.map((key) => {
        const seen = new Map<string, Cell>()
        for (const r of ordered) seen.set(cellKey(cellOf(r.config[key])), cellOf(r.config[key]))
        return { key, values: [...seen.values()], best: bestRun ? cellOf(bestRun.config[key]) : null }
      }),
      constant
    },
    repro: {
      datasets: [...datasets.values()],
      trainers: distinct(runs.map((r) => `${r.trainer} ${r.trainerVersion}`)),
      engines: distinct(runs.map((r) => r.engineVersion)),
      providers: distinct(runs.map((r) => (r.provider || r.device ? `${r.provider ?? '?'} / ${r.device ?? '?'}` : null))),
      seeds: [...new Set(runs.map((r) => r.seed).filter((s): s is number => s !== null))].sort((a, b) => a - b),
      commands,
      host: hostOf(deps.gpus ?? [])
    }
  }
}
