import { msg, type CodedMessage } from '../../../../shared/messages'
import { isAscii } from 'node:buffer'
import { utf16Length } from './bytes'
import * as cell from './cell'
import { datasetError, MAX_LINE_CHARS as MAX_CHARS } from '../dataset-error'
import { RecordView, type RecordSink } from './record-view'

export { arraySink, RecordView, type RecordSink } from './record-view'

const QUOTE = 34
const LF = 10
const CR = 13
// Bound once: transpilers that emit CommonJS read imported bindings through getters.
const MAX_LINE_CHARS = MAX_CHARS
const { scanDecimal, scanned } = cell

/**
 * Incremental RFC 4180 reader for any one-byte delimiter over UTF-8 bytes: quoted fields with
 * doubled quotes, newlines inside quotes, LF, CRLF or CR line ends. Chunks may be cut anywhere
 * (strings anywhere between characters); a record cut by a chunk edge is kept and parsed again with
 * the next chunk (records are far smaller than chunks, and one longer than MAX_LINE_CHARS is
 * refused). Blank lines are not records. Characters after a closing quote are kept as text, as
 * Python's csv module does by default.
 */
export class DelimitedParser {
  private carry: Buffer = Buffer.alloc(0)
  /** A high surrogate that ended the last string chunk, waiting for its pair. */
  private surrogate = ''
  private line = 1
  private readonly view = new RecordView()
  private readonly delimCode: number

  constructor(
    private readonly file: string,
    delimiter: string,
    private readonly sink: RecordSink
  ) {
    this.delimCode = delimiter.charCodeAt(0)
  }

  /** Parses the next bytes (whole UTF-8 characters) or text; the caller may reuse `chunk` afterwards. */
  push(chunk: Buffer | string): void {
    if (typeof chunk === 'string') {
      let text = this.surrogate + chunk
      const last = text.charCodeAt(text.length - 1)
      this.surrogate = last >= 0xd800 && last <= 0xdbff ? text.slice(-1) : ''
      if (this.surrogate) text = text.slice(0, -1)
      chunk = Buffer.from(text, 'utf8')
    }
    let from = 0
    if (this.carry.length) {
      // Finish the carried record with as little of the chunk as it needs, instead of copying all
      // of the chunk behind it: records are short, so the first try almost always suffices.
      const carried = this.carry.length
      for (let take = Math.min(chunk.length, 4096); ; take = Math.min(chunk.length, take * 4)) {
        const joined = Buffer.concat([this.carry, chunk.subarray(0, take)])
        const end = this.parse(joined, 0, false, true)
        if (end > 0) {
          from = end - carried
          break
        }
        if (take === chunk.length) return this.keep(joined, 0)
      }
    }
    this.keep(chunk, this.parse(chunk, from, false, false))
  }

  end(): void {
    const rest = this.surrogate ? Buffer.concat([this.carry, Buffer.from(this.surrogate)]) : this.carry
    this.carry = Buffer.alloc(0)
    this.parse(rest, 0, true, false)
  }

  /** Keeps the bytes of an unfinished record for the next chunk. */
  private keep(buf: Buffer, from: number): void {
    this.carry = Buffer.from(buf.subarray(from))
    if (this.carry.length > MAX_LINE_CHARS && utf16Length(this.carry, 0, this.carry.length) > MAX_LINE_CHARS) throw this.tooLong(this.line)
  }

  /**
   * Hands every complete record of buf[from, n) to the sink (only the first with `firstOnly`) and
   * returns where the unfinished rest starts (n when there is none).
   */
  private parse(buf: Buffer, from: number, last: boolean, firstOnly: boolean): number {
    const n = buf.length
    const delim = this.delimCode
    let i = from
    let line = this.line
    const rec = this.view
    rec.bytes = buf
    rec.ascii = isAscii(buf)
    while (i < n) {
      const recStart = i
      const recLine = line
      rec.count = 0
      let done = false
      for (;;) {
        let c = i < n ? buf[i] : -1
        if (c !== QUOTE) {
          const start = i
          i = scanDecimal(buf, i, n, delim)
          c = i < n ? buf[i] : -1
          rec.push(start, i, 0, null, scanned.value, scanned.integer)
        } else {
          // A quoted field: content up to the closing quote, doubled quotes standing for one.
          const fieldStart = i
          const seg = ++i
          let quotes = 0
          let closed = false
          for (; i < n; i++) {
            c = buf[i]
            if (c === LF) line++
            else if (c === QUOTE) {
              if (i + 1 >= n && !last) break
              if (buf[i + 1] !== QUOTE) {
                closed = true
                break
              }
              quotes++
              i++
            }
          }
          if (!closed) {
            if (last) throw this.placeError(buf, fieldStart, recLine + countLf(buf, recStart, fieldStart), msg('file.unclosedQuote'))
            break
          }
          const contentEnd = i++
          const after = i
          for (; i < n; i++) {
            c = buf[i]
            if (c === delim || c === LF || c === CR) break
          }
          if (i === after) rec.push(seg, contentEnd, quotes, null)
          else {
            // Text after the closing quote stays part of the field, as Python's csv module keeps it.
            const inner = buf.toString('utf8', seg, contentEnd)
            rec.push(seg, contentEnd, quotes, (quotes ? inner.replaceAll('""', '"') : inner) + buf.toString('utf8', after, i))
          }
        }
        if (i >= n) {
          done = last
          break
        }
        if (c === delim) {
          i++
          continue
        }
        if (c === CR) {
          // A CR at the chunk edge may be the first half of CRLF.
          if (i + 1 >= n && !last) break
          i++
          if (i < n && buf[i] === LF) i++
        } else i++
        line++
        done = true
        break
      }
      if (!done) return recStart
      if (i - recStart > MAX_LINE_CHARS && utf16Length(buf, recStart, i) > MAX_LINE_CHARS) throw this.tooLong(recLine)
      this.line = line
      if (rec.count > 1 || rec.unescaped[0] !== null || rec.ends[0] > rec.starts[0]) {
        rec.line = recLine
        this.sink(rec)
      }
      if (firstOnly) return i
    }
    return n
  }

  private tooLong(line: number): Error {
    return datasetError(this.file, msg('file.recordTooLong', { max: MAX_LINE_CHARS }), { line })
  }

  private placeError(buf: Buffer, at: number, line: number, message: CodedMessage): Error {
    const lineStart = at > 0 ? buf.lastIndexOf(LF, at - 1) + 1 : 0
    return datasetError(this.file, message, { line, column: utf16Length(buf, lineStart, at) + 1 })
  }
}

function countLf(buf: Buffer, from: number, to: number): number {
  let lines = 0
  for (let i = from; i < to; i++) if (buf[i] === LF) lines++
  return lines
}
