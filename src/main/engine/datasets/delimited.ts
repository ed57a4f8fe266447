import { datasetError, MAX_LINE_CHARS } from './dataset-error'

const QUOTE = 34
const LF = 10
const CR = 13

/** Receives one record: its fields and the 1-based line it starts on. */
export type RecordSink = (fields: string[], line: number) => void

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
    const delim = this.delimiter.charCodeAt(0)
    let i = 0
    let line = this.line
    while (i < n) {
      const recStart = i
      const recLine = line
      const fields: string[] = []
      let done = false
      for (;;) {
        let value: string
        if (i < n && text.charCodeAt(i) === QUOTE) {
          const fieldStart = i
          let j = i + 1
          let seg = j
          value = ''
          let closed = false
          for (;;) {
            const q = text.indexOf('"', j)
            if (q < 0 || (q + 1 >= n && !last)) break
            if (text.charCodeAt(q + 1) === QUOTE) {
              value += text.slice(seg, q + 1)
              j = seg = q + 2
              continue
            }
            value += text.slice(seg, q)
            i = q + 1
            closed = true
            break
          }
          if (!closed) {
            if (last) throw this.placeError(text, fieldStart, line, 'a quoted field is never closed')
            break
          }
          for (let k = text.indexOf('\n', fieldStart); k >= 0 && k < i; k = text.indexOf('\n', k + 1)) line++
          // Text after the closing quote, up to the delimiter, stays part of the field.
          const after = i
          while (i < n) {
            const c = text.charCodeAt(i)
            if (c === delim || c === LF || c === CR) break
            i++
          }
          if (i > after) value += text.slice(after, i)
        } else {
          const j0 = i
          while (i < n) {
            const c = text.charCodeAt(i)
            if (c === delim || c === LF || c === CR) break
            i++
          }
          value = text.slice(j0, i)
        }
        fields.push(value)
        if (i >= n) {
          done = last
          break
        }
        const c = text.charCodeAt(i)
        if (c === delim) {
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
      if (fields.length > 1 || fields[0] !== '') this.sink(fields, recLine)
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
