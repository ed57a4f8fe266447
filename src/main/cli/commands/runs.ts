import type { Run } from '../../../shared/api'
import type { CliContext } from '../context'
import { duration, runJson, runText, table } from '../format'
import { AppError, issueMessage } from '../../../shared/errors'
import { formatMessage, msg } from '../../../shared/messages'
import { logText } from '../../../shared/messages/log-lines'
import type { CliLocale } from '../locale'
import { followRun } from './run'

export function parseId(text: string | undefined): number {
  const id = Number(text)
  if (!Number.isInteger(id) || id <= 0) throw AppError.coded('INVALID_INPUT', msg('cli.badRunId', { value: text ?? msg('cli.nothing') }))
  return id
}

/** How many runs one call asks for; `--all` and a large `--limit` page through the list. */
const PAGE = 1000
/** What `runs list` shows without --limit or --all. */
const DEFAULT_LIMIT = 1000

function parseLimit(text: string | undefined, all: boolean): number {
  if (all && text !== undefined) throw AppError.coded('INVALID_INPUT', msg('cli.limitAndAll', { value: text }))
  if (all) return Infinity
  if (text === undefined) return DEFAULT_LIMIT
  const limit = Number(text)
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(limit) || limit < 1) throw AppError.coded('INVALID_INPUT', msg('cli.badLimit', { value: text }))
  return limit
}

/** The newest `limit` runs, page by page, and whether older ones exist beyond them. */
async function newestRuns(ctx: CliContext, experimentId: number | undefined, limit: number): Promise<{ runs: Run[]; more: boolean }> {
  const runs: Run[] = []
  for (;;) {
    const want = Math.min(PAGE, limit - runs.length)
    const beforeId = runs.at(-1)?.id
    if (want === 0) return { runs, more: beforeId !== undefined && (await ctx.call('runs.list', { experimentId, limit: 1, beforeId })).length > 0 }
    const page = await ctx.call('runs.list', { experimentId, limit: want, beforeId })
    runs.push(...page)
    if (page.length < want) return { runs, more: false }
  }
}

export interface RunsListArgs {
  experiment?: string
  limit?: string
  all: boolean
  json: boolean
  locale: CliLocale
}

/** The runs, newest first; says on stderr when older runs were left out, so stdout stays the list. */
export async function runsList(ctx: CliContext, args: RunsListArgs): Promise<number> {
  const limit = parseLimit(args.limit, args.all)
  const experiments = await ctx.call('experiments.list', {})
  let experimentId: number | undefined
  if (args.experiment !== undefined) {
    const found = experiments.find((e) => e.name === args.experiment)
    if (!found) throw AppError.coded('NOT_FOUND', msg('cli.noExperiment', { value: args.experiment }))
    experimentId = found.id
  }
  const { runs, more } = await newestRuns(ctx, experimentId, limit)
  if (args.json) process.stdout.write(`${JSON.stringify(runs)}\n`)
  else {
    const names = new Map(experiments.map((e) => [e.id, e.name]))
    const rows = runs.map((r) => [String(r.id), names.get(r.experimentId) ?? '', r.name, r.trainer, r.status, `${r.step}/${r.totalSteps ?? '?'}`, duration(r), new Date(r.createdAt).toISOString().slice(0, 19)])
    process.stdout.write(`${table(['id', 'experiment', 'name', 'trainer', 'status', 'steps', 'duration', 'created'], rows)}\n`)
  }
  if (more) process.stderr.write(`paramscope: ${formatMessage(args.locale, msg('cli.olderRuns', { count: runs.length }))}\n`)
  return 0
}

export async function runsShow(ctx: CliContext, idText: string | undefined, json: boolean, locale: CliLocale): Promise<number> {
  const detail = await ctx.call('runs.get', { id: parseId(idText) })
  process.stdout.write(`${json ? JSON.stringify(runJson(detail)) : runText(detail, locale)}\n`)
  return 0
}

/** Prints the run's log whole, its coded lines in the chosen language. */
export async function runsLog(ctx: CliContext, idText: string | undefined, locale: CliLocale): Promise<number> {
  const id = parseId(idText)
  let offset = 0
  let pending = ''
  for (;;) {
    const { text, nextOffset } = await ctx.call('runs.log', { id, offset })
    if (text === '') break
    // Word whole lines only: a coded line may be split between two reads.
    const all = pending + text
    const cut = all.lastIndexOf('\n') + 1
    process.stdout.write(logText(all.slice(0, cut), locale))
    pending = all.slice(cut)
    offset = nextOffset
  }
  if (pending) process.stdout.write(`${logText(pending, locale)}\n`)
  return 0
}

export async function runsMetrics(ctx: CliContext, idText: string | undefined, metric: string | undefined, json: boolean): Promise<number> {
  if (!metric) throw AppError.coded('INVALID_INPUT', msg('cli.metricNeeded'))
  const id = parseId(idText)
  const series = (await ctx.call('runs.metrics', { id, names: [metric] }))[metric]
  if (!series) {
    const known = Object.keys(await ctx.call('runs.get', { id }).then((r) => r.metrics)).join(', ')
    throw AppError.coded('NOT_FOUND', msg('cli.noMetric', { value: metric, id, known: known || msg('cli.none') }))
  }
  if (json) {
    process.stdout.write(`${JSON.stringify({ runId: id, name: metric, ...series })}\n`)
    return 0
  }
  const lines = series.steps.map((s, i) => `${s}\t${series.values[i]}\t${new Date(series.times[i]).toISOString()}`)
  process.stdout.write(`step\tvalue\ttime\n${lines.join('\n')}\n`)
  return 0
}

/** Resumes a cancelled, interrupted or crashed run from its latest checkpoint and follows it to the end. */
export async function runsResume(ctx: CliContext, idText: string | undefined, json: boolean, locale: CliLocale): Promise<number> {
  const id = parseId(idText)
  return followRun(ctx, () => ctx.call('runs.resume', { id }), json, locale)
}

export interface ExportArgs {
  out?: string
  checkpoint: string
  force: boolean
  json: boolean
}

/** Writes the run's model to --out, a new .onnx file unless --force; a refused path names --out. */
export async function runsExportModel(ctx: CliContext, idText: string | undefined, args: ExportArgs): Promise<number> {
  const { out, checkpoint } = args
  if (!out) throw AppError.coded('INVALID_INPUT', msg('cli.outNeeded'))
  if (checkpoint !== 'best' && checkpoint !== 'latest') throw AppError.coded('INVALID_INPUT', msg('cli.badCheckpoint', { value: checkpoint }))
  const id = parseId(idText)
  const r = await ctx.call('runs.exportModel', { id, out, checkpoint, overwrite: args.force }).catch((err: unknown) => {
    const issue = err instanceof AppError ? err.details?.issues?.find((i) => i.field === 'out') : undefined
    if (!issue) throw err
    const { code, details } = err as AppError
    const message = code === 'CONFLICT' ? msg('cli.outExists', { value: out }) : msg('cli.outProblem', { value: out, problem: issueMessage(issue) })
    throw AppError.coded(code, message, details)
  })
  if (args.json) process.stdout.write(`${JSON.stringify(r)}\n`)
  else {
    const metrics = Object.entries(r.metrics).map(([k, v]) => `${k} ${v.toPrecision(4)}`).join(', ')
    process.stdout.write(`wrote ${r.path} (${r.bytes} bytes) from the ${r.checkpoint} checkpoint, step ${r.step}: ${metrics}\ninputs ${r.inputs.join(', ')}; outputs ${r.outputs.join(', ')}\n`)
  }
  return 0
}
