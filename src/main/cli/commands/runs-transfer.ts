import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { RunsTable } from '../../../shared/schemas/compare'
import { AppError } from '../../../shared/errors'
import { exportFormats, exportTable, type Cell, type ExportFormat, type ExportTable } from '../../../shared/compare/export'
import { decodeRunsTable } from '../../../shared/compare/table-columns'
import { formatMessage, msg } from '../../../shared/messages'
import { ImportKind } from '../../../shared/schemas/imports'
import { studyIdFlag } from '../flags'
import { openContext, type CliContext } from '../context'
import type { CliLocale } from '../locale'

export const runsTransferUsage = `  runs import SOURCE [--experiment NAME] [--kind optuna|mlflow|wandb|csv|jsonl] [--study NAME]
      [--series FILE.jsonl] [--column HEADER=ROLE ...] [--json]
                                               bring in runs of an Optuna storage (.db or journal), an MLflow
                                               store (mlflow.db or mlruns/), a W&B CSV export, a CSV or JSON
                                               lines; the kind is told from the file; a second import skips them
  runs export --experiment NAME | --study ID --format csv|json|md|tex [--out FILE]
                                               the runs table (params, last value of each metric)`

const options = {
  data: { type: 'string' },
  experiment: { type: 'string' },
  kind: { type: 'string' },
  study: { type: 'string' },
  series: { type: 'string' },
  column: { type: 'string', multiple: true },
  format: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean', default: false }
} as const

/** `paramscope runs import|export …`: each one call into the engine (`runs.import`, `runs.table`). */
export async function runsTransferCommand(sub: 'import' | 'export', argv: string[], locale: CliLocale): Promise<number> {
  const { values: v, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true })
  if (sub === 'import') {
    const path = positionals[0]
    if (path === undefined || positionals.length > 1) throw AppError.coded('INVALID_INPUT', msg('cli.runsNeeds'), { usage: true })
    const kind = v.kind === undefined ? undefined : ImportKind.safeParse(v.kind).data
    if (v.kind !== undefined && kind === undefined) throw AppError.coded('INVALID_INPUT', msg('imports.badKind', { value: v.kind }))
    const columns = Object.fromEntries((v.column ?? []).map((c) => [c.slice(0, c.lastIndexOf('=')), c.slice(c.lastIndexOf('=') + 1)]))
    return withContext(v.data, async (ctx) => {
      const r = await ctx.call('runs.import', { path, kind, experiment: v.experiment, study: v.study, series: v.series, columns: v.column ? columns : undefined, lang: locale })
      if (v.json) process.stdout.write(`${JSON.stringify(r)}\n`)
      else {
        const experiment = r.experiments.map((e) => e.name).join(', ') || (v.experiment ?? '')
        process.stdout.write(`${formatMessage(locale, msg('imports.summary', { imported: r.imported, skipped: r.skipped, experiment }))}\n`)
      }
      return 0
    })
  }
  if (v.format === undefined || !(exportFormats as readonly string[]).includes(v.format)) throw AppError.coded('INVALID_INPUT', msg('imports.export.badFormat', { value: v.format ?? '' }))
  if ((v.experiment === undefined) === (v.study === undefined)) throw AppError.coded('INVALID_INPUT', msg('imports.export.needsScope'), { usage: true })
  return withContext(v.data, async (ctx) => {
    let input: { experimentIds: number[] } | { studyIds: number[] }
    if (v.study !== undefined) {
      input = { studyIds: [studyIdFlag(v.study)] }
    } else {
      const found = (await ctx.call('experiments.list', {})).find((e) => e.name === v.experiment)
      if (!found) throw AppError.coded('NOT_FOUND', msg('cli.noExperiment', { value: v.experiment! }))
      input = { experimentIds: [found.id] }
    }
    const text = exportTable(tableOf(decodeRunsTable(await ctx.call('runs.table', input))), v.format as ExportFormat)
    if (v.out !== undefined) writeFileSync(v.out, text)
    else process.stdout.write(text)
    return 0
  })
}

async function withContext(data: string | undefined, fn: (ctx: CliContext) => Promise<number>): Promise<number> {
  const ctx = await openContext(data)
  try {
    return await fn(ctx)
  } finally {
    await ctx.engine.close()
  }
}

/** The runs table as the export writes it: who, where from, each param, each metric's last value. */
export function tableOf(t: RunsTable): ExportTable {
  const columns = [
    { key: 'id', label: 'id' },
    { key: 'name', label: 'name' },
    { key: 'status', label: 'status' },
    { key: 'experiment', label: 'experiment' },
    { key: 'trainer', label: 'trainer' },
    { key: 'tags', label: 'tags' },
    { key: 'created', label: 'created' },
    { key: 'source', label: 'source' },
    ...t.paramKeys.map((k) => ({ key: `params.${k}`, label: `params.${k}` })),
    ...t.metricNames.map((m) => ({ key: `metrics.${m}`, label: `metrics.${m}` }))
  ]
  const rows = t.rows.map((r) => {
    const row: Record<string, Cell> = {
      id: r.id,
      name: r.name,
      status: r.status,
      experiment: r.experimentName,
      trainer: r.trainer,
      tags: r.tags.join(';'),
      created: new Date(r.createdAt).toISOString(),
      source: r.source
    }
    for (const k of t.paramKeys) row[`params.${k}`] = r.params[k] ?? null
    for (const m of t.metricNames) row[`metrics.${m}`] = r.metrics[m]?.last ?? null
    return row
  })
  return { columns, rows }
}
