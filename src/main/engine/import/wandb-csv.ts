import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import type { Config } from '../../../shared/schemas/params'
import type { MetricPoint, RunStatus } from '../../../shared/schemas/runs'
import { parseCsv } from '../datasets/readers/csv'
import { importError, paramValue, wasRunningReason, type ImportedBatch, type ImportedRun } from './model'
import { numberCell, timeCell } from './rows'

/** The columns W&B's runs table always exports first; config and summary columns follow. */
export const WANDB_FIXED = ['Name', 'State', 'Notes', 'User', 'Tags', 'Created', 'Runtime', 'Sweep'] as const

const states: Record<string, RunStatus> = { finished: 'finished', failed: 'failed', crashed: 'crashed', killed: 'cancelled' }

// Names that read as outcomes (as the analysis guesses them), or with a '/' as W&B groups panels.
const METRIC_NAME = /(^|[^a-z0-9])(loss|acc|accuracy|error|err|score|metric|f1|auc|rmse|mae|mse|r2|perplexity|ppl|bleu|rouge|reward|objective)([^a-z0-9]|$)|\//i

/**
 * W&B's "Export as CSV" of a project's runs table. The CSV does not say which columns are config
 * and which summary: `config.`/`summary.` prefixes are honoured where present; else a column whose
 * name reads as a metric (loss, accuracy, ..., or with a '/') is a metric, `_runtime`/`_step`/
 * `_timestamp` are W&B's own and left out, and the rest are parameters.
 */
export function readWandbCsv(file: string, options: { metrics?: string[] } = {}): ImportedBatch {
  const csv = parseCsv(readFileSync(file, 'utf8'), file)
  const col = new Map(csv.header.map((h, i) => [h, i]))
  for (const c of ['Name', 'State']) if (!col.has(c)) throw importError('imports.missingColumn', { file, column: c, columns: csv.header.join(', ') })
  const extra = csv.header.filter((h) => !(WANDB_FIXED as readonly string[]).includes(h) && h !== 'ID' && !h.startsWith('_'))
  const isMetric = (h: string): boolean => h.startsWith('summary.') || options.metrics?.includes(h) === true || (!h.startsWith('config.') && METRIC_NAME.test(h))
  const seen = new Map<string, number>()
  const runs = csv.records.map((rec, r): ImportedRun => {
    const line = csv.lines[r] ?? r + 2
    const cell = (h: string): string => rec[col.get(h) ?? -1] ?? ''
    const name = cell('Name')
    const n = (seen.get(name) ?? 0) + 1
    seen.set(name, n)
    const state = cell('State').trim().toLowerCase()
    const created = timeCell(cell('Created'), file, line, 'Created')
    const runtime = numberCell(cell('Runtime'), file, line, 'Runtime')
    const params: Config = {}
    const metrics: MetricPoint[] = []
    for (const h of extra) {
      const text = cell(h)
      if (text.trim() === '') continue
      if (isMetric(h)) {
        const value = numberCell(text, file, line, h)
        if (value !== null) metrics.push({ name: h.replace(/^summary\./, ''), step: 0, value, time: created ?? 0 })
      } else params[h.replace(/^config\./, '')] = paramValue(text)
    }
    const id = cell('ID') || name
    return {
      source: `wandb:${file}#run=${encodeURIComponent(id)}${n > 1 ? `&n=${n}` : ''}`,
      name: name || `row ${line}`,
      trainer: 'wandb',
      group: cell('Sweep') ? `sweep ${cell('Sweep')}` : basename(file).replace(/\.csv$/i, ''),
      status: states[state] ?? 'interrupted',
      statusReason: states[state] ? null : wasRunningReason('W&B', state),
      createdAt: created ?? 0,
      startedAt: created,
      endedAt: created !== null && runtime !== null && Number.isFinite(runtime) ? created + Math.round(runtime * 1000) : null,
      params,
      metrics,
      tags: cell('Tags')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      notes: cell('Notes')
    }
  })
  return { kind: 'wandb', file, runs }
}
