import type { MetricPoint, RunStatus, StatusReason } from '../../../shared/schemas/runs'
import { paramValue, wasRunningReason } from './model'
import type { Config } from '../../../shared/schemas/params'

/** MLflow's RunStatus, by name (SQLite store) or by proto number (file store: 1 RUNNING ... 5 KILLED). */
const statusNames = ['', 'RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED']

export function mlflowStatus(status: string | number): { status: RunStatus; reason: StatusReason | null } {
  const name = typeof status === 'number' ? (statusNames[status] ?? String(status)) : status
  if (name === 'FINISHED') return { status: 'finished', reason: null }
  if (name === 'FAILED') return { status: 'failed', reason: null }
  if (name === 'KILLED') return { status: 'cancelled', reason: null }
  return { status: 'interrupted', reason: wasRunningReason('MLflow', name) }
}

/** A run's tags as MLflow keeps them: `mlflow.*` ones say the name and note; the rest become labels. */
export function mlflowTags(tags: Record<string, string>): { name?: string; notes: string; labels: string[] } {
  const labels = Object.entries(tags)
    .filter(([k]) => !k.startsWith('mlflow.'))
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    // The file store has no order of tags: sorted, both stores give the same labels.
    .sort()
  return { name: tags['mlflow.runName'], notes: tags['mlflow.note.content'] ?? '', labels }
}

export function mlflowParams(params: Record<string, string>): Config {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, paramValue(v)]))
}

/**
 * MLflow keeps every logged value, several per step when a step is logged again; a ParamScope series
 * keeps one per step: the one logged last (greatest timestamp), as MLflow's latest_metrics does.
 */
export function mlflowPoints(rows: { key: string; value: number; timestamp: number; step: number; isNan: boolean }[]): MetricPoint[] {
  const byKey = new Map<string, { value: number; timestamp: number }>()
  for (const r of rows) {
    const id = `${r.key}\u0000${r.step}`
    const prev = byKey.get(id)
    if (!prev || r.timestamp >= prev.timestamp) byKey.set(id, { value: r.isNan ? NaN : r.value, timestamp: r.timestamp })
  }
  return [...byKey].map(([id, p]) => {
    const [name, step] = id.split('\u0000')
    return { name: name!, step: Number(step), value: p.value, time: p.timestamp }
  })
}
