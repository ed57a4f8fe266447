import { basename } from 'node:path'
import type { DatasetDetail, ImportProgress } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { formatMessage, msg } from '../../../shared/messages'
import type { CliContext } from '../context'
import { table } from '../format'
import type { CliLocale } from '../locale'

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`
const isEnded = (p: ImportProgress) => p.state === 'done' || p.state === 'failed' || p.state === 'cancelled'

function progressLine(p: ImportProgress): string {
  const of = p.totalBytes > 0 ? ` / ${mb(p.totalBytes)}` : ''
  return `${basename(p.path)} ${p.state}  ${mb(p.bytesRead)}${of}  ${p.rows} rows  ${p.mbPerSecond.toFixed(0)} MB/s`
}

function parseId(text: string | undefined): number {
  const id = Number(text)
  if (!Number.isInteger(id) || id <= 0) throw AppError.coded('INVALID_INPUT', msg('cli.badDatasetId', { value: text ?? msg('cli.nothing') }))
  return id
}

/**
 * Imports the files through the engine's queue with a progress line on stderr; Ctrl-C cancels.
 * Prints one entry per file (the dataset, or why the file was refused); non-zero when any failed.
 */
export async function datasetsImport(ctx: CliContext, files: string[], opts: { copy: boolean; json: boolean; locale: CliLocale }): Promise<number> {
  if (files.length === 0) throw AppError.coded('INVALID_INPUT', msg('cli.importNeedsFiles'))
  const latest = new Map<string, ImportProgress>()
  const tty = process.stderr.isTTY
  let lastPrint = 0
  let wake = () => undefined as void
  const off = ctx.engine.events.subscribe((name, payload) => {
    if (name !== 'dataset.import') return
    const p = payload as ImportProgress
    latest.set(p.importId, p)
    const now = Date.now()
    if (tty) process.stderr.write(`\r${progressLine(p)}\x1b[K${isEnded(p) ? '\n' : ''}`)
    else if (isEnded(p) || (p.state === 'reading' && now - lastPrint > 2000)) {
      process.stderr.write(`${progressLine(p)}\n`)
      lastPrint = now
    }
    wake()
  })
  const queued = await ctx.call('datasets.import', { paths: files, copy: opts.copy })
  const cancelAll = () => {
    process.stderr.write(`\n${formatMessage(opts.locale, msg('cli.cancellingImports'))}\n`)
    for (const q of queued) void ctx.call('datasets.cancelImport', { importId: q.importId }).catch(() => undefined)
  }
  process.on('SIGINT', cancelAll)
  process.on('SIGTERM', cancelAll)
  const allEnded = () => queued.every((q) => latest.has(q.importId) && isEnded(latest.get(q.importId)!))
  while (!allEnded()) await new Promise<void>((resolve) => (wake = resolve))
  off()
  process.off('SIGINT', cancelAll)
  process.off('SIGTERM', cancelAll)

  const results = await Promise.all(
    queued.map(async (q) => {
      const p = latest.get(q.importId)!
      if (p.state !== 'done') return { path: p.path, error: p.errorMessage ? formatMessage(opts.locale, p.errorMessage) : (p.error ?? formatMessage(opts.locale, msg('cli.importCancelled'))) }
      const d = await ctx.call('datasets.get', { id: p.datasetId! })
      return { path: p.path, id: d.id, name: d.name, format: d.format, rows: d.rows, columns: d.columns, sha256: d.sha256 }
    })
  )
  for (const r of results) if ('error' in r) process.stderr.write(`paramscope: ${r.path}: ${r.error}\n`)
  if (opts.json) process.stdout.write(`${JSON.stringify(results)}\n`)
  else {
    const ok = results.filter((r): r is Extract<typeof r, { id: number }> => 'id' in r)
    process.stdout.write(`${table(['id', 'name', 'format', 'rows', 'columns', 'sha256'], ok.map((r) => [String(r.id), r.name, r.format, String(r.rows), String(r.columns), r.sha256]))}\n`)
  }
  const states = queued.map((q) => latest.get(q.importId)!.state)
  if (states.includes('failed')) return 2
  return states.includes('cancelled') ? 130 : 0
}

export async function datasetsList(ctx: CliContext, json: boolean): Promise<number> {
  const list = await ctx.call('datasets.list', {})
  if (json) process.stdout.write(`${JSON.stringify(list)}\n`)
  else {
    const rows = list.map((d) => [String(d.id), d.name, d.format, String(d.rows), String(d.columns), mb(d.size), d.sha256.slice(0, 12), d.status])
    process.stdout.write(`${table(['id', 'name', 'format', 'rows', 'columns', 'size', 'sha256', 'status'], rows)}\n`)
  }
  return 0
}

function detailText(d: DatasetDetail): string {
  const columns = d.profile.columns.map((c) => [
    c.name,
    c.type,
    String(c.missing),
    `${c.distinct}${c.distinctCapped ? '+' : ''}`,
    c.numeric ? `${c.numeric.min} … ${c.numeric.max}, mean ${c.numeric.mean.toPrecision(4)}` : (c.top ?? []).slice(0, 3).map((t) => `${t.value} (${t.count})`).join(', ')
  ])
  return [
    `dataset ${d.id}  ${d.name}  [${d.status}]  ${d.format}  ${d.rows} rows × ${d.columns} columns  ${mb(d.size)}`,
    `path ${d.path}${d.copied ? ' (library copy)' : ''}`,
    `sha256 ${d.sha256}`,
    table(['column', 'type', 'missing', 'distinct', 'values'], columns),
    ...d.versions.map((v) => `version ${v.id}: ${v.task}, target ${v.target ?? '-'}, ${v.split.kind} seed ${v.split.seed}, parts ${v.parts.map((p) => `${p.name} ${p.rows}`).join(' / ')}`)
  ].join('\n')
}

export async function datasetsShow(ctx: CliContext, idText: string | undefined, json: boolean): Promise<number> {
  const detail = await ctx.call('datasets.get', { id: parseId(idText) })
  process.stdout.write(`${json ? JSON.stringify(detail) : detailText(detail)}\n`)
  return 0
}
