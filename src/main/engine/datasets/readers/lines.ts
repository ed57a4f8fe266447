import { msg } from '../../../../shared/messages'
import { datasetError, MAX_LINE_CHARS } from '../dataset-error'

/** Receives one line without its line break, and its 1-based number. */
export type LineSink = (text: string, line: number) => void

/** Splits chunked text into lines (LF or CRLF), refusing a line longer than MAX_LINE_CHARS. */
export class LineSplitter {
  private carry = ''
  private line = 1

  constructor(
    private readonly file: string,
    private readonly sink: LineSink
  ) {}

  push(chunk: string): void {
    const text = this.carry.length ? this.carry + chunk : chunk
    let start = 0
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.emit(text, start, nl)
      start = nl + 1
    }
    this.carry = text.slice(start)
    if (this.carry.length > MAX_LINE_CHARS) throw this.tooLong()
  }

  end(): void {
    if (this.carry.length) this.emit(this.carry, 0, this.carry.length)
    this.carry = ''
  }

  private emit(text: string, start: number, end: number): void {
    if (end - start > MAX_LINE_CHARS + 1) throw this.tooLong()
    const cut = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end
    this.sink(text.slice(start, cut), this.line++)
  }

  private tooLong(): Error {
    return datasetError(this.file, msg('file.lineTooLong', { max: MAX_LINE_CHARS }), { line: this.line })
  }
}
