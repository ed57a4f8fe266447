import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import type { Config } from '../../../shared/schemas/params'
import type { MetricPoint } from '../../../shared/schemas/runs'
import { parseCsv } from '../datasets/readers/csv'
import { importError, paramValue, type ImportedBatch, type ImportedRun } from './model'
import { numberCell, parseJsonLine, seriesLine, statusCell, timeCell } from './rows'

export interface TableImportOptions {
  /** Header → role: `params.<key>`, `metrics.<name>`, `name`, `status`, `tags`, `notes`, `created`, or `skip`. */
  columns?: Record<string, string>
  /** A JSON-lines file of series points (`{"run", "metric", "step", "value"}`) for the rows' runs. */
  series?: string
}

const ROLES = ['name', 'run', 'status', 'tags', 'notes', 'created', 'skip']

/**
 * A CSV with a row per run: `params.*` and `metrics.*` columns (or a mapping of other headers onto
 * them), `name` (or `run`), and optional `status`, `tags` (`;` or `,` between), `notes`, `created`.
 * Unprefixed, unmapped columns are parameters.
 */
export function readTableCsv(file: string, options: TableImportOptions = {}): ImportedBatch {
  const csv = parseCsv(readFileSync(file, 'utf8'), file)
  const roles = csv.header.map((h) => {
    const role = options.columns?.[h] ?? h
    return role.startsWith('params.') || role.startsWith('metrics.') || ROLES.includes(role) ? role : `params.${role}`
  })
  const rows = new Map<string, ImportedRun>()
  const group = basename(file).replace(/\.[^.]+$/, '')
  csv.records.forEach((rec, r) => {
    const line = csv.lines[r] ?? r + 2
    const params: Config = {}
    const values: Record<string, number> = {}
    let name = ''
    let status = statusCell('', file, line)
    let tags: string[] = []
    let notes = ''
    let created: number | null = null
    roles.forEach((role, i) => {
      const text = rec[i] ?? ''
      if (role === 'name' || role === 'run') name = text.trim()
      else if (role === 'status') status = statusCell(text, file, line)
      else if (role === 'tags') tags = text.split(/[;,]/).map((t) => t.trim()).filter(Boolean)
      else if (role === 'notes') notes = text
      else if (role === 'created') created = timeCell(text, file, line, csv.header[i]!)
      else if (role.startsWith('params.') && text.trim() !== '') params[role.slice(7)] = paramValue(text)
      else if (role.startsWith('metrics.')) {
        const v = numberCell(text, file, line, csv.header[i]!)
        if (v !== null) values[role.slice(8)] = v
      }
    })
    if (name === '') name = `row ${line}`
    if (rows.has(name)) throw importError('imports.duplicateRun', { file, line, run: name })
    const time: number = created ?? 0
    rows.set(name, {
      source: `csv:${file}#run=${encodeURIComponent(name)}`,
      name,
      trainer: 'imported',
      group,
      status,
      statusReason: null,
      createdAt: time,
      startedAt: created,
      endedAt: created,
      params,
      metrics: Object.entries(values).map(([metric, value]): MetricPoint => ({ name: metric, step: 0, value, time })),
      tags,
      notes
    })
  })
  if (options.series) addSeries(rows, options.series)
  return { kind: 'csv', file, runs: [...rows.values()] }
}

/**
 * Adds series points to the runs they name. A series replaces the run's single final value of the
 * same metric, and its last point stands as the final value.
 */
export function addSeries(runs: Map<string, ImportedRun>, file: string, text = readFileSync(file, 'utf8')): void {
  const byRun = new Map<string, MetricPoint[]>()
  text.split('\n').forEach((t, i) => {
    if (t.trim() === '') return
    const { run, point } = seriesLine(parseJsonLine(t, file, i + 1), file, i + 1)
    if (!runs.has(run)) throw importError('imports.unknownRun', { file, line: i + 1, run })
    byRun.set(run, [...(byRun.get(run) ?? []), point])
  })
  for (const [name, points] of byRun) {
    const run = runs.get(name)!
    const named = new Set(points.map((p) => p.name))
    run.metrics = [...run.metrics.filter((p) => !named.has(p.name)), ...points.map((p) => ({ ...p, time: p.time || run.createdAt }))]
  }
}
