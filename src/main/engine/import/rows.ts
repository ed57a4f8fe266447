import { runStatuses, type MetricPoint, type RunStatus } from '../../../shared/schemas/runs'
import { importError } from './model'

/** A time cell: ISO 8601, or a number of ms (or of seconds, when it is below 1e11). */
export function timeCell(text: string, file: string, line: number, field: string): number | null {
  const t = text.trim()
  if (t === '') return null
  const n = Number(t)
  if (Number.isFinite(n)) return n < 1e11 ? Math.round(n * 1000) : n
  const ms = Date.parse(t)
  if (!Number.isFinite(ms)) throw importError('imports.badDate', { file, line, field, value: t })
  return ms
}

export function numberCell(text: string, file: string, line: number, field: string): number | null {
  const t = text.trim()
  if (t === '') return null
  if (/^nan$/i.test(t)) return NaN
  const n = Number(t)
  if (!Number.isFinite(n) && !/^[-+]?inf(inity)?$/i.test(t)) throw importError('imports.badNumber', { file, line, field, value: t })
  return Number.isFinite(n) ? n : t.startsWith('-') ? -Infinity : Infinity
}

export function statusCell(text: string, file: string, line: number): RunStatus {
  const t = text.trim().toLowerCase() || 'finished'
  if (!(runStatuses as readonly string[]).includes(t)) throw importError('imports.badStatus', { file, line, value: text, allowed: runStatuses.join(', ') })
  return t as RunStatus
}

/** Series lines `{"run": "a", "metric": "loss", "step": 3, "value": 0.2, "time"?: ms}` by run. */
export function seriesLine(obj: Record<string, unknown>, file: string, line: number): { run: string; point: MetricPoint } {
  const bad = (field: string) => importError('imports.badField', { file, line, field })
  if (typeof obj.run !== 'string') throw bad('run')
  if (typeof obj.metric !== 'string') throw bad('metric')
  if (!Number.isInteger(obj.step)) throw bad('step')
  if (typeof obj.value !== 'number' && obj.value !== null) throw bad('value')
  const time = obj.time === undefined ? 0 : typeof obj.time === 'number' ? obj.time : NaN
  if (!Number.isFinite(time)) throw bad('time')
  return { run: obj.run, point: { name: obj.metric, step: obj.step as number, value: obj.value === null ? NaN : obj.value, time } }
}

export function parseJsonLine(text: string, file: string, line: number): Record<string, unknown> {
  try {
    const v = JSON.parse(text) as unknown
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('expected an object')
    return v as Record<string, unknown>
  } catch (err) {
    throw importError('imports.badJson', { file, line, reason: (err as Error).message })
  }
}
