import { datasetError, MAX_LINE_CHARS } from './dataset-error'

const QUOTE = 34
const LF = 10
const CR = 13

/**
 * One parsed record, reused from record to record so that the hot path allocates no arrays and no
 * strings: field j is `text.slice(starts[j], ends[j])`, or `unescaped[j]` when it held doubled
 * quotes or text after its closing quote.
 */
export class RecordView {
  text = ''
  count = 0
  line = 1
  starts: Int32Array = new Int32Array(64)
  ends: Int32Array = new Int32Array(64)
  unescaped: (string | null)[] = []

  field(j: number): string {
    return this.unescaped[j] ?? this.text.slice(this.starts[j], this.ends[j])
  }

  fields(): string[] {
    return Array.from({ length: this.count }, (_, j) => this.field(j))
  }

  push(start: number, end: number, unescaped: string | null): void {
    const j = this.count++
    if (j === this.starts.length) {
      const grow = (a: Int32Array): Int32Array => {
        const b = new Int32Array(a.length * 2)
        b.set(a)
        return b
      }
      this.starts = grow(this.starts)
      this.ends = grow(this.ends)
    }
    this.starts[j] = start
    this.ends[j] = end
    this.unescaped[j] = unescaped
  }
}

/** Receives each record; the view is only valid during the call. */
export type RecordSink = (record: RecordView) => void

/** A sink for callers that want plain arrays (samples, previews, readRows). */
export function arraySink(onRecord: (fields: string[], line: number) => void): RecordSink {
  return (r) => onRecord(r.fields(), r.line)
}

/**
 * Incremental RFC 4180 reader for any one-character delimiter: quoted fields with doubled quotes,
 * newlines inside quotes, LF, CRLF or CR line ends. Text arrives in chunks cut anywhere; a record
 * cut by a chunk edge is kept and parsed again with the next chunk (records are far smaller than
 * chunks, and one longer than MAX_LINE_CHARS is refused). Blank lines are not records.
 * Characters after a closing quote are kept as text, as Python's csv module does by default.
 */
export class DelimitedParser {
  private carry = ''
  private line = 1
  private readonly view = new RecordView()

  constructor(
    private readonly file: string,
    private readonly delimiter: string,
    private readonly sink: RecordSink
  ) {}

  push(chunk: string): void {
    this.parse(this.carry.length ? this.carry + chunk : chunk, false)
  }

  end(): void {
    this.parse(this.carry, true)
    this.carry = ''
  }

  private parse(text: string, last: boolean): void {
    const n = text.length
    const delimiter = this.delimiter
    const delimCode = delimiter.charCodeAt(0)
    // Next delimiter, LF and CR at or after the scan position (n when there is none). indexOf is a
    // vectorised builtin, several times faster than testing each character in JavaScript, and a
    // found position stays valid until the scan passes it.
    let nextDelim = -1
    let nextLf = -1
    let nextCr = -1
    let i = 0
    let line = this.line
    const rec = this.view
    rec.text = text
    while (i < n) {
      const recStart = i
      const recLine = line
      rec.count = 0
      let done = false
      for (;;) {
        // A quoted field's content is text[seg, after - 1) unless `value` had to be built.
        let quoted = false
        let seg = i
        let value: string | null = null
        if (i < n && text.charCodeAt(i) === QUOTE) {
          const fieldStart = i
          let j = i + 1
          seg = j
          let closed = false
          for (;;) {
            const q = text.indexOf('"', j)
            if (q < 0 || (q + 1 >= n && !last)) break
            if (text.charCodeAt(q + 1) === QUOTE) {
              value = (value ?? '') + text.slice(seg, q + 1)
              j = seg = q + 2
              continue
            }
            if (value !== null) value += text.slice(seg, q)
            i = q + 1
            closed = true
            break
          }
          if (!closed) {
            if (last) throw this.placeError(text, fieldStart, line, 'a quoted field is never closed')
            break
          }
          for (let k = text.indexOf('\n', fieldStart); k >= 0 && k < i; k = text.indexOf('\n', k + 1)) line++
          quoted = true
        }
        // The unquoted text (or what follows a closing quote) ends at the first delimiter, LF or CR.
        const after = i
        if (nextDelim < i) nextDelim = indexOrEnd(text, delimiter, i, n)
        if (nextLf < i) nextLf = indexOrEnd(text, '\n', i, n)
        if (nextCr < i) nextCr = indexOrEnd(text, '\r', i, n)
        i = nextDelim < nextLf ? (nextDelim < nextCr ? nextDelim : nextCr) : nextLf < nextCr ? nextLf : nextCr
        if (!quoted) rec.push(after, i, null)
        else {
          // Text after the closing quote stays part of the field, as Python's csv module keeps it.
          if (i > after) value = (value ?? text.slice(seg, after - 1)) + text.slice(after, i)
          rec.push(seg, value === null ? after - 1 : seg, value)
        }
        if (i >= n) {
          done = last
          break
        }
        const c = text.charCodeAt(i)
        if (c === delimCode) {
          i++
          continue
        }
        if (c === CR) {
          // A CR at the chunk edge may be the first half of CRLF.
          if (i + 1 >= n && !last) break
          i++
          if (i < n && text.charCodeAt(i) === LF) i++
        } else i++
        line++
        done = true
        break
      }
      if (!done) {
        this.carry = text.slice(recStart)
        this.line = recLine
        if (this.carry.length > MAX_LINE_CHARS) throw this.tooLong(recLine)
        return
      }
      if (i - recStart > MAX_LINE_CHARS) throw this.tooLong(recLine)
      if (rec.count > 1 || rec.unescaped[0] !== null || rec.ends[0] > rec.starts[0]) {
        rec.line = recLine
        this.sink(rec)
      }
    }
    this.carry = ''
    this.line = line
  }

  private tooLong(line: number): Error {
    return datasetError(this.file, `the record is longer than ${MAX_LINE_CHARS} characters (is a quote left open?)`, { line })
  }

  private placeError(text: string, at: number, line: number, message: string): Error {
    const column = at - (text.lastIndexOf('\n', at - 1) + 1) + 1
    return datasetError(this.file, message, { line, column })
  }
}

function indexOrEnd(text: string, search: string, from: number, n: number): number {
  const k = text.indexOf(search, from)
  return k < 0 ? n : k
}
