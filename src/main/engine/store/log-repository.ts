import type { Database } from 'better-sqlite3'
import { AppError } from '../../../shared/errors'
import { formatBytes } from '../../../shared/format-bytes'
import { msg } from '../../../shared/messages'
import { codedLogLine } from '../../../shared/messages/log-lines'

export type LogStream = 'stdout' | 'stderr' | 'engine'
export const logStreams: readonly LogStream[] = ['stdout', 'stderr', 'engine']

export interface LogRead {
  text: string
  /** Offset to pass next time: the end of `text` in the whole log. */
  nextOffset: number
}

export interface LogRepository {
  /**
   * Appends to the run's log; returns the log's new length. With `capBytes` the stored log keeps
   * its first and its last `capBytes / 2` bytes (UTF-8) and a note of how much was cut between them.
   */
  append(runId: number, stream: LogStream, text: string, capBytes?: number): number
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

/**
 * A huge log keeps its head and its tail. Offsets stay those of the whole output (what a window
 * that followed the run live has counted), so the cut leaves a gap in them: the note chunk sits at
 * the start of the gap, with `end_offset` at the first kept byte of the tail, and its text (the
 * note) is not as long as its span. That is how a reader tells a note from output: read whole from
 * its start, skipped from inside the gap. The tail rolls by deleting or trimming its oldest chunks.
 */
interface CutState {
  /** UTF-8 bytes stored before the cut (all of them while there is none). */
  headBytes: number
  cut: { noteId: number; noteStart: number; cutBytes: number; tailBytes: number; half: number } | null
}

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8')

/** The longest start of `text` within `bytes` UTF-8 bytes, never half a character. */
function prefixWithin(text: string, bytes: number): string {
  if (bytes <= 0) return ''
  if (byteLength(text) <= bytes) return text
  let lo = 0
  let hi = Math.min(text.length, bytes)
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (byteLength(text.slice(0, mid)) <= bytes) lo = mid
    else hi = mid - 1
  }
  if (lo > 0 && isHighSurrogate(text.charCodeAt(lo - 1))) lo--
  return text.slice(0, lo)
}

/**
 * The shortest start of `text` holding at least `bytes` bytes, carried on to the end of its line
 * (so what is kept starts a line); with `keepSome`, only when that leaves some of `text`.
 */
function prefixPast(text: string, bytes: number, keepSome = true): string {
  let part = prefixWithin(text, bytes)
  if (byteLength(part) < bytes && part.length < text.length) part = text.slice(0, part.length + (isHighSurrogate(text.charCodeAt(part.length)) ? 2 : 1))
  const newline = text.indexOf('\n', Math.max(0, part.length - 1))
  return newline >= 0 && (!keepSome || newline + 1 < text.length) ? text.slice(0, newline + 1) : part
}

const groupDigits = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
const noteText = (cutBytes: number, half: number, newLine: boolean) =>
  `${newLine ? '\n' : ''}${codedLogLine(msg('commandDraft.logCut', { bytes: groupDigits(cutBytes), half: formatBytes(half) }))}\n`

export function createLogRepository(db: Database): LogRepository {
  const runExistsStmt = db.prepare<[number], { id: number }>('SELECT id FROM runs WHERE id = ?')
  // A note made after a head chunk ending at the same offset is the later one (a larger id).
  const lastChunkStmt = db.prepare<[number], ChunkRow & { chars: number }>(
    'SELECT id, stream, start_offset, end_offset, length(text) AS chars FROM log_chunks WHERE run_id = ? ORDER BY end_offset DESC, id DESC LIMIT 1'
  )
  const extendStmt = db.prepare<[string, number, number]>('UPDATE log_chunks SET text = text || ?, end_offset = ? WHERE id = ?')
  const insertStmt = db.prepare<[number, LogStream, number, number, string]>(
    'INSERT INTO log_chunks (run_id, stream, start_offset, end_offset, text) VALUES (?, ?, ?, ?, ?)'
  )
  // The first chunk ending after the offset holds it (or, in a cut log's gap, comes next).
  const fromStmt = db.prepare<[number, number], { start_offset: number; end_offset: number; text: string }>(
    'SELECT start_offset, end_offset, text FROM log_chunks WHERE run_id = ? AND end_offset > ? ORDER BY end_offset, id'
  )
  // The text only of a note (its span differs from its length), to read back how much it cut.
  const chunkSizesStmt = db.prepare<[number], { id: number; start_offset: number; end_offset: number; chars: number; bytes: number; text: string | null }>(
    'SELECT id, start_offset, end_offset, length(text) AS chars, length(CAST(text AS BLOB)) AS bytes, CASE WHEN length(text) != end_offset - start_offset THEN text END AS text FROM log_chunks WHERE run_id = ? ORDER BY end_offset, id'
  )
  const oldestTailStmt = db.prepare<[number, number, number], { id: number; start_offset: number; text: string }>(
    'SELECT id, start_offset, text FROM log_chunks WHERE run_id = ? AND id != ? AND start_offset >= ? ORDER BY end_offset, id LIMIT 1'
  )
  const deleteStmt = db.prepare<[number]>('DELETE FROM log_chunks WHERE id = ?')
  const trimStmt = db.prepare<[string, number, number]>('UPDATE log_chunks SET text = ?, start_offset = ? WHERE id = ?')
  const noteStmt = db.prepare<[string, number, number]>('UPDATE log_chunks SET text = ?, end_offset = ? WHERE id = ?')
  const noteStmtGet = db.prepare<[number], { text: string }>('SELECT text FROM log_chunks WHERE id = ?')
  const lastCharStmt = db.prepare<[number], { c: string }>('SELECT substr(text, -1) AS c FROM log_chunks WHERE run_id = ? ORDER BY end_offset DESC, id DESC LIMIT 1')

  const assertRun = (runId: number): void => {
    if (!runExistsStmt.get(runId)) throw new AppError('NOT_FOUND', `Run ${runId} not found`, { runId })
  }

  /** Stores `text` at the end of the log, `skip` characters of output after its current end. */
  const put = (runId: number, stream: LogStream, text: string, skip = 0): number => {
    const last = lastChunkStmt.get(runId)
    const end = (last?.end_offset ?? 0) + skip
    if (text === '') return end
    const newEnd = end + text.length
    const isOutput = last !== undefined && last.chars === last.end_offset - last.start_offset
    if (last && isOutput && skip === 0 && last.stream === stream && newEnd - last.start_offset <= CHUNK_CHARS) {
      extendStmt.run(text, newEnd, last.id)
    } else {
      insertStmt.run(runId, stream, end, newEnd, text)
    }
    return newEnd
  }

  // Per run, once a capped append has read it from the file; every later append keeps it current.
  const states = new Map<number, CutState>()
  const stateOf = (runId: number): CutState => {
    let state = states.get(runId)
    if (state) return state
    state = { headBytes: 0, cut: null }
    for (const c of chunkSizesStmt.iterate(runId)) {
      if (c.text !== null && c.chars !== c.end_offset - c.start_offset) {
        const cutBytes = Number(/"bytes":"([\d,]+)"/.exec(c.text)?.[1]?.replace(/,/g, '') ?? 0)
        state.cut = { noteId: c.id, noteStart: c.start_offset, cutBytes, tailBytes: 0, half: 0 }
      } else if (state.cut) state.cut.tailBytes += c.bytes
      else state.headBytes += c.bytes
    }
    states.set(runId, state)
    return state
  }

  /** Drops the oldest tail output until the tail is within half the cap. */
  const roll = (runId: number, cut: NonNullable<CutState['cut']>): void => {
    while (cut.tailBytes > cut.half) {
      const oldest = oldestTailStmt.get(runId, cut.noteId, cut.noteStart)
      if (!oldest) break
      const excess = cut.tailBytes - cut.half
      const bytes = byteLength(oldest.text)
      // The log's last chunk holds where it ends: it is trimmed, never deleted.
      const isLast = lastChunkStmt.get(runId)?.id === oldest.id
      const drop = bytes <= excess && !isLast ? oldest.text : prefixPast(oldest.text, excess, isLast)
      if (drop.length === oldest.text.length && isLast) break
      if (drop.length === oldest.text.length) deleteStmt.run(oldest.id)
      else trimStmt.run(oldest.text.slice(drop.length), oldest.start_offset + drop.length, oldest.id)
      const dropped = drop.length === oldest.text.length ? bytes : byteLength(drop)
      cut.tailBytes -= dropped
      cut.cutBytes += dropped
    }
  }

  /** The note says how much is cut, and spans the gap up to the first byte of the tail. */
  const rewriteNote = (runId: number, cut: NonNullable<CutState['cut']>, end: number): void => {
    const first = oldestTailStmt.get(runId, cut.noteId, cut.noteStart)
    const note = noteStmtGet.get(cut.noteId)!
    noteStmt.run(noteText(cut.cutBytes, cut.half, note.text.startsWith('\n')), first?.start_offset ?? end, cut.noteId)
  }

  const append = db.transaction((runId: number, stream: LogStream, text: string, capBytes?: number): number => {
    assertRun(runId)
    const known = states.get(runId)
    if (capBytes === undefined || text === '') {
      const end = put(runId, stream, text)
      if (known?.cut) known.cut.tailBytes += byteLength(text)
      else if (known) known.headBytes += byteLength(text)
      return end
    }
    const state = stateOf(runId)
    const half = Math.max(1, Math.floor(capBytes / 2))
    let rest = text
    if (!state.cut) {
      const bytes = byteLength(text)
      if (state.headBytes + bytes <= half) {
        state.headBytes += bytes
        return put(runId, stream, text)
      }
      // The head ends at the end of a line where one ends within it.
      let head = prefixWithin(text, half - state.headBytes)
      const newline = head.lastIndexOf('\n')
      if (newline >= 0) head = head.slice(0, newline + 1)
      const end = put(runId, stream, head)
      state.headBytes += byteLength(head)
      const newLine = head === '' ? (lastCharStmt.get(runId)?.c ?? '\n') !== '\n' : !head.endsWith('\n')
      const noteId = Number(insertStmt.run(runId, 'engine', end, end, noteText(0, half, newLine)).lastInsertRowid)
      state.cut = { noteId, noteStart: end, cutBytes: 0, tailBytes: 0, half }
      rest = text.slice(head.length)
    }
    const cut = state.cut
    cut.half = half
    const before = cut.cutBytes
    // More than the tail holds at once: only its end is stored, the rest counted as cut.
    const restBytes = byteLength(rest)
    let skip = 0
    if (restBytes > half) {
      const drop = prefixPast(rest, restBytes - half)
      skip = drop.length
      cut.cutBytes += byteLength(drop)
      rest = rest.slice(drop.length)
    }
    const end = put(runId, stream, rest, skip)
    cut.tailBytes += byteLength(rest)
    roll(runId, cut)
    if (cut.cutBytes !== before) rewriteNote(runId, cut, end)
    return end
  })

  return {
    append(runId, stream, text, capBytes) {
      if (!logStreams.includes(stream)) {
        const message = `"${String(stream)}" is not one of ${logStreams.join(', ')}`
        throw AppError.fromIssues('INVALID_INPUT', [{ field: 'stream', message }])
      }
      return append(runId, stream, text, capBytes)
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
      // Where the next read starts: offsets are the whole output's, with a gap where a log was cut.
      let next = offset
      for (const chunk of fromStmt.iterate(runId, offset)) {
        const isNote = chunk.text.length !== chunk.end_offset - chunk.start_offset
        if (isNote) {
          // A note is read whole from before it, or not at all (a reader inside the gap saw the output).
          if (offset <= chunk.start_offset) {
            if (length > 0 && length + chunk.text.length > maxChars) break
            parts.push(chunk.text)
            length += chunk.text.length
          }
          next = chunk.end_offset
        } else {
          const from = Math.max(offset, chunk.start_offset)
          let part = chunk.text.slice(from - chunk.start_offset, from - chunk.start_offset + Math.max(0, maxChars - length))
          // Never hand out half of a surrogate pair; the next read starts with the whole character.
          if (isHighSurrogate(part.charCodeAt(part.length - 1)) && (part.length > 1 || length > 0)) part = part.slice(0, -1)
          parts.push(part)
          length += part.length
          next = from + part.length
        }
        if (length >= maxChars) break
      }
      const text = parts.join('')
      if (text === '' && offset > 0) {
        const end = lastChunkStmt.get(runId)?.end_offset ?? 0
        if (offset > end) {
          const message = `${offset} is past the end of the log (${end} characters)`
          throw AppError.fromIssues('INVALID_INPUT', [{ field: 'offset', message }])
        }
      }
      return { text, nextOffset: next }
    }
  }
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff
