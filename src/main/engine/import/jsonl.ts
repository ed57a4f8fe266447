import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import type { MetricPoint } from '../../../shared/schemas/runs'
import { finalPoints, flattenParams, importError, type ImportedBatch, type ImportedRun } from './model'
import { parseJsonLine, seriesLine, statusCell, timeCell } from './rows'

/**
 * JSON lines: a run per line (`{"run": "a", "params": {...}, "metrics": {...}, "status"?, "tags"?,
 * "notes"?, "created"?}`, params nested or dotted) and, anywhere in the file, series points
 * (`{"run": "a", "metric": "loss", "step": 3, "value": 0.2}`). A series stands for its metric's final value.
 */
export function readJsonl(file: string): ImportedBatch {
  const runs = new Map<string, ImportedRun>()
  const series: { run: string; point: MetricPoint; line: number }[] = []
  const group = basename(file).replace(/\.[^.]+$/, '')
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text.trim() === '') return
      const line = i + 1
      const obj = parseJsonLine(text, file, line)
      if ('metric' in obj) return void series.push({ ...seriesLine(obj, file, line), line })
      if (typeof obj.run !== 'string' || obj.run === '') throw importError('imports.badField', { file, line, field: 'run' })
      if (runs.has(obj.run)) throw importError('imports.duplicateRun', { file, line, run: obj.run })
      const metrics = obj.metrics ?? {}
      if (typeof metrics !== 'object' || Array.isArray(metrics)) throw importError('imports.badField', { file, line, field: 'metrics' })
      const finals: Record<string, number> = {}
      for (const [k, v] of Object.entries(metrics as Record<string, unknown>)) {
        if (typeof v !== 'number' && v !== null) throw importError('imports.badField', { file, line, field: `metrics.${k}` })
        finals[k] = v === null ? NaN : v
      }
      if (obj.tags !== undefined && !(Array.isArray(obj.tags) && obj.tags.every((t) => typeof t === 'string'))) throw importError('imports.badField', { file, line, field: 'tags' })
      const created = obj.created === undefined ? null : timeCell(String(obj.created), file, line, 'created')
      runs.set(obj.run, {
        source: `jsonl:${file}#run=${encodeURIComponent(obj.run)}`,
        name: obj.run,
        trainer: 'imported',
        group,
        status: statusCell(typeof obj.status === 'string' ? obj.status : '', file, line),
        statusReason: null,
        createdAt: created ?? 0,
        startedAt: created,
        endedAt: created,
        params: flattenParams(obj.params ?? {}),
        metrics: finalPoints(finals, created ?? 0),
        tags: (obj.tags as string[] | undefined) ?? [],
        notes: typeof obj.notes === 'string' ? obj.notes : ''
      })
    })
  const byRun = new Map<string, MetricPoint[]>()
  for (const s of series) {
    if (!runs.has(s.run)) throw importError('imports.unknownRun', { file, line: s.line, run: s.run })
    byRun.set(s.run, [...(byRun.get(s.run) ?? []), s.point])
  }
  for (const [name, points] of byRun) {
    const run = runs.get(name)!
    const named = new Set(points.map((p) => p.name))
    run.metrics = [...run.metrics.filter((p) => !named.has(p.name)), ...points.map((p) => ({ ...p, time: p.time || run.createdAt }))]
  }
  return { kind: 'jsonl', file, runs: [...runs.values()] }
}
