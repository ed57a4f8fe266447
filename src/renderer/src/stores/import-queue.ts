import type { ImportProgress } from '../../../shared/api'
import type { CodedMessage } from '../../../shared/messages'

/** A row of the import queue: an engine import, or a file still on its way to the engine. */
export interface QueueItem {
  /** The engine's importId, or a local key while the file uploads. */
  key: string
  importId: string | null
  name: string
  state: 'uploading' | ImportProgress['state']
  bytesRead: number
  totalBytes: number
  rows: number
  mbPerSecond: number
  datasetId?: number
  error?: string
  /** `error` as a code, worded in the window's language. */
  errorMessage?: CodedMessage
}

const rank: Record<QueueItem['state'], number> = { uploading: 0, queued: 1, reading: 2, done: 3, failed: 3, cancelled: 3 }

export function isEnded(state: QueueItem['state']): boolean {
  return rank[state] === 3
}

/** The last part of a path, for either separator. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path
}

/**
 * Whether `incoming` is news about `current`. The answer to `datasets.import` and the first
 * progress events race each other, so an older snapshot must not move a row backwards.
 */
export function isNewer(current: QueueItem | undefined, incoming: ImportProgress): boolean {
  if (!current) return true
  if (rank[incoming.state] !== rank[current.state]) return rank[incoming.state] > rank[current.state]
  return incoming.bytesRead >= current.bytesRead
}

export function fromProgress(p: ImportProgress, name: string): QueueItem {
  return {
    key: p.importId,
    importId: p.importId,
    name,
    state: p.state,
    bytesRead: p.bytesRead,
    totalBytes: p.totalBytes,
    rows: p.rows,
    mbPerSecond: p.mbPerSecond,
    datasetId: p.datasetId,
    error: p.error,
    errorMessage: p.errorMessage
  }
}
