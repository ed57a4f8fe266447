/**
 * The metrics file at `PARAMSCOPE_METRICS_FILE`: JSON lines, one object a line, in either form
 *   {"step": 10, "loss": 0.4, "acc": 0.9}        every number but `step` is a series
 *   {"name": "loss", "value": 0.4, "step": 10}   one point
 * `step` may be left out: the series then counts its own points. Clock keys (`time`,
 * `timestamp`, `wall_time`) and values that are not numbers are ignored; Python's bare
 * NaN/Infinity (json.dumps writes them) are read as numbers.
 */
import { msg, type CodedMessage } from '../../../../shared/messages'
import { pointsOfObject } from './line-reader'
import { parseJsonOrLiteral, type PyValue } from './python-literal'
import { StepCounter, type MetricPoint, type ReadResult } from './types'

/** A line longer than this is dropped as it grows (its end then reads as a bad line). */
const maxLine = 8 << 20

/** Reads JSON lines as bytes arrive; a line cut mid-write waits for its rest. */
export class JsonlDecoder {
  private rest = Buffer.alloc(0)
  private line = 0
  private readonly counter = new StepCounter()

  push(chunk: Uint8Array): ReadResult {
    const bytes = this.rest.length ? Buffer.concat([this.rest, chunk]) : Buffer.from(chunk)
    const last = bytes.lastIndexOf(0x0a)
    this.rest = last < 0 ? bytes : bytes.subarray(last + 1)
    const points: MetricPoint[] = []
    const warnings: CodedMessage[] = []
    if (this.rest.length > maxLine) {
      // Not a line of metrics: skip to its end rather than hold it all.
      warnings.push(msg('metrics.jsonlLongLine', { bytes: this.rest.length }))
      this.rest = Buffer.alloc(0)
    }
    if (last < 0) return { points, warnings }
    for (const text of bytes.subarray(0, last).toString('utf8').split('\n')) this.read(text, points, warnings)
    return { points, warnings }
  }

  /** The writer is done: a last line without its newline is read if it is whole JSON, else reported. */
  end(): ReadResult {
    const text = this.rest.toString('utf8')
    this.rest = Buffer.alloc(0)
    const points: MetricPoint[] = []
    const warnings: CodedMessage[] = []
    if (text.trim()) this.read(text, points, warnings)
    return { points, warnings }
  }

  private read(text: string, points: MetricPoint[], warnings: CodedMessage[]): void {
    this.line++
    const trimmed = text.trim()
    if (!trimmed) return
    let value: PyValue
    try {
      value = trimmed.startsWith('{') ? parseJsonOrLiteral(trimmed) : null
    } catch {
      value = null
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      warnings.push(msg('metrics.jsonlBadLine', { line: this.line }))
      return
    }
    points.push(...pointsOfObject(value, 'jsonl', (name) => this.counter.next(name)))
  }
}
