import type { Database } from 'better-sqlite3'
import { AppError } from '../../../shared/errors'

export type LogStream = 'stdout' | 'stderr' | 'engine'
export const logStreams: readonly LogStream[] = ['stdout', 'stderr', 'engine']

export interface LogRead {
  text: string
  /** Offset to pass next time: the end of `text` in the whole log. */
  nextOffset: number
}

export interface LogRepository {
  /** Appends to the run's log; returns the log's new length. */
  append(runId: number, stream: LogStream, text: string): number
  /**
   * The log from `offset` (UTF-16 code units into the whole log, as String.length counts), at
   * most about `maxChars` of it; read again from `nextOffset` for the rest.
   */
  read(runId: number, offset: number, maxChars?: number): LogRead
}

interface ChunkRow {
  id: number
  stream: LogStream
  start_offset: number
  end_offset: number
}

/**
 * Trainers print line by line; small writes of one stream are merged into the last chunk up to
 * this size, so a long run has thousands of chunks rather than millions of rows.
 */
export const CHUNK_CHARS = 16 * 1024
const DEFAULT_READ_CHARS = 1024 * 1024

export function createLogRepository(db: Database): LogRepository {
  const runExistsStmt = db.prepare<[number], { id: number }>('SELECT id FROM runs WHERE id = ?')
  const lastChunkStmt = db.prepare<[number], ChunkRow>(
    'SELECT id, stream, start_offset, end_offset FROM log_chunks WHERE run_id = ? ORDER BY end_offset DESC LIMIT 1'
  )
  const extendStmt = db.prepare<[string, number, number]>('UPDATE log_chunks SET text = text || ?, end_offset = ? WHERE id = ?')
  const insertStmt = db.prepare<[number, LogStream, number, number, string]>(
    'INSERT INTO log_chunks (run_id, stream, start_offset, end_offset, text) VALUES (?, ?, ?, ?, ?)'
  )
  // Chunks are contiguous, so the first one ending after the offset is the one that holds it.
  const fromStmt = db.prepare<[number, number], { start_offset: number; text: string }>(
    'SELECT start_offset, text FROM log_chunks WHERE run_id = ? AND end_offset > ? ORDER BY end_offset'
  )

  const assertRun = (runId: number): void => {
    if (!runExistsStmt.get(runId)) throw new AppError('NOT_FOUND', `Run ${runId} not found`, { runId })
  }

  const append = db.transaction((runId: number, stream: LogStream, text: string): number => {
    assertRun(runId)
    const last = lastChunkStmt.get(runId)
    const end = last?.end_offset ?? 0
    if (text === '') return end
    const newEnd = end + text.length
    if (last && last.stream === stream && newEnd - last.start_offset <= CHUNK_CHARS) {
      extendStmt.run(text, newEnd, last.id)
    } else {
      insertStmt.run(runId, stream, end, newEnd, text)
    }
    return newEnd
  })

  return {
    append(runId, stream, text) {
      if (!logStreams.includes(stream)) {
        const message = `"${String(stream)}" is not one of ${logStreams.join(', ')}`
        throw AppError.fromIssues('INVALID_INPUT', [{ field: 'stream', message }])
      }
      return append(runId, stream, text)
    },
    read(runId, offset, maxCharsWanted = DEFAULT_READ_CHARS) {
      // Two units at least, so a read can always make progress past a surrogate pair.
      const maxChars = Math.max(2, maxCharsWanted)
      if (!Number.isSafeInteger(offset) || offset < 0) {
        throw AppError.fromIssues('INVALID_INPUT', [{ field: 'offset', message: `must be an integer ≥ 0, got ${offset}` }])
      }
      assertRun(runId)
      const parts: string[] = []
      let length = 0
      for (const chunk of fromStmt.iterate(runId, offset)) {
        const part = chunk.text.slice(Math.max(0, offset - chunk.start_offset))
        parts.push(part)
        length += part.length
        if (length >= maxChars) break
      }
      let text = parts.join('')
      if (text.length > maxChars) text = text.slice(0, maxChars)
      // Never hand out half of a surrogate pair; the next read starts with the whole character.
      if (isHighSurrogate(text.charCodeAt(text.length - 1))) text = text.slice(0, -1)
      if (text === '' && offset > 0) {
        const end = lastChunkStmt.get(runId)?.end_offset ?? 0
        if (offset > end) {
          const message = `${offset} is past the end of the log (${end} characters)`
          throw AppError.fromIssues('INVALID_INPUT', [{ field: 'offset', message }])
        }
      }
      return { text, nextOffset: offset + text.length }
    }
  }
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff
